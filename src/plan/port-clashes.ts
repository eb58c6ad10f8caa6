// Stage 9, plan: `ports:` entries of several services -> pairs that would bind the same host port (pure).
// The planner reports them as C704 in pod mode (one network namespace) and C714 otherwise.
import type { Port, Protocol } from '../model/types.js';

export interface PublishedPort {
  readonly service: string;
  readonly port: Port;
}

export interface PortClash {
  readonly first: PublishedPort;
  readonly second: PublishedPort;
  /** The first host port both bind. */
  readonly hostPort: number;
  readonly protocol: Protocol;
}

/** The host port range an entry binds, or undefined for "any free port" (never clashes). */
function hostRange(p: Port): readonly [number, number] | undefined {
  if (p.published === undefined || p.published === '') return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(p.published);
  if (!m) return undefined;
  const lo = Number(m[1]);
  return [lo, m[2] === undefined ? lo : Number(m[2])];
}

const WILDCARDS = new Set(['', '0.0.0.0', '::']);

/** A wildcard address takes the port on every address, so it clashes with any other address. */
function sameAddress(a: string | undefined, b: string | undefined): boolean {
  if (WILDCARDS.has(a ?? '') || WILDCARDS.has(b ?? '')) return true;
  return a === b;
}

/**
 * Every pair of entries that bind an overlapping host port range on the same address and protocol, ordered by
 * the first entry, then the second. Each entry is compared only with the entries whose range can reach its
 * own (a window of those sorted by their lowest port), so that n services with distinct ports cost n log n.
 */
export function findPortClashes(ports: readonly PublishedPort[]): PortClash[] {
  const ranges = ports.map((p) => hostRange(p.port));
  const byProtocol = new Map<Protocol, number[]>();
  ranges.forEach((r, i) => {
    if (!r) return;
    const protocol = ports[i]!.port.protocol;
    const list = byProtocol.get(protocol) ?? byProtocol.set(protocol, []).get(protocol)!;
    list.push(i);
  });
  const sorted = new Map<Protocol, { readonly order: number[]; readonly widest: number }>();
  for (const [protocol, list] of byProtocol) {
    const order = list.sort((a, b) => ranges[a]![0] - ranges[b]![0] || a - b);
    sorted.set(protocol, { order, widest: order.reduce((w, i) => Math.max(w, ranges[i]![1] - ranges[i]![0]), 0) });
  }

  const clashes: PortClash[] = [];
  for (let i = 0; i < ports.length; i++) {
    const ra = ranges[i];
    if (!ra) continue;
    const a = ports[i]!;
    const { order, widest } = sorted.get(a.port.protocol)!;
    // Only an entry starting at or after ra[0] - widest can end at or after ra[0].
    let k = firstAtLeast(order, ranges, ra[0] - widest);
    const partners: number[] = [];
    for (; k < order.length && ranges[order[k]!]![0] <= ra[1]; k++) {
      const j = order[k]!;
      if (j > i && ranges[j]![1] >= ra[0] && sameAddress(a.port.hostIp, ports[j]!.port.hostIp)) partners.push(j);
    }
    for (const j of partners.sort((x, y) => x - y)) {
      clashes.push({ first: a, second: ports[j]!, hostPort: Math.max(ra[0], ranges[j]![0]), protocol: a.port.protocol });
    }
  }
  return clashes;
}

/** The first position in `order` (sorted by lowest port) whose range starts at `port` or later. */
function firstAtLeast(order: readonly number[], ranges: readonly (readonly [number, number] | undefined)[], port: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ranges[order[mid]!]![0] < port) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether an entry names a fixed host port (which several replicas cannot all bind). */
export function hasFixedHostPort(p: Port): boolean {
  const r = hostRange(p);
  return r !== undefined && r[0] === r[1];
}

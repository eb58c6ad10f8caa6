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

/** Every pair of entries that bind an overlapping host port range on the same address and protocol. */
export function findPortClashes(ports: readonly PublishedPort[]): PortClash[] {
  const clashes: PortClash[] = [];
  for (let i = 0; i < ports.length; i++) {
    const a = ports[i]!;
    const ra = hostRange(a.port);
    if (!ra) continue;
    for (let j = i + 1; j < ports.length; j++) {
      const b = ports[j]!;
      const rb = hostRange(b.port);
      if (!rb || a.port.protocol !== b.port.protocol || !sameAddress(a.port.hostIp, b.port.hostIp)) continue;
      const lo = Math.max(ra[0], rb[0]);
      if (lo <= Math.min(ra[1], rb[1])) clashes.push({ first: a, second: b, hostPort: lo, protocol: a.port.protocol });
    }
  }
  return clashes;
}

/** Whether an entry names a fixed host port (which several replicas cannot all bind). */
export function hasFixedHostPort(p: Port): boolean {
  const r = hostRange(p);
  return r !== undefined && r[0] === r[1];
}

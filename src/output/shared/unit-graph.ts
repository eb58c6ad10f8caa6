// Stage 10, output (both systemd formats): the project's units and what each requires -> the order to start
// them and the unit-level edges apply uses to restart dependents (pure; no codes). Linear: Kahn's algorithm
// with a heap keyed on (rank, name).
import type { UnitDependency } from '../output.js';

/** A unit, its rank among units ready at the same time (lower first), and the units it requires. */
export interface UnitNode {
  readonly unit: string;
  readonly rank: number;
  /** Undefined for units whose needs are not tracked for restarts (resources, images, secrets). */
  readonly requires?: readonly string[];
  /** Of `requires`, the depends_on targets with `required: false`: ordered after, but their failure never blocks the start. */
  readonly optional?: readonly string[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Dependencies first. Among units ready at the same time: lower rank first (resources, then images, the pod,
 * then services in the graph's start order), ties by name.
 */
export function startOrderOf(nodes: readonly UnitNode[]): string[] {
  const byName = new Map(nodes.map((n) => [n.unit, n]));
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const n of nodes) {
    const deps = new Set((n.requires ?? []).filter((d) => byName.has(d) && d !== n.unit));
    waiting.set(n.unit, deps.size);
    for (const d of deps) {
      const list = dependents.get(d);
      if (list) list.push(n.unit);
      else dependents.set(d, [n.unit]);
    }
  }
  const before = (a: string, b: string) => byName.get(a)!.rank - byName.get(b)!.rank || compare(a, b);
  const heap = new MinHeap(before);
  for (const [u, count] of waiting) if (count === 0) heap.push(u);
  const out: string[] = [];
  const done = new Set<string>();
  while (out.length < nodes.length) {
    let pick = heap.pop();
    if (pick === undefined) {
      // The graph stage refused cycles; should one slip through, keep going in rank order rather than hang.
      pick = [...waiting.keys()].filter((u) => !done.has(u)).sort(before)[0]!;
    }
    if (done.has(pick)) continue;
    done.add(pick);
    out.push(pick);
    for (const d of dependents.get(pick) ?? []) {
      const left = waiting.get(d)! - 1;
      waiting.set(d, left);
      if (left === 0 && !done.has(d)) heap.push(d);
    }
  }
  return out;
}

/** Each unit's requirements within the project, sorted; the list sorted by unit. */
export function unitDependencies(nodes: readonly UnitNode[]): UnitDependency[] {
  return nodes
    .flatMap((n) => (n.requires === undefined ? [] : [{ unit: n.unit, requires: [...new Set(n.requires)].sort(compare), ...(n.optional?.length ? { optional: [...new Set(n.optional)].sort(compare) } : {}) }]))
    .sort((a, b) => compare(a.unit, b.unit));
}

class MinHeap {
  private readonly items: string[] = [];
  constructor(private readonly before: (a: string, b: string) => number) {}

  push(x: string): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.before(a[i]!, a[parent]!) >= 0) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  pop(): string | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.before(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && this.before(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

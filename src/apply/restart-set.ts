// Stage 11, apply: changed units x dependency edges -> the units `up` restarts (pure, no codes).
// A dependent is restarted with its dependency because it may hold state from it (a connection, a resolved
// address, files in a shared volume), and compose restarts dependents of a recreated service the same way.

/**
 * The changed units and, transitively, every unit that depends on one of them.
 * `dependsOn` maps a unit to the units it depends on. Leave the project's target out of it: restarting a
 * target restarts every unit that is `PartOf=` it, i.e. the whole project.
 * The result follows `order` (dependencies first); units missing from `order` come after it, sorted by name.
 */
export function restartSet(changed: Iterable<string>, dependsOn: ReadonlyMap<string, readonly string[]>, order: readonly string[] = []): string[] {
  const dependents = new Map<string, string[]>();
  for (const [unit, deps] of dependsOn) {
    for (const dep of deps) {
      const list = dependents.get(dep);
      if (list) list.push(unit);
      else dependents.set(dep, [unit]);
    }
  }
  const out = new Set<string>();
  const queue = [...changed];
  for (let unit = queue.shift(); unit !== undefined; unit = queue.shift()) {
    if (out.has(unit)) continue;
    out.add(unit);
    queue.push(...(dependents.get(unit) ?? []));
  }
  const position = new Map(order.map((u, i) => [u, i]));
  return [...out].sort((a, b) => {
    const pa = position.get(a);
    const pb = position.get(b);
    if (pa !== undefined && pb !== undefined) return pa - pb;
    if (pa !== undefined || pb !== undefined) return pa !== undefined ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

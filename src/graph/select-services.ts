// Profiles: merged tree -> the active services, and depends_on checked against them. Reports C601, C602, C604.
// A service without profiles is always active; one with profiles only when a profile is enabled or it is named.
import { closestName } from '../diagnostics/closest-name.js';
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { isPlainObject } from '../load/tree.js';
import { keySpanAt, pointerJoin, spanAt, type Origins } from '../source/origins.js';
import { graphCodes } from './codes.js';

export interface Selection {
  readonly profiles: readonly string[];
  /** Services named on the command line; each is enabled whatever its profiles. */
  readonly services: readonly string[];
}

function dependencies(service: unknown): { name: string; required: boolean; key: string | number }[] {
  if (!isPlainObject(service)) return [];
  const d = service['depends_on'];
  if (Array.isArray(d)) return d.map((name, i) => ({ name: String(name), required: true, key: i }));
  if (isPlainObject(d)) return Object.entries(d).map(([name, v]) => ({ name, required: !(isPlainObject(v) && v['required'] === false), key: name }));
  return [];
}

/** The active service names, and the services object reduced to them. */
export function selectServices(
  services: Record<string, unknown>,
  origins: Origins,
  selection: Selection,
): { active: Set<string>; services: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const enabled = new Set(selection.profiles);
  const all = enabled.has('*');
  for (const name of selection.services) {
    if (!Object.hasOwn(services, name)) diagnostics.push(diagnostic(graphCodes.unknownServiceArgument, `no such service: ${name}`, [], { help: `known services: ${Object.keys(services).sort().join(', ')}` }));
  }
  const active = new Set<string>();
  for (const [name, svc] of Object.entries(services)) {
    const profiles = isPlainObject(svc) && Array.isArray(svc['profiles']) ? svc['profiles'].map(String) : [];
    if (profiles.length === 0 || all || profiles.some((p) => enabled.has(p)) || selection.services.includes(name)) active.add(name);
  }
  for (const name of [...active].sort()) {
    for (const dep of dependencies(services[name])) {
      const at = pointerJoin(pointerJoin(pointerJoin('/services', name), 'depends_on'), dep.key);
      const span = typeof dep.key === 'number' ? spanAt(origins, at) : keySpanAt(origins, at);
      const labels = span ? [{ span }] : [];
      if (!Object.hasOwn(services, dep.name)) {
        if (!dep.required) continue; // compose ignores an optional dependency on a service it does not know
        diagnostics.push(diagnostic(graphCodes.unknownDependency, `service \`${name}\` depends on \`${dep.name}\`, which is not defined`, labels, { help: nearest(dep.name, Object.keys(services)) }));
      } else if (!active.has(dep.name) && dep.required) {
        diagnostics.push(
          diagnostic(graphCodes.inactiveDependency, `service \`${name}\` depends on \`${dep.name}\`, whose profiles are not enabled`, labels, {
            help: `enable one of its profiles with --profile, or mark the dependency \`required: false\``,
          }),
        );
      }
    }
  }
  const kept = Object.fromEntries(Object.entries(services).filter(([n]) => active.has(n)));
  return { active, services: kept, diagnostics };
}

function nearest(name: string, candidates: readonly string[]): string | undefined {
  const best = closestName(name, candidates);
  return best === undefined ? undefined : `did you mean \`${best}\`?`;
}

// Stage 11, apply: installed file names <-> the units systemd runs (pure, no codes). A template file
// `P-web@.service` runs as instances `P-web@1.service`, ...; only instances can be started, stopped or shown. A
// Quadlet file runs as the service its generator makes (`P-web.container` -> `P-web.service`).
import { isQuadletFile, serviceOfQuadletFile } from '../podman/quadlet-names.js';

/** The unit a file defines: itself for a unit file, the generated service for a Quadlet file. */
export function unitOfFile(file: string): string {
  return serviceOfQuadletFile(file) ?? file;
}

/** Whether a file of the project defines a unit systemd runs (not data such as YAML or env files). */
export function definesUnit(file: string): boolean {
  return isQuadletFile(file) || /\.(service|target|socket|timer|path|mount|slice)$/.test(file);
}

/** `P-web@.service` -> `{ prefix: 'P-web@', suffix: '.service' }`; undefined for a unit that is not a template. */
function templateParts(file: string): { prefix: string; suffix: string } | undefined {
  const at = file.indexOf('@');
  const dot = file.lastIndexOf('.');
  if (at < 0 || dot !== at + 1) return undefined;
  return { prefix: file.slice(0, at + 1), suffix: file.slice(dot) };
}

export function isTemplateFile(file: string): boolean {
  return templateParts(unitOfFile(file)) !== undefined;
}

/** The template file an instance comes from (`P-web@2.service` -> `P-web@.service`), or the name itself. */
export function fileOfUnit(unit: string): string {
  const at = unit.indexOf('@');
  const dot = unit.lastIndexOf('.');
  if (at < 0 || dot <= at + 1) return unit;
  return unit.slice(0, at + 1) + unit.slice(dot);
}

/**
 * The units among `known` that file `file` runs: the instances of a template, or the file's own unit when
 * `known` lists it. A file whose units are not in `known` (a template scaled to 0) runs none.
 */
export function unitsOfFile(file: string, known: readonly string[]): string[] {
  const unit = unitOfFile(file);
  const parts = templateParts(unit);
  if (!parts) return known.includes(unit) ? [unit] : [];
  return known.filter((u) => u.startsWith(parts.prefix) && u.endsWith(parts.suffix) && u.length > parts.prefix.length + parts.suffix.length);
}

/** The units of several files, in the order of `known`. */
export function unitsOfFiles(files: Iterable<string>, known: readonly string[]): string[] {
  const wanted = new Set<string>();
  for (const f of files) for (const u of unitsOfFile(f, known)) wanted.add(u);
  return known.filter((u) => wanted.has(u));
}

/** Every unit that `units` need, transitively, themselves included, in the order of `order`. */
export function dependencyClosure(units: Iterable<string>, dependsOn: ReadonlyMap<string, readonly string[]>, order: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...units];
  for (let u = queue.shift(); u !== undefined; u = queue.shift()) {
    if (seen.has(u)) continue;
    seen.add(u);
    queue.push(...(dependsOn.get(u) ?? []));
  }
  return [...order.filter((u) => seen.has(u)), ...[...seen].filter((u) => !order.includes(u)).sort()];
}

// Test helper: compose YAML -> loaded project -> dependency graph -> plan -> plain units, plus lookups into the result.
import { expect } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { buildGraph } from '../../../src/graph/dependency-graph.js';
import { loadProject } from '../../../src/load/load-project.js';
import { memoryFs } from '../../../src/load/loader-fs.js';
import type { ComposeProject } from '../../../src/model/types.js';
import type { OutputFile } from '../../../src/output/output.js';
import { emitUnits } from '../../../src/output/units/emit-units.js';
import { planOptions, type PlanOptions } from '../../../src/plan/plan.js';
import { planProject } from '../../../src/plan/plan-project.js';
import type { SourceRegistry } from '../../../src/source/source-file.js';
import { renderUnit } from '../../../src/systemd/render.js';
import { entriesOf, isExec, type UnitFile } from '../../../src/systemd/unit-file.js';

export const PROJECT_DIR = '/srv/app';

/** The plain units of a project, with the structured form of each file. */
export interface Plan {
  readonly project: string;
  readonly target: string;
  readonly units: readonly UnitFile[];
  readonly startOrder: readonly string[];
  readonly dependencies: readonly { readonly unit: string; readonly requires: readonly string[] }[];
}

export interface Planned {
  /** Every file of the output, private ones included. */
  readonly files?: readonly OutputFile[];
  readonly project: ComposeProject;
  readonly plan?: Plan;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: SourceRegistry;
}

/** Loads `yaml` as `/srv/app/compose.yaml` (project `app` unless the file names one) and plans it. */
export function plan(yaml: string, options: Partial<PlanOptions> = {}, extraFiles: Record<string, string> = {}): Planned {
  const files: Record<string, string> = { [`${PROJECT_DIR}/compose.yaml`]: yaml };
  for (const [k, v] of Object.entries(extraFiles)) files[`${PROJECT_DIR}/${k}`] = v;
  const loaded = loadProject({ files: [], cwd: PROJECT_DIR, env: {}, homeDir: '/home/u' }, memoryFs(files));
  const loadErrors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (!loaded.project || loadErrors.length > 0) throw new Error(`fixture does not load: ${JSON.stringify(loaded.diagnostics.map((d) => `${d.code} ${d.message}`))}`);
  const g = buildGraph(loaded.project);
  if (!g.graph) throw new Error(`fixture has no graph: ${JSON.stringify(g.diagnostics.map((d) => d.message))}`);
  const r = planProject(loaded.project, g.graph, planOptions({ sources: ['compose.yaml'], ...options }));
  const base = { project: loaded.project, sources: loaded.sources };
  if (!r.plan) return { ...base, diagnostics: r.diagnostics };
  const e = emitUnits(r.plan);
  const diagnostics = [...r.diagnostics, ...e.diagnostics];
  if (!e.output) return { ...base, diagnostics };
  const o = e.output;
  const units = o.files.flatMap((f) => (f.model ? [f.model] : []));
  return { ...base, files: o.files, plan: { project: loaded.project.name, target: o.target, units, startOrder: o.startOrder, dependencies: o.dependencies }, diagnostics };
}

/** Plans and insists on success (warnings allowed). */
export function planOk(yaml: string, options: Partial<PlanOptions> = {}, extraFiles: Record<string, string> = {}): Plan & { readonly diagnostics: readonly Diagnostic[] } {
  const r = plan(yaml, options, extraFiles);
  if (!r.plan) throw new Error(`plan failed: ${JSON.stringify(r.diagnostics.map((d) => `${d.code} ${d.message}`))}`);
  return { ...r.plan, diagnostics: r.diagnostics };
}

export function unit(p: Plan, name: string): UnitFile {
  const u = p.units.find((x) => x.name === name);
  if (!u) throw new Error(`no unit ${name}; have ${p.units.map((x) => x.name).join(', ')}`);
  return u;
}

/** The rendered values of `key` in `section` (command lines joined to one line, as systemd would). */
export function values(u: UnitFile, section: string, key: string): string[] {
  return entriesOf(u, section, key).map((e) => (isExec(e) ? e.command.map((g) => g.join(' ')).join(' ') : e.value));
}

export function value(u: UnitFile, section: string, key: string): string | undefined {
  const v = values(u, section, key);
  expect(v.length, `${u.name} [${section}] ${key}= appears ${v.length} times`).toBeLessThanOrEqual(1);
  return v[0];
}

/** The words of one command line (still quoted as written in the unit). */
export function words(u: UnitFile, key: string, index = 0): string[] {
  const e = entriesOf(u, 'Service', key).filter(isExec)[index];
  if (!e) throw new Error(`${u.name} has no ${key} #${index}`);
  return e.command.flat();
}

/** Where a diagnostic points, as `code@line:col`. */
export function located(r: Planned): string[] {
  return r.diagnostics.map((d) => {
    const span = d.labels[0]?.span;
    if (!span) return d.code;
    const pos = r.sources.get(span.file)?.positionOf(span.start);
    return `${d.code}@${pos?.line}:${pos?.column}`;
  });
}

export function rendered(p: Plan): string {
  return p.units.map((u) => `==> ${u.name} <==\n${renderUnit(u)}`).join('\n');
}

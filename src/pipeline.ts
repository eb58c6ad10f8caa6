// Stages 1-10 in order: load options -> project and graph -> support check -> plan -> one output format's files.
// Stops after the first stage that reported an error; warnings of every stage that ran are kept.
import { relative } from 'node:path';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import type { DependencyGraph } from './graph/dependency-graph.js';
import { loadProject, type LoadOptions } from './load/load-project.js';
import type { LoaderFs } from './load/loader-fs.js';
import { checkSupport } from './model/check-support.js';
import type { ComposeProject } from './model/types.js';
import { emitOutput } from './output/emit.js';
import type { Output, OutputFile, OutputFormat } from './output/output.js';
import { planOptions, type PlanOptions, type ProjectPlan } from './plan/plan.js';
import { planProject } from './plan/plan-project.js';
import type { SourceRegistry } from './source/source-file.js';

export interface ConvertOptions extends Partial<Omit<PlanOptions, 'sources'>> {
  /** The output format; plain units when not given. */
  readonly format?: OutputFormat;
}

export interface ConvertResult {
  readonly project?: ComposeProject;
  readonly graph?: DependencyGraph;
  readonly plan?: ProjectPlan;
  readonly output?: Output;
  /** The output's files, sorted by root and name. */
  readonly files?: readonly OutputFile[];
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: SourceRegistry;
  /** The compose files read, relative to the project directory. */
  readonly composeFiles: readonly string[];
}

const failed = (ds: readonly Diagnostic[]) => ds.some((d) => d.severity === 'error');

export function convertProject(load: LoadOptions, convert: ConvertOptions, fs: LoaderFs): ConvertResult {
  const loaded = loadProject(load, fs);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const project = loaded.project;
  const composeFiles = loaded.files.map((f) => (f === '-' || !project ? f : relative(project.workingDir, f) || f));
  const base = { diagnostics, sources: loaded.sources, composeFiles };
  if (!project || failed(diagnostics)) return base;

  const { format = 'units', ...plan } = convert;
  const options = planOptions({ ...plan, sources: composeFiles });
  diagnostics.push(...checkSupport(project, { podmanVersion: options.podmanVersion, pod: options.pod }));
  const graph = loaded.graph;
  if (!graph || failed(diagnostics)) return { ...base, project };

  const planned = planProject(project, graph, options);
  diagnostics.push(...planned.diagnostics);
  if (!planned.plan || failed(diagnostics)) return { ...base, project, graph };
  const emitted = emitOutput(format, planned.plan);
  diagnostics.push(...emitted.diagnostics);
  if (!emitted.output || failed(diagnostics)) return { ...base, project, graph, plan: planned.plan };
  return { ...base, project, graph, plan: planned.plan, output: emitted.output, files: emitted.output.files };
}

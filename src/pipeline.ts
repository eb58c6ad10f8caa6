// Stages 1-10 in order: load options -> project and graph -> support check -> plan -> one output format's files
// (`planLoaded` stops after the plan, for the library's `plan`).
// Stops after the first stage that reported an error; warnings of every stage that ran are kept.
import { relative } from 'node:path';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import type { DependencyGraph } from './graph/dependency-graph.js';
import { loadProject, type LoadOptions, type LoadResult } from './load/load-project.js';
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
  /** `--format kube`: the image of the init containers that wait for a healthy dependency. */
  readonly waitImage?: string;
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
  const { format = 'units', waitImage, ...target } = convert;
  const planned = planLoaded(loadProject(load, fs), target, format);
  const { diagnostics, plan, project } = planned;
  if (!plan || !project) return planned;
  const extras = format === 'kube' ? { configFiles: configFiles(project, fs), ...(waitImage !== undefined ? { waitImage } : {}) } : {};
  const emitted = emitOutput(format, plan, extras);
  const all = [...diagnostics, ...emitted.diagnostics];
  if (!emitted.output || failed(all)) return { ...planned, diagnostics: all };
  return { ...planned, diagnostics: all, output: emitted.output, files: emitted.output.files };
}

/** Stages 7-9 on a loaded project: the support check (for the format the plan will be written in) and the plan. */
export function planLoaded(loaded: LoadResult, target: Partial<Omit<PlanOptions, 'sources'>>, format: OutputFormat = 'units'): ConvertResult {
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const project = loaded.project;
  const composeFiles = loaded.files.map((f) => (f === '-' || !project ? f : relative(project.workingDir, f) || f));
  const base = { diagnostics, sources: loaded.sources, composeFiles };
  if (!project || failed(diagnostics)) return base;

  const options = planOptions({ ...target, sources: composeFiles });
  diagnostics.push(...checkSupport(project, { podmanVersion: options.podmanVersion, pod: options.pod, format }));
  const graph = loaded.graph;
  if (!graph || failed(diagnostics)) return { ...base, project };

  const planned = planProject(project, graph, options);
  diagnostics.push(...planned.diagnostics);
  if (!planned.plan || failed(diagnostics)) return { ...base, project, graph };
  return { ...base, project, graph, plan: planned.plan };
}

/** The content of every file config, by path: the Kubernetes output puts it into ConfigMaps. */
function configFiles(project: ComposeProject, fs: LoaderFs): Map<string, Uint8Array | undefined> {
  const out = new Map<string, Uint8Array | undefined>();
  for (const c of project.configs.values()) if (c.source.kind === 'file') out.set(c.source.path, fs.readFile(c.source.path));
  return out;
}

// The library entry (package.json `exports`): load, plan, render and convert with options objects instead of
// CLI flags, each returning its result and the diagnostics of every stage that ran. Reads the compose files
// from the disk unless given a LoaderFs; defaults (cwd, environment, home) come from the process. Codes: none.
import { homedir } from 'node:os';
import { diskFs } from '../apply/disk-fs.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderText, toJson, type JsonDiagnostic } from '../diagnostics/render.js';
import type { DependencyGraph } from '../graph/dependency-graph.js';
import { loadProject, type LoadOptions as StageLoadOptions } from '../load/load-project.js';
import { memoryFs, type LoaderFs } from '../load/loader-fs.js';
import type { ComposeProject } from '../model/types.js';
import { emitOutput } from '../output/emit.js';
import { OUTPUT_FORMATS, type Output, type OutputFile, type OutputFormat } from '../output/output.js';
import { planLoaded } from '../pipeline.js';
import type { PlanOptions, ProjectPlan } from '../plan/plan.js';
import { formatPodmanVersion, parsePodmanVersion } from '../podman/version.js';
import type { SourceRegistry } from '../source/source-file.js';

export type { Diagnostic, Label, Severity } from '../diagnostics/diagnostic.js';
export type { JsonDiagnostic } from '../diagnostics/render.js';
export type { DependencyGraph } from '../graph/dependency-graph.js';
export type { LoaderFs } from '../load/loader-fs.js';
export type { ComposeProject, Service } from '../model/types.js';
export type { FileRoot, Output, OutputFile, OutputFormat, UnitDependency } from '../output/output.js';
export type { ProjectPlan, ServicePlan } from '../plan/plan.js';
export type { SourceRegistry } from '../source/source-file.js';
export type { UnitFile } from '../systemd/unit-file.js';
export { memoryFs, OUTPUT_FORMATS };

/** Which compose project to read: what `-f`, `-p`, `--env-file`, `--profile` and the arguments say on the CLI. */
export interface LoadOptions {
  /** Compose files (`-f`), relative to `cwd`. Default: compose.yaml, docker-compose.yml, ... found in `cwd`. */
  readonly files?: readonly string[];
  /** The text of one compose file, read instead of `files` (like `-f -`); relative paths resolve against `cwd`. */
  readonly content?: string;
  /** Default: the process's working directory. */
  readonly cwd?: string;
  readonly projectDirectory?: string;
  readonly projectName?: string;
  /** Replace the project directory's `.env`. */
  readonly envFiles?: readonly string[];
  /** Default: COMPOSE_PROFILES of `env`. */
  readonly profiles?: readonly string[];
  /** Only these services (and what they depend on). */
  readonly services?: readonly string[];
  /** The variables compose interpolation reads, winning over `.env`. Default: the process's environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `~` in paths. Default: the user's home directory. */
  readonly homeDir?: string;
  /** Where files are read from. Default: the disk. `memoryFs({ '/p/compose.yaml': '...' })` for files held in memory. */
  readonly fs?: LoaderFs;
}

/** What the units must run on; the CLI's --podman-version, --pod, --system, --podman and --auto-update. */
export interface TargetOptions {
  /** `X.Y` or `X.Y.Z`; default 4.3. A value that is not a version throws a TypeError. */
  readonly podmanVersion?: string;
  readonly pod?: boolean;
  /** Default `user`. */
  readonly scope?: 'user' | 'system';
  /** Absolute path of podman in every command; default /usr/bin/podman. */
  readonly podman?: string;
  readonly autoUpdate?: 'registry' | 'local';
}

/** How to spell a plan: the output format (each format's own options join this object as it gains them). */
export interface RenderOptions {
  /** Default `units`. */
  readonly format?: OutputFormat;
}

export type ConvertOptions = LoadOptions & TargetOptions & RenderOptions;
/** `format`: the output the plan is meant for; the support check depends on it (default `units`). */
export type PlanOptionsInput = LoadOptions & TargetOptions & RenderOptions;

interface Outcome {
  /** True when no error was reported (warnings may be). */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** Every file read, for `formatDiagnostics`. */
  readonly sources: SourceRegistry;
}

export interface LoadResult extends Outcome {
  /** The normalised project; absent when an error was reported. */
  readonly project?: ComposeProject;
  readonly graph?: DependencyGraph;
  /** The compose files read (absolute, or `-` for `content`). */
  readonly files: readonly string[];
}

export interface PlanResult extends Outcome {
  readonly project?: ComposeProject;
  readonly graph?: DependencyGraph;
  /** What the project needs, whatever the output format; absent when an error was reported. */
  readonly plan?: ProjectPlan;
}

export interface RenderResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** The format's files and the order their units start in; absent when an error was reported. */
  readonly output?: Output;
  /** The output's files (empty on error), sorted by root and name. */
  readonly files: readonly OutputFile[];
}

export interface ConvertResult extends PlanResult {
  readonly output?: Output;
  readonly files: readonly OutputFile[];
}

const failed = (ds: readonly Diagnostic[]) => ds.some((d) => d.severity === 'error');

function stageOptions(options: LoadOptions): { load: StageLoadOptions; fs: LoaderFs } {
  const load: StageLoadOptions = {
    files: options.content !== undefined ? ['-'] : (options.files ?? []),
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    homeDir: options.homeDir ?? homedir(),
    ...(options.content !== undefined ? { stdin: options.content } : {}),
    ...(options.projectDirectory !== undefined ? { projectDirectory: options.projectDirectory } : {}),
    ...(options.projectName !== undefined ? { projectName: options.projectName } : {}),
    ...(options.envFiles !== undefined ? { envFiles: options.envFiles } : {}),
    ...(options.profiles !== undefined ? { profiles: options.profiles } : {}),
    ...(options.services !== undefined ? { services: options.services } : {}),
  };
  return { load, fs: options.fs ?? diskFs };
}

function targetOptions(options: TargetOptions): Partial<Omit<PlanOptions, 'sources'>> {
  let podmanVersion: string | undefined;
  if (options.podmanVersion !== undefined) {
    const v = parsePodmanVersion(options.podmanVersion);
    // An option of a library call is the caller's code, not the user's compose file: a TypeError, like a bad argument.
    if (!v) throw new TypeError(`compose2systemd: podmanVersion must be a version such as 4.3 or 5.2.1, not ${JSON.stringify(options.podmanVersion)}`);
    podmanVersion = formatPodmanVersion(v);
  }
  if (options.podman !== undefined && !options.podman.startsWith('/')) throw new TypeError(`compose2systemd: podman must be an absolute path, not ${JSON.stringify(options.podman)}`);
  return {
    ...(podmanVersion !== undefined ? { podmanVersion } : {}),
    ...(options.pod !== undefined ? { pod: options.pod } : {}),
    ...(options.scope !== undefined ? { scope: options.scope } : {}),
    ...(options.podman !== undefined ? { podman: options.podman } : {}),
    ...(options.autoUpdate !== undefined ? { autoUpdate: options.autoUpdate } : {}),
  };
}

function formatOf(options: RenderOptions): OutputFormat {
  const format = options.format ?? 'units';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) throw new TypeError(`compose2systemd: format must be one of ${OUTPUT_FORMATS.join(', ')}, not ${JSON.stringify(format)}`);
  return format;
}

/** Read, interpolate, validate, merge and normalise a compose project (what `compose2systemd config` prints). */
export function load(options: LoadOptions = {}): LoadResult {
  const { load: stage, fs } = stageOptions(options);
  const r = loadProject(stage, fs);
  return { ok: !failed(r.diagnostics), diagnostics: r.diagnostics, sources: r.sources, files: r.files, ...(r.project ? { project: r.project } : {}), ...(r.graph ? { graph: r.graph } : {}) };
}

/** Load the project, check every key against the support table for the target, and plan it. */
export function plan(options: PlanOptionsInput = {}): PlanResult {
  const target = targetOptions(options);
  const { load: stage, fs } = stageOptions(options);
  const r = planLoaded(loadProject(stage, fs), target, formatOf(options));
  return { ok: !failed(r.diagnostics), diagnostics: r.diagnostics, sources: r.sources, ...(r.project ? { project: r.project } : {}), ...(r.graph ? { graph: r.graph } : {}), ...(r.plan ? { plan: r.plan } : {}) };
}

/** Spell a plan in one output format: the files to install and the order their units start in. */
export function render(projectPlan: ProjectPlan, options: RenderOptions = {}): RenderResult {
  const r = emitOutput(formatOf(options), projectPlan);
  const ok = !failed(r.diagnostics) && r.output !== undefined;
  return { ok, diagnostics: r.diagnostics, ...(ok ? { output: r.output } : {}), files: ok ? r.output!.files : [] };
}

/** `plan` then `render`: what `compose2systemd convert` prints, as files. */
export function convert(options: ConvertOptions = {}): ConvertResult {
  const format = formatOf(options);
  const planned = plan(options);
  if (!planned.plan) return { ...planned, files: [] };
  const rendered = render(planned.plan, { format });
  const diagnostics = [...planned.diagnostics, ...rendered.diagnostics];
  return { ...planned, ok: rendered.ok, diagnostics, ...(rendered.output ? { output: rendered.output } : {}), files: rendered.files };
}

export interface FormatOptions {
  /** `text` (the CLI's report, with excerpts and carets) or `json` (the CLI's `--format json` objects). */
  readonly format?: 'text' | 'json';
  /** Text only: paths under this directory are printed relative to it. */
  readonly relativeTo?: string;
}

/** The diagnostics as the CLI reports them, with file, line and column read from `sources`. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], sources: SourceRegistry, options: FormatOptions & { format: 'json' }): JsonDiagnostic[];
export function formatDiagnostics(diagnostics: readonly Diagnostic[], sources: SourceRegistry, options?: FormatOptions): string;
export function formatDiagnostics(diagnostics: readonly Diagnostic[], sources: SourceRegistry, options: FormatOptions = {}): string | JsonDiagnostic[] {
  if (options.format === 'json') return toJson(diagnostics, sources);
  return renderText(diagnostics, sources, options.relativeTo !== undefined ? { relativeTo: options.relativeTo } : {});
}

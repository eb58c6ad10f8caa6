// The options every project command shares (-f, -p, --env-file, ...) and their translation to LoadOptions.
import { Command, Option } from 'commander';
import { loadProject, type LoadOptions, type LoadResult } from '../load/load-project.js';
import type { CliIo } from './io.js';
import type { OutputFormat as UnitFormat } from '../output/output.js';
import { applyStrict, type ReportFormat } from './report.js';

export interface ProjectFlags {
  readonly file?: string[];
  readonly projectName?: string;
  readonly projectDirectory?: string;
  readonly envFile?: string[];
  readonly profile?: string[];
  /** The report format (text or json), after the program's --format was sorted into its families. */
  readonly format: ReportFormat;
  /** The unit format of convert, up, diff and down, when --format named one. */
  readonly unitFormat?: UnitFormat;
  readonly strict?: boolean;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];
const collectFormats = (value: string, previous: unknown) => [...(Array.isArray(previous) ? (previous as string[]) : []), ...value.split(',')];

export function addProjectOptions(program: Command): Command {
  return program
    .option('-f, --file <path>', 'compose file, repeatable; `-` reads standard input (default: compose.yaml, docker-compose.yml, ... and the override file)', collect)
    .option('-p, --project-name <name>', 'project name (default: COMPOSE_PROJECT_NAME, then `name:`, then the directory name)')
    .option('--project-directory <dir>', 'directory that relative paths resolve against (default: the first file\'s directory)')
    .option('--env-file <path>', 'variables for interpolation, repeatable; replaces the project\'s .env', collect)
    .option('--profile <name>', 'enable a profile, repeatable (default: COMPOSE_PROFILES)', collect)
    .addOption(new Option('--format <format>', 'report as text or json; convert, up, diff and down also take a unit format: units, quadlet or kube (repeat the option, or separate with a comma, to give both)').argParser(collectFormats))
    .option('--strict', 'treat every warning as an error');
}

/** The loader's options for the shared flags; `services` are the ones named on the command line. */
export function loadOptionsOf(flags: ProjectFlags, io: CliIo, services: readonly string[] = []): LoadOptions {
  return {
    files: flags.file ?? [],
    cwd: io.cwd,
    env: io.env,
    homeDir: io.homeDir,
    services,
    ...(flags.projectName !== undefined ? { projectName: flags.projectName } : {}),
    ...(flags.projectDirectory !== undefined ? { projectDirectory: flags.projectDirectory } : {}),
    ...(flags.envFile ? { envFiles: flags.envFile } : {}),
    ...(flags.profile ? { profiles: flags.profile } : {}),
    ...((flags.file ?? []).includes('-') ? { stdin: io.readStdin() } : {}),
  };
}

export function loadFromFlags(flags: ProjectFlags, io: CliIo, services: readonly string[] = []): LoadResult {
  const result = loadProject(loadOptionsOf(flags, io, services), io.fs);
  const diagnostics = applyStrict(result.diagnostics, flags.strict ?? false);
  const failed = diagnostics.some((d) => d.severity === 'error');
  return { ...result, diagnostics, ...(failed ? { project: undefined } : {}) } as LoadResult;
}

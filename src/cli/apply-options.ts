// The options and plumbing that convert, graph, up, diff, down, status, logs, enable and disable share:
// target options (--pod, --podman-version, --system), the unit directory, the host, the installed project.
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { applyCodes } from '../apply/codes.js';
import type { Host } from '../apply/host.js';
import { parseRecord, recordPath, type OwnershipRecord } from '../apply/record.js';
import { invalidProjectName, isValidProjectName } from '../load/project-name.js';
import type { Scope } from '../apply/systemctl.js';
import { defaultPrivateDir, defaultQuadletDir, defaultUnitDir } from '../apply/unit-dir.js';
import type { PlannedFile } from '../apply/plan-files.js';
import { diagnostic } from '../diagnostics/code.js';
import { InternalError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { loadCodes } from '../load/codes.js';
import type { ComposeProject } from '../model/types.js';
import type { OutputFile, OutputFormat } from '../output/output.js';
import { convertProject, type ConvertOptions, type ConvertResult } from '../pipeline.js';
import { formatPodmanVersion, parsePodmanVersion } from '../podman/version.js';
import { SourceRegistry } from '../source/source-file.js';
import type { CliIo } from './io.js';
import { loadFromFlags, loadOptionsOf, type ProjectFlags } from './project-options.js';
import { applyStrict } from './report.js';

export interface TargetFlags {
  readonly pod?: boolean;
  readonly podmanVersion?: string;
  readonly system?: boolean;
  readonly autoUpdate?: 'registry' | 'local';
}

export interface UnitDirFlags {
  readonly system?: boolean;
  readonly unitDir?: string;
  readonly quadletDir?: string;
}

function podmanVersionArg(value: string): string {
  const v = parsePodmanVersion(value);
  if (!v) throw new InvalidArgumentError('expected a podman version such as 4.3 or 5.2.1');
  return formatPodmanVersion(v);
}

export function addPodOptions(cmd: Command): Command {
  return cmd
    .option('--pod', 'run every service in one podman pod (P-pod.service)')
    .option('--podman-version <X.Y>', 'the podman version the units must run on', podmanVersionArg)
    .addOption(new Option('--auto-update <policy>', '`podman auto-update` policy for every service that does not set the io.containers.autoupdate label').choices(['registry', 'local']));
}

export function addSystemOption(cmd: Command): Command {
  return cmd.option('--system', 'system units (/etc/systemd/system, systemctl) instead of user units (systemctl --user)');
}

export function addUnitDirOption(cmd: Command): Command {
  return cmd.option('--unit-dir <dir>', 'where the units are installed (default: ~/.config/systemd/user, or /etc/systemd/system with --system)');
}

export function addQuadletDirOption(cmd: Command): Command {
  return cmd.option('--quadlet-dir <dir>', 'where Quadlet files are installed (default: ~/.config/containers/systemd/PROJECT, or /etc/containers/systemd/PROJECT with --system)');
}

/** `--quadlet-dir` (relative to the working directory), else the project's folder where Quadlet reads files. */
export function quadletDirOf(flags: UnitDirFlags, io: CliIo, host: Host, project: string): string {
  if (flags.quadletDir !== undefined) return resolve(io.cwd, flags.quadletDir);
  return defaultQuadletDir(scopeOf(flags), (name) => host.env(name), host.homeDir(), project);
}

/** The project's private folder (the units name it `%E/compose2systemd/PROJECT`). */
export function privateDirOf(flags: UnitDirFlags, host: Host, project: string): string {
  return defaultPrivateDir(scopeOf(flags), (name) => host.env(name), host.homeDir(), project);
}

/** Where a project's files are installed, by root. */
export interface InstallDirs {
  readonly units: string;
  readonly quadlet: string;
  readonly private: string;
}

export function installDirsOf(flags: UnitDirFlags, io: CliIo, host: Host, project: string): InstallDirs {
  return { units: unitDirOf(flags, io, host), quadlet: quadletDirOf(flags, io, host, project), private: privateDirOf(flags, host, project) };
}

/** Each output file in the directory of its place, with its mode (and, for a private file, what to show). */
export function placeFiles(files: readonly OutputFile[], dirs: InstallDirs): PlannedFile[] {
  return files.map((f) => ({
    path: f.name,
    content: f.content,
    dir: dirs[f.root],
    ...(f.mode !== undefined ? { mode: f.mode } : {}),
    ...(f.redacted !== undefined ? { redacted: f.redacted } : {}),
    ...(f.readers !== undefined ? { readers: f.readers } : {}),
  }));
}

export function scopeOf(flags: { readonly system?: boolean }): Scope {
  return flags.system ? 'system' : 'user';
}

export function requireHost(io: CliIo): Host {
  if (!io.host) throw new InternalError('this command needs access to the machine, but the CLI was started without a host');
  return io.host();
}

/** `--unit-dir` (relative to the working directory), else systemd's directory for the scope. */
export function unitDirOf(flags: UnitDirFlags, io: CliIo, host: Host): string {
  if (flags.unitDir !== undefined) return resolve(io.cwd, flags.unitDir);
  return defaultUnitDir(scopeOf(flags), (name) => host.env(name), host.homeDir());
}

/** The whole pipeline for the flags, with --strict applied; `podmanVersion` overrides the flag. */
export function convertFromFlags(flags: ProjectFlags & TargetFlags, io: CliIo, podmanVersion: string | undefined, services: readonly string[] = [], format: OutputFormat = 'units'): ConvertResult {
  const plan: ConvertOptions = {
    format,
    pod: flags.pod ?? false,
    scope: scopeOf(flags),
    ...(flags.autoUpdate !== undefined ? { autoUpdate: flags.autoUpdate } : {}),
    ...(podmanVersion !== undefined ? { podmanVersion } : {}),
  };
  const result = convertProject(loadOptionsOf(flags, io, services), plan, io.fs);
  const diagnostics = applyStrict(result.diagnostics, flags.strict ?? false);
  if (!diagnostics.some((d) => d.severity === 'error')) return { ...result, diagnostics };
  const { plan: _plan, files: _files, output: _output, ...rest } = result;
  return { ...rest, diagnostics };
}

/** What each marker names as the unit's origin: the compose files, absolute, joined by `, `. */
export function markerSource(result: ConvertResult): string {
  const dir = result.project?.workingDir ?? '';
  return result.composeFiles.map((f) => (f === '-' ? 'stdin' : resolve(dir, f))).join(', ');
}

export interface InstalledProject {
  readonly name: string;
  /** The compose project, when a compose file was found. */
  readonly project?: ComposeProject;
  readonly record?: OwnershipRecord;
  readonly unitDir: string;
  readonly scope: Scope;
  readonly sources: SourceRegistry;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The project that down/status/logs/enable/disable act on. The compose file gives its name (and its
 * networks, volumes and healthchecks); without one, `-p NAME` (or COMPOSE_PROJECT_NAME) is enough, since
 * the record in the unit directory names the units. Undefined name: report `diagnostics` and stop.
 */
export async function findInstalled(flags: ProjectFlags & UnitDirFlags, io: CliIo, host: Host, services: readonly string[] = []): Promise<Partial<InstalledProject> & Pick<InstalledProject, 'diagnostics' | 'sources'>> {
  const loaded = loadFromFlags(flags, io, services);
  const unitDir = unitDirOf(flags, io, host);
  const scope = scopeOf(flags);
  let name = loaded.project?.name;
  if (!loaded.project) {
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    const given = flags.projectName ?? io.env['COMPOSE_PROJECT_NAME'];
    const onlyMissingFile = errors.length > 0 && errors.every((d) => d.code === loadCodes.noComposeFile.id) && (flags.file ?? []).length === 0;
    if (!onlyMissingFile || given === undefined) return { diagnostics: loaded.diagnostics, sources: loaded.sources };
    if (!isValidProjectName(given)) return { diagnostics: [invalidProjectName(given)], sources: loaded.sources };
    name = given;
  }
  const text = await host.readFile(recordPath(unitDir, name!));
  const record = text === undefined ? undefined : parseRecord(text, name!);
  return {
    name: name!,
    ...(loaded.project ? { project: loaded.project } : {}),
    ...(record ? { record } : {}),
    unitDir,
    scope,
    sources: loaded.sources,
    diagnostics: loaded.project ? loaded.diagnostics : [],
  };
}

/** The installed project with its record, or the diagnostics to report when there is none. */
export function requireInstalled(found: Awaited<ReturnType<typeof findInstalled>>): { installed: InstalledProject & { record: OwnershipRecord } } | { diagnostics: readonly Diagnostic[] } {
  const { name, unitDir, scope, record } = found;
  if (name === undefined || unitDir === undefined || scope === undefined) return { diagnostics: found.diagnostics };
  if (!record) return { diagnostics: [...found.diagnostics, notInstalled(name, unitDir)] };
  return { installed: { ...found, name, unitDir, scope, record } };
}

export function notInstalled(name: string, unitDir: string): Diagnostic {
  return diagnostic(applyCodes.notInstalled, `project \`${name}\` is not installed in ${unitDir}`, [], {
    help: 'install it with `compose2systemd up`; pass the same --system or --unit-dir as for up',
  });
}


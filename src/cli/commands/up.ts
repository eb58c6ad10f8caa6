// `up`: convert, install the units, start the project and wait for it; `up --dry-run` (and `diff`) print
// what it would change and run instead, on a host that cannot change anything.
import { InvalidArgumentError, type Command } from 'commander';
import { createDryRunHost } from '../../apply/dry-run-host.js';
import { allChanges, allDiagnostics } from '../../apply/dir-changes.js';
import type { Host } from '../../apply/host.js';
import { detectPodmanVersion } from '../../apply/podman-version.js';
import { createProgress } from '../../apply/progress.js';
import { shellQuote } from '../../apply/steps.js';
import { classifyStatus } from '../../apply/systemctl.js';
import { describeStatus, planUp, runUp, type UpInput } from '../../apply/up.js';
import { fileOfUnit } from '../../apply/unit-instances.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { toJson } from '../../diagnostics/render.js';
import { serviceUnit } from '../../plan/unit-names.js';
import { SourceRegistry } from '../../source/source-file.js';
import { parseRecord, recordPath } from '../../apply/record.js';
import { diagnostic } from '../../diagnostics/code.js';
import { kubeCodes } from '../../output/kube/codes.js';
import type { OutputFormat } from '../../output/output.js';
import { supports } from '../../podman/capabilities.js';
import type { ConvertResult } from '../../pipeline.js';
import type { ProjectPlan } from '../../plan/plan.js';
import { addPodOptions, addQuadletDirOption, addSystemOption, addUnitDirOption, convertFromFlags, installDirsOf, markerSource, placeFiles, quadletDirOf, requireHost, scopeOf, unitDirOf, type TargetFlags, type UnitDirFlags } from '../apply-options.js';
import { EXIT_INVALID, EXIT_OK, type CliIo } from '../io.js';
import type { ProjectFlags } from '../project-options.js';
import { reportDiagnostics } from '../report.js';
import { countChanges, renderReview, reviewJson } from '../review.js';

export interface UpOpts extends TargetFlags, UnitDirFlags {
  readonly dryRun?: boolean;
  readonly showSecrets?: boolean;
  readonly force?: boolean;
  readonly timeout?: number;
  readonly rerunJobs?: boolean;
}

export const DEFAULT_TIMEOUT_SECONDS = 300;

function secondsArg(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 86_400) throw new InvalidArgumentError('expected whole seconds, 0 to 86400');
  return Number(value);
}

export function addInstallOptions(cmd: Command): Command {
  addPodOptions(cmd);
  addSystemOption(cmd);
  addUnitDirOption(cmd);
  addQuadletDirOption(cmd);
  cmd.option('--show-secrets', 'with --dry-run (and diff): show the values of private files (env files, secrets) instead of where they come from');
  return cmd.option('--force', 'overwrite or delete files in the way that compose2systemd did not write, or that were edited by hand');
}

export function registerUp(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('up')
    .description('convert, install and start the project, then wait until every unit is up')
    .argument('[service...]', 'start only these services (and what they depend on); every unit is still installed')
    .option('--dry-run', 'change nothing: print the diff of the unit files and the commands up would run')
    .option('--timeout <seconds>', `how long to wait for the units to come up; 0: do not wait (default: ${DEFAULT_TIMEOUT_SECONDS})`, secondsArg)
    .option('--rerun-jobs', 'run the one-shot jobs (services waited on with service_completed_successfully) again, also those that completed, as docker compose up does');
  addInstallOptions(cmd)
    .addHelpText(
      'after',
      `
Without --podman-version, up plans for the installed podman (\`podman version\`). Without --format, a project
installed before keeps its format; a new one gets Quadlet files when that podman can carry it in Quadlet
(podman 4.4 and later; a pod needs 5.0), plain units otherwise.

Examples:
  $ compose2systemd up --dry-run -f examples/webapp/compose.yaml   review first
  $ compose2systemd up -f compose.yaml                             install, start, wait
  $ compose2systemd up web --timeout 600                          only web and what it needs
  $ compose2systemd up --rerun-jobs                                run the migrations again`,
    )
    .action(async (services: string[], _opts: UpOpts, c: Command) => {
      const flags = c.optsWithGlobals<ProjectFlags & UpOpts>();
      setExit(await runUpCommand(io, flags, services, flags.dryRun ? 'dry-run' : 'up'));
    });
}

/** `up`, `up --dry-run` and `diff`; returns the exit code. */
export async function runUpCommand(io: CliIo, flags: ProjectFlags & UpOpts, services: readonly string[], mode: 'up' | 'dry-run' | 'diff'): Promise<number> {
  const review = mode !== 'up';
  const real = requireHost(io);
  const host: Host = review ? createDryRunHost(real) : real;
  const json = flags.format === 'json';
  const early: Diagnostic[] = [];
  let podmanVersion = flags.podmanVersion;
  if (podmanVersion === undefined) {
    const detected = await detectPodmanVersion(host, review ? 'review' : 'install');
    early.push(...detected.diagnostics);
    if (detected.diagnostics.some((d) => d.severity === 'error')) return finish(io, json, early, undefined, {});
    podmanVersion = detected.version;
  }
  const scope = scopeOf(flags);
  const unitDir = unitDirOf(flags, io, host);
  const chosen = await chooseFormat(io, host, flags, podmanVersion, services, unitDir);
  const result = chosen.result;
  const diagnostics = [...early, ...result.diagnostics];
  const output = result.output;
  if (!output || !result.project) return finish(io, json, diagnostics, result.sources, {});
  const project = result.project.name;
  const dirs = installDirsOf(flags, io, host, project);
  const quadletDir = dirs.quadlet;
  if (output.format === 'kube' && services.length > 0) {
    // podman kube play runs every pod from one YAML file in one unit: there is no unit per service to start.
    return finish(io, json, [...diagnostics, diagnostic(kubeCodes.notWithKube, `\`${mode === 'diff' ? 'diff' : 'up'} SERVICE...\` cannot be used with --format kube: the project runs as one unit, \`${output.target}\``, [], { help: 'leave out the service names' })], result.sources, {});
  }
  if (output.format === 'kube' && flags.rerunJobs) {
    // The jobs run inside the project's one unit, with the long-running services: none can run again alone.
    return finish(io, json, [...diagnostics, diagnostic(kubeCodes.notWithKube, `--rerun-jobs cannot be used with --format kube: the jobs run inside the project's one unit, \`${output.target}\``, [], { help: `leave out --rerun-jobs; \`systemctl restart ${output.target}\` runs the whole project, jobs included, again` })], result.sources, {});
  }
  const only = services.length === 0 ? undefined : output.startOrder.filter((u) => services.some((s) => [serviceUnit(project, s, false), serviceUnit(project, s, true)].includes(fileOfUnit(u))));
  const input: UpInput = {
    unitDir,
    otherDirs: [quadletDir, dirs.private],
    privateDir: dirs.private,
    scope,
    apply: { project, source: markerSource(result), files: placeFiles(output.files, dirs), startOrder: output.startOrder, target: output.target },
    dependencies: output.dependencies,
    ...(only ? { only } : {}),
    ...(flags.rerunJobs && result.plan ? { rerun: jobUnits(result.plan) } : {}),
    force: flags.force ?? false,
    generated: { quadletDir, files: output.files.filter((f) => f.root === 'quadlet' && f.unit !== undefined && !f.unit.includes('@.')).map((f) => ({ file: f.name, unit: f.unit! })) },
  };
  const planned = await planUp(host, input);
  diagnostics.push(...allDiagnostics(planned.sets));
  const target = { format: output.format, podmanVersion };
  if (!json && chosen.note !== undefined) io.stderr(chosen.note);

  if (review) {
    const refused = !planned.applicable;
    if (json) {
      io.stdout(JSON.stringify({ diagnostics: toJson(diagnostics, result.sources), unitDir, ...(output.format === 'units' ? {} : { quadletDir }), ...target, ...reviewJson(planned.sets, planned.steps, refused, { showSecrets: flags.showSecrets === true }) }, null, 2) + '\n');
    } else {
      reportDiagnostics(io, diagnostics, result.sources, 'text');
      io.stdout(renderReview(planned.sets, planned.steps, refused, { showSecrets: flags.showSecrets === true }));
      if (mode === 'dry-run') {
        const n = countChanges(allChanges(planned.sets));
        const where = output.format === 'units' ? unitDir : `${unitDir} and ${quadletDir}`;
        io.stderr(`dry run: nothing was changed; up would create ${n.create}, update ${n.update} and delete ${n.delete} files in ${where} (${FORMAT_NAMES[output.format]}, podman ${podmanVersion})\n`);
      }
    }
    return diagnostics.some((d) => d.severity === 'error') ? EXIT_INVALID : EXIT_OK;
  }

  if (!planned.applicable) {
    if (!json) io.stderr(`nothing was changed; \`compose2systemd diff\` shows what up would do\n`);
    return finish(io, json, diagnostics, result.sources, { unitDir });
  }
  if (!json) reportDiagnostics(io, diagnostics, result.sources, 'text');
  const progress = createProgress(io.stdout, io.isTTY);
  const log = (text: string) => {
    if (!json) io.stdout(text);
  };
  const timeoutMs = (flags.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const run = await runUp(host, input, planned, {
    timeoutMs,
    onCommand: (argv) => log(`$ ${shellQuote(argv)}\n`),
    onFiles: (written, deleted, dir) => log(`${dir}: ${written.length} written, ${deleted.length} deleted\n`),
    ...(json ? {} : { onProgress: (statuses) => progress.update(statuses) }),
  });
  const reported = [...(json ? diagnostics : []), ...run.diagnostics];
  const units = (run.outcomes ?? []).map((o) => ({ unit: o.unit, outcome: o.outcome, state: o.status ? describeStatus(o.status) : null }));
  if (json) {
    io.stdout(JSON.stringify({ diagnostics: toJson(reported, result.sources), unitDir, ...target, restarted: planned.restart, rerun: planned.rerun, stopped: planned.stop, reset: planned.reset, removed: planned.orphans.map((c) => c.name), units, ok: run.execution.completed && run.failures.length === 0 }, null, 2) + '\n');
    return run.execution.completed && run.failures.length === 0 ? EXIT_OK : EXIT_INVALID;
  }
  reportDiagnostics(io, run.execution.diagnostics, result.sources, 'text');
  // Each unit that did not come up: its diagnostic, then the tail of its journal.
  for (const f of run.failures) {
    reportDiagnostics(io, [f.diagnostic], result.sources, 'text');
    if (f.journal.trim() !== '') io.stderr(f.journal.replace(/\s+$/, '').replace(/^/gm, '    ') + '\n');
  }
  if (!run.execution.completed) return EXIT_INVALID;
  if (run.failures.length > 0) {
    io.stdout(`${project}: ${run.failures.length} of ${units.length} units did not come up\n`);
    return EXIT_INVALID;
  }
  const up = (run.outcomes ?? []).filter((o) => o.status && classifyStatus(o.status) !== 'pending').length;
  io.stdout(timeoutMs === 0 ? `${project}: started (not waiting: --timeout 0)\n` : `${project}: ${up} units up\n`);
  return EXIT_OK;
}

/** The units of the services that run as one-shot jobs (every instance of a replicated one). */
function jobUnits(plan: ProjectPlan): string[] {
  return plan.services.filter((sp) => sp.role.job).flatMap((sp) => sp.role.instances);
}

function finish(io: CliIo, json: boolean, diagnostics: readonly Diagnostic[], sources: SourceRegistry | undefined, extra: object): number {
  const registry = sources ?? new SourceRegistry();
  if (json) io.stdout(JSON.stringify({ diagnostics: toJson(diagnostics, registry), ...extra, ok: false }, null, 2) + '\n');
  else reportDiagnostics(io, diagnostics, registry, 'text');
  return EXIT_INVALID;
}

export const FORMAT_NAMES: Readonly<Record<OutputFormat, string>> = { units: 'plain units', quadlet: 'Quadlet files', kube: 'Kubernetes YAML and a .kube unit' };

/**
 * The unit format of `up` and `diff`: the one --format names; else the one the project is installed in (a format
 * change is always asked for); else Quadlet when the target podman can carry the project in Quadlet, else plain
 * units. `note` says why the format was chosen when the user did not choose it.
 */
async function chooseFormat(io: CliIo, host: Host, flags: ProjectFlags & UpOpts, podmanVersion: string, services: readonly string[], unitDir: string): Promise<{ result: ConvertResult; note?: string }> {
  if (flags.unitFormat !== undefined) return { result: convertFromFlags(flags, io, podmanVersion, services, flags.unitFormat) };
  const quadlet = convertFromFlags(flags, io, podmanVersion, services, 'quadlet');
  const project = quadlet.project?.name;
  if (project === undefined) return { result: quadlet };
  const installed = await installedFormat(host, unitDir, quadletDirOf(flags, io, host, project), project);
  if (installed === 'kube') return { result: convertFromFlags(flags, io, podmanVersion, services, 'kube') };
  if (installed === 'quadlet' || (installed === undefined && quadlet.output)) {
    return { result: quadlet, ...(installed === undefined ? { note: `note: Quadlet files for podman ${podmanVersion}; --format units installs plain units instead\n` } : {}) };
  }
  const units = convertFromFlags(flags, io, podmanVersion, services, 'units');
  // Below podman 4.4 there is no Quadlet: plain units are the only choice, nothing to explain.
  if (installed === 'units' || !supports(podmanVersion, 'quadlet')) return { result: units };
  const why = quadlet.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`)[0] ?? '';
  return { result: units, note: `note: plain units: podman ${podmanVersion} cannot carry this project in Quadlet (${why})\n` };
}

/** The format a project is installed in, by where its ownership records are (and, in the Quadlet directory, whether they name `P.kube`). */
async function installedFormat(host: Host, unitDir: string, quadletDir: string, project: string): Promise<OutputFormat | undefined> {
  const quadletRecord = await host.readFile(recordPath(quadletDir, project));
  if (quadletRecord !== undefined) return parseRecord(quadletRecord, project)?.files.some((f) => f.name === `${project}.kube`) ? 'kube' : 'quadlet';
  if ((await host.readFile(recordPath(unitDir, project))) !== undefined) return 'units';
  return undefined;
}

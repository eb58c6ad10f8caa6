// `down`: stop the project, remove its unit files, every container and pod with its label, and its networks
// (and its volumes with --volumes). Idempotent: a second run finds nothing and changes nothing.
// Works from the record in the unit directory, so `down -p NAME` needs no compose file.
import type { Command } from 'commander';
import { createDryRunHost } from '../../apply/dry-run-host.js';
import { allChanges, allDiagnostics } from '../../apply/dir-changes.js';
import { planDown, type DownInput } from '../../apply/down.js';
import type { Host } from '../../apply/host.js';
import { executeSteps, shellQuote } from '../../apply/steps.js';
import { toJson } from '../../diagnostics/render.js';
import { SourceRegistry } from '../../source/source-file.js';
import { addQuadletDirOption, addSystemOption, addUnitDirOption, findInstalled, privateDirOf, quadletDirOf, requireHost, type UnitDirFlags } from '../apply-options.js';
import { EXIT_INVALID, EXIT_OK, type CliIo } from '../io.js';
import type { ProjectFlags } from '../project-options.js';
import { reportDiagnostics } from '../report.js';
import { countChanges, renderReview, reviewJson } from '../review.js';

interface DownOpts extends UnitDirFlags {
  readonly volumes?: boolean;
  readonly dryRun?: boolean;
  readonly force?: boolean;
}

export function registerDown(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('down')
    .description('stop the project and remove its units, its containers and pods (orphans too) and its networks; named volumes are kept unless --volumes')
    .option('-v, --volumes', "also remove the project's named volumes (never external ones): their data is lost")
    .option('--dry-run', 'change nothing: print the diff of the files to delete and the commands down would run')
    .option('--force', 'also delete unit files of the project that were edited by hand');
  addSystemOption(cmd);
  addUnitDirOption(cmd);
  addQuadletDirOption(cmd)
    .addHelpText(
      'after',
      `
Without a compose file, -p NAME is enough: the project's records name its units, in the unit directory and in
its Quadlet directory alike (--format is accepted and changes nothing: down removes every file of the project).

Examples:
  $ compose2systemd down -f compose.yaml
  $ compose2systemd down -p shop --volumes --dry-run`,
    )
    .action(async (opts: DownOpts, c: Command) => {
      setExit(await runDown(io, c.optsWithGlobals<ProjectFlags & DownOpts>(), opts));
    });
}

async function runDown(io: CliIo, flags: ProjectFlags & DownOpts, opts: DownOpts): Promise<number> {
  const real = requireHost(io);
  const host: Host = opts.dryRun ? createDryRunHost(real) : real;
  const json = flags.format === 'json';
  const found = await findInstalled(flags, io, host);
  const sources = found.sources ?? new SourceRegistry();
  if (found.name === undefined || found.unitDir === undefined || found.scope === undefined) {
    if (json) io.stdout(JSON.stringify({ diagnostics: toJson(found.diagnostics, sources), ok: false }, null, 2) + '\n');
    else reportDiagnostics(io, found.diagnostics, sources, 'text');
    return EXIT_INVALID;
  }
  const p = found.project;
  const input: DownInput = {
    unitDir: found.unitDir,
    otherDirs: [quadletDirOf(flags, io, host, found.name), privateDirOf(flags, host, found.name)],
    privateDir: privateDirOf(flags, host, found.name),
    scope: found.scope,
    project: found.name,
    networks: { own: p ? [...p.networks.values()].filter((n) => !n.external).map((n) => n.name) : [], external: p ? [...p.networks.values()].filter((n) => n.external).map((n) => n.name) : [] },
    volumes: { own: p ? [...p.volumes.values()].filter((v) => !v.external).map((v) => v.name) : [], external: p ? [...p.volumes.values()].filter((v) => v.external).map((v) => v.name) : [] },
    removeVolumes: opts.volumes ?? false,
    force: opts.force ?? false,
  };
  const plan = await planDown(host, input);
  const diagnostics = [...found.diagnostics, ...allDiagnostics(plan.sets)];
  const failed = diagnostics.some((d) => d.severity === 'error');

  if (opts.dryRun) {
    if (json) {
      io.stdout(JSON.stringify({ diagnostics: toJson(diagnostics, sources), unitDir: input.unitDir, ...reviewJson(plan.sets, plan.steps, !plan.applicable) }, null, 2) + '\n');
    } else {
      reportDiagnostics(io, diagnostics, sources, 'text');
      io.stdout(renderReview(plan.sets, plan.steps, !plan.applicable));
      io.stderr(`dry run: nothing was changed; down would delete ${countChanges(allChanges(plan.sets)).delete} files of the project${opts.volumes ? '' : '; named volumes are kept (--volumes removes them)'}\n`);
    }
    return failed ? EXIT_INVALID : EXIT_OK;
  }
  if (!json) reportDiagnostics(io, diagnostics, sources, 'text');
  if (!plan.applicable) {
    if (json) io.stdout(JSON.stringify({ diagnostics: toJson(diagnostics, sources), ok: false }, null, 2) + '\n');
    return EXIT_INVALID;
  }
  if (!plan.installed && plan.steps.length === 0) {
    if (json) io.stdout(JSON.stringify({ diagnostics: toJson(diagnostics, sources), deleted: [], containers: [], pods: [], networks: [], volumes: [], ok: true }, null, 2) + '\n');
    else io.stdout(`${input.project}: nothing to remove in ${input.unitDir}\n`);
    return EXIT_OK;
  }
  const log = (text: string) => {
    if (!json) io.stdout(text);
  };
  let deleted: readonly string[] = [];
  const result = await executeSteps(host, plan.steps, {
    unitDir: input.unitDir,
    project: input.project,
    onCommand: (argv) => log(`$ ${shellQuote(argv)}\n`),
    onFiles: (_written, gone, dir) => {
      deleted = [...deleted, ...gone];
      log(`${dir}: ${gone.length} deleted\n`);
    },
  });
  if (json) {
    io.stdout(JSON.stringify({ diagnostics: toJson([...diagnostics, ...result.diagnostics], sources), deleted, containers: plan.containers.map((c) => c.name), pods: plan.pods, networks: plan.networks, volumes: plan.volumes, ok: result.completed }, null, 2) + '\n');
    return result.completed ? EXIT_OK : EXIT_INVALID;
  }
  reportDiagnostics(io, result.diagnostics, sources, 'text');
  if (!result.completed) return EXIT_INVALID;
  const kept = opts.volumes ? '' : '; named volumes kept';
  io.stdout(`${input.project}: removed${kept}\n`);
  return EXIT_OK;
}

// The command-line program: argv -> exit code. Commands live in ./commands, one file each.
import { Command, CommanderError } from 'commander';
import { InternalError } from '../diagnostics/diagnostic.js';
import { registerCompletion } from './commands/completion.js';
import { registerConfig } from './commands/config.js';
import { registerConvert } from './commands/convert.js';
import { registerDiff } from './commands/diff.js';
import { registerDisable } from './commands/disable.js';
import { registerDown } from './commands/down.js';
import { registerEnable } from './commands/enable.js';
import { GRAPH_FORMATS, registerGraph } from './commands/graph.js';
import { registerLogs } from './commands/logs.js';
import { registerStatus } from './commands/status.js';
import { registerUp } from './commands/up.js';
import { registerValidate } from './commands/validate.js';
import { OUTPUT_FORMATS } from '../output/output.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, type CliIo } from './io.js';
import { addProjectOptions } from './project-options.js';

export const VERSION = '0.1.0';

const EXAMPLES = `
Examples:
  $ compose2systemd up --dry-run -f examples/webapp/compose.yaml   review what up would change
  $ compose2systemd convert -f compose.yaml -o units/             write the units into a folder
  $ compose2systemd config --services                              list the services of ./compose.yaml
  $ compose2systemd validate --format json -f compose.yaml         diagnostics for CI annotations

Exit codes: 0 ok (warnings allowed), 1 invalid input or a failed run, 2 usage error, 3 internal error.
Environment: COMPOSE_FILE, COMPOSE_PATH_SEPARATOR, COMPOSE_PROJECT_NAME, COMPOSE_PROFILES.`;

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('compose2systemd')
    .description('Turn a docker-compose file into systemd units that run it with podman')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .addHelpText('after', EXAMPLES);
  addProjectOptions(program);
  sortFormats(program);
  registerConfig(program, io, setExit);
  registerValidate(program, io, setExit);
  registerConvert(program, io, setExit);
  registerGraph(program, io, setExit);
  registerUp(program, io, setExit);
  registerDiff(program, io, setExit);
  registerDown(program, io, setExit);
  registerStatus(program, io, setExit);
  registerLogs(program, io, setExit);
  registerEnable(program, io, setExit);
  registerDisable(program, io, setExit);
  registerCompletion(program, io, setExit, optionChoices);
  return program;
}

/** Commands that write units, and so take a unit format besides the report format. */
const UNIT_FORMAT_COMMANDS = new Set(['convert', 'up', 'diff', 'down']);

/** The report formats a command takes (no command: those of every command). */
function reportFormats(command: string | undefined): readonly string[] {
  return command === 'graph' ? GRAPH_FORMATS : ['text', 'json'];
}

/** The unit formats a command takes. */
function unitFormats(command: string | undefined): readonly string[] {
  return command !== undefined && UNIT_FORMAT_COMMANDS.has(command) ? OUTPUT_FORMATS : [];
}

/**
 * Values of a program option that depend on the command (shell completion asks): --format takes what
 * sortFormats accepts there. Undefined: the option's own definition says.
 */
export function optionChoices(command: string | undefined, long: string): readonly string[] | undefined {
  return long === '--format' ? [...reportFormats(command), ...unitFormats(command)] : undefined;
}

/**
 * One --format for every kind of format: commander parses the program's options wherever they appear, so a
 * command-level --format could never be told apart. Its values (repeated, or comma-separated) are sorted
 * into the report format (text, json; graph also dot, mermaid) and the unit format (units, quadlet, kube) of
 * the commands that write units; anything else is a usage error before the command runs.
 */
function sortFormats(program: Command): void {
  program.hook('preAction', (_program, action) => {
    const given: unknown = action.optsWithGlobals()['format'];
    const values = Array.isArray(given) ? (given as string[]) : [];
    const name = action.name();
    const reportChoices = reportFormats(name);
    const unitChoices = unitFormats(name);
    let report: string | undefined;
    let unit: string | undefined;
    for (const v of values) {
      const isReport = (reportChoices as readonly string[]).includes(v);
      const isUnit = (unitChoices as readonly string[]).includes(v);
      const allowed = [...reportChoices, ...unitChoices].join(', ');
      if (!isReport && !isUnit) action.error(`error: option '--format <format>' argument '${v}' is invalid for ${name}. Allowed choices are ${allowed}.`, { exitCode: 2, code: 'commander.invalidArgument' });
      const clash = isReport ? report : unit;
      if (clash !== undefined && clash !== v) action.error(`error: option '--format' names two ${isReport ? 'report' : 'unit'} formats: ${clash} and ${v}`, { exitCode: 2, code: 'commander.invalidArgument' });
      if (isReport) report = v;
      else unit = v;
    }
    program.setOptionValue('format', report ?? 'text');
    program.setOptionValue('unitFormat', unit);
  });
}

/** Runs one command line; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(followFlagOfLogs(argv), { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    io.stderr(`${describeInternalError(err)}\nThis is a bug in compose2systemd. Please report it with the command line and the compose file.\n`);
    return EXIT_INTERNAL;
  }
}

/** One line for a bug: its message and where it was thrown (the first stack frame), never a whole stack trace. */
export function describeInternalError(err: unknown): string {
  if (!(err instanceof Error)) return `internal error: ${String(err)}`;
  const frame = err instanceof InternalError ? undefined : err.stack?.split('\n').find((l) => l.trim().startsWith('at '))?.trim();
  return `internal error: ${err.message.split('\n')[0]}${frame ? ` (${frame})` : ''}`;
}

/** Program options that take a value: their value is not the command name. */
const VALUE_OPTIONS = new Set(['-f', '--file', '-p', '--project-name', '--project-directory', '--env-file', '--profile', '--format']);

/**
 * `logs -f` follows, as in `docker compose logs -f`, while `-f` before the command names a file. Commander
 * reads program options anywhere, so after the command name `logs`, `-f` is rewritten to `--follow`.
 */
export function followFlagOfLogs(argv: readonly string[]): string[] {
  const out = [...argv];
  let i = 0;
  while (i < out.length && out[i]!.startsWith('-') && out[i] !== '--') i += VALUE_OPTIONS.has(out[i]!) ? 2 : 1;
  if (out[i] !== 'logs') return out;
  for (let j = i + 1; j < out.length && out[j] !== '--'; j++) {
    if (out[j] === '-f') out[j] = '--follow';
    else if (VALUE_OPTIONS.has(out[j]!) || out[j] === '-n' || out[j] === '--lines') j++;
  }
  return out;
}

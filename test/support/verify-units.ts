// Test helper: runs `systemd-analyze verify` on rendered units, offline, and (for escape tests) reads back
// what systemd parsed from its debug dump. Needs systemd-analyze and podman (verify checks that the
// ExecStart binary exists); without them every call returns `skipped` with the reason.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface UnitText {
  readonly name: string;
  readonly text: string;
}

export interface VerifyOptions {
  /** Verify as user units (`--user`, with a private XDG_RUNTIME_DIR). Default: system units. */
  readonly user?: boolean;
}

export interface VerifyResult {
  /** Set when the check could not run; the reason is meant to be shown by the test. */
  readonly skipped?: string;
  readonly stderr: string;
  readonly exitCode: number;
  /** The files passed to systemd-analyze (Quadlet files and other non-units are written but not verified). */
  readonly verified: readonly string[];
}

/** Suffixes systemd-analyze verify accepts. */
const UNIT_SUFFIX = /\.(service|socket|device|mount|automount|swap|target|path|timer|slice|scope)$/;

let hostSystemd: number | undefined;

/**
 * The text as the host's systemd can check it: RestartMode= (systemd 254) is dropped where the host's systemd is
 * older, only for the check (the units are written for the target's systemd, see capabilities.ts).
 */
function hostSystemdText(text: string): string {
  hostSystemd ??= Number(/systemd (\d+)/.exec(spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? 0);
  return hostSystemd >= 254 ? text : text.replace(/^RestartMode=.*\n/gm, '');
}

let toolsProblem: string | undefined | null = null;

/** Why the helper cannot run here, or undefined when it can. Checked once per process. */
export function verifyUnavailable(): string | undefined {
  if (toolsProblem !== null) return toolsProblem;
  const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  if (analyze.error || analyze.status !== 0) toolsProblem = 'systemd-analyze is not installed (apt-get install systemd)';
  else if (spawnSync('podman', ['--version'], { encoding: 'utf8' }).status !== 0) {
    toolsProblem = 'podman is not installed; systemd-analyze verify needs the ExecStart binary (apt-get install podman)';
  } else toolsProblem = undefined;
  return toolsProblem;
}

/**
 * Writes all units into one fresh directory (so Requires=/After= between siblings resolve: verify adds the
 * directories of the files it is given to the unit search path) and verifies the systemd units among them.
 */
export async function verifyUnits(units: readonly UnitText[], options: VerifyOptions = {}): Promise<VerifyResult> {
  const run = await runAnalyze(units, options, false);
  return run.skipped !== undefined ? { skipped: run.skipped, stderr: '', exitCode: 0, verified: [] } : run;
}

export interface ParsedCommand {
  /** The directive, e.g. `ExecStart`. One directive may hold several commands. */
  readonly key: string;
  /** argv as systemd stores it after unquoting and specifier expansion, before `$VAR` expansion at exec time. */
  readonly argv: readonly string[];
}

export interface UnitDump {
  readonly skipped?: string;
  readonly stderr: string;
  readonly description?: string;
  /** `KEY=value` items of Environment=, in order. */
  readonly environment: readonly string[];
  readonly commands: readonly ParsedCommand[];
}

/**
 * What systemd parsed from one unit: verify with debug logging dumps every loaded unit, including each
 * command line re-quoted by systemd (shell style). The dump is a debug format of systemd 252; if it cannot
 * be found the result is `skipped`. Values with a raw newline followed by two tabs cannot be told apart
 * from the next dump line.
 */
export async function dumpUnit(units: readonly UnitText[], unitName: string, options: VerifyOptions = {}): Promise<UnitDump> {
  const run = await runAnalyze(units, options, true);
  if (run.skipped !== undefined) return { skipped: run.skipped, stderr: '', environment: [], commands: [] };
  const start = run.stdout.indexOf(`\t-> Unit ${unitName}:\n`);
  if (start < 0) return { skipped: `no debug dump for ${unitName} in systemd-analyze output (format changed?)`, stderr: run.stderr, environment: [], commands: [] };
  const rest = run.stdout.slice(start + 1);
  const end = rest.indexOf('\n\t-> Unit ');
  const block = end < 0 ? rest : rest.slice(0, end);
  return { stderr: run.stderr, ...parseDump(block) };
}

interface AnalyzeRun extends VerifyResult {
  readonly stdout: string;
}

async function runAnalyze(units: readonly UnitText[], options: VerifyOptions, debug: boolean): Promise<AnalyzeRun> {
  const unavailable = verifyUnavailable();
  if (unavailable) return { skipped: unavailable, stdout: '', stderr: '', exitCode: 0, verified: [] };
  const dir = await mkdtemp(join(tmpdir(), 'c2s-verify-'));
  try {
    const unitDir = join(dir, 'units');
    await mkdir(unitDir);
    for (const u of units) await writeFile(join(unitDir, u.name), hostSystemdText(u.text));
    const verified = units.map((u) => u.name).filter((n) => UNIT_SUFFIX.test(n));
    if (verified.length === 0) return { skipped: 'no systemd unit files among the given files', stdout: '', stderr: '', exitCode: 0, verified };
    const env: NodeJS.ProcessEnv = { ...process.env, SYSTEMD_PAGER: '', SYSTEMD_COLORS: '0' };
    delete env.SYSTEMD_LOG_LEVEL;
    if (debug) env.SYSTEMD_LOG_LEVEL = 'debug';
    const args = ['verify', '--man=no'];
    if (options.user) {
      // The user manager needs a runtime directory; a private one keeps the host's out of the check.
      const runtime = join(dir, 'runtime');
      await mkdir(runtime, { mode: 0o700 });
      env.XDG_RUNTIME_DIR = runtime;
      args.push('--user');
    }
    args.push(...verified.map((n) => join(unitDir, n)));
    const { stdout, stderr, code } = await run('systemd-analyze', args, env, unitDir);
    // In debug mode stderr is the debug log itself; only the normal mode's stderr is a verdict.
    return { stdout, stderr: debug ? '' : stderr, exitCode: code, verified };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code: code ?? -1 });
    });
  });
}

function parseDump(block: string): Omit<UnitDump, 'skipped' | 'stderr'> {
  const lines = block.split('\n');
  const environment: string[] = [];
  const commands: ParsedCommand[] = [];
  let description: string | undefined;
  // A value printed raw may span lines; it ends where the next `\t\t` dump line starts.
  const rawValue = (i: number, prefix: string): [string, number] => {
    let value = lines[i]!.slice(prefix.length);
    let j = i + 1;
    while (j < lines.length && !lines[j]!.startsWith('\t\t')) value += '\n' + lines[j++]!;
    return [value, j];
  };
  for (let i = 0; i < lines.length; ) {
    const line = lines[i]!;
    if (line.startsWith('\t\tDescription: ')) {
      [description, i] = rawValue(i, '\t\tDescription: ');
    } else if (line.startsWith('\t\tEnvironment: ')) {
      const [value, next] = rawValue(i, '\t\tEnvironment: ');
      environment.push(value);
      i = next;
    } else if (/^\t\t-> Exec\w+:$/.test(line)) {
      const key = line.slice(5, -1);
      i++;
      while (i < lines.length && lines[i]!.startsWith('\t\t\t')) {
        const l = lines[i++]!;
        if (l.startsWith('\t\t\tCommand Line: ')) commands.push({ key, argv: parseShellQuoted(l.slice('\t\t\tCommand Line: '.length)) });
      }
    } else i++;
  }
  return { ...(description !== undefined ? { description } : {}), environment, commands };
}

const DUMP_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };

/** Reads systemd's quote_command_line() output: raw words, or "..." with backslash and octal escapes. */
export function parseShellQuoted(line: string): string[] {
  const words: string[] = [];
  const enc = new TextEncoder();
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    const bytes: number[] = [];
    if (line[i] === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\') {
          const c = line[i + 1]!;
          if (/[0-7]/.test(c)) {
            bytes.push(parseInt(line.slice(i + 1, i + 4), 8));
            i += 4;
          } else {
            bytes.push(DUMP_ESCAPES[c] ?? c.charCodeAt(0));
            i += 2;
          }
        } else {
          const cp = line.codePointAt(i)!;
          const ch = String.fromCodePoint(cp);
          bytes.push(...enc.encode(ch));
          i += ch.length;
        }
      }
      i++; // closing quote
    } else {
      const endWord = line.indexOf(' ', i);
      const raw = line.slice(i, endWord < 0 ? line.length : endWord);
      bytes.push(...enc.encode(raw));
      i += raw.length;
    }
    words.push(new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes)));
  }
  return words;
}

// e2e harness, host side: argv -> {code, stdout, stderr} for processes the harness starts on the host.
// Timeouts kill only the process started here (by its PID); a timeout is a harness failure and throws.
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface HostCommandOptions {
  readonly input?: string | Uint8Array;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Throw when the exit code is not 0 (the error carries stdout/stderr tails). */
  readonly check?: boolean;
}

export class CommandFailedError extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly result: CommandResult,
  ) {
    super(describeFailure(argv, result));
    this.name = 'CommandFailedError';
  }
}

const DEFAULT_TIMEOUT_MS = 300_000;

export function runHostCommand(argv: readonly string[], opts: HostCommandOptions = {}): Promise<CommandResult> {
  const [file, ...args] = argv;
  if (file === undefined) return Promise.reject(new Error('runHostCommand: empty argv'));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: opts.env === undefined ? process.env : { ...process.env, ...opts.env },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) killQuietly(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${file}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result: CommandResult = {
        code: code ?? 128 + signalNumber(signal),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      };
      if (timedOut) {
        reject(new Error(`timed out after ${timeoutMs} ms: ${argv.join(' ')}\n${tail(result.stderr)}`));
      } else if (opts.check === true && result.code !== 0) {
        reject(new CommandFailedError(argv, result));
      } else {
        resolve(result);
      }
    });
    if (opts.input !== undefined && child.stdin !== null) {
      // the command may exit before reading all of its input; that is its business, not an error here
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.input);
    }
  });
}

/** Only for exit/signal hooks, where nothing asynchronous runs any more. */
export function runHostCommandSync(argv: readonly string[], timeoutMs = 30_000): CommandResult {
  const [file, ...args] = argv;
  if (file === undefined) return { code: 127, stdout: '', stderr: 'empty argv' };
  const r = spawnSync(file, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
  return {
    code: r.status ?? 128 + signalNumber(r.signal),
    stdout: r.stdout?.toString('utf8') ?? '',
    stderr: r.stderr?.toString('utf8') ?? r.error?.message ?? '',
  };
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Blocks the thread; used only where the event loop no longer runs (exit hooks). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function tail(text: string, lines = 25): string {
  const all = text.trimEnd().split('\n');
  return all.slice(Math.max(0, all.length - lines)).join('\n');
}

function describeFailure(argv: readonly string[], r: CommandResult): string {
  const parts = [`exit ${r.code}: ${argv.join(' ')}`];
  if (r.stdout.trim() !== '') parts.push(`--- stdout (tail)\n${tail(r.stdout)}`);
  if (r.stderr.trim() !== '') parts.push(`--- stderr (tail)\n${tail(r.stderr)}`);
  return parts.join('\n');
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === null ? 0 : constants.signals[signal];
}

// Stage 11, apply: a unit's status as systemd reports it -> the faults `status` shows: how the container's
// main process last ended, whether systemd gave up on the unit, an OOM kill, and one short phrase saying why
// a unit is down. Pure; no codes.
import type { UnitStatus } from './systemctl.js';

/** How the main process of the unit's latest run ended (systemd's ExecMainCode and ExecMainStatus). */
export interface LastExit {
  /** `exited` with a status, `killed` by a signal, `dumped` core on a signal. */
  readonly code: 'exited' | 'killed' | 'dumped';
  /** The exit status, or the signal's number when killed or dumped. */
  readonly status: number;
  /**
   * The signal that ended it: the one systemd saw, or, for an exit status 129-159, the signal podman's
   * convention encodes (128 + N: the container's process was killed by signal N, e.g. 137 = SIGKILL).
   */
  readonly signal?: string;
}

export interface UnitFaults {
  /** systemd's `Result`: `success`, `exit-code`, `signal`, `core-dump`, `oom-kill`, `start-limit-hit`, `timeout`... */
  readonly result: string;
  /** Null while the latest run's main process runs, and when it never ran. */
  readonly lastExit: LastExit | null;
  /** systemd says so (Result=oom-kill), or podman does for a container that still exists (exit 137, OOMKilled). */
  readonly oomKilled: boolean;
  /** The unit is failed and systemd will not start it again by itself: start limit hit, or restarts used up. */
  readonly gaveUp: boolean;
  /** Why the unit is down or restarting, in a few words; undefined when nothing went wrong. */
  readonly fault: string | undefined;
}

// Linux signal numbers (x86, arm: the architectures podman runs on).
const SIGNALS = ['', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1', 'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', 'SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGSYS'];

export function signalName(n: number): string {
  return SIGNALS[n] || `signal ${n}`;
}

export function lastExitOf(s: UnitStatus): LastExit | null {
  const status = s.exitStatus ?? 0;
  switch (s.exitCode) {
    case 1:
      return status > 128 && status < 128 + SIGNALS.length ? { code: 'exited', status, signal: signalName(status - 128) } : { code: 'exited', status };
    case 2:
      return { code: 'killed', status, signal: signalName(status) };
    case 3:
      return { code: 'dumped', status, signal: signalName(status) };
    default:
      return null;
  }
}

/**
 * `containerOomKilled`: podman's `State.OOMKilled` of the unit's container when it still exists (the units
 * run containers with `--rm`, so mostly it does not), undefined otherwise.
 */
export function unitFaults(s: UnitStatus, containerOomKilled?: boolean): UnitFaults {
  const lastExit = lastExitOf(s);
  const failed = s.activeState === 'failed';
  // A failed unit with a restart policy that was restarted: systemd stopped restarting it (its burst used up).
  const gaveUp = failed && (s.result === 'start-limit-hit' || (s.restartPolicy !== '' && s.restartPolicy !== 'no' && (s.restarts ?? 0) > 0));
  const oomKilled = s.result === 'oom-kill' || (containerOomKilled === true && lastExit?.status === 137);
  return { result: s.result, lastExit, oomKilled, gaveUp, fault: faultPhrase(s, lastExit, oomKilled, gaveUp) };
}

/** `exit 1`, `killed by SIGKILL, exit 137`, `killed by SIGKILL`, `core dump, SIGSEGV`. */
export function describeExit(e: LastExit): string {
  if (e.code === 'killed') return `killed by ${e.signal}`;
  if (e.code === 'dumped') return `core dump, ${e.signal}`;
  if (e.signal !== undefined) return `killed by ${e.signal}, exit ${e.status}`;
  return e.status === 125 ? 'exit 125, podman could not run the container' : `exit ${e.status}`;
}

const RESULTS: Readonly<Record<string, string>> = {
  timeout: 'timed out',
  'exit-code': 'a start or stop step failed',
  signal: 'killed by a signal',
  'core-dump': 'dumped core',
  watchdog: 'watchdog timeout',
  resources: 'could not set up its resources',
  protocol: 'broke the start protocol',
};

function faultPhrase(s: UnitStatus, lastExit: LastExit | null, oomKilled: boolean, gaveUp: boolean): string | undefined {
  const exit = lastExit && (lastExit.code !== 'exited' || lastExit.status !== 0) ? describeExit(lastExit) : undefined;
  const oom = oomKilled ? 'oom-killed' : undefined;
  // An OOM kill says more than the SIGKILL it was.
  const why = oom ?? exit ?? '';
  if (gaveUp) {
    const n = s.restarts ?? 0;
    const after = `gave up after ${n} restart${n === 1 ? '' : 's'}`;
    return why === '' ? after : `${after} (last: ${why})`;
  }
  if (s.activeState === 'failed') {
    if (why !== '') return `failed (${why})`;
    if (lastExit === null && s.result === 'exit-code') return 'failed before its container started';
    return `failed (${RESULTS[s.result] ?? s.result})`;
  }
  // Between a crash and systemd's automatic restart.
  if (s.subState === 'auto-restart') return why === '' ? 'restarting' : `restarting after ${why}`;
  if (oom) return oom;
  return undefined;
}

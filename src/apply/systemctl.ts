// Stage 11, apply: a systemd driver on top of Host: argv for systemctl/journalctl/loginctl (pure), parsing of
// `systemctl show` (pure), and the calls themselves. Reports no codes: callers judge the RunResults.
import type { Host, RunResult } from './host.js';

/** `user`: `systemctl --user` and units in ~/.config/systemd/user; `system`: root's units in /etc/systemd/system. */
export type Scope = 'user' | 'system';

/** Verbs that change the machine; `--dry-run` prints them instead of running them. */
export type MutatingVerb = 'daemon-reload' | 'start' | 'stop' | 'restart' | 'enable' | 'disable' | 'reset-failed';

export function systemctlArgv(scope: Scope, verb: MutatingVerb | 'show' | 'is-active', units: readonly string[] = [], flags: readonly string[] = []): string[] {
  return ['systemctl', ...(scope === 'user' ? ['--user'] : []), verb, ...flags, ...units];
}

/** The properties `status` and `up` read; `Job` is printed only while a job is queued or running. */
export const STATUS_PROPERTIES = ['Id', 'LoadState', 'ActiveState', 'SubState', 'Result', 'NRestarts', 'Restart', 'ExecMainCode', 'ExecMainStatus', 'ExecMainStartTimestampMonotonic', 'Job', 'DropInPaths'] as const;

export function showArgv(scope: Scope, units: readonly string[], properties: readonly string[] = STATUS_PROPERTIES): string[] {
  return systemctlArgv(scope, 'show', units, [`--property=${properties.join(',')}`]);
}

export interface JournalOptions {
  /** Last N lines. */
  readonly lines?: number;
  readonly follow?: boolean;
}

/**
 * journalctl for some units. User units are matched with `--user-unit=`, which finds their entries both in
 * the user's journal and in the system journal; `journalctl --user -u` misses the latter.
 */
export function journalArgv(scope: Scope, units: readonly string[], options: JournalOptions = {}): string[] {
  const match = scope === 'user' ? '--user-unit=' : '--unit=';
  return [
    'journalctl',
    '--no-pager',
    '--output=short-iso',
    ...(options.lines !== undefined ? [`--lines=${options.lines}`] : []),
    ...(options.follow ? ['--follow'] : []),
    ...units.map((u) => match + u),
  ];
}

export function lingerArgv(user: string): string[] {
  return ['loginctl', 'show-user', user, '--property=Linger'];
}

/**
 * `systemctl show` output -> one property map per unit, in the order the units were given. Units are
 * separated by an empty line; a value is everything after the first `=` and may be empty.
 */
export function parseShow(text: string): Map<string, string>[] {
  const blocks: Map<string, string>[] = [];
  let current: Map<string, string> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') {
      current = undefined;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    if (!current) {
      current = new Map();
      blocks.push(current);
    }
    current.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return blocks;
}

export interface UnitStatus {
  readonly unit: string;
  /** `loaded`, `not-found`, `bad-setting`, `error`, `masked`. */
  readonly loadState: string;
  /** `active`, `inactive`, `failed`, `activating`, `deactivating`, `reloading`... */
  readonly activeState: string;
  readonly subState: string;
  /** `success`, `exit-code`, `signal`, `timeout`, `start-limit-hit`... */
  readonly result: string;
  readonly restarts: number | undefined;
  /** The unit's `Restart=` (`no`, `on-failure`, `always`...); empty when systemd did not say. */
  readonly restartPolicy: string;
  /**
   * How the main process of the unit's latest run ended (`ExecMainCode`): 1 exited, 2 killed by a signal,
   * 3 dumped core; 0 or undefined while it runs or when it never ran (systemd resets it at each start).
   */
  readonly exitCode: number | undefined;
  /** With `exitCode` 1 the exit status; with 2 or 3 the signal's number (`ExecMainStatus`). */
  readonly exitStatus: number | undefined;
  /** A start or stop job is queued or running. */
  readonly jobPending: boolean;
  /** false when systemd says the main process never ran (its start was cancelled, e.g. a dependency failed). */
  readonly mainStarted?: boolean;
  /** The drop-in files systemd read for the unit (`P-web.service.d/*.conf`, `systemctl edit`), as it lists them. */
  readonly dropIns: readonly string[];
}

export function toUnitStatus(unit: string, props: ReadonlyMap<string, string>): UnitStatus {
  const num = (key: string) => {
    const v = props.get(key);
    return v === undefined || v === '' || !/^\d+$/.test(v) ? undefined : Number(v);
  };
  const job = props.get('Job') ?? '';
  return {
    unit,
    loadState: props.get('LoadState') ?? '',
    activeState: props.get('ActiveState') ?? '',
    subState: props.get('SubState') ?? '',
    result: props.get('Result') ?? '',
    restarts: num('NRestarts'),
    restartPolicy: props.get('Restart') ?? '',
    exitCode: num('ExecMainCode'),
    exitStatus: num('ExecMainStatus'),
    jobPending: job !== '' && job !== '0',
    dropIns: (props.get('DropInPaths') ?? '').split(/\s+/).filter((p) => p !== ''),
    ...(props.has('ExecMainStartTimestampMonotonic') ? { mainStarted: props.get('ExecMainStartTimestampMonotonic') !== '0' } : {}),
  };
}

/** Where a unit stands for `up`: still on its way, or settled one way or the other. */
export type Progress = 'pending' | 'active' | 'exited' | 'failed';

export function classifyStatus(status: UnitStatus): Progress {
  if (status.loadState !== '' && status.loadState !== 'loaded') return 'failed';
  if (status.activeState === 'failed') return 'failed';
  // Active with a job queued: a restart (of a changed unit, of a job run again) has not begun yet.
  if (status.activeState === 'active') return status.jobPending ? 'pending' : 'active';
  if (status.jobPending) return 'pending';
  // Finished without a job: a container that ran and exited 0, a unit its ExecCondition= skipped (an image
  // pull or build with nothing to do), or a start that gave up or never ran (its job was cancelled because a
  // unit it requires failed).
  if (status.activeState === 'inactive') {
    if (status.result === 'exec-condition') return 'exited';
    return status.mainStarted !== false && (status.result === '' || status.result === 'success') ? 'exited' : 'failed';
  }
  return 'pending';
}

export interface SystemdDriver {
  readonly scope: Scope;
  /** Runs a mutating verb; `units` may be empty (daemon-reload). */
  run(verb: MutatingVerb, units?: readonly string[], flags?: readonly string[]): Promise<RunResult>;
  /** The status of each unit, in the given order; undefined when `systemctl show` itself failed. */
  status(units: readonly string[]): Promise<{ statuses: UnitStatus[] | undefined; result: RunResult }>;
  /** The last lines of the units' journal (empty text when journalctl fails). */
  journal(units: readonly string[], options?: JournalOptions): Promise<RunResult>;
  /** Whether the user lingers (user units keep running after logout); undefined when loginctl cannot say. */
  lingers(user: string): Promise<boolean | undefined>;
}

export function createSystemdDriver(host: Host, scope: Scope): SystemdDriver {
  return {
    scope,
    run(verb, units = [], flags = []) {
      return host.run(systemctlArgv(scope, verb, units, flags));
    },
    async status(units) {
      const result = await host.run(showArgv(scope, units));
      if (result.code !== 0) return { statuses: undefined, result };
      const blocks = parseShow(result.stdout);
      if (blocks.length !== units.length) return { statuses: undefined, result };
      return { statuses: units.map((u, i) => toUnitStatus(u, blocks[i] ?? new Map())), result };
    },
    journal(units, options = {}) {
      return host.run(journalArgv(scope, units, options), options.follow ? { passthrough: true } : {});
    },
    async lingers(user) {
      const result = await host.run(lingerArgv(user));
      if (result.code !== 0) return undefined;
      const value = parseShow(result.stdout)[0]?.get('Linger');
      return value === 'yes' ? true : value === 'no' ? false : undefined;
    },
  };
}

/** How long waitForUnits sleeps between two `systemctl show` polls unless told otherwise. */
export const POLL_INTERVAL_MS = 500;

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /**
   * Each unit -> the units it cannot start without. A unit still pending while one of those has failed counts as
   * failed: its start check refuses every retry (a restart policy keeps it in auto-restart until the timeout),
   * and compose, too, fails `up` at once for the dependents of a dependency that failed.
   */
  readonly blockers?: ReadonlyMap<string, readonly string[]>;
  /** Called after every poll with the current statuses, for live progress. */
  readonly onProgress?: (statuses: readonly UnitStatus[]) => void;
}

export interface WaitOutcome {
  readonly unit: string;
  /** `timeout` when the unit was still pending at the deadline (or its status could not be read). */
  readonly outcome: Exclude<Progress, 'pending'> | 'timeout';
  readonly status: UnitStatus | undefined;
}

/** Polls until every unit is active, exited or failed, or until the timeout. One outcome per unit, in order. */
export async function waitForUnits(host: Host, driver: SystemdDriver, units: readonly string[], options: WaitOptions): Promise<WaitOutcome[]> {
  const deadline = host.now() + options.timeoutMs;
  const interval = options.intervalMs ?? POLL_INTERVAL_MS;
  let last: UnitStatus[] | undefined;
  for (;;) {
    const { statuses } = await driver.status(units);
    if (statuses) {
      last = statuses;
      options.onProgress?.(statuses);
      if (settle(statuses, options.blockers).every((p) => p !== 'pending')) break;
    }
    if (host.now() >= deadline) break;
    await host.sleep(Math.max(0, Math.min(interval, deadline - host.now())));
  }
  const progress = last ? settle(last, options.blockers) : [];
  return units.map((unit, i) => {
    const p = progress[i] ?? 'pending';
    return { unit, outcome: p === 'pending' ? 'timeout' : p, status: last?.[i] };
  });
}

/** classifyStatus of each unit, with a pending unit whose blocker failed as failed; `statuses` dependencies first. */
function settle(statuses: readonly UnitStatus[], blockers: ReadonlyMap<string, readonly string[]> | undefined): Progress[] {
  const failed = new Set<string>();
  return statuses.map((s) => {
    let p = classifyStatus(s);
    if (p === 'pending' && (blockers?.get(s.unit) ?? []).some((b) => failed.has(b))) p = 'failed';
    if (p === 'failed') failed.add(s.unit);
    return p;
  });
}

// Stage 11, apply: `up` = planned units x unit directory (through Host) -> steps (plan, read-only), then
// steps -> a running project (run), waiting for each unit. Reports C801-C809 (through what it calls).
//
// Order of a run, and why:
//   1. owe: write the pending work (reload, units to stop, units to restart) before anything changes, so a
//      run that dies anywhere below is finished by the next one (see pending.ts);
//   2. stop the units that leave the project (while their unit files still exist);
//   3. write and delete the unit files (apply-changes.ts, crash-safe);
//   4. daemon-reload;
//   5. reset-failed the units this run starts that are `failed` or at their start limit (read with
//      `systemctl show` while planning): systemd counts every start against StartLimitBurst=, manual ones
//      too, until a reset, and a deployment gives them a fresh start, as docker compose would;
//   5b. remove the project's containers that no running unit owns (left running by a `systemctl kill` that
//      took conmon, made by hand): a unit's `podman run --replace` cannot take their name over, so the start
//      would fail once;
//   6. restart the units whose file changed and their dependents, among the units the plan starts (a
//      created unit is not restarted: step 8 starts it; a unit scaled to 0 is not in the start order);
//   6b. with --rerun-jobs, restart the one-shot jobs: a completed job stays active (RemainAfterExit=yes), so
//      step 8 alone never runs it again;
//   7. settle: clear the pending work;
//   8. start the target (or the named services): idempotent, so a re-run with nothing changed makes this
//      single call, which also brings back a project someone stopped by hand.
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { applyCodes } from './codes.js';
import type { Host } from './host.js';
import { coversPending, isPendingEmpty, mergePending, parsePending, pendingPath, type PendingWork } from './pending.js';
import type { ApplyInput } from './plan-files.js';
import { allApplicable, allChanges, filesSteps, installDirs, planDirChanges, type DirChanges } from './dir-changes.js';
import { removeContainersStep, unownedContainers, type ProjectContainer } from './project-containers.js';
import { parseRecord, recordPath } from './record.js';
import { restartSet } from './restart-set.js';
import { executeSteps, type ExecuteContext, type ExecuteResult, type Step } from './steps.js';
import { createSystemdDriver, systemctlArgv, waitForUnits, type Scope, type UnitStatus, type WaitOutcome } from './systemctl.js';
import { describeExit, lastExitOf } from './unit-faults.js';
import { definesUnit, dependencyClosure, fileOfUnit, unitOfFile, unitsOfFile, unitsOfFiles } from './unit-instances.js';

/** Unit-level edges as the planner gives them (`Plan.dependencies`). */
export interface UnitEdges {
  readonly unit: string;
  readonly requires: readonly string[];
  /** Of `requires`, those whose failure does not keep the unit from starting. */
  readonly optional?: readonly string[];
}

export interface UpInput {
  /** systemd's unit directory: the pending work is kept there. */
  readonly unitDir: string;
  /** Other directories that hold (or held) files of the project, such as its Quadlet directory. */
  readonly otherDirs?: readonly string[];
  /** Of those, the project's private directory (files of values that are not public; see dir-changes.ts). */
  readonly privateDir?: string;
  readonly scope: Scope;
  readonly apply: ApplyInput;
  readonly dependencies: readonly UnitEdges[];
  /** Quadlet files the generator must turn into units at the daemon-reload, and the folder they are in. */
  readonly generated?: { readonly quadletDir: string; readonly files: readonly { readonly file: string; readonly unit: string }[] };
  /** `up SERVICE...`: the units to start instead of the target; their dependencies come along. */
  readonly only?: readonly string[];
  /** `up --rerun-jobs`: the units of one-shot jobs, run again even when they completed before. */
  readonly rerun?: readonly string[];
  readonly force: boolean;
}

export interface UpPlan {
  /** The changes of each directory, the unit directory first. */
  readonly sets: readonly DirChanges[];
  /** Empty when the change set is refused (a conflict without --force). */
  readonly steps: readonly Step[];
  /** Whether the changes may be applied; false means: report `set.diagnostics` and stop. */
  readonly applicable: boolean;
  /** Units whose file changed that this run restarts, and units it stops. */
  readonly restart: readonly string[];
  /** Jobs this run runs again (`--rerun-jobs`), apart from those in `restart`. */
  readonly rerun: readonly string[];
  readonly stop: readonly string[];
  /** Units found `failed` or at their start limit, which this run resets before starting them. */
  readonly reset: readonly string[];
  /** Containers with the project's label that no running unit owns, which this run removes before starting. */
  readonly orphans: readonly ProjectContainer[];
  /** The units to wait for after the start, dependencies first. */
  readonly wait: readonly string[];
}

export function edgeMap(edges: readonly UnitEdges[]): Map<string, readonly string[]> {
  return new Map(edges.map((e) => [e.unit, e.requires]));
}

/**
 * The units among `units` that systemd would refuse to start or reports as failed: ActiveState=failed or
 * Result=start-limit-hit. Empty when `systemctl show` fails: the commands that follow report that problem.
 */
export async function unitsToReset(host: Host, scope: Scope, units: readonly string[]): Promise<string[]> {
  if (units.length === 0) return [];
  const { statuses } = await createSystemdDriver(host, scope).status(units);
  return (statuses ?? []).filter((s) => s.activeState === 'failed' || s.result === 'start-limit-hit').map((s) => s.unit);
}

/** Reads the unit directory and the state of the units it starts, and decides every step; changes nothing. */
export async function planUp(host: Host, input: UpInput): Promise<UpPlan> {
  const { apply, unitDir, scope } = input;
  const dirs = installDirs(unitDir, input.otherDirs ?? []);
  const sets = await planDirChanges(host, apply, unitDir, dirs, input.force, input.privateDir);
  const order = apply.startOrder.filter((u) => u !== apply.target);
  const deps = edgeMap(input.dependencies);
  const closure = input.only ? dependencyClosure(input.only, deps, order) : order;
  const wait = input.only ? closure : apply.startOrder;
  if (!allApplicable(sets)) return { sets, steps: [], applicable: false, restart: [], rerun: [], stop: [], reset: [], orphans: [], wait };

  const pendingText = await host.readFile(pendingPath(unitDir, apply.project));
  const owed = parsePending(pendingText, apply.project);
  const before = await previousStartOrder(host, dirs, apply.project);

  // Changed files -> their running units -> those and their dependents. Only units the plan starts count.
  const changes = allChanges(sets);
  // A changed file that is not a unit (an env file, a secret's value) restarts the units that read it.
  const readers = new Map(apply.files.filter((f) => f.readers !== undefined).map((f) => [f.path, f.readers!]));
  const changed = changes.filter((c) => c.kind === 'update' && c.bodyChanged).flatMap((c) => readers.get(c.name) ?? [c.name]);
  const fresh = restartSet(unitsOfFiles(changed, order), deps, order).filter((u) => order.includes(u));
  const wanted = new Set(apply.files.map((f) => unitOfFile(f.path)));
  const leaving = new Set<string>();
  for (const unit of before) if (unit !== apply.target && !order.includes(unit)) leaving.add(unit);
  for (const c of changes) {
    if (c.kind !== 'delete' || !definesUnit(c.name)) continue;
    const units = unitsOfFile(c.name, before);
    for (const u of units.length > 0 || c.name.includes('@') ? units : [unitOfFile(c.name)]) leaving.add(u);
  }
  const touchesUnits = changes.some((c) => c.kind !== 'unchanged');
  const work: PendingWork = mergePending(
    { reload: owed.reload, stop: owed.stop.filter((u) => !order.includes(u) && !wanted.has(fileOfUnit(u))), restart: owed.restart.filter((u) => order.includes(u)) },
    { reload: touchesUnits, stop: [...leaving], restart: fresh },
  );
  const restartNow = closure.filter((u) => work.restart.includes(u));
  const rerun = closure.filter((u) => input.rerun?.includes(u) && !restartNow.includes(u));
  const left: PendingWork = { reload: false, stop: [], restart: work.restart.filter((u) => !restartNow.includes(u)) };
  // Only what this run starts: `up SERVICE` leaves the failure of a unit outside its reach on record.
  const reset = await unitsToReset(host, scope, wait);
  const orphans = await unownedContainers(host, scope, apply.project);
  const stopOrder = [...[...before].reverse().filter((u) => work.stop.includes(u)), ...work.stop.filter((u) => !before.includes(u)).sort()];

  const steps: Step[] = [];
  if (!isPendingEmpty(work) && !coversPending(owed, work)) steps.push({ kind: 'owe', work });
  if (stopOrder.length > 0) steps.push({ kind: 'command', argv: systemctlArgv(scope, 'stop', stopOrder), okCodes: [5] });
  steps.push(...filesSteps(sets));
  if (work.reload) steps.push({ kind: 'command', argv: systemctlArgv(scope, 'daemon-reload') });
  if (work.reload && input.generated && input.generated.files.length > 0) steps.push({ kind: 'check-generated', scope, ...input.generated });
  if (reset.length > 0) steps.push({ kind: 'command', argv: systemctlArgv(scope, 'reset-failed', reset) });
  if (orphans.length > 0) steps.push(removeContainersStep(orphans));
  // --no-block: systemctl would otherwise wait for each job (a first image pull can take many minutes) and
  // end with a bare "job failed"; the wait below shows progress and reports each failure with its journal.
  if (restartNow.length > 0) steps.push({ kind: 'command', argv: systemctlArgv(scope, 'restart', restartNow, ['--no-block']) });
  // A restart of a job that never ran (or failed, reset above) starts it; one that completed runs once more.
  if (rerun.length > 0) steps.push({ kind: 'command', argv: systemctlArgv(scope, 'restart', rerun, ['--no-block']) });
  if (pendingText !== undefined || !isPendingEmpty(work)) steps.push(isPendingEmpty(left) ? { kind: 'settle' } : { kind: 'owe', work: left });
  // A unit does not pull in its depends_on dependencies (units.md, depends_on): `up SERVICE` starts them itself.
  const start = input.only ? closure : [apply.target];
  if (start.length > 0) steps.push({ kind: 'command', argv: systemctlArgv(scope, 'start', start, ['--no-block']) });
  return { sets, steps, applicable: true, restart: restartNow, rerun, stop: stopOrder, reset, orphans, wait };
}

/** The start order the last run recorded, from the first directory whose record has one. */
async function previousStartOrder(host: Host, dirs: readonly string[], project: string): Promise<readonly string[]> {
  for (const dir of dirs) {
    const text = await host.readFile(recordPath(dir, project));
    const record = text === undefined ? undefined : parseRecord(text, project);
    if (record && record.startOrder.length > 0) return record.startOrder;
  }
  return [];
}

export interface UnitFailure {
  readonly unit: string;
  readonly outcome: 'failed' | 'timeout';
  readonly status: UnitStatus | undefined;
  /** The last lines of the unit's journal (may be empty). */
  readonly journal: string;
  /** C808 or C809, naming the unit and its state. */
  readonly diagnostic: Diagnostic;
}

export interface UpRun {
  readonly execution: ExecuteResult;
  /** Undefined when the steps did not complete or no wait was asked. */
  readonly outcomes?: readonly WaitOutcome[];
  readonly failures: readonly UnitFailure[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface RunUpOptions extends Omit<ExecuteContext, 'unitDir' | 'project'> {
  /** 0: return right after the start. */
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly journalLines?: number;
  readonly onProgress?: (statuses: readonly UnitStatus[]) => void;
}

/** Executes a plan from `planUp`, then waits for the units and collects the journal of any that failed. */
export async function runUp(host: Host, input: UpInput, plan: UpPlan, options: RunUpOptions): Promise<UpRun> {
  const execution = await executeSteps(host, plan.steps, { unitDir: input.unitDir, project: input.apply.project, ...pick(options) });
  if (!execution.completed || options.timeoutMs <= 0) return { execution, failures: [], diagnostics: execution.diagnostics };
  const driver = createSystemdDriver(host, input.scope);
  const outcomes = await waitForUnits(host, driver, plan.wait, {
    timeoutMs: options.timeoutMs,
    blockers: blockerMap(input.dependencies),
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const failures: UnitFailure[] = [];
  const diagnostics = [...execution.diagnostics];
  for (const o of outcomes) {
    if (o.outcome !== 'failed' && o.outcome !== 'timeout') continue;
    const journal = await driver.journal([o.unit], { lines: options.journalLines ?? 20 });
    const failure = { unit: o.unit, outcome: o.outcome, status: o.status, journal: journal.code === 0 ? journal.stdout : '' };
    const d = failureDiagnostic(failure, input.scope, options.timeoutMs);
    failures.push({ ...failure, diagnostic: d });
    diagnostics.push(d);
  }
  return { execution, outcomes, failures, diagnostics };
}

/** Each unit -> the units it cannot start without: what it requires, less its optional depends_on targets. */
export function blockerMap(edges: readonly UnitEdges[]): Map<string, readonly string[]> {
  return new Map(edges.map((e) => [e.unit, e.requires.filter((u) => !(e.optional ?? []).includes(u))]));
}

/** `active (running)`, `failed (failed, result exit-code, status 1)`: what systemctl status would say. */
export function describeStatus(status: UnitStatus | undefined): string {
  if (!status) return 'unknown (systemctl show gave no answer)';
  if (status.loadState !== '' && status.loadState !== 'loaded') return `not loaded (${status.loadState})`;
  if (status.activeState === 'inactive' && status.mainStarted === false) return 'never started (a unit it requires did not come up)';
  const extra = [status.result !== '' && status.result !== 'success' ? `result ${status.result}` : '', exitText(status)].filter((x) => x !== '');
  return `${status.activeState} (${[status.subState, ...extra].filter((x) => x !== '').join(', ')})`;
}

/** `exit status 1`; `killed by SIGKILL` or `killed by SIGKILL, exit 137` when a signal ended it; empty for exit 0. */
function exitText(status: UnitStatus): string {
  const exit = lastExitOf(status);
  if (!exit || (exit.code === 'exited' && exit.status === 0)) return '';
  return exit.code === 'exited' && exit.signal === undefined ? `exit status ${exit.status}` : describeExit(exit);
}

function failureDiagnostic(f: Omit<UnitFailure, 'diagnostic'>, scope: Scope, timeoutMs: number): Diagnostic {
  const journal = scope === 'user' ? `journalctl --user-unit=${f.unit}` : `journalctl --unit=${f.unit}`;
  if (f.outcome === 'timeout') {
    return diagnostic(applyCodes.startTimeout, `\`${f.unit}\` was still starting after ${timeoutMs / 1000}s: ${describeStatus(f.status)}`, [], {
      help: `it keeps starting in the background (a first image pull can take long); follow it with \`${journal} -f\`, or wait longer with --timeout`,
    });
  }
  return diagnostic(applyCodes.unitFailed, `\`${f.unit}\` failed: ${describeStatus(f.status)}`, [], {
    help: `the last lines of its journal follow; see more with \`${journal}\`. Fix the cause and run up again`,
  });
}

function pick(options: RunUpOptions): Omit<ExecuteContext, 'unitDir' | 'project'> {
  return { ...(options.onCommand ? { onCommand: options.onCommand } : {}), ...(options.onFiles ? { onFiles: options.onFiles } : {}) };
}

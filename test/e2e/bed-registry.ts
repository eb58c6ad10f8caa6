// e2e harness, teardown guarantee: live beds of this process -> powered off on exit and on SIGINT/SIGTERM/SIGHUP,
// and beds left behind by a dead process (its bed.json in E2E_HOME/runs) -> powered off and removed at next boot.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { removeBedCgroup } from './bed-cgroup.js';
import { isProcessAlive, killQuietly, runHostCommand, sleep } from './host-command.js';
import { E2E_HOME } from './host-setup.js';
import { removeTree } from './remove-tree.js';

export interface LiveBed {
  readonly name: string;
  /** Orderly stop (async), used by shutdownAllBeds. */
  shutdown(): Promise<void>;
  /** Last resort when no event loop runs any more: poweroff, short wait, then kill by PID. */
  stopSync(): void;
}

/** What a run folder records so a later process can find a bed whose owner died. */
export interface RunRecord {
  readonly ownerPid: number;
  readonly nspawnPid: number;
  readonly leaderPid: number | null;
  readonly rootfs: string;
}

export const RUNS_DIR = join(E2E_HOME, 'runs');

const live = new Set<LiveBed>();
let hooksInstalled = false;

export function registerBed(bed: LiveBed): void {
  installHooks();
  live.add(bed);
}

export function unregisterBed(bed: LiveBed): void {
  live.delete(bed);
}

/** For afterAll: also catches beds whose bootBed() never returned (e.g. a hook timeout during boot). */
export async function shutdownAllBeds(): Promise<void> {
  for (const bed of [...live]) await bed.shutdown();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', stopAllSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.warn(`[e2e] ${signal}: powering off ${live.size} bed(s)`);
      stopAllSync();
      process.exit(128 + constants.signals[signal]);
    });
  }
}

function stopAllSync(): void {
  for (const bed of [...live]) {
    try {
      bed.stopSync();
    } catch (e) {
      console.warn(`[e2e] could not stop bed ${bed.name}: ${(e as Error).message}`);
    }
    live.delete(bed);
  }
}

/** A PID that has exited but is not reaped yet still answers kill(0); /proc says Z for it. */
export function isPidRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Parent PID from /proc, or null when the process is gone. */
export function parentPidOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number.parseInt(fields[1] ?? '', 10);
    return Number.isFinite(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

/**
 * Powers off beds of dead harness processes. A PID is acted on only if it is still the systemd-nspawn that
 * booted that very rootfs (its command line names it), so a reused PID is never touched.
 */
export async function reapStaleBeds(log: (line: string) => void): Promise<void> {
  if (!existsSync(RUNS_DIR)) return;
  for (const name of readdirSync(RUNS_DIR)) {
    const dir = join(RUNS_DIR, name);
    const record = readRunRecord(dir);
    if (record === null || isProcessAlive(record.ownerPid)) continue;
    if (isOurNspawn(record.nspawnPid, record.rootfs)) {
      log(`powering off bed ${name} left running by dead process ${record.ownerPid}`);
      if (record.leaderPid !== null && parentPidOf(record.leaderPid) === record.nspawnPid) {
        await runHostCommand(['nsenter', '-t', String(record.leaderPid), '-m', '-p', '--', 'systemctl', 'poweroff', '--no-block'], {
          timeoutMs: 15_000,
        });
      }
      for (let i = 0; i < 150 && isPidRunning(record.nspawnPid); i += 1) await sleep(200);
      if (isOurNspawn(record.nspawnPid, record.rootfs)) {
        if (record.leaderPid !== null && parentPidOf(record.leaderPid) === record.nspawnPid) killQuietly(record.leaderPid, 'SIGKILL');
        await sleep(1000);
        if (isOurNspawn(record.nspawnPid, record.rootfs)) killQuietly(record.nspawnPid, 'SIGKILL');
        await sleep(500);
      }
      if (isOurNspawn(record.nspawnPid, record.rootfs)) continue;
    }
    log(`removing stale run folder ${dir}`);
    await removeTree(dir);
    await removeBedCgroup(name);
  }
}

function readRunRecord(dir: string): RunRecord | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'bed.json'), 'utf8')) as RunRecord;
  } catch {
    return null;
  }
}

function isOurNspawn(pid: number, rootfs: string): boolean {
  if (!isPidRunning(pid)) return false;
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return (argv[0] ?? '').endsWith('systemd-nspawn') && argv.includes(rootfs);
  } catch {
    return false;
  }
}

// Stage 11, apply: the work a run still owes systemd, `<unit dir>/.compose2systemd/<project>.pending.json`.
// Text <-> PendingWork; an unreadable file reads as "everything owed" for safety. No codes.
//
// Why: once a unit file is written, the next run sees it as unchanged. If the run died before
// `daemon-reload` or before restarting that unit, nothing on disk would say so and the old process would
// keep running. So `up` and `down` first write what they are about to owe (reload, units to stop, units to
// restart), and clear it only when systemd has done it; a re-run merges this into its own work.
import { posix } from 'node:path';
import { compareNames, RECORD_DIR } from './record.js';

export const PENDING_FORMAT = 1;

export interface PendingWork {
  readonly reload: boolean;
  /** Units to stop (they left the project). */
  readonly stop: readonly string[];
  /** Units to restart so that they run their new unit file. */
  readonly restart: readonly string[];
}

export const NO_PENDING_WORK: PendingWork = { reload: false, stop: [], restart: [] };

/** Project names cannot contain a dot, so this never collides with a record `<project>.json`. */
export function pendingPath(unitDir: string, project: string): string {
  return posix.join(unitDir, RECORD_DIR, `${project}.pending.json`);
}

export function serializePending(project: string, work: PendingWork): string {
  const sorted = (xs: readonly string[]) => [...new Set(xs)].sort(compareNames);
  return JSON.stringify({ format: PENDING_FORMAT, project, reload: work.reload, stop: sorted(work.stop), restart: sorted(work.restart) }, null, 2) + '\n';
}

/**
 * The pending work in `text`. A file that cannot be read as such (a torn write cannot happen, but a hand
 * edit can) still means a run was interrupted, so it asks for a reload; the units are then unknown.
 */
export function parsePending(text: string | undefined, project: string): PendingWork {
  if (text === undefined) return NO_PENDING_WORK;
  const unknown: PendingWork = { reload: true, stop: [], restart: [] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return unknown;
  }
  if (typeof data !== 'object' || data === null) return unknown;
  const r = data as Record<string, unknown>;
  const names = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);
  const stop = names(r['stop']);
  const restart = names(r['restart']);
  if (r['format'] !== PENDING_FORMAT || r['project'] !== project || typeof r['reload'] !== 'boolean' || !stop || !restart) return unknown;
  return { reload: r['reload'], stop, restart };
}

export function mergePending(a: PendingWork, b: PendingWork): PendingWork {
  return { reload: a.reload || b.reload, stop: [...new Set([...a.stop, ...b.stop])], restart: [...new Set([...a.restart, ...b.restart])] };
}

export function isPendingEmpty(work: PendingWork): boolean {
  return !work.reload && work.stop.length === 0 && work.restart.length === 0;
}

/** True when `outer` already owes everything `inner` does (so writing `inner` again adds nothing). */
export function coversPending(outer: PendingWork, inner: PendingWork): boolean {
  const has = (xs: readonly string[], ys: readonly string[]) => ys.every((y) => xs.includes(y));
  return (outer.reload || !inner.reload) && has(outer.stop, inner.stop) && has(outer.restart, inner.restart);
}

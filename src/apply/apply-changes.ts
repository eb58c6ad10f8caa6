// Stage 11, apply: ChangeSet x Host -> files written and deleted in the unit directory, crash-safe order.
// Reports C806 when the OS refuses a change (the run stops there; re-running converges).
//
// Order, and why a crash (or kill, or failed call) at any point followed by a re-run converges:
//   1. mkdir the record folder (and with it the unit directory);
//   2. the intent record: the union of every file of ours already present and every file about to be written;
//   3. creates and updates, each an atomic replace (temp file, fsync, rename, fsync dir);
//   4. deletes;
//   5. the final record (only the desired files), or its removal when the project has no file left;
//   6. removal of temp files that interrupted writes left behind.
// A re-run recomputes everything from the disk, so convergence needs only that it recognises every file of
// ours that an interrupted run may have left. From step 2 until step 5 the record lists all of them; before
// step 2 nothing was written; after step 5 only files the final record lists remain (deletes are done). And
// each file written also carries our marker, which computeChanges recognises even without the record. Every
// step is idempotent (the same content again, or removing an absent file), and an atomic write leaves the old
// or the new file, never a truncated one; its temp file has a fixed name, so the re-run's write of that same
// file (which still differs) replaces it, or step 6 removes it.
import { posix } from 'node:path';
import { diagnostic } from '../diagnostics/code.js';
import { InternalError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { isApplicable, isNoop, type ChangeSet } from './changes.js';
import { applyCodes } from './codes.js';
import type { Host } from './host.js';
import { RECORD_DIR, recordPath, serializeRecord } from './record.js';

export interface ApplyResult {
  /** True when every step ran; false after a failed step (see diagnostics). */
  readonly completed: boolean;
  /** Unit file names created or updated, in the order written. */
  readonly written: readonly string[];
  /** Unit file names deleted. */
  readonly deleted: readonly string[];
  /** What happened to the record file: written (as intent and/or final record), removed, or left as it was. */
  readonly record: 'written' | 'removed' | 'unchanged';
  /** Leftover temp files removed. */
  readonly strays: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Applies a change set computed by `computeChanges` against the same `unitDir`. */
export async function applyChanges(host: Host, unitDir: string, set: ChangeSet): Promise<ApplyResult> {
  if (!isApplicable(set)) throw new InternalError('applyChanges: the change set has conflicts that --force did not override');
  const written: string[] = [];
  const deleted: string[] = [];
  const strays: string[] = [];
  let record: ApplyResult['record'] = 'unchanged';
  const result = (completed: boolean, diagnostics: Diagnostic[] = []): ApplyResult => ({ completed, written, deleted, record, strays, diagnostics });
  if (isNoop(set)) return result(true);

  const project = set.record.project;
  const recordFile = recordPath(unitDir, project);
  const writes = set.changes.filter((c) => c.kind === 'create' || c.kind === 'update');
  const deletes = set.changes.filter((c) => c.kind === 'delete');
  let step = { verb: 'create', path: unitDir };
  try {
    if (writes.length > 0 || set.intent || set.recordAction === 'write') {
      if (set.private) {
        // Only the owner may list a private folder, from before its first file on.
        step = { verb: 'create', path: unitDir };
        await host.mkdirp(unitDir, 0o700);
      }
      step = { verb: 'create', path: posix.join(unitDir, RECORD_DIR) };
      await host.mkdirp(step.path);
    }
    if (set.intent) {
      step = { verb: 'write', path: recordFile };
      await host.writeFileAtomic(recordFile, serializeRecord(set.intent));
      record = 'written';
    }
    for (const change of writes) {
      step = { verb: 'write', path: posix.join(unitDir, change.name) };
      await host.writeFileAtomic(step.path, change.after, change.mode);
      written.push(change.name);
    }
    for (const change of deletes) {
      step = { verb: 'delete', path: posix.join(unitDir, change.name) };
      await host.removeFile(step.path);
      deleted.push(change.name);
    }
    if (set.recordAction === 'write') {
      step = { verb: 'write', path: recordFile };
      await host.writeFileAtomic(recordFile, serializeRecord(set.record));
      record = 'written';
    } else if (set.recordAction === 'remove') {
      step = { verb: 'delete', path: recordFile };
      await host.removeFile(recordFile);
      record = 'removed';
    }
    for (const name of set.strays) {
      step = { verb: 'delete', path: posix.join(unitDir, name) };
      await host.removeFile(step.path);
      strays.push(name);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return result(false, [
      diagnostic(applyCodes.writeFailed, `could not ${step.verb} \`${step.path}\`: ${reason}`, [{ span: { file: step.path, start: 0, end: 0 } }], {
        help: 'fix the cause (permissions, full disk, read-only filesystem) and run the command again: it continues where this run stopped',
        note: 'system units (--system) need root; user units need a writable home directory',
      }),
    ]);
  }
  return result(true);
}

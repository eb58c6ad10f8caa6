// Stage 11, apply: desired files x unit directory contents x ownership record -> Change[] (pure).
// Reports C801 (foreign file), C802 (another project's file), C803 (hand-edited file), C804 (bad record),
// C805 (--force overrode C801/C803).
import { posix } from 'node:path';
import { diagnostic } from '../diagnostics/code.js';
import { InternalError, type Diagnostic, type Label } from '../diagnostics/diagnostic.js';
import { tempPathFor, tempTargetOf } from './host.js';
import { applyCodes } from './codes.js';
import { hashBody, markFile, readMarker } from './marker.js';
import type { ApplyInput } from './plan-files.js';
import { compareNames, isPlainFileName, isValidProjectName, parseRecord, RECORD_DIR, RECORD_FORMAT, serializeRecord, type OwnershipRecord, type RecordedFile } from './record.js';

/** Why a file cannot simply be written or deleted. */
export type ConflictReason = 'foreign' | 'edited' | 'other-project';

export interface Conflict {
  readonly reason: ConflictReason;
  /** For `other-project`: the project named in the file's marker. */
  readonly owner?: string;
  /** True when --force overrides it; `other-project` is never forced. */
  readonly forced: boolean;
}

/** Set on the changes of a private directory: the content must not be shown unless asked for. */
interface Hidden {
  /** What a review shows for the new content instead of it. */
  readonly redacted?: string;
  readonly sensitive?: true;
}

export type Change =
  | ({ readonly kind: 'create'; readonly name: string; readonly after: string; readonly mode?: number } & Hidden)
  | ({
      readonly kind: 'update';
      readonly name: string;
      /** Undefined when the entry on disk is not a readable regular file (a symlink, a folder...). */
      readonly before: string | undefined;
      readonly after: string;
      /** False when only the marker changes (e.g. another source path): no restart is needed. */
      readonly bodyChanged: boolean;
      readonly conflict?: Conflict;
      readonly mode?: number;
    } & Hidden)
  | ({ readonly kind: 'delete'; readonly name: string; readonly before: string | undefined; readonly conflict?: Conflict } & Hidden)
  | { readonly kind: 'unchanged'; readonly name: string; readonly content: string };

export type RecordAction = 'write' | 'remove' | 'none';

export interface ChangeSet {
  /** One change per file name, sorted by name. */
  readonly changes: readonly Change[];
  /**
   * Written before any unit file when files are about to appear that the current record does not list, so
   * that from then until the end the record names every file of ours that may exist. Undefined if not needed.
   */
  readonly intent: OwnershipRecord | undefined;
  /** The record once the changes are applied. */
  readonly record: OwnershipRecord;
  /** What to do with the record file after the unit files are written and deleted. */
  readonly recordAction: RecordAction;
  /** Leftover temp files of interrupted writes (names in the unit directory), removed last. */
  readonly strays: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  /** A private directory (ComputeOptions.sensitive): created with mode 0700 before anything is written. */
  readonly private?: true;
}

export interface ComputeOptions {
  readonly force: boolean;
  /**
   * A private directory (values that are not public in the compose file): files are written without a marker
   * (it would become part of a secret's value), are ours only by the record, which keeps no hash of them, and
   * their content is never shown unless asked for. A hand edit there cannot be told apart and is overwritten.
   */
  readonly sensitive?: boolean;
  /** Only used to name files in diagnostics. */
  readonly unitDir: string;
}

/**
 * Compares what the plan wants with what is on disk.
 * `onDisk`: unit directory entries by name: text for a readable regular file, undefined for an entry that is
 * not one (symlink, folder, unreadable); a name that is absent from the map does not exist. It may also hold
 * `.compose2systemd/.<project>.json.c2s-tmp`, a leftover temp file of the record.
 * `recordText`: the project's record file as read, or undefined when there is none.
 * Errors mean: apply nothing. The changes are still returned, so `diff` can show them.
 */
export function computeChanges(input: ApplyInput, onDisk: ReadonlyMap<string, string | undefined>, recordText: string | undefined, options: ComputeOptions): ChangeSet {
  checkInput(input);
  const diagnostics: Diagnostic[] = [];
  const at = (name: string) => [{ span: { file: posix.join(options.unitDir, name), start: 0, end: 0 } }];
  const current = recordText === undefined ? undefined : parseRecord(recordText, input.project);
  if (recordText !== undefined && !current) {
    diagnostics.push(
      diagnostic(applyCodes.badRecord, `the ownership record of project \`${input.project}\` is unreadable; only file markers are used to tell which files are ours`, at(posix.join(RECORD_DIR, `${input.project}.json`)), {
        help: 'it is rewritten by this run; files whose marker was removed by hand are now treated as foreign',
      }),
    );
  }
  const recorded = new Set((current?.files ?? []).map((f) => f.name));
  const meta = { project: input.project, source: input.source };
  const sensitive = options.sensitive === true;
  const desired = new Map(input.files.map((f) => [f.path, f.content]));
  const planned = new Map(input.files.map((f) => [f.path, f]));
  const changes: Change[] = [];
  const extra = (name: string): { mode?: number } & Hidden => {
    const f = planned.get(name);
    return { ...(f?.mode !== undefined ? { mode: f.mode } : {}), ...(sensitive ? { sensitive: true as const, ...(f?.redacted !== undefined ? { redacted: f.redacted } : {}) } : {}) };
  };

  const conflictFor = (reason: ConflictReason, name: string, verb: 'overwrite' | 'delete', owner?: string): Conflict => {
    const forced = options.force && reason !== 'other-project';
    diagnostics.push(conflictDiagnostic(reason, name, verb, forced, owner, at(name)));
    return { reason, forced, ...(owner !== undefined ? { owner } : {}) };
  };

  for (const [name, content] of desired) {
    const after = sensitive ? content : markFile(content, meta);
    if (!onDisk.has(name)) {
      changes.push({ kind: 'create', name, after, ...extra(name) });
      continue;
    }
    const before = onDisk.get(name);
    if (before === after) {
      changes.push({ kind: 'unchanged', name, content: after });
      continue;
    }
    if (sensitive) {
      const conflict = before === undefined || !recorded.has(name) ? conflictFor('foreign', name, 'overwrite') : undefined;
      changes.push({ kind: 'update', name, before, after, bodyChanged: true, ...(conflict ? { conflict } : {}), ...extra(name) });
      continue;
    }
    const marker = before === undefined ? undefined : readMarker(before);
    const bodyChanged = marker?.body !== content;
    let conflict: Conflict | undefined;
    if (!marker) conflict = conflictFor(recorded.has(name) ? 'edited' : 'foreign', name, 'overwrite');
    else if (marker.project !== input.project) conflict = conflictFor('other-project', name, 'overwrite', marker.project);
    // An edit that already matches what we would write loses nothing, so it is simply re-marked.
    else if (!marker.intact && bodyChanged) conflict = conflictFor('edited', name, 'overwrite');
    changes.push({ kind: 'update', name, before, after, bodyChanged, ...(conflict ? { conflict } : {}) });
  }

  // Ours: what the record lists, plus what carries our marker (a crash can leave a file the record misses).
  const ours = new Map<string, string>((current?.files ?? []).map((f) => [f.name, f.hash]));
  for (const [name, text] of onDisk) {
    const marker = sensitive || text === undefined || !isPlainFileName(name) ? undefined : readMarker(text);
    if (marker?.project === input.project && !ours.has(name)) ours.set(name, marker.hash);
  }
  for (const name of ours.keys()) {
    if (desired.has(name) || !onDisk.has(name)) continue;
    const before = onDisk.get(name);
    if (sensitive) {
      changes.push({ kind: 'delete', name, before, sensitive: true });
      continue;
    }
    const marker = before === undefined ? undefined : readMarker(before);
    // Recorded once, but now marked by another project: no longer ours, so it is left alone and forgotten.
    if (marker && marker.project !== input.project) continue;
    const conflict = !marker || !marker.intact ? conflictFor('edited', name, 'delete') : undefined;
    changes.push({ kind: 'delete', name, before, ...(conflict ? { conflict } : {}) });
  }
  changes.sort((a, b) => compareNames(a.name, b.name));

  const recordTemp = tempPathFor(posix.join(RECORD_DIR, `${input.project}.json`));
  const strays = [...onDisk.keys()]
    .filter((name) => {
      if (name === recordTemp) return true;
      const target = tempTargetOf(name);
      return target !== undefined && (desired.has(target) || ours.has(target));
    })
    .sort(compareNames);

  // A hash of a short password is a dictionary attack away from it: a private file's record keeps none.
  const files: RecordedFile[] = input.files.map((f) => ({ name: f.path, hash: sensitive ? '' : hashBody(f.content) })).sort((a, b) => compareNames(a.name, b.name));
  const record: OwnershipRecord = { format: RECORD_FORMAT, project: input.project, source: input.source, target: input.target, startOrder: [...input.startOrder], files };
  const writes = changes.filter((c) => c.kind === 'create' || c.kind === 'update');
  const unlisted = writes.filter((c) => !recorded.has(c.name));
  let intent: OwnershipRecord | undefined;
  let onDiskRecord = recordText;
  if (unlisted.length > 0) {
    const union = new Map<string, RecordedFile>([...ours].map(([name, hash]) => [name, { name, hash }]));
    for (const f of files) union.set(f.name, f);
    intent = { ...record, files: [...union.values()].sort((a, b) => compareNames(a.name, b.name)) };
    onDiskRecord = serializeRecord(intent);
  }
  const recordAction: RecordAction =
    files.length === 0 ? (onDiskRecord === undefined ? 'none' : 'remove') : serializeRecord(record) === onDiskRecord ? 'none' : 'write';
  const where = (d: Diagnostic) => d.labels[0]?.span.file ?? '';
  diagnostics.sort((a, b) => compareNames(where(a), where(b)) || compareNames(a.code, b.code));
  return { changes, intent, record, recordAction, strays, diagnostics, ...(sensitive ? { private: true as const } : {}) };
}

/** True when the set may be applied: no conflict is left that --force did not override. */
export function isApplicable(set: ChangeSet): boolean {
  return set.changes.every((c) => c.kind === 'create' || c.kind === 'unchanged' || !c.conflict || c.conflict.forced);
}

/** Units whose content changed or which are new: the candidates for a (re)start. */
export function changedUnits(changes: readonly Change[]): string[] {
  return changes.filter((c) => c.kind === 'create' || (c.kind === 'update' && c.bodyChanged)).map((c) => c.name);
}

/** Units that leave the project: to be stopped before their files are deleted. */
export function removedUnits(changes: readonly Change[]): string[] {
  return changes.filter((c) => c.kind === 'delete').map((c) => c.name);
}

/** True when applying the set would touch nothing on disk. */
export function isNoop(set: ChangeSet): boolean {
  return set.changes.every((c) => c.kind === 'unchanged') && set.intent === undefined && set.recordAction === 'none' && set.strays.length === 0;
}

function conflictDiagnostic(reason: ConflictReason, name: string, verb: 'overwrite' | 'delete', forced: boolean, owner: string | undefined, labels: readonly Label[]): Diagnostic {
  const what =
    reason === 'foreign'
      ? `\`${name}\` exists and was not written by compose2systemd`
      : reason === 'edited'
        ? `\`${name}\` was generated by compose2systemd and then edited by hand`
        : `\`${name}\` belongs to project \`${owner ?? '?'}\``;
  if (forced) return diagnostic(applyCodes.forced, `${what}; --force: going to ${verb} it`, labels);
  if (reason === 'foreign') {
    return diagnostic(applyCodes.foreignFile, `${what}; refusing to ${verb} it`, labels, {
      help: 'move that file away, choose another project name with -p, or pass --force to overwrite it',
      note: 'a symlink or a masked unit at that name counts as a foreign file too',
    });
  }
  if (reason === 'edited') {
    return diagnostic(applyCodes.handEdited, `${what}; refusing to ${verb} it`, labels, {
      help: `run \`compose2systemd diff\` to see what would be lost; keep your change in the compose file (or an x- extension), or pass --force to ${verb} the file`,
      note: 'the hash in its marker no longer matches its content, or its marker was removed',
    });
  }
  return diagnostic(applyCodes.otherProject, `${what}; refusing to ${verb} it`, labels, {
    help: `choose another project name with -p, or run \`compose2systemd down\` on project \`${owner ?? '?'}\` first`,
    note: '--force does not override this: the other project would take the file back on its next `up`',
  });
}

function checkInput(input: ApplyInput): void {
  if (!isValidProjectName(input.project)) throw new InternalError(`apply: invalid project name ${JSON.stringify(input.project)}`);
  const seen = new Set<string>();
  for (const f of input.files) {
    if (!isPlainFileName(f.path)) throw new InternalError(`apply: planned file name ${JSON.stringify(f.path)} is not a plain file name`);
    if (seen.has(f.path)) throw new InternalError(`apply: planned file ${JSON.stringify(f.path)} appears twice`);
    seen.add(f.path);
  }
}

// Stage 11, apply: unit directory (through Host) -> the entries and record text that computeChanges compares.
// Reports nothing itself; OS errors other than "absent" propagate to the caller.
import { posix } from 'node:path';
import type { Host } from './host.js';
import { tempPathFor, tempTargetOf } from './host.js';
import type { ApplyInput } from './plan-files.js';
import { parseRecord, RECORD_DIR, recordPath } from './record.js';

export interface UnitDirState {
  /** See `computeChanges`: text for a regular file, undefined for another kind of entry, absent if none. */
  readonly onDisk: ReadonlyMap<string, string | undefined>;
  /** Text of the record file, undefined when there is none. */
  readonly recordText: string | undefined;
}

/** Unit and Quadlet file types: the entries that may carry our marker and so are worth reading. */
const UNIT_NAME = /\.(service|socket|device|mount|automount|swap|target|path|timer|slice|scope|container|volume|network|kube|pod|image|build)$/;

/**
 * Reads what `computeChanges` needs: every planned or recorded name, every unit-like file (to find files
 * carrying our marker that the record misses), and our leftover temp files. Symlinks are never read: we
 * never write one, so one at a name we want is someone else's. A leftover temp file of the record is
 * included under its path relative to the unit directory, so that it can be cleaned up too.
 */
export async function readUnitDir(host: Host, unitDir: string, input: Pick<ApplyInput, 'project' | 'files'>): Promise<UnitDirState> {
  const recordText = await host.readFile(recordPath(unitDir, input.project));
  const recorded = new Set((recordText === undefined ? undefined : parseRecord(recordText, input.project))?.files.map((f) => f.name) ?? []);
  const wanted = new Set(input.files.map((f) => f.path));
  const entries = (await host.listDir(unitDir)) ?? [];
  const onDisk = new Map<string, string | undefined>();
  for (const entry of entries) {
    const interesting = wanted.has(entry.name) || recorded.has(entry.name) || UNIT_NAME.test(entry.name) || tempTargetOf(entry.name) !== undefined;
    if (!interesting) continue;
    if (entry.kind !== 'file') {
      onDisk.set(entry.name, undefined);
      continue;
    }
    const text = await host.readFile(posix.join(unitDir, entry.name));
    // Vanished between listing and reading: treat as absent, as a re-run would.
    if (text === undefined) continue;
    onDisk.set(entry.name, text);
  }
  // The record's own temp file sits in the record folder; it is reported under its relative path.
  const recordTemp = tempPathFor(recordPath(unitDir, input.project));
  const recordTempText = await host.readFile(recordTemp);
  if (recordTempText !== undefined) onDisk.set(posix.join(RECORD_DIR, posix.basename(recordTemp)), recordTempText);
  return { onDisk, recordText };
}

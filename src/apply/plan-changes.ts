// Stage 11, apply: ApplyInput x unit directory (through Host) -> ChangeSet; reads, changes nothing.
// Reports what computeChanges reports (C801-C805).
import { computeChanges, type ChangeSet } from './changes.js';
import type { Host } from './host.js';
import type { ApplyInput } from './plan-files.js';
import { readUnitDir } from './read-unit-dir.js';

export async function planChanges(host: Host, unitDir: string, input: ApplyInput, options: { readonly force: boolean; readonly sensitive?: boolean }): Promise<ChangeSet> {
  const { onDisk, recordText } = await readUnitDir(host, unitDir, input);
  return computeChanges(input, onDisk, recordText, { force: options.force, unitDir, ...(options.sensitive ? { sensitive: true } : {}) });
}

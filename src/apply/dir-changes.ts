// Stage 11, apply: a project's files may live in several directories (systemd's unit directory, the project's
// Quadlet directory): one ChangeSet per directory, each with its own ownership record, and what they add up to.
// Reads through Host only while planning; no codes of its own (computeChanges reports C801-C805).
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { isApplicable, isNoop, type Change, type ChangeSet } from './changes.js';
import type { Host } from './host.js';
import { inputForDir, type ApplyInput } from './plan-files.js';
import { planChanges } from './plan-changes.js';

export interface DirChanges {
  readonly dir: string;
  readonly set: ChangeSet;
}

/** The directories to reconcile: the unit directory first, then the others in the given order, each once. */
export function installDirs(unitDir: string, otherDirs: readonly string[]): string[] {
  return [...new Set([unitDir, ...otherDirs])];
}

/**
 * One ChangeSet per directory, for the files `input` plans there (none: delete what the project has there).
 * `privateDir`: the directory of values that are not public (see ComputeOptions.sensitive).
 */
export async function planDirChanges(host: Host, input: ApplyInput, unitDir: string, dirs: readonly string[], force: boolean, privateDir?: string): Promise<DirChanges[]> {
  const out: DirChanges[] = [];
  for (const dir of dirs) out.push({ dir, set: await planChanges(host, dir, inputForDir(input, dir, unitDir), { force, sensitive: dir === privateDir }) });
  return out;
}

export function allApplicable(sets: readonly DirChanges[]): boolean {
  return sets.every((s) => isApplicable(s.set));
}

export function allChanges(sets: readonly DirChanges[]): Change[] {
  return sets.flatMap((s) => s.set.changes);
}

export function allDiagnostics(sets: readonly DirChanges[]): Diagnostic[] {
  return sets.flatMap((s) => s.set.diagnostics);
}

/** The files steps of the directories that change, in directory order. */
export function filesSteps(sets: readonly DirChanges[]): { kind: 'files'; dir: string; set: ChangeSet }[] {
  return sets.filter((s) => !isNoop(s.set)).map((s) => ({ kind: 'files' as const, dir: s.dir, set: s.set }));
}

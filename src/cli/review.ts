// The review of `up --dry-run`, `diff` and `down --dry-run`: the unified diff of every unit file to create,
// update or delete, then the exact commands the real run would run, in order.
import type { Change } from '../apply/changes.js';
import { renderDiff, type DiffOptions } from '../apply/diff.js';
import type { DirChanges } from '../apply/dir-changes.js';
import { commandsOf, shellQuote, type Step } from '../apply/steps.js';

export interface ReviewCounts {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
}

export function countChanges(changes: readonly Change[]): ReviewCounts {
  const n = (kind: Change['kind']) => changes.filter((c) => c.kind === kind).length;
  return { create: n('create'), update: n('update'), delete: n('delete') };
}

/**
 * Text for stdout. `refused`: the change set has conflicts, so the real run would stop before any command;
 * the diff is still shown, since it is what the user needs to decide.
 */
export function renderReview(sets: readonly DirChanges[], steps: readonly Step[], refused: boolean, options: DiffOptions = {}): string {
  const diff = reviewDiff(sets, options);
  const commands = commandsOf(steps);
  const out = [diff === '' ? '# No unit file changes.\n' : diff];
  if (refused) out.push('# No commands: the run would stop at the conflicts reported above.\n');
  else if (commands.length === 0) out.push('# No commands would run.\n');
  else out.push('# Commands that would run:\n', ...commands.map((argv) => `${shellQuote(argv)}\n`));
  return out.join('');
}

/**
 * The diffs of every directory. File names are relative to their directory; the changes of any directory but the
 * first (the unit directory) follow a `# DIR` line.
 */
function reviewDiff(sets: readonly DirChanges[], options: DiffOptions): string {
  return sets
    .map((s, i) => {
      const diff = renderDiff(s.set.changes, options);
      return i === 0 || diff === '' ? diff : `# ${s.dir}\n${diff}`;
    })
    .join('');
}

export function reviewJson(sets: readonly DirChanges[], steps: readonly Step[], refused: boolean, options: DiffOptions = {}): object {
  return {
    changes: sets.flatMap((s, i) => s.set.changes.filter((c) => c.kind !== 'unchanged').map((c) => ({ file: c.name, change: c.kind, ...(i > 0 ? { dir: s.dir } : {}) }))),
    diff: reviewDiff(sets, options),
    commands: refused ? [] : commandsOf(steps),
  };
}

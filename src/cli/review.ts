// The review of `up --dry-run`, `diff` and `down --dry-run`: the unified diff of every unit file to create,
// update or delete, then the exact commands the real run would run, in order.
import type { Change, ChangeSet } from '../apply/changes.js';
import { renderDiff } from '../apply/diff.js';
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
export function renderReview(set: ChangeSet, steps: readonly Step[], refused: boolean): string {
  const diff = renderDiff(set.changes);
  const commands = commandsOf(steps);
  const out = [diff === '' ? '# No unit file changes.\n' : diff];
  if (refused) out.push('# No commands: the run would stop at the conflicts reported above.\n');
  else if (commands.length === 0) out.push('# No commands would run.\n');
  else out.push('# Commands that would run:\n', ...commands.map((argv) => `${shellQuote(argv)}\n`));
  return out.join('');
}

export function reviewJson(set: ChangeSet, steps: readonly Step[], refused: boolean): object {
  return {
    changes: set.changes.filter((c) => c.kind !== 'unchanged').map((c) => ({ file: c.name, change: c.kind })),
    diff: renderDiff(set.changes),
    commands: refused ? [] : commandsOf(steps),
  };
}

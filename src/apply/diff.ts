// Stage 11, apply: Change[] -> unified diff text (git-style `a/` and `b/` names, /dev/null for creates and
// deletes), the review step of `up --dry-run`, `down --dry-run`, `diff` and `convert --check`.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { Change } from './changes.js';

export interface DiffOptions {
  /** Lines of context around each hunk; 3 like git. */
  readonly context?: number;
  /** Show the content of private files (values that are not public in the compose file) too. */
  readonly showSecrets?: boolean;
}

const HIDDEN = '# the values are not shown (--show-secrets shows them)\n';

/** The diff of one change; empty for `unchanged`. A private file's values are replaced unless asked for. */
export function renderChangeDiff(change: Change, options: DiffOptions = {}): string {
  const context = options.context ?? 3;
  const patch = (oldName: string, newName: string, before: string, after: string) =>
    createTwoFilesPatch(oldName, newName, before, after, undefined, undefined, { context, headerOptions: FILE_HEADERS_ONLY });
  if (change.kind !== 'unchanged' && change.sensitive && options.showSecrets !== true) {
    if (change.kind === 'create') return patch('/dev/null', `b/${change.name}`, '', change.redacted ?? HIDDEN);
    if (change.kind === 'update') return `--- a/${change.name}\n+++ b/${change.name}\n${HIDDEN}`;
    return `--- a/${change.name}\n+++ /dev/null\n${HIDDEN}`;
  }
  switch (change.kind) {
    case 'create':
      return patch('/dev/null', `b/${change.name}`, '', change.after);
    case 'update':
      return patch(`a/${change.name}`, `b/${change.name}`, change.before ?? '', change.after);
    case 'delete':
      return patch(`a/${change.name}`, '/dev/null', change.before ?? '', '');
    case 'unchanged':
      return '';
  }
}

/** The diffs of all changes, in the changes' order (sorted by name). Empty when nothing changes. */
export function renderDiff(changes: readonly Change[], options: DiffOptions = {}): string {
  return changes.map((c) => renderChangeDiff(c, options)).join('');
}

// Diagnostic codes of this stage (4xx merge, extends, include). Each is documented in docs/diagnostics.md.
// C401-C409 belong to merging trees (merge-trees.ts); extends uses C411+ (extends-codes.ts).
import type { Code } from '../diagnostics/code.js';

export const mergeCodes = {
  incompatibleMerge: { id: 'C401', severity: 'error', title: 'values of different kinds cannot be merged' },
  resetSequenceItem: { id: 'C402', severity: 'warning', title: '`!reset` on a sequence item is ignored' },
} as const satisfies Record<string, Code>;

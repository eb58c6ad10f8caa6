// Diagnostic codes of this stage (9xx command line usage). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const cliCodes = {
  strictWarning: { id: 'C901', severity: 'error', title: 'warning promoted to error by --strict' },
} as const satisfies Record<string, Code>;

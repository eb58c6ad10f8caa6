// Diagnostic codes of this stage (9xx command line usage). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const cliCodes = {
} as const satisfies Record<string, Code>;

// Diagnostic codes of this stage (2xx schema validation). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const validateCodes = {
} as const satisfies Record<string, Code>;

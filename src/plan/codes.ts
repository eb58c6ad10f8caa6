// Diagnostic codes of this stage (7xx planning units). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const planCodes = {
} as const satisfies Record<string, Code>;

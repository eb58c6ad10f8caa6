// Diagnostic codes of this stage (5xx model, normalisation and support). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const modelCodes = {
} as const satisfies Record<string, Code>;

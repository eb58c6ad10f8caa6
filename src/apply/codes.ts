// Diagnostic codes of this stage (8xx applying a plan to a machine). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const applyCodes = {
} as const satisfies Record<string, Code>;

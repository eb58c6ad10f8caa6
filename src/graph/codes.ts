// Diagnostic codes of this stage (6xx dependency graph). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const graphCodes = {
} as const satisfies Record<string, Code>;

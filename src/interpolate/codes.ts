// Diagnostic codes of this stage (3xx interpolation and env files). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const interpolateCodes = {
} as const satisfies Record<string, Code>;

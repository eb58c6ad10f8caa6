// Diagnostic codes of this stage (4xx merge, extends, include). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const mergeCodes = {
} as const satisfies Record<string, Code>;

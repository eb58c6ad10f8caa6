// Diagnostic codes of this stage (9xx command line usage). None yet: usage errors are commander's messages with
// exit code 2, and --strict keeps each warning's own code. Each code added here is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const cliCodes = {
} as const satisfies Record<string, Code>;

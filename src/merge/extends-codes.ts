// Diagnostic codes of `extends` resolution (4xx, merge stage). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const extendsCodes = {
  extendsServiceMissing: { id: 'C411', severity: 'error', title: 'extended service not found' },
  extendsFileMissing: { id: 'C412', severity: 'error', title: 'extended file cannot be loaded' },
  extendsCycle: { id: 'C413', severity: 'error', title: 'extends cycle' },
} as const satisfies Record<string, Code>;

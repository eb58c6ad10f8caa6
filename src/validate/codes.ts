// Diagnostic codes of this stage (2xx schema validation). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const validateCodes = {
  unknownKey: { id: 'C201', severity: 'error', title: 'unknown key' },
  wrongType: { id: 'C202', severity: 'error', title: 'value has the wrong type' },
  invalidValue: { id: 'C203', severity: 'error', title: 'value not allowed' },
  missingKey: { id: 'C204', severity: 'error', title: 'required key missing' },
  invalidName: { id: 'C205', severity: 'error', title: 'invalid name' },
  duplicateItem: { id: 'C206', severity: 'error', title: 'duplicate list item' },
  schemaMismatch: { id: 'C207', severity: 'error', title: 'value does not match the compose schema' },
} as const satisfies Record<string, Code>;

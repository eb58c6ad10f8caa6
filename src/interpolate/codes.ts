// Diagnostic codes of this stage (3xx interpolation and env files). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const interpolateCodes = {
  invalidTemplate: { id: 'C301', severity: 'error', title: 'invalid interpolation syntax' },
  requiredVariable: { id: 'C302', severity: 'error', title: 'required variable has no value' },
  unsetVariable: { id: 'C303', severity: 'warning', title: 'variable is not set' },
  envFileBadLine: { id: 'C304', severity: 'error', title: 'invalid line in env file' },
  envFileUnterminatedQuote: { id: 'C305', severity: 'error', title: 'unterminated quoted value in env file' },
  envFileTextAfterQuote: { id: 'C306', severity: 'warning', title: 'text after a closing quote in env file' },
  expansionLimit: { id: 'C307', severity: 'error', title: 'interpolated values over the size limit' },
} as const satisfies Record<string, Code>;

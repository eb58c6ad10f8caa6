// Stage 6 parser: healthcheck `test:` (a string, or a list starting with NONE, CMD or CMD-SHELL) -> HealthTest.
// Failures become C507, located at the offending list element through `element`.
import type { HealthTest } from './types.js';

export type HealthTestResult =
  | { readonly ok: true; readonly test?: HealthTest; readonly disable: boolean }
  | { readonly ok: false; readonly message: string; readonly element?: number };

export function parseHealthTest(test: string | readonly string[]): HealthTestResult {
  if (typeof test === 'string') {
    // compose treats a bare string as CMD-SHELL; an empty one leaves the image's check alone.
    return test.trim() === '' ? { ok: true, disable: false } : { ok: true, test: { kind: 'shell', command: test }, disable: false };
  }
  if (test.length === 0) return { ok: true, disable: false };
  const [head, ...rest] = test;
  switch (head) {
    case 'NONE':
      return { ok: true, disable: true };
    case 'CMD':
      if (rest.length === 0) return { ok: false, message: '`CMD` must be followed by the command to run', element: 0 };
      return { ok: true, test: { kind: 'exec', argv: rest }, disable: false };
    case 'CMD-SHELL':
      if (rest.length === 0) return { ok: false, message: '`CMD-SHELL` must be followed by the shell command to run', element: 0 };
      // Several words after CMD-SHELL are joined into one shell command line, as the engines do.
      return { ok: true, test: { kind: 'shell', command: rest.join(' ') }, disable: false };
    default:
      return { ok: false, message: `a healthcheck test list must start with \`NONE\`, \`CMD\` or \`CMD-SHELL\`, not \`${head}\``, element: 0 };
  }
}

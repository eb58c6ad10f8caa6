// Diagnostics as data: every stage reports user-facing problems as values of this type and never throws for them.
import type { Span } from '../source/span.js';

export type Severity = 'error' | 'warning';

export interface Label {
  readonly span: Span;
  readonly message?: string;
}

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** The first label is the primary location. A diagnostic with no label concerns the whole run. */
  readonly labels: readonly Label[];
  readonly help?: string;
  readonly note?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Thrown only for bugs in compose2systemd itself; the CLI turns it into a short report request. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}

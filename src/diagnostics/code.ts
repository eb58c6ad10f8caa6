// A diagnostic code: its id (grouped by stage, see docs/diagnostics.md), default severity and one-line title.
import type { Diagnostic, Label, Severity } from './diagnostic.js';

export interface Code {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
}

export interface DiagnosticExtras {
  readonly help?: string;
  readonly note?: string;
}

/** Longer messages are cut: they quote user values, which a hostile file makes megabytes long. */
export const MAX_MESSAGE = 1000;

/** Builds a diagnostic of the given code; stage modules wrap this in one factory per code. */
export function diagnostic(code: Code, message: string, labels: readonly Label[] = [], extras: DiagnosticExtras = {}): Diagnostic {
  return {
    code: code.id,
    severity: code.severity,
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}… (${message.length - MAX_MESSAGE} more characters)` : message,
    labels,
    ...(extras.help !== undefined ? { help: extras.help } : {}),
    ...(extras.note !== undefined ? { note: extras.note } : {}),
  };
}

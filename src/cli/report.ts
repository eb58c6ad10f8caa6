// Prints a run's diagnostics (text or JSON) and decides the exit code; --strict promotes warnings to errors.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderJson, renderText, sortDiagnostics } from '../diagnostics/render.js';
import type { SourceRegistry } from '../source/source-file.js';
import type { CliIo } from './io.js';
import { EXIT_INVALID, EXIT_OK } from './io.js';

export type ReportFormat = 'text' | 'json';

export function applyStrict(diagnostics: readonly Diagnostic[], strict: boolean): Diagnostic[] {
  if (!strict) return [...diagnostics];
  return diagnostics.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' as const, note: d.note ? `${d.note}; an error because of --strict` : 'an error because of --strict' } : d));
}

/** Writes diagnostics to stderr (text) or stdout (json) and returns the exit code they imply. */
export function reportDiagnostics(io: CliIo, diagnostics: readonly Diagnostic[], sources: SourceRegistry, format: ReportFormat): number {
  const sorted = sortDiagnostics(diagnostics);
  if (format === 'json') io.stdout(renderJson(sorted, sources));
  else if (sorted.length > 0) io.stderr(renderText(sorted, sources, { relativeTo: io.cwd }));
  return sorted.some((d) => d.severity === 'error') ? EXIT_INVALID : EXIT_OK;
}

// Diagnostics -> text for people (file:line:col, excerpt, caret) or JSON for machines. Output is sorted and stable.
import type { SourceRegistry } from '../source/source-file.js';
import { compareCodeUnits } from './code-unit-order.js';
import type { Diagnostic } from './diagnostic.js';

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => d.labels[0]?.span;
  return [...diagnostics].sort((a, b) => {
    const sa = key(a);
    const sb = key(b);
    // Code-unit order, never localeCompare: the order must not depend on LANG.
    if (!sa || !sb) return sa ? 1 : sb ? -1 : compareCodeUnits(a.code, b.code) || compareCodeUnits(a.message, b.message);
    return compareCodeUnits(sa.file, sb.file) || sa.start - sb.start || compareCodeUnits(a.code, b.code) || compareCodeUnits(a.message, b.message);
  });
}

/** Removes exact repeats (the same code, message and place), which merged inputs can produce. */
export function dedupeDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const s = d.labels[0]?.span;
    const k = `${d.code}\0${d.message}\0${s?.file}\0${s?.start}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  help?: string;
  note?: string;
  related?: { file: string; line: number; column: number; message?: string }[];
}

export function toJson(diagnostics: readonly Diagnostic[], sources: SourceRegistry): JsonDiagnostic[] {
  return sortDiagnostics(diagnostics).map((d) => {
    const out: JsonDiagnostic = { code: d.code, severity: d.severity, message: d.message };
    const [primary, ...rest] = d.labels;
    if (primary) {
      const file = sources.get(primary.span.file);
      out.file = primary.span.file;
      if (file) {
        const s = file.positionOf(primary.span.start);
        const e = file.positionOf(primary.span.end);
        Object.assign(out, { line: s.line, column: s.column, endLine: e.line, endColumn: e.column });
      }
    }
    if (d.help) out.help = d.help;
    if (d.note) out.note = d.note;
    if (rest.length > 0) {
      out.related = rest.map((l) => {
        const p = sources.get(l.span.file)?.positionOf(l.span.start) ?? { line: 0, column: 0 };
        return { file: l.span.file, line: p.line, column: p.column, ...(l.message ? { message: l.message } : {}) };
      });
    }
    return out;
  });
}

export function renderJson(diagnostics: readonly Diagnostic[], sources: SourceRegistry): string {
  return JSON.stringify(toJson(diagnostics, sources), null, 2) + '\n';
}

export interface TextOptions {
  /** Paths under this directory are printed relative to it, as a user typed them. */
  readonly relativeTo?: string;
}

/** Characters of a source line shown in an excerpt, and how many of them come before the caret. */
export const MAX_EXCERPT = 160;
const EXCERPT_BEFORE = 60;

/** `error[C201]: message`, then `--> file:line:col`, the source line and a caret under the span. */
export function renderText(diagnostics: readonly Diagnostic[], sources: SourceRegistry, options: TextOptions = {}): string {
  return sortDiagnostics(diagnostics)
    .map((d) => renderOne(d, sources, options))
    .join('\n');
}

function displayPath(path: string, options: TextOptions): string {
  const base = options.relativeTo?.replace(/\/+$/, '');
  return base && path.startsWith(base + '/') ? path.slice(base.length + 1) : path;
}

function renderOne(d: Diagnostic, sources: SourceRegistry, options: TextOptions): string {
  const lines = [`${d.severity}[${d.code}]: ${d.message}`];
  // One gutter width for every excerpt of the diagnostic, so the bars line up.
  const gutter = Math.max(1, ...d.labels.map((l) => String(sources.get(l.span.file)?.positionOf(l.span.start).line ?? '').length));
  const pad = ' '.repeat(gutter);
  d.labels.forEach((label, i) => {
    const file = sources.get(label.span.file);
    const path = displayPath(label.span.file, options);
    if (!file) {
      lines.push(`${pad}--> ${path}${label.message ? `: ${label.message}` : ''}`);
      return;
    }
    const s = file.positionOf(label.span.start);
    const e = file.positionOf(Math.max(label.span.start, label.span.end));
    const full = file.lineText(s.line).replace(/\t/g, ' ');
    const fullWidth = e.line === s.line ? Math.max(1, e.column - s.column) : Math.max(1, full.length - s.column + 1);
    // A long line (a minified or hostile file) is shown as a window around the caret, so output stays small.
    const from = full.length <= MAX_EXCERPT ? 0 : Math.max(0, s.column - 1 - EXCERPT_BEFORE);
    const cut = full.length > MAX_EXCERPT;
    const text = cut ? `${from > 0 ? '…' : ''}${full.slice(from, from + MAX_EXCERPT)}${from + MAX_EXCERPT < full.length ? '…' : ''}` : full;
    const column = cut ? s.column - from + (from > 0 ? 1 : 0) : s.column;
    const width = cut ? Math.max(1, Math.min(fullWidth, MAX_EXCERPT - (s.column - 1 - from))) : fullWidth;
    lines.push(`${pad}${i === 0 ? '-->' : ':::'} ${path}:${s.line}:${s.column}`);
    lines.push(`${pad} |`);
    lines.push(`${String(s.line).padStart(gutter)} | ${text}`);
    lines.push(`${pad} | ${' '.repeat(column - 1)}${'^'.repeat(width)}${label.message ? ` ${label.message}` : ''}`);
  });
  if (d.help) lines.push(`${pad} = help: ${d.help}`);
  if (d.note) lines.push(`${pad} = note: ${d.note}`);
  return lines.join('\n') + '\n';
}

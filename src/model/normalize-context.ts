// Stage 6 plumbing: what normalize.ts and normalize-service.ts share while reading the merged tree —
// lenient scalar readers (interpolated values arrive as strings), KEY=VALUE lists and maps, and located reports.
// Reports C513 (invalid number), C514 (unexpected type), C515 (invalid KEY=VALUE) and whatever callers pass in.
import { diagnostic, type Code } from '../diagnostics/code.js';
import type { ValueSource } from './types.js';
import type { Diagnostic, Label } from '../diagnostics/diagnostic.js';
import { keySpanAt, offsetInScalar, pointerJoin, spanAt, type Origins, type Pointer } from '../source/origins.js';
import type { Span } from '../source/span.js';
import { modelCodes } from './codes.js';
import type { ParseProblem, Parsed } from './parse-result.js';

export interface ReportOptions {
  /** Point inside the scalar: character offset and length. */
  readonly index?: number;
  readonly length?: number;
  /** Point at the mapping key rather than its value. */
  readonly atKey?: boolean;
  readonly help?: string;
  readonly note?: string;
}

/** One entry of a KEY=VALUE list or a mapping, with where it was written. */
export interface KeyValueEntry {
  readonly key: string;
  /** undefined: written without a value (`- NAME` or `NAME:`). */
  readonly value?: string;
  readonly pointer: Pointer;
}

export interface KeyValueOptions {
  /** Separator of the list form. */
  readonly separator?: '=' | ':';
}

export class NormalizeContext {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly origins: Origins,
    readonly workingDir: string,
    readonly homeDir: string,
    readonly lookupEnv: (name: string) => string | undefined,
    private readonly sourceText?: (span: Span) => string | undefined,
  ) {}

  labels(pointer: Pointer, options: ReportOptions = {}, message?: string): Label[] {
    const span = this.spanFor(pointer, options);
    return span ? [{ span, ...(message !== undefined ? { message } : {}) }] : [];
  }

  report(code: Code, pointer: Pointer, message: string, options: ReportOptions = {}): void {
    const extras = { ...(options.help !== undefined ? { help: options.help } : {}), ...(options.note !== undefined ? { note: options.note } : {}) };
    this.diagnostics.push(diagnostic(code, message, this.labels(pointer, options), extras));
  }

  /** Reports a parser's failure (and returns undefined) or its warnings (and returns the value). */
  take<T>(parsed: Parsed<T>, pointer: Pointer, code: Code, warningCode?: Code, help?: string): T | undefined {
    if (!parsed.ok) {
      this.report(code, pointer, parsed.error.message, { ...problemAt(parsed.error), ...(help !== undefined ? { help } : {}) });
      return undefined;
    }
    for (const w of parsed.warnings ?? []) this.report(warningCode ?? code, pointer, w.message, problemAt(w));
    return parsed.value;
  }

  /** The source text of the scalar at `pointer`, as written (quotes included). */
  rawText(pointer: Pointer): string | undefined {
    const origin = this.origins.get(pointer);
    return origin && this.sourceText ? this.sourceText(origin.value) : undefined;
  }

  unexpected(pointer: Pointer, expected: string, value: unknown): void {
    this.report(modelCodes.unexpectedValue, pointer, `expected ${expected}, found ${describe(value)}`, {
      note: 'the schema check should have caught this; the value is ignored',
    });
  }

  // ---- scalar readers: null means "not set"; a wrong type is reported and read as not set ----

  string(value: unknown, pointer: Pointer): string | undefined {
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.unexpected(pointer, 'a string', value);
    return undefined;
  }

  boolean(value: unknown, pointer: Pointer): boolean | undefined {
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string') {
      // Interpolated values arrive as strings; accept the spellings compose casts to booleans.
      const v = value.trim().toLowerCase();
      if (['true', 'yes', 'y', 'on'].includes(v)) return true;
      if (['false', 'no', 'n', 'off'].includes(v)) return false;
    }
    this.unexpected(pointer, 'a boolean (true or false)', value);
    return undefined;
  }

  number(value: unknown, pointer: Pointer, what = 'a number'): number | undefined {
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) return Number(value);
    this.report(modelCodes.invalidNumber, pointer, `\`${typeof value === 'string' ? value : describe(value)}\` is not ${what}`);
    return undefined;
  }

  integer(value: unknown, pointer: Pointer, what = 'an integer'): number | undefined {
    const n = this.number(value, pointer, what);
    if (n === undefined) return undefined;
    if (!Number.isInteger(n)) {
      this.report(modelCodes.invalidNumber, pointer, `\`${n}\` is not ${what}`);
      return undefined;
    }
    return n;
  }

  /** A string, or a list of strings (`dns: 8.8.8.8` and `dns: [8.8.8.8]` alike). */
  stringList(value: unknown, pointer: Pointer): string[] {
    if (value === null || value === undefined) return [];
    if (!Array.isArray(value)) {
      const s = this.string(value, pointer);
      return s === undefined ? [] : [s];
    }
    const out: string[] = [];
    value.forEach((item, i) => {
      const s = this.string(item, pointerJoin(pointer, i));
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  record(value: unknown, pointer: Pointer): Record<string, unknown> | undefined {
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    this.unexpected(pointer, 'a mapping', value);
    return undefined;
  }

  list(value: unknown, pointer: Pointer): unknown[] {
    if (value === null || value === undefined) return [];
    if (Array.isArray(value)) return value;
    this.unexpected(pointer, 'a list', value);
    return [];
  }

  /** A list of `KEY=VALUE` strings or a mapping, as entries in written order. */
  keyValues(value: unknown, pointer: Pointer, options: KeyValueOptions = {}): KeyValueEntry[] {
    if (value === null || value === undefined) return [];
    const out: KeyValueEntry[] = [];
    if (Array.isArray(value)) {
      const sep = options.separator ?? '=';
      value.forEach((item, i) => {
        const p = pointerJoin(pointer, i);
        const text = this.string(item, p);
        if (text === undefined) return;
        const at = text.indexOf(sep);
        const key = at < 0 ? text : text.slice(0, at);
        if (key === '') {
          this.report(modelCodes.invalidKeyValue, p, `\`${text}\` has no name before \`${sep}\``, { index: 0 });
          return;
        }
        out.push(at < 0 ? { key, pointer: p } : { key, value: text.slice(at + 1), pointer: p });
      });
      return out;
    }
    const rec = this.record(value, pointer);
    if (!rec) return [];
    for (const [key, v] of Object.entries(rec)) {
      const p = pointerJoin(pointer, key);
      if (v === null || v === undefined) {
        out.push({ key, pointer: p });
        continue;
      }
      const s = this.string(v, p);
      if (s !== undefined) out.push({ key, value: s, pointer: p });
    }
    return out;
  }

  /** Labels, annotations, sysctls, driver options: a value-less entry means the empty string. */
  stringMap(value: unknown, pointer: Pointer, options: KeyValueOptions = {}): Map<string, string> {
    const out = new Map<string, string>();
    for (const e of this.keyValues(value, pointer, options)) out.set(e.key, e.value ?? '');
    return out;
  }

  /**
   * Environment-like maps: a value-less entry takes its value from the host environment, or is dropped.
   * `sources` (when given) learns where each value came from.
   */
  environmentMap(value: unknown, pointer: Pointer, into = new Map<string, string>(), sources?: Map<string, ValueSource>): Map<string, string> {
    for (const e of this.keyValues(value, pointer)) {
      const v = e.value ?? this.lookupEnv(e.key);
      // Unset in the host environment: the entry is dropped (an env_file value for it stays).
      if (v === undefined) continue;
      into.set(e.key, v);
      const names = this.origins.get(e.pointer)?.variables;
      sources?.set(e.key, e.value === undefined ? { kind: 'host' } : names !== undefined ? { kind: 'variables', names } : { kind: 'literal' });
    }
    return into;
  }

  private spanFor(pointer: Pointer, options: ReportOptions): Span | undefined {
    if (options.atKey) return keySpanAt(this.origins, pointer);
    const origin = this.origins.get(pointer);
    if (origin && options.index !== undefined) {
      const start = offsetInScalar(origin, options.index);
      const end = origin.style === 'plain' || origin.style === 'single' || origin.style === 'double' ? Math.min(start + (options.length ?? 1), origin.value.end) : origin.value.end;
      return { file: origin.value.file, start, end: Math.max(start, end) };
    }
    return spanAt(this.origins, pointer);
  }
}

function problemAt(p: ParseProblem): ReportOptions {
  return { ...(p.index !== undefined ? { index: p.index } : {}), ...(p.length !== undefined ? { length: p.length } : {}) };
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

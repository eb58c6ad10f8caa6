// Stage 3, env files: dotenv text (`.env`, `--env-file`, a service's `env_file`) -> ordered variables. Pure.
// The default syntax is compose-go's; `format: raw` is `docker run --env-file`'s (no quotes, no interpolation).
// Reports C304 (bad line), C305 (unterminated quote), C306 (text after a closing quote), and C301-C303, C307 from expansion.
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { interpolateCodes } from '../interpolate/codes.js';
import { locateUnset, templateErrorDiagnostics, unsetVariableWarnings, type UnsetAt } from '../interpolate/template-diagnostics.js';
import { ExpansionBudget } from '../interpolate/expansion-budget.js';
import { interpolateTemplate, type Lookup } from '../interpolate/template.js';
import type { Span } from '../source/span.js';

export interface DotenvOptions {
  /** env_file `format: raw`: each `KEY=VALUE` line is taken literally, without quote handling or interpolation. */
  readonly raw?: boolean;
  /** Caps the characters expansion produces, shared with the rest of the run. */
  readonly budget?: ExpansionBudget;
}

export interface DotenvResult {
  /** In order of first definition; a key defined again keeps its place and takes the later value. */
  vars: [string, string][];
  diagnostics: Diagnostic[];
}

/**
 * `lookup` answers for variables outside the file (for `.env`: the OS environment). As in compose-go, it is asked
 * before the file's own earlier variables when a value is expanded, and a bare `KEY` line takes its value from it.
 */
export function parseDotenv(text: string, file: string, lookup: Lookup, options: DotenvOptions = {}): DotenvResult {
  return options.raw ? parseRaw(text, file, lookup) : new DotenvParser(text, file, lookup, options.budget ?? new ExpansionBudget()).parse();
}

/** compose-go's isSpace: blanks that do not end a line. */
function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\v' || c === '\f' || c === '\u0085' || c === '\u00a0';
}

/** Go's unicode.IsSpace, which differs from JavaScript's `\s` on U+0085 and U+FEFF. */
function isWhite(c: string | undefined): boolean {
  return c !== undefined && c !== '\ufeff' && (c === '\u0085' || /^\s$/.test(c));
}

function trimEndWhite(s: string): string {
  let end = s.length;
  while (end > 0 && isWhite(s[end - 1])) end--;
  return s.slice(0, end);
}

function isKeyChar(ch: string): boolean {
  return /^[\p{L}\p{N}_.\-[\]]$/u.test(ch);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

class DotenvParser {
  private readonly vars = new Map<string, string>();
  private readonly diagnostics: Diagnostic[] = [];
  private readonly unset: UnsetAt[] = [];
  private readonly expansionLookup: Lookup = (name) => this.lookup(name) ?? this.vars.get(name);

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly lookup: Lookup,
    private readonly budget: ExpansionBudget,
  ) {}

  parse(): DotenvResult {
    const { text } = this;
    let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    for (;;) {
      while (pos < text.length && isWhite(text[pos])) pos++;
      if (pos >= text.length) break;
      pos = text[pos] === '#' ? this.lineEnd(pos) : this.statement(pos);
    }
    return { vars: [...this.vars], diagnostics: [...this.diagnostics, ...unsetVariableWarnings(this.unset)] };
  }

  private span(start: number, end: number): Span {
    return { file: this.file, start, end: Math.max(start, end) };
  }

  private lineEnd(from: number): number {
    const nl = this.text.indexOf('\n', from);
    return nl < 0 ? this.text.length : nl;
  }

  private badLine(at: number, message: string, help: string): number {
    this.diagnostics.push(diagnostic(interpolateCodes.envFileBadLine, message, [{ span: this.span(at, at + 1) }], { help }));
    return this.lineEnd(at);
  }

  /** One `KEY=value` (or bare `KEY`) statement at `start`; returns where parsing goes on. */
  private statement(start: number): number {
    const { text } = this;
    let p = start;
    if (text.startsWith('export', p) && isBlank(text[p + 6])) {
      p += 6;
      while (isBlank(text[p])) p++;
    }
    const keyStart = p;
    let k = p;
    while (k < text.length) {
      const c = text[k]!;
      if (c === '=' || c === ':' || c === '\n') break;
      if (isBlank(c)) {
        k++;
        continue;
      }
      const ch = String.fromCodePoint(text.codePointAt(k)!);
      if (!isKeyChar(ch)) {
        return this.badLine(k, `unexpected character \`${ch}\` in variable name`, 'a line reads `NAME=value`; names use letters, digits, `_`, `.` and `-`');
      }
      k += ch.length;
    }
    const key = trimEndWhite(text.slice(keyStart, k));
    const blank = key.search(/[ \t\r\v\f\u0085\u00a0]/);
    if (blank >= 0) {
      return this.badLine(keyStart + blank, `variable name \`${key}\` contains a space`, 'a line reads `NAME=value`; quote a value that holds spaces');
    }
    if (key === '') return this.badLine(k, 'missing variable name before `=`', 'a line reads `NAME=value`');
    if (k >= text.length || text[k] === '\n') {
      // a bare `KEY` passes the outside value through, and is left out when there is none
      const value = this.lookup(key);
      if (value !== undefined) this.vars.set(key, value);
      return k;
    }
    let v = k + 1;
    while (isBlank(text[v])) v++;
    const quote = text[v];
    if (quote === '"' || quote === "'") return this.quoted(key, v);
    const end = this.lineEnd(v);
    let raw = text.slice(v, end);
    const comment = raw.indexOf(' #');
    if (comment >= 0) raw = raw.slice(0, comment);
    raw = trimEndWhite(raw);
    this.vars.set(key, this.expand(raw, (i) => v + i));
    return end;
  }

  /** A quoted value opening at `open`; may span lines. */
  private quoted(key: string, open: number): number {
    const { text } = this;
    const quote = text[open]!;
    // Most values hold no backslash: take them in one slice (a 1 MiB value one character at a time took seconds).
    const plainClose = text.indexOf(quote, open + 1);
    const raw = plainClose < 0 ? '' : text.slice(open + 1, plainClose);
    if (plainClose >= 0 && !raw.includes('\\')) {
      this.vars.set(key, quote === '"' ? this.expand(raw, (i) => open + 1 + Math.min(i, raw.length)) : raw);
      return this.afterQuote(key, plainClose);
    }
    const chars: string[] = [];
    const offsets: number[] = [];
    let close = -1;
    for (let k = open + 1; k < text.length; ) {
      const c = text[k]!;
      if (c === '\\') {
        if (k + 1 >= text.length) break;
        const next = text[k + 1]!;
        // an escaped quote loses its backslash; any other escape keeps it for the next step
        if (next !== quote) {
          chars.push(c);
          offsets.push(k);
        }
        chars.push(next);
        offsets.push(k + 1);
        k += 2;
        continue;
      }
      if (c === quote) {
        close = k;
        break;
      }
      chars.push(c);
      offsets.push(k);
      k++;
    }
    if (close < 0) {
      const kind = quote === '"' ? 'double' : 'single';
      this.diagnostics.push(
        diagnostic(interpolateCodes.envFileUnterminatedQuote, `the ${kind}-quoted value of ${key} is never closed`, [{ span: this.span(open, open + 1), message: 'opened here' }], {
          help: `end the value with ${quote}, or escape a quote inside it as \\${quote}`,
        }),
      );
      return text.length;
    }
    if (quote === '"') {
      const unescaped = expandEscapes(chars, offsets);
      this.vars.set(key, this.expand(unescaped.chars.join(''), (i) => unescaped.offsets[i] ?? close));
    } else {
      this.vars.set(key, chars.join(''));
    }
    return this.afterQuote(key, close);
  }

  /** Warns about text after the closing quote at `close`; returns where the next statement starts. */
  private afterQuote(key: string, close: number): number {
    const { text } = this;
    let t = close + 1;
    while (isBlank(text[t])) t++;
    if (t < text.length && text[t] !== '\n' && text[t] !== '#') {
      this.diagnostics.push(
        diagnostic(interpolateCodes.envFileTextAfterQuote, `text after the closing quote of ${key} is read as another variable`, [{ span: this.span(t, t + 1) }], {
          help: 'move the text inside the quotes, or make it a comment with ` #`',
          note: 'docker compose reads it the same way',
        }),
      );
    }
    return close + 1;
  }

  /** Interpolates a value whose character `i` came from source offset `offsetOf(i)`. */
  private expand(value: string, offsetOf: (i: number) => number): string {
    if (!value.includes('$')) return value;
    const result = interpolateTemplate(value, this.expansionLookup);
    const locate = (index: number, length: number) => this.span(offsetOf(index), offsetOf(index + Math.max(1, length) - 1) + 1);
    const over = this.budget.take(result.value.length, locate(0, 1));
    if (over !== undefined) {
      if (over !== true) this.diagnostics.push(over);
      return '';
    }
    if (result.errors.length === 0 && result.unset.length === 0) return result.value;
    this.diagnostics.push(...templateErrorDiagnostics(result, locate));
    this.unset.push(...locateUnset(result, locate));
    return result.value;
  }
}

/**
 * Escapes of double-quoted values, as compose-go applies them before interpolation: `\n` `\t` `\r` `\a` `\b` `\f` `\v`
 * `\\`, `\0` + three octal digits, and `\$`, which becomes `$$` so interpolation leaves a literal `$`. Others stay as written.
 */
function expandEscapes(chars: readonly string[], offsets: readonly number[]): { chars: string[]; offsets: number[] } {
  const out: string[] = [];
  const at: number[] = [];
  const push = (c: string, o: number) => {
    out.push(c);
    at.push(o);
  };
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const o = offsets[i]!;
    const next = chars[i + 1];
    if (c !== '\\' || next === undefined) {
      push(c, o);
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      push(simple, o);
      i++;
    } else if (next === '$') {
      push('$', o);
      push('$', offsets[i + 1]!);
      i++;
    } else if (next === '0') {
      let j = i + 2;
      while (j < chars.length && j < i + 5 && /^[0-9]$/.test(chars[j]!)) j++;
      const digits = chars.slice(i + 2, j).join('');
      if (/^[0-7]{3}$/.test(digits) && parseInt(digits, 8) <= 0xff) push(String.fromCharCode(parseInt(digits, 8)), o);
      else for (let m = i; m < j; m++) push(chars[m]!, offsets[m]!);
      i = j - 1;
    } else {
      push(c, o);
    }
  }
  return { chars: out, offsets: at };
}

/** `format: raw`, read like `docker run --env-file`: one `KEY=VALUE` per line, the value verbatim. */
function parseRaw(text: string, file: string, lookup: Lookup): DotenvResult {
  const vars = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const bad = (at: number, message: string) =>
    diagnostics.push(diagnostic(interpolateCodes.envFileBadLine, message, [{ span: { file, start: at, end: at + 1 } }], { help: 'a raw env file has one `NAME=value` per line' }));
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const lineEnd = nl < 0 ? text.length : nl;
    const end = text[lineEnd - 1] === '\r' && lineEnd > start ? lineEnd - 1 : lineEnd;
    let p = start;
    while (p < end && isWhite(text[p])) p++;
    if (p < end && text[p] !== '#') {
      const eq = text.indexOf('=', p);
      const hasValue = eq >= 0 && eq < end;
      const name = text.slice(p, hasValue ? eq : end);
      const space = name.search(/[ \t]/);
      if (name === '') bad(p, 'missing variable name before `=`');
      else if (space >= 0) bad(p + space, `variable name \`${name.trimEnd()}\` contains whitespace`);
      else if (hasValue) vars.set(name, text.slice(eq + 1, end));
      else {
        const value = lookup(name);
        if (value !== undefined) vars.set(name, value);
      }
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  return { vars: [...vars], diagnostics };
}

// Test oracle: an independent reader of unit files written from the man pages (systemd.syntax(7) "Quoting"
// and line continuation, systemd.service(5) "Command lines", systemd.exec(5) "Environment="), used to check
// that what src/systemd writes reads back as the original values. Throws on anything it does not model.

export interface ParsedSection {
  readonly name: string;
  readonly entries: { readonly key: string; readonly value: string }[];
}

const WHITESPACE = ' \t\n\r';

/** Lines -> sections of key/value pairs: comments, `\` continuation (comment lines inside it skipped), trimming. */
export function parseUnitText(text: string): ParsedSection[] {
  if (!text.endsWith('\n')) throw new Error('unit text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  const sections: ParsedSection[] = [];
  let pending: string | undefined;
  for (const raw of lines) {
    if (raw.includes('\r')) throw new Error('raw carriage return in unit text');
    const isComment = /^[ \t]*[#;]/.test(raw);
    if (pending !== undefined && isComment) continue;
    if (pending === undefined && (isComment || strip(raw) === '')) continue;
    let line = pending === undefined ? raw : pending + raw;
    if (oddTrailingBackslashes(line)) {
      pending = line.slice(0, -1) + ' ';
      continue;
    }
    pending = undefined;
    line = strip(line);
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) throw new Error(`bad section header ${line}`);
      sections.push({ name: line.slice(1, -1), entries: [] });
      continue;
    }
    const eq = line.indexOf('=');
    const current = sections[sections.length - 1];
    if (eq < 0 || !current) throw new Error(`not an assignment inside a section: ${line}`);
    current.entries.push({ key: strip(line.slice(0, eq)), value: strip(line.slice(eq + 1)) });
  }
  if (pending !== undefined) throw new Error('file ends inside a continuation');
  return sections;
}

/** systemd strips only its own WHITESPACE set, not every Unicode space as String.prototype.trim does. */
export function strip(s: string): string {
  return s.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');
}

function oddTrailingBackslashes(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

/** `%%` -> `%`; any other specifier is outside what these tests write. */
export function expandSpecifiers(s: string): string {
  return s.replace(/%(.)/gs, (_, c: string) => {
    if (c === '%') return '%';
    throw new Error(`unexpected specifier %${c}`);
  });
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34, "'": 39, s: 32 };

/** Splits into words: quotes group (and are removed), C escapes of the man page table apply in and out of quotes. */
export function splitWords(s: string, commandLine = false): string[] {
  const words: string[] = [];
  const enc = new TextEncoder();
  let i = 0;
  for (;;) {
    while (i < s.length && WHITESPACE.includes(s[i]!)) i++;
    if (i >= s.length) return words;
    const bytes: number[] = [];
    let quote: string | undefined;
    const wordStart = i;
    while (i < s.length) {
      const c = s[i]!;
      if (quote === undefined && WHITESPACE.includes(c)) break;
      if (quote === undefined && (c === '"' || c === "'")) {
        quote = c;
        i++;
      } else if (c === quote) {
        quote = undefined;
        i++;
      } else if (c === '\\') {
        const [value, used, raw] = unescapeAt(s, i + 1);
        if (raw) bytes.push(value);
        else bytes.push(...enc.encode(String.fromCodePoint(value)));
        i += 1 + used;
      } else {
        const ch = String.fromCodePoint(s.codePointAt(i)!);
        bytes.push(...enc.encode(ch));
        i += ch.length;
      }
    }
    if (quote !== undefined) throw new Error('unterminated quote');
    // A bare `;` word separates commands; `\;` and quoted forms are arguments (systemd.service(5)).
    if (commandLine && s.slice(wordStart, i) === ';') throw new Error('unquoted ; separator');
    words.push(new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes)));
  }
}

/** One escape after a backslash: [value, characters used, whether value is a raw byte]. */
function unescapeAt(s: string, i: number): [number, number, boolean] {
  const c = s[i];
  if (c === undefined) throw new Error('backslash at end of value');
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return [simple, 1, false];
  const hex = (n: number) => {
    const digits = s.slice(i + 1, i + 1 + n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) throw new Error(`bad \\${c} escape`);
    return parseInt(digits, 16);
  };
  if (c === 'x') return nonZero([hex(2), 3, true]);
  if (c === 'u') return nonZero([hex(4), 5, false]);
  if (c === 'U') return nonZero([hex(8), 9, false]);
  if (/[0-7]/.test(c)) {
    const digits = s.slice(i, i + 3);
    if (!/^[0-7]{3}$/.test(digits)) throw new Error('bad octal escape');
    return nonZero([parseInt(digits, 8), 3, true]);
  }
  throw new Error(`unknown escape \\${c}`);
}

function nonZero(r: [number, number, boolean]): [number, number, boolean] {
  if (r[0] === 0) throw new Error('escape yields NUL, which systemd refuses');
  return r;
}

/** `$$` -> `$`; a `$VAR`/`${VAR}` reference is outside what these tests write. */
export function expandDollars(word: string): string {
  return word.replace(/\$(.?)/gs, (_, c: string) => {
    if (c === '$') return '$';
    throw new Error(`unexpected variable reference $${c}`);
  });
}

/** A command line value -> argv as the started process sees it (one command; no `;` separators). */
export function readCommandLine(value: string): string[] {
  return splitWords(expandSpecifiers(value), true).map(expandDollars);
}

/** An Environment= value -> its `KEY=value` items (no `$` expansion there). */
export function readEnvironment(value: string): string[] {
  return splitWords(value).map(expandSpecifiers);
}

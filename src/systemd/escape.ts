// Render stage helper: text values -> the exact characters to write in a unit file, per directive kind.
// Pure; reports no diagnostics itself: a value systemd cannot represent comes back as `{ ok: false, reason }`
// for the planner to turn into its own diagnostic. Rules: systemd.syntax(7) "Quoting", systemd.service(5)
// "Command lines", systemd.exec(5) "Environment=", checked against systemd-analyze (see test/systemd).

export interface EscapeFailure {
  readonly ok: false;
  readonly reason: string;
  /** For command lines: the index in argv of the argument that could not be written. */
  readonly argIndex?: number;
}

export type EscapeResult = { readonly ok: true; readonly text: string } | EscapeFailure;

/**
 * systemd reads at most this many bytes for one logical line (LONG_LINE_MAX, 1 MiB, after joining
 * continuation lines); we stay a little under it so a directive is never truncated.
 */
export const MAX_LINE_BYTES = 1_000_000;

/** Characters that begin a comment when they start a line, continuation lines included. */
const COMMENT_STARTS = new Set(['#', ';']);

/** Prefix characters systemd reads at the start of an executable path (systemd.service(5), table 1). */
const EXEC_PREFIX = /^[-@:+!|]*$/;

/** `%` starts a specifier everywhere systemd expands them; `%%` is a literal percent sign. */
export function escapeSpecifiers(s: string): string {
  return s.replace(/%/g, '%%');
}

/**
 * One argument of ExecStart= (and ExecStartPre= ...). systemd expands specifiers on the whole line,
 * splits it into words honouring quotes and C escapes, then expands `$VAR` in each word at exec time,
 * so the original bytes come back only if `%` and `$` are doubled and anything the splitter would
 * touch is quoted. Quoting always uses double quotes and the escapes of systemd.syntax(7).
 */
export function quoteExecArg(arg: string): EscapeResult {
  const invalid = unrepresentable(arg);
  if (invalid) return { ok: false, reason: invalid };
  const doubled = arg.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (!needsQuotes(arg)) return { ok: true, text: doubled };
  return { ok: true, text: `"${escapeInQuotes(doubled)}"` };
}

export interface ExecLineOptions {
  /** Executable prefix such as `-` (ignore failure) or `+` (full privileges), written before argv[0]. */
  readonly prefix?: string;
}

/** A whole command line: the quoted words of `argv`, space-separated, optionally with a prefix. */
export function execLine(argv: readonly string[], options: ExecLineOptions = {}): EscapeResult {
  const words = execWords(argv, options);
  if (!words.ok) return words;
  const text = words.words.join(' ');
  if (utf8Length(text) > MAX_LINE_BYTES) return { ok: false, reason: `the command line is longer than ${MAX_LINE_BYTES} bytes` };
  return { ok: true, text };
}

export type ExecWordsResult = { readonly ok: true; readonly words: readonly string[] } | EscapeFailure;

/** The quoted words of a command line, one per argument (the prefix, if any, is glued to the first). */
export function execWords(argv: readonly string[], options: ExecLineOptions = {}): ExecWordsResult {
  const prefix = options.prefix ?? '';
  if (!EXEC_PREFIX.test(prefix)) return { ok: false, reason: `"${prefix}" is not a command prefix (allowed: - @ : + ! |)` };
  const [program] = argv;
  if (program === undefined) return { ok: false, reason: 'a command line needs at least the program to run' };
  const programProblem = invalidProgram(program);
  if (programProblem) return { ok: false, reason: programProblem, argIndex: 0 };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const quoted = quoteExecArg(argv[i]!);
    if (!quoted.ok) return { ...quoted, argIndex: i };
    words.push(i === 0 ? prefix + quoted.text : quoted.text);
  }
  return { ok: true, words };
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One `Environment=` item, always quoted: `"KEY=value"`. systemd unquotes it with C escapes and expands
 * specifiers, but does NOT expand `$` there (systemd.exec(5)), so `$` is written as is.
 */
export function environmentAssignment(key: string, value: string): EscapeResult {
  if (!ENV_NAME.test(key)) return { ok: false, reason: `"${key}" is not a variable name systemd accepts in Environment= (letters, digits and _, not starting with a digit)` };
  const invalid = unrepresentable(value);
  if (invalid) return { ok: false, reason: invalid };
  return { ok: true, text: `"${key}=${escapeInQuotes(escapeSpecifiers(value))}"` };
}

export interface DirectiveValueOptions {
  /** Whether the directive expands `%` specifiers (most do: Description=, WorkingDirectory= ...). Default true. */
  readonly specifiers?: boolean;
}

/**
 * The value of a plain directive (Description=, WorkingDirectory= ...), written verbatim: such values are
 * not unquoted, so the only hazards are line structure (newlines, a trailing backslash that would join the
 * next line, whitespace systemd strips) and specifiers.
 */
export function directiveValue(value: string, options: DirectiveValueOptions = {}): EscapeResult {
  const invalid = unrepresentable(value);
  if (invalid) return { ok: false, reason: invalid };
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) return { ok: false, reason: 'a plain directive value cannot hold a newline or other control character' };
  if (/^[ \t]|[ \t]$/.test(value)) return { ok: false, reason: 'systemd strips leading and trailing whitespace from directive values' };
  if (endsWithOddBackslashes(value)) return { ok: false, reason: 'a trailing backslash would join the next line of the unit file to this value' };
  const text = options.specifiers === false ? value : escapeSpecifiers(value);
  if (utf8Length(text) > MAX_LINE_BYTES) return { ok: false, reason: `the value is longer than ${MAX_LINE_BYTES} bytes` };
  return { ok: true, text };
}

/** True when `s` ends in an odd run of backslashes, which systemd reads as a line continuation. */
export function endsWithOddBackslashes(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

/** Bytes of `s` in UTF-8 (an unpaired surrogate counts as the 3 bytes of U+FFFD). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

function unrepresentable(s: string): string | undefined {
  if (s.includes('\u0000')) return 'a NUL character cannot be passed through a unit file';
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s)) {
    return 'the text holds an unpaired UTF-16 surrogate, which has no UTF-8 encoding';
  }
  // systemd refuses a line with a Unicode noncharacter as "not UTF-8 clean", raw or as a \u escape, and then
  // fails to load the whole unit (found by the e2e escaping scenario on systemd 257; systemd 252 does the same)
  if ([...s].some((ch) => isNoncharacter(ch.codePointAt(0)!))) {
    return 'the text holds a Unicode noncharacter (U+FDD0 to U+FDEF, or U+xFFFE/U+xFFFF), which systemd refuses in a unit file';
  }
  return undefined;
}

function isNoncharacter(cp: number): boolean {
  return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe;
}

function invalidProgram(program: string): string | undefined {
  if (program === '') return 'the program to run is empty';
  // systemd reads these prefixes after unquoting, so quoting cannot protect a leading one.
  if (/^[-@:+!|]/.test(program)) return `the program "${program}" starts with a character systemd reads as a command prefix`;
  // The executable path is taken before $VAR expansion while argv[0] is expanded, so `$` cannot be kept in both.
  if (program.includes('$')) return `the program "${program}" contains "$", which systemd does not allow in the executable`;
  if (/[\u0000-\u001f\u007f]/.test(program)) return 'the program to run contains a control character';
  return undefined;
}

function needsQuotes(arg: string): boolean {
  if (arg === '') return true;
  // `;` alone separates commands; a word starting with # or ; at the start of a continuation line is a comment.
  if (COMMENT_STARTS.has(arg[0]!)) return true;
  return /[\s"'\\\u0000-\u001f\u007f]/.test(arg);
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** Escapes for the inside of a double-quoted word; other characters, non-ASCII included, stay raw (UTF-8). */
function escapeInQuotes(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\\"]/g, (c) => NAMED_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

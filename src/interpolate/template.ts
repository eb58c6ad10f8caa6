// Stage 3, interpolate: one template string x variable lookup -> value, plus syntax/required errors and unset uses
// by character index. Pure. Callers turn the indexes into C301 (syntax), C302 (required) and C303 (unset) diagnostics.
// Follows compose-go: arguments of `${NAME:-...}` and friends are expanded even when unused, as compose does.

export type Lookup = (name: string) => string | undefined;

export interface TemplateError {
  /** Index in the template of the first character the error concerns. */
  readonly index: number;
  readonly length: number;
  readonly message: string;
  /** size: the value grew past MAX_EXPANDED_LENGTH. */
  readonly kind: 'syntax' | 'required' | 'size';
  /** For `required` errors: the variable that has no value. */
  readonly name?: string;
}

export interface UnsetUse {
  readonly name: string;
  /** Index of the `$` that refers to the variable. */
  readonly index: number;
  /** Length of the reference: `$NAME` or `${NAME}`. */
  readonly length: number;
}

export interface TemplateResult {
  readonly value: string;
  readonly errors: readonly TemplateError[];
  readonly unset: readonly UnsetUse[];
  /** The variables the template refers to, set or not, in first-use order: the value came (partly) from them. */
  readonly variables: readonly string[];
}

/** Deeper nesting than this is an error rather than a risk to the stack; real files nest two or three levels. */
export const MAX_TEMPLATE_DEPTH = 64;
/** Characters one interpolated value may grow to: `${A}${A}...` with a large A must not exhaust memory. */
export const MAX_EXPANDED_LENGTH = 1024 * 1024;

interface Sink {
  readonly lookup: Lookup;
  readonly errors: TemplateError[];
  readonly unset: UnsetUse[];
  readonly variables: Set<string>;
  /** Set once the value passed MAX_EXPANDED_LENGTH: every level stops expanding. */
  overflow: boolean;
}

export function interpolateTemplate(text: string, lookup: Lookup): TemplateResult {
  if (!text.includes('$')) return { value: text, errors: [], unset: [], variables: [] };
  const sink: Sink = { lookup: (name) => (sink.variables.add(name), lookup(name)), errors: [], unset: [], variables: new Set(), overflow: false };
  const expanded = expandRange(text, 0, text.length, sink, 0);
  const value = sink.overflow ? '' : expanded;
  const byIndex = <T extends { index: number }>(a: T, b: T) => a.index - b.index;
  return { value, errors: sink.errors.sort(byIndex), unset: sink.unset.sort(byIndex), variables: [...sink.variables] };
}

function isNameStart(c: string | undefined): boolean {
  return c !== undefined && /^[A-Za-z_]$/.test(c);
}

function isNameChar(c: string | undefined): boolean {
  return c !== undefined && /^[A-Za-z0-9_]$/.test(c);
}

/** Expands `text[from, to)`; every index reported stays relative to the whole template. */
function expandRange(text: string, from: number, to: number, sink: Sink, depth: number): string {
  let out = '';
  let i = from;
  while (i < to) {
    if (overflows(out, i, sink)) return '';
    const dollar = text.indexOf('$', i);
    if (dollar < 0 || dollar >= to) {
      out += text.slice(i, to);
      break;
    }
    out += text.slice(i, dollar);
    const next = dollar + 1 < to ? text[dollar + 1] : undefined;
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (isNameStart(next)) {
      let end = dollar + 2;
      while (end < to && isNameChar(text[end])) end++;
      out += lookupPlain(text.slice(dollar + 1, end), dollar, end - dollar, sink);
      i = end;
    } else if (next === '{') {
      const braced = expandBraced(text, dollar, to, sink, depth);
      out += braced.value;
      i = braced.end;
    } else {
      // compose leaves a `$` that starts no reference as it is (`$1`, `a $ b`, a trailing `$`)
      out += '$';
      i = dollar + 1;
    }
  }
  return overflows(out, to, sink) ? '' : out;
}

/** Records (once) that the value grew past MAX_EXPANDED_LENGTH; from then on every level stops expanding. */
function overflows(out: string, index: number, sink: Sink): boolean {
  if (sink.overflow) return true;
  if (out.length <= MAX_EXPANDED_LENGTH) return false;
  sink.errors.push({ index: Math.max(0, index - 1), length: 1, kind: 'size', message: `the value grows past ${MAX_EXPANDED_LENGTH} characters when its variables are expanded` });
  sink.overflow = true;
  return true;
}

function lookupPlain(name: string, index: number, length: number, sink: Sink): string {
  const value = sink.lookup(name);
  if (value === undefined) sink.unset.push({ name, index, length });
  return value ?? '';
}

/** The `}` that closes the `{` at `open`, counting every brace in between as compose does, or -1. */
function closingBrace(text: string, open: number, to: number): number {
  let depth = 0;
  for (let k = open; k < to; k++) {
    const c = text[k];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return k;
  }
  return -1;
}

/** `${...}` starting at `at` (the `$`). Returns the replacement and the index after the closing brace. */
function expandBraced(text: string, at: number, to: number, sink: Sink, depth: number): { value: string; end: number } {
  const close = closingBrace(text, at + 1, to);
  const syntax = (index: number, length: number, message: string) => sink.errors.push({ index, length, message, kind: 'syntax' });
  if (close < 0) {
    syntax(at, 2, '`${` is never closed with `}`');
    return { value: '', end: to };
  }
  const failed = { value: '', end: close + 1 };
  if (depth >= MAX_TEMPLATE_DEPTH) {
    syntax(at, 2, `templates nest deeper than ${MAX_TEMPLATE_DEPTH} levels`);
    return failed;
  }
  const nameStart = at + 2;
  if (!isNameStart(text[nameStart])) {
    const found = nameStart === close ? 'nothing' : `\`${text[nameStart]}\``;
    syntax(nameStart, 1, `expected a variable name after \`\${\`, found ${found}`);
    return failed;
  }
  let p = nameStart + 1;
  while (p < close && isNameChar(text[p])) p++;
  const name = text.slice(nameStart, p);
  if (p === close) return { value: lookupPlain(name, at, close + 1 - at, sink), end: close + 1 };

  const colon = text[p] === ':';
  if (colon) p++;
  const op = text[p];
  if (p === close || (op !== '-' && op !== '+' && op !== '?')) {
    const found = p === close ? '`}`' : `\`${op}\``;
    syntax(p, 1, colon ? `expected \`-\`, \`+\` or \`?\` after \`\${${name}:\`, found ${found}` : `unexpected ${found} after \`\${${name}\`; expected \`}\` or one of \`:-\` \`-\` \`:?\` \`?\` \`:+\` \`+\``);
    return failed;
  }
  // compose expands the argument before looking at the variable, so its errors count even when it is not used
  const arg = expandRange(text, p + 1, close, sink, depth + 1);
  const value = sink.lookup(name);
  const usable = value !== undefined && (!colon || value !== '');
  const end = close + 1;
  switch (op) {
    case '-':
      return { value: usable ? value : arg, end };
    case '+':
      return { value: usable ? arg : (value ?? ''), end };
    default:
      if (usable) return { value, end };
      sink.errors.push({
        index: at,
        length: end - at,
        kind: 'required',
        name,
        message: arg === '' ? `required variable \`${name}\` is missing a value` : `required variable \`${name}\` is missing a value: ${arg}`,
      });
      return { value: '', end };
  }
}

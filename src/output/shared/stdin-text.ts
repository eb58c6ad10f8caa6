// Stage 9, plan: a text -> the values of `StandardInputText=` lines that give a program exactly that text on
// stdin (pure; for `dockerfile_inline`). No codes: failures come back as reasons for C702.

// systemd strips each value's outer whitespace, expands specifiers, C-unescapes it and appends a newline;
// an empty value resets the whole buffer (systemd.exec(5)).

export type StdinTextResult = { readonly ok: true; readonly values: readonly string[] } | { readonly ok: false; readonly reason: string };

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\r': '\\r', '\u0007': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\\': '\\\\' };

function escapeLine(line: string): string {
  let s = line.replace(/[\u0000-\u001f\u007f\\]/g, (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  // Spaces at either end would be stripped; tabs are already `\t` above.
  s = s.replace(/^ +/, (m) => '\\x20'.repeat(m.length)).replace(/ +$/, (m) => '\\x20'.repeat(m.length));
  return s.replace(/%/g, '%%');
}

/**
 * One value per line. A text without a final newline gets one (each value adds a newline). Empty lines
 * cannot be values of their own, so each is written as `\n` at the end of the value before it (or the
 * start of the value after it, for leading empty lines).
 */
export function standardInputText(text: string): StdinTextResult {
  if (text.includes('\u0000')) return { ok: false, reason: 'a NUL character cannot be passed on standard input from a unit file' };
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) {
    return { ok: false, reason: 'the text holds an unpaired UTF-16 surrogate, which has no UTF-8 encoding' };
  }
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const lines = body.split('\n');
  if (lines.every((l) => l === '')) return { ok: false, reason: 'the text is empty' };
  const values: string[] = [];
  let pending = '';
  for (const line of lines) {
    if (line !== '') {
      values.push(pending + escapeLine(line));
      pending = '';
    } else if (values.length > 0) values[values.length - 1] += '\\n';
    else pending += '\\n';
  }
  return { ok: true, values };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { standardInputText } from '../../../src/output/shared/stdin-text.js';
import { expandSpecifiers, strip } from '../../systemd/systemd-syntax.js';

const C_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\u0007', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'", s: ' ' };

/** systemd.exec(5) StandardInputText=: strip, expand specifiers, C-unescape, append a newline; empty resets. */
function readBack(values: readonly string[]): string {
  let out = '';
  for (const raw of values) {
    const v = strip(raw);
    if (v === '') throw new Error('an empty StandardInputText= resets the buffer');
    const s = expandSpecifiers(v);
    for (let i = 0; i < s.length; i++) {
      if (s[i] !== '\\') {
        out += s[i];
        continue;
      }
      const c = s[i + 1]!;
      if (c === 'x') {
        out += String.fromCharCode(parseInt(s.slice(i + 2, i + 4), 16));
        i += 3;
      } else {
        if (!(c in C_ESCAPES)) throw new Error(`unknown escape \\${c}`);
        out += C_ESCAPES[c];
        i += 1;
      }
    }
    out += '\n';
  }
  return out;
}

describe('standardInputText', () => {
  it.each([
    ['FROM alpine\nRUN echo hi\n', ['FROM alpine', 'RUN echo hi']],
    ['FROM alpine', ['FROM alpine']],
    ['FROM a\n\n\nRUN b\n', ['FROM a\\n\\n', 'RUN b']],
    ['\nFROM a\n', ['\\nFROM a']],
    ['  indented \n', ['\\x20\\x20indented\\x20']],
    ['RUN printf "100%" \\\n  && true\n', ['RUN printf "100%%" \\\\', '\\x20\\x20&& true']],
    ['a\tb\r\n', ['a\\tb\\r']],
  ])('%j', (text, expected) => {
    const r = standardInputText(text);
    expect(r).toEqual({ ok: true, values: expected });
  });

  it.each([['\0'], [''], ['\n\n'], ['a\ud800']])('refuses %j', (text) => {
    expect(standardInputText(text).ok).toBe(false);
  });

  it('gives the program exactly the text (plus a final newline if it had none)', () => {
    const char = fc.constantFrom('a', ' ', '\t', '\n', '\\', '%', '$', '"', "'", '#', ';', '\r', '\u0001', 'é', '😀');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }).map((cs) => cs.join('')), (text) => {
        const r = standardInputText(text);
        if (text.replace(/\n/g, '') === '') {
          expect(r.ok).toBe(false);
          return;
        }
        if (!r.ok) throw new Error(r.reason);
        for (const v of r.values) expect(v).not.toMatch(/[\n\r\u0000]/);
        expect(readBack(r.values)).toBe(text.endsWith('\n') ? text : text + '\n');
      }),
      { numRuns: 500 },
    );
  });
});

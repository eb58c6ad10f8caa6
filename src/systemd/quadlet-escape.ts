// Render stage helper: values of Quadlet keys -> the text to write after `Key=` (pure; failures come back as
// reasons). Quadlet reads each key in one of a few ways and copies the result into the `podman` command line of
// the service it generates, where systemd expands `%` specifiers and `$VAR` again; so every way doubles `%`
// and `$`. Checked against podman 5.4's and 5.8's generators (test/systemd/quadlet-escape.test.ts).
import { quoteExecArg, type EscapeResult } from './escape.js';

// Quadlet reads a key's value in one of three ways: `raw`, the whole value as one argument (Image=, HostName=,
// HealthCmd=, Volume= ...); `list`, words split at whitespace where quotes group and nothing is unescaped
// (AddCapability=, Sysctl=, LogOpt= ...); `words`, split as systemd splits a command line (Exec=, PodmanArgs=,
// Environment= ...).

/** A value a `list` key reads back as one unchanged word: no whitespace, quote, backslash or control character. */
const WORD = /^[^\s"'\\\u0000-\u001f\u007f]+$/;

/**
 * A value a `raw` key reads back unchanged: no control character (a line break would end the line), no space
 * at either end (Quadlet trims), no backslash at the end (it would join the next line), and no double quote at
 * either end (podman 5.0 to 5.8.1 strip one there, even unmatched).
 */
const RAW = /^(?![ \t"])[^\u0000-\u001f\u007f]*(?<![ \t\\"])$/;

/** Whether `value` can be written as the value of a key read in `mode` (`%` and `$` doubled). */
export function fitsQuadletKey(value: string, mode: 'raw' | 'list'): boolean {
  return value !== '' && (mode === 'raw' ? RAW : WORD).test(value);
}

/** A value for a `raw` or `list` key, `%` and `$` doubled; fails when the key cannot carry it (use PodmanArgs=). */
export function quadletValue(value: string, mode: 'raw' | 'list' = 'list'): EscapeResult {
  if (!fitsQuadletKey(value, mode)) return { ok: false, reason: 'it holds a character this key cannot carry (whitespace or quotes in a list, a control character, or a space or backslash at an end)' };
  return { ok: true, text: value.replace(/%/g, '%%').replace(/\$/g, '$$$$') };
}

/**
 * Words for a `words` key: each quoted as systemd quotes a command-line argument. An empty word fails: Quadlet
 * stops splitting at `""`, dropping it and every word after it (podman 5.4 and 5.8 alike). So does a word `;`:
 * written `\;` the generator drops the whole key, written `";"` it passes a bare `;`, which systemd takes as the
 * end of the command.
 */
export function quadletWords(words: readonly string[]): EscapeResult {
  const out: string[] = [];
  for (const w of words) {
    if (w === '') return { ok: false, reason: 'Quadlet drops an empty argument and every argument after it (plain units keep it: --format units)' };
    if (w === ';') return { ok: false, reason: 'Quadlet cannot pass an argument that is a lone ";" (plain units can: --format units)' };
    const q = quoteExecArg(w);
    if (!q.ok) return q;
    out.push(q.text);
  }
  return { ok: true, text: out.join(' ') };
}

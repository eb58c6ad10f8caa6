// Stage 6 parser: byte sizes (`512m`, `1.5g`, `128mb`, `1KiB`, or a number of bytes) -> bytes.
// Pure; units are binary (k = 1024) as in docker's RAMInBytes. normalize.ts reports failures as C505.
import { parsedError, parsedOk, type Parsed } from './parse-result.js';

const MULTIPLIER: Readonly<Record<string, number>> = {
  '': 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

const SIZE = /^(\d+(?:\.\d+)?) ?([kmgtp]?)i?b?$/i;

/** Parses a size into whole bytes (fractions are truncated, as docker does). */
export function parseSize(input: string | number): Parsed<number> {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return parsedError(`invalid size \`${input}\`: a size cannot be negative`, 0);
    return parsedOk(Math.floor(input));
  }
  const text = input.trim();
  const m = SIZE.exec(text);
  if (!m) {
    if (text.startsWith('-')) return parsedError(`invalid size \`${text}\`: a size cannot be negative`, 0);
    // Point just past the number that did parse: that is where the size stops making sense.
    const number = /^\d+(?:\.\d+)? ?/.exec(text);
    return parsedError(`invalid size \`${text}\`: expected a number with an optional unit b, k, m, g, t or p (like \`512m\`)`, number ? number[0].length : 0);
  }
  const [, digits, unit] = m;
  return parsedOk(Math.floor(Number(digits) * (MULTIPLIER[(unit ?? '').toLowerCase()] ?? 1)));
}

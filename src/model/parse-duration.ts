// Stage 6 parser: compose durations (`1m30s`, `500ms`, `1.5h`, Go's time.ParseDuration syntax) -> milliseconds.
// Pure; normalize.ts reports failures as C504.
import { parsedError, parsedOk, type Parsed } from './parse-result.js';

const UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3,
  'μs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const PART = /([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * Parses a duration into milliseconds (fractional when the input has sub-millisecond parts).
 * A bare number (`10`, `"10"`) is read as seconds, with a warning, because compose itself rejects it
 * and the user should learn what we assumed.
 */
export function parseDuration(input: string | number): Parsed<number> {
  if (typeof input === 'number') return bareSeconds(input, String(input));
  const text = input.trim();
  if (text === '') return parsedError('a duration cannot be empty', 0);
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) {
    if (Number(text) === 0) return parsedOk(0);
    return bareSeconds(Number(text), text);
  }
  let i = 0;
  if (text[0] === '+') i = 1;
  if (text[0] === '-') return parsedError('a duration cannot be negative', 0);
  let ns = 0;
  while (i < text.length) {
    PART.lastIndex = i;
    const m = PART.exec(text);
    const digits = m?.[1];
    if (!m || digits === undefined || digits === '' || digits === '.') {
      const at = i;
      const unit = /^[0-9.]+([a-zA-Zµμ]*)/.exec(text.slice(i));
      if (unit && unit[1]) return parsedError(`unknown unit \`${unit[1]}\` in duration \`${text}\` (use ns, us, ms, s, m or h)`, at + unit[0].length - unit[1].length, unit[1].length);
      return parsedError(`invalid duration \`${text}\`: expected a number followed by a unit, like \`1m30s\` or \`500ms\``, at);
    }
    ns += Number(digits) * (UNIT_NS[m[2]!] ?? 0);
    i = PART.lastIndex;
  }
  return parsedOk(Math.round(ns) / 1e6);
}

function bareSeconds(value: number, text: string): Parsed<number> {
  if (!Number.isFinite(value) || value < 0) return parsedError(`invalid duration \`${text}\``, 0);
  if (value === 0) return parsedOk(0);
  return parsedOk(value * 1000, [{ message: `duration \`${text}\` has no unit; read as ${text} seconds (write \`${text}s\`)` }]);
}

/**
 * Milliseconds in compose's (Go's) duration notation: `1m30s`, `500ms`, `0s`. podman's flags take the same
 * notation, so `config` output and `--health-*` flags share this.
 */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  // Fractions of a millisecond survive as a decimal: Go accepts `1.5ms`.
  if (rest > 0) out += `${Number(rest.toFixed(6))}ms`;
  return out;
}

// Stage 6 parser: a file mode (`0440`, `"0440"`, `0o440`, `288`) -> number. Compose reads a leading-zero number
// as octal (YAML 1.1), which a YAML 1.2 parser has already turned into decimal 440: `raw` (the source text)
// lets us undo that. Failures become C516.
import { parsedError, parsedOk, type Parsed } from './parse-result.js';

export function parseFileMode(value: number | string, raw?: string): Parsed<number> {
  let mode: number;
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^0[oO]?[0-7]+$/.test(text)) mode = parseInt(text.replace(/^0[oO]?/, ''), 8);
    else if (/^[1-9]\d*$|^0$/.test(text)) mode = Number(text);
    else return parsedError(`\`${value}\` is not a file mode (write it in octal, like \`0440\`)`, 0, Math.max(1, value.length));
  } else {
    const source = raw?.trim().replace(/^['"]|['"]$/g, '');
    mode = source !== undefined && /^0[0-7]+$/.test(source) ? parseInt(source, 8) : value;
  }
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) return parsedError(`\`${typeof value === 'string' ? value : (raw ?? value)}\` is not a file mode between 0 and 07777`, 0);
  return parsedOk(mode);
}

// Stage 6 parser: a `command:` / `entrypoint:` string -> argv, split like a POSIX shell splits words.
// Quotes and backslashes are honoured; nothing is expanded (no $VAR, globs, `~`), and operators such as `&&`
// stay plain words, exactly as compose hands them to the container runtime. Failures become C506.
import { parsedError, parsedOk, type Parsed } from './parse-result.js';

const DOUBLE_QUOTE_ESCAPABLE = new Set(['$', '`', '"', '\\', '\n']);

export function splitCommand(input: string): Parsed<string[]> {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === '\\') {
      const next = input[i + 1];
      if (next === undefined) {
        word += c;
        i++;
      } else {
        // A backslash-newline is a line continuation: both characters disappear.
        if (next !== '\n') word += next;
        else if (word === '') inWord = false;
        i += 2;
      }
      continue;
    }
    if (c === "'") {
      const end = input.indexOf("'", i + 1);
      if (end < 0) return parsedError('unterminated single quote in command', i);
      word += input.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      const open = i;
      i++;
      let closed = false;
      while (i < input.length) {
        const d = input[i]!;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < input.length && DOUBLE_QUOTE_ESCAPABLE.has(input[i + 1]!)) {
          if (input[i + 1] !== '\n') word += input[i + 1];
          i += 2;
          continue;
        }
        word += d;
        i++;
      }
      if (!closed) return parsedError('unterminated double quote in command', open);
      continue;
    }
    word += c;
    i++;
  }
  if (inWord) words.push(word);
  return parsedOk(words);
}

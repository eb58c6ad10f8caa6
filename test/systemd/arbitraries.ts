// Test generators shared by the systemd tests: text rich in what matters to systemd's unit file reader.
import fc from 'fast-check';

const special = fc.constantFrom(' ', '  ', '"', "'", '\\', '$', '%', ';', '#', '\n', '\r', '\t', '\x01', '\x1b', '\x7f', '\u0085', '\u00a0', 'é', '😀', '{', '}', '=', '-', '@', '`', '\u2028', '$$', '%%', '\\x41', '${A}');
const unit = fc.oneof(special, fc.constantFrom('a', 'B', 'z', '1', '/', '.', ':'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));

/** U+FDD0 to U+FDEF and U+xFFFE/U+xFFFF: systemd refuses a line holding one (escape.ts refuses them too). */
export const isNoncharacter = (cp: number): boolean => (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe;

/** Quotes, escapes, `$`, `%`, comment starts, controls, non-ASCII; never NUL or a noncharacter (no unit file can carry them). */
export const arbitraryText = fc.string({ unit, maxLength: 24 }).filter((s) => !s.includes('\0') && ![...s].some((ch) => isNoncharacter(ch.codePointAt(0)!)));

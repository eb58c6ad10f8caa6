// Test generators shared by the systemd tests: text rich in what matters to systemd's unit file reader.
import fc from 'fast-check';

const special = fc.constantFrom(' ', '  ', '"', "'", '\\', '$', '%', ';', '#', '\n', '\r', '\t', '\x01', '\x1b', '\x7f', '\u0085', '\u00a0', 'é', '😀', '{', '}', '=', '-', '@', '`', '\u2028', '$$', '%%', '\\x41', '${A}');
const unit = fc.oneof(special, fc.constantFrom('a', 'B', 'z', '1', '/', '.', ':'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));

/** Quotes, escapes, `$`, `%`, comment starts, controls, non-ASCII; never NUL (which no unit file can carry). */
export const arbitraryText = fc.string({ unit, maxLength: 24 }).filter((s) => !s.includes('\0'));

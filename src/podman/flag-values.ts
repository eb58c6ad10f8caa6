// Podman flag value syntax: model values (ms, bytes, modes, argv) -> the text podman parses back to the same value.
// Pure; no codes (callers report what cannot be written, see healthCommand).
import { formatDuration } from '../model/parse-duration.js';

/** A duration for podman's flags, which read Go's notation: the one compose uses too. */
export const goDuration = formatDuration;

/** Bytes with the largest binary unit that divides them (`512m`); podman reads k, m, g as KiB, MiB, GiB. */
export function byteSize(bytes: number): string {
  for (const [unit, size] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** A file mode in octal with a leading zero (`0440`), as podman's `mode=` options parse it. */
export function octalMode(mode: number): string {
  return `0${mode.toString(8)}`;
}

/** Whitespace as Go's unicode.IsSpace sees it (podman splits `CMD a b` with strings.Fields). */
const GO_SPACE = /[\s\u0085]/;
const KEYWORDS = new Set(['CMD', 'CMD-SHELL', 'NONE']);

export type HealthCommand = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string };

/**
 * The `--health-cmd` value that podman parses back to exactly this test.
 * podman reads a JSON array of two or more words as an exec test (it adds `CMD`), any other text as a
 * shell test, and text starting with the word `CMD` as an exec test split at whitespace.
 */
export function healthCommand(test: { readonly kind: 'exec'; readonly argv: readonly string[] } | { readonly kind: 'shell'; readonly command: string }): HealthCommand {
  if (test.kind === 'shell') {
    const first = test.command.split(' ')[0] ?? '';
    const ambiguous = KEYWORDS.has(first.toUpperCase()) || test.command.trim() === '' || isJsonStringArray(test.command);
    return { ok: true, value: ambiguous ? JSON.stringify(['CMD-SHELL', test.command]) : test.command };
  }
  const argv = test.argv;
  if (argv.length === 0) return { ok: false, reason: 'an exec healthcheck needs a command' };
  if (argv.every((a) => a !== '' && !GO_SPACE.test(a))) return { ok: true, value: ['CMD', ...argv].join(' ') };
  if (argv.length >= 2 && !KEYWORDS.has(argv[0]!.toUpperCase())) return { ok: true, value: JSON.stringify(argv) };
  return { ok: false, reason: 'podman reads a one-word exec test containing whitespace as a shell command' };
}

/** Whether Go's json.Unmarshal into []string would take the text (an array, or `null`). */
function isJsonStringArray(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) || v === null;
  } catch {
    return false;
  }
}

/** `--entrypoint` value: one word as is, several as a JSON array; `[]` clears the image's entrypoint. */
export function entrypointValue(argv: readonly string[]): string {
  if (argv.length === 1 && !argv[0]!.startsWith('[')) return argv[0]!;
  return argv.length === 0 ? '' : JSON.stringify(argv);
}

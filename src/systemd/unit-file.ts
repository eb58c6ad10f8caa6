// Render stage model: a unit file (systemd unit or Quadlet file) as ordered sections of entries.
// Knows nothing about compose. Values are stored already escaped for their directive (see escape.ts);
// command lines are stored as quoted words in groups so the renderer can lay them out one group per line.
import { execWords, MAX_LINE_BYTES, utf8Length, type EscapeFailure, type ExecLineOptions } from './escape.js';

/** `Key=value`; `value` is the exact text to write after `=`. Keys may repeat; order is kept. */
export interface ValueEntry {
  readonly key: string;
  readonly value: string;
  /** The compose value it was written from (a JSON pointer into the project's origins), for `explain`. */
  readonly origin?: string;
}

/** `# comment` inside a section. A multi-line comment is written as several comment lines. */
export interface CommentEntry {
  readonly comment: string;
}

/**
 * A command line (ExecStart= ...) as groups of already-quoted words, e.g.
 * `[['/usr/bin/podman', 'run'], ['--name', 'web'], ['docker.io/nginx']]`. The renderer writes the first
 * group after `Key=` and each further group on its own continuation line. Build with `execEntry`.
 */
export interface ExecEntry {
  readonly key: string;
  readonly command: readonly (readonly string[])[];
  /** Per group of `command`: the compose value it was written from, for `explain` (absent: none). */
  readonly origins?: readonly (string | undefined)[];
}

export type Entry = ValueEntry | CommentEntry | ExecEntry;

export interface Section {
  readonly name: string;
  readonly entries: readonly Entry[];
}

export interface UnitFile {
  /** File name, e.g. `myapp-web.service`, or `web.container` for Quadlet. */
  readonly name: string;
  /** Comment lines printed at the top of the file, without the leading `# `. */
  readonly header: readonly string[];
  readonly sections: readonly Section[];
}

export function unitFile(name: string, header: readonly string[], sections: readonly Section[]): UnitFile {
  return { name, header, sections };
}

export function section(name: string, entries: readonly Entry[]): Section {
  return { name, entries };
}

export function entry(key: string, value: string): ValueEntry {
  return { key, value };
}

export function comment(text: string): CommentEntry {
  return { comment: text };
}

export function isComment(e: Entry): e is CommentEntry {
  return 'comment' in e;
}

export function isExec(e: Entry): e is ExecEntry {
  return 'command' in e;
}

export type ExecEntryResult = { readonly ok: true; readonly entry: ExecEntry } | EscapeFailure;

/**
 * Quotes a command given as argument groups (raw strings; a group is typically a flag and its value) into
 * an ExecEntry. Fails, naming the argument's index in the flattened argv, when an argument cannot be written.
 */
export function execEntry(key: string, groups: readonly (readonly string[])[], options: ExecLineOptions = {}): ExecEntryResult {
  const nonEmpty = groups.filter((g) => g.length > 0);
  const words = execWords(nonEmpty.flat(), options);
  if (!words.ok) return words;
  const command: string[][] = [];
  let i = 0;
  for (const g of nonEmpty) {
    command.push(words.words.slice(i, i + g.length));
    i += g.length;
  }
  // Joined continuation lines count as one line for systemd's length limit.
  if (utf8Length(words.words.join(' ')) > MAX_LINE_BYTES) return { ok: false, reason: `the command line is longer than ${MAX_LINE_BYTES} bytes` };
  return { ok: true, entry: { key, command } };
}

/** The entries of `unit` with key `key` in section `sectionName`, in order (a test and planner convenience). */
export function entriesOf(unit: UnitFile, sectionName: string, key: string): readonly (ValueEntry | ExecEntry)[] {
  return unit.sections
    .filter((s) => s.name === sectionName)
    .flatMap((s) => s.entries)
    .filter((e): e is ValueEntry | ExecEntry => !isComment(e) && e.key === key);
}

// Stage 11, apply: the ownership record of a project, `<unit dir>/.compose2systemd/<project>.json`.
// Text <-> OwnershipRecord; reading an invalid record yields undefined (the caller reports C804).
//
// Why a JSON file in a hidden subfolder of the unit directory: it lives on the same filesystem as the units
// (so its atomic rename works and `--unit-dir DIR` is self-contained), systemd ignores it (".compose2systemd"
// is not a unit name and is not a `.d`/`.wants` folder), and it lets `down`/`status` find a project's units and
// their order without the compose file. Markers stay the authority on whether a file is ours and intact; the
// record adds what markers cannot say: which files we own even after a user stripped a marker.
import { posix } from 'node:path';

export const RECORD_DIR = '.compose2systemd';
export const RECORD_FORMAT = 1;

export interface RecordedFile {
  readonly name: string;
  /** The body hash we wrote (as in the marker); informational, the marker is what is checked. */
  readonly hash: string;
}

export interface OwnershipRecord {
  readonly format: typeof RECORD_FORMAT;
  readonly project: string;
  readonly source: string;
  readonly target: string;
  readonly startOrder: readonly string[];
  /** Sorted by name. */
  readonly files: readonly RecordedFile[];
}

/** Compose's rule for project names (one rule: load/project-name.ts); it also keeps the record path inside the record folder. */
export { isValidProjectName } from '../load/project-name.js';

export function recordPath(unitDir: string, project: string): string {
  return posix.join(unitDir, RECORD_DIR, `${project}.json`);
}

/** Deterministic text: fixed key order, files sorted, trailing newline. */
export function serializeRecord(record: OwnershipRecord): string {
  const files = [...record.files].sort((a, b) => compareNames(a.name, b.name)).map((f) => ({ name: f.name, hash: f.hash }));
  const ordered = {
    format: record.format,
    project: record.project,
    source: record.source,
    target: record.target,
    startOrder: [...record.startOrder],
    files,
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}

/** The record in `text`, or undefined when it is not a well-formed record of `project`. */
export function parseRecord(text: string, project: string): OwnershipRecord | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const r = data as Record<string, unknown>;
  if (r['format'] !== RECORD_FORMAT || r['project'] !== project) return undefined;
  if (typeof r['source'] !== 'string' || typeof r['target'] !== 'string') return undefined;
  const order = r['startOrder'];
  const files = r['files'];
  if (!Array.isArray(order) || !order.every((u) => typeof u === 'string')) return undefined;
  if (!Array.isArray(files)) return undefined;
  const parsed: RecordedFile[] = [];
  for (const f of files) {
    if (typeof f !== 'object' || f === null) return undefined;
    const { name, hash } = f as Record<string, unknown>;
    if (typeof name !== 'string' || !isPlainFileName(name) || typeof hash !== 'string') return undefined;
    parsed.push({ name, hash });
  }
  return {
    format: RECORD_FORMAT,
    project,
    source: r['source'],
    target: r['target'],
    startOrder: order as string[],
    files: parsed.sort((a, b) => compareNames(a.name, b.name)),
  };
}

/** A name that stays inside the unit directory and is not one of our hidden files. */
export function isPlainFileName(name: string): boolean {
  return name !== '' && !name.includes('/') && !name.includes('\0') && !name.startsWith('.');
}

/** Code-unit order, not locale order: the same bytes on every machine. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Stage 11, apply: the one interface through which compose2systemd touches the operating system.
// Everything in src/apply above this interface is testable with test/apply/fake-host.ts.
import { posix } from 'node:path';

export interface RunOptions {
  /** Text written to the command's standard input. */
  readonly stdin?: string;
  /** Kill the command after this long; the result then has code 124. */
  readonly timeoutMs?: number;
  /** Let the command write straight to our stdout/stderr (e.g. `journalctl -f`); the result's texts are empty. */
  readonly passthrough?: boolean;
}

export interface RunResult {
  /** Exit code; 127 when the program could not be started, 128+N when killed by signal N, 124 on timeout. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type EntryKind = 'file' | 'dir' | 'symlink' | 'other';

export interface DirEntry {
  readonly name: string;
  /** As `lstat` sees it: a symlink is reported as `symlink` whatever it points to. */
  readonly kind: EntryKind;
}

/**
 * OS access for the apply stage. File methods take absolute paths. Methods reject (throw) on OS errors other
 * than the "absent" cases documented here; callers turn those into diagnostics.
 */
export interface Host {
  /** The file's text (following symlinks), or undefined when nothing exists at `path`. */
  readFile(path: string): Promise<string | undefined>;
  /** The directory's entries sorted by name, or undefined when the directory does not exist. */
  listDir(path: string): Promise<readonly DirEntry[] | undefined>;
  /**
   * Replaces `path` so that a crash leaves either the old or the new content: writes `tempPathFor(path)` with
   * `mode` (0644 by default; the temp file has it from its creation, so a private value is never readable by
   * others, not even for a moment), fsyncs it, renames it over `path`, then fsyncs the directory.
   */
  writeFileAtomic(path: string, content: string, mode?: number): Promise<void>;
  /**
   * Writes many files into the existing directory `dir` with one durable point instead of one per file: every
   * temp file is written (each made as writeFileAtomic makes it, with its mode from creation), the filesystem
   * is flushed once, each temp file is renamed over its target, then the directory is fsynced. A crash leaves
   * each file with its old or its new content, never a torn one, and possibly a temp file (see `tempPathFor`).
   * For exports such as `convert -o`; `up` keeps its per-file order (apply-changes.ts), which a crash between
   * two files must not break. Rejects with a `FileWriteError`.
   */
  writeFilesAtomic(dir: string, files: readonly FileToWrite[]): Promise<void>;
  /** Removes a file (or symlink); absent is not an error. */
  removeFile(path: string): Promise<void>;
  /** Creates a directory and its parents (the last one with `mode`, 0755 by default); existing is not an error. */
  mkdirp(path: string, mode?: number): Promise<void>;
  /** Runs a program without a shell: argv[0] is looked up on PATH. */
  run(argv: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** An environment variable of the invocation (as handed to the host by the CLI). */
  env(name: string): string | undefined;
  homeDir(): string;
  /** Milliseconds since an arbitrary epoch, for timeouts. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface FileToWrite {
  /** A file name inside the directory written to. */
  readonly name: string;
  readonly content: string;
  /** As writeFileAtomic's `mode`: 0644 when absent. */
  readonly mode?: number;
}

/** Why `writeFilesAtomic` stopped: the file it was at, and the files already replaced before it. */
export class FileWriteError extends Error {
  constructor(
    /** The file (not its temp file) that could not be written, or the directory when it failed as a whole. */
    readonly path: string,
    /** Names of the files that have their new content. */
    readonly written: readonly string[],
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'FileWriteError';
  }
}

/** Marks temp files as ours; the suffix is not a unit type, so systemd never loads a stray one. */
export const TEMP_SUFFIX = '.c2s-tmp';

/**
 * The temp file an atomic write of `path` uses: hidden, in the same directory (so rename is atomic), and
 * deterministic, so a write interrupted by a crash is overwritten by the next write of the same file.
 */
export function tempPathFor(path: string): string {
  return posix.join(posix.dirname(path), `.${posix.basename(path)}${TEMP_SUFFIX}`);
}

/** The file name a temp file stands in for, or undefined when `name` is not one of our temp files. */
export function tempTargetOf(name: string): string | undefined {
  if (!name.startsWith('.') || !name.endsWith(TEMP_SUFFIX) || name.length <= TEMP_SUFFIX.length + 1) return undefined;
  return name.slice(1, -TEMP_SUFFIX.length);
}

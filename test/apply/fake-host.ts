// Test double for Host: an in-memory filesystem, scripted command results, a virtual clock, a log of every
// call, and injected failures (a "crash" at the Nth filesystem mutation, or a failing command).
import { posix } from 'node:path';
import type { DirEntry, FileToWrite, Host, RunOptions, RunResult } from '../../src/apply/host.js';
import { FileWriteError, tempPathFor } from '../../src/apply/host.js';

export type Call =
  | { readonly op: 'readFile' | 'listDir' | 'writeFileAtomic' | 'removeFile' | 'mkdirp'; readonly path: string }
  | { readonly op: 'writeFilesAtomic'; readonly path: string; readonly names: readonly string[] }
  | { readonly op: 'run'; readonly argv: readonly string[]; readonly options?: RunOptions }
  | { readonly op: 'sleep'; readonly ms: number };

type Node = { readonly kind: 'file'; readonly content: string } | { readonly kind: 'symlink'; readonly target: string };

type Matcher = readonly string[] | ((argv: readonly string[]) => boolean);
type Answer = RunResult | ((argv: readonly string[], nth: number) => RunResult);

/**
 * How an injected filesystem failure behaves:
 * `crash`: the call throws and the "process" is dead: every later call throws too, until `revive()`.
 * `crash-partial`: like crash, but a write leaves its temp file behind, half written (a kill mid-write).
 * `error`: only this call throws (EACCES-like); later calls work.
 */
export type FailureMode = 'crash' | 'crash-partial' | 'error';

export class FakeHost implements Host {
  readonly calls: Call[] = [];
  private readonly nodes = new Map<string, Node>();
  private readonly dirs = new Set<string>(['/']);
  private readonly answers: { matcher: Matcher; answer: Answer; count: number }[] = [];
  private failure: { at: number; mode: FailureMode } | undefined;
  private dead = false;
  private clock = 0;
  /**
   * Filesystem mutations attempted so far (writeFileAtomic, removeFile, mkdirp), failed ones included.
   * writeFilesAtomic counts two per file: writing its temp file, then renaming it.
   */
  mutations = 0;

  constructor(
    private readonly environment: Record<string, string> = {},
    private readonly home = '/home/user',
  ) {}

  // ---- setup and inspection (not recorded) ----

  /** Puts a file in place, creating its parent folders. */
  seedFile(path: string, content: string): this {
    this.addDirs(posix.dirname(path));
    this.nodes.set(path, { kind: 'file', content });
    return this;
  }

  seedSymlink(path: string, target: string): this {
    this.addDirs(posix.dirname(path));
    this.nodes.set(path, { kind: 'symlink', target });
    return this;
  }

  seedDir(path: string): this {
    this.addDirs(path);
    return this;
  }

  /** The content of a regular file, without recording a call. */
  peek(path: string): string | undefined {
    const node = this.nodes.get(path);
    return node?.kind === 'file' ? node.content : undefined;
  }

  /** Every file and symlink under `dir` (recursively) with its content, sorted by path: the state to compare. */
  snapshot(dir = '/'): Record<string, string> {
    const prefix = dir.endsWith('/') ? dir : dir + '/';
    const out: Record<string, string> = {};
    for (const path of [...this.nodes.keys()].sort()) {
      if (!path.startsWith(prefix)) continue;
      const node = this.nodes.get(path)!;
      out[path] = node.kind === 'file' ? node.content : `-> ${node.target}`;
    }
    return out;
  }

  /** Scripts the result of commands whose argv starts with `matcher` (or satisfies it). Later scripts win. */
  onRun(matcher: Matcher, answer: Answer): this {
    this.answers.push({ matcher, answer, count: 0 });
    return this;
  }

  /** Makes the `n`th filesystem mutation from now (1-based) fail. */
  failMutation(n: number, mode: FailureMode = 'crash'): this {
    this.failure = { at: this.mutations + n, mode };
    return this;
  }

  /** A new process after a crash: the disk stays as it was, the injected failure is gone. */
  revive(): this {
    this.dead = false;
    this.failure = undefined;
    return this;
  }

  get crashed(): boolean {
    return this.dead;
  }

  /** The calls that could change the machine: filesystem mutations and every command run. */
  mutatingCalls(): Call[] {
    return this.calls.filter((c) => c.op === 'writeFileAtomic' || c.op === 'writeFilesAtomic' || c.op === 'removeFile' || c.op === 'mkdirp' || c.op === 'run');
  }

  clearCalls(): this {
    this.calls.length = 0;
    return this;
  }

  // ---- Host ----

  async readFile(path: string): Promise<string | undefined> {
    this.enter({ op: 'readFile', path });
    if (this.dirs.has(path)) throw errno('EISDIR', path);
    const node = this.resolve(path);
    return node?.content;
  }

  async listDir(path: string): Promise<readonly DirEntry[] | undefined> {
    this.enter({ op: 'listDir', path });
    if (!this.dirs.has(path)) return undefined;
    const entries: DirEntry[] = [];
    for (const [p, node] of this.nodes) if (posix.dirname(p) === path) entries.push({ name: posix.basename(p), kind: node.kind });
    for (const d of this.dirs) if (d !== path && posix.dirname(d) === path) entries.push({ name: posix.basename(d), kind: 'dir' });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The mode each file and folder was last written or created with (0644 and 0755 when not given). */
  readonly modes = new Map<string, number>();

  async writeFileAtomic(path: string, content: string, mode = 0o644): Promise<void> {
    this.enter({ op: 'writeFileAtomic', path });
    const failing = this.mutate();
    if (!this.dirs.has(posix.dirname(path))) throw errno('ENOENT', path);
    if (this.dirs.has(path)) throw errno('EISDIR', path);
    if (failing) {
      if (failing === 'crash-partial') {
        // as the node host does: the temp file is created with the final mode before any content is written
        this.nodes.set(tempPathFor(path), { kind: 'file', content: content.slice(0, Math.floor(content.length / 2)) });
        this.modes.set(tempPathFor(path), mode);
      }
      this.fail(failing, path);
    }
    this.nodes.delete(tempPathFor(path));
    this.nodes.set(path, { kind: 'file', content });
    this.modes.set(path, mode);
  }

  /** As the real host: every temp file first, then the renames; an error (not a crash) removes the temp files left. */
  async writeFilesAtomic(dir: string, files: readonly FileToWrite[]): Promise<void> {
    this.enter({ op: 'writeFilesAtomic', path: dir, names: files.map((f) => f.name) });
    const written: string[] = [];
    const temps: string[] = [];
    let path = dir;
    try {
      if (!this.dirs.has(dir)) throw errno('ENOENT', dir);
      for (const f of files) {
        path = posix.join(dir, f.name);
        const failing = this.mutate();
        if (failing) {
          if (failing === 'crash-partial') this.nodes.set(tempPathFor(path), { kind: 'file', content: f.content.slice(0, Math.floor(f.content.length / 2)) });
          this.fail(failing, path);
        }
        this.nodes.set(tempPathFor(path), { kind: 'file', content: f.content });
        temps.push(tempPathFor(path));
      }
      for (const f of files) {
        path = posix.join(dir, f.name);
        const failing = this.mutate();
        if (failing) this.fail(failing, path);
        if (this.dirs.has(path)) throw errno('EISDIR', path);
        this.nodes.delete(tempPathFor(path));
        this.nodes.set(path, { kind: 'file', content: f.content });
        this.modes.set(path, f.mode ?? 0o644);
        written.push(f.name);
      }
    } catch (error) {
      if (!this.dead) for (const temp of temps.slice(written.length)) this.nodes.delete(temp);
      throw new FileWriteError(path, written, error);
    }
  }

  async removeFile(path: string): Promise<void> {
    this.enter({ op: 'removeFile', path });
    const failing = this.mutate();
    if (failing) this.fail(failing, path);
    if (this.dirs.has(path)) throw errno('EISDIR', path);
    this.nodes.delete(path);
  }

  async mkdirp(path: string, mode = 0o755): Promise<void> {
    this.enter({ op: 'mkdirp', path });
    const failing = this.mutate();
    if (failing) this.fail(failing, path);
    if (this.nodes.has(path)) throw errno('EEXIST', path);
    this.addDirs(path);
    if (mode !== 0o755 || !this.modes.has(path)) this.modes.set(path, mode);
  }

  async run(argv: readonly string[], options?: RunOptions): Promise<RunResult> {
    this.enter(options ? { op: 'run', argv: [...argv], options } : { op: 'run', argv: [...argv] });
    for (let i = this.answers.length - 1; i >= 0; i--) {
      const a = this.answers[i]!;
      const hit = typeof a.matcher === 'function' ? a.matcher(argv) : a.matcher.every((w, j) => argv[j] === w);
      if (!hit) continue;
      a.count++;
      return typeof a.answer === 'function' ? a.answer(argv, a.count) : a.answer;
    }
    return { code: 0, stdout: '', stderr: '' };
  }

  env(name: string): string | undefined {
    return this.environment[name];
  }

  homeDir(): string {
    return this.home;
  }

  now(): number {
    return this.clock;
  }

  async sleep(ms: number): Promise<void> {
    this.enter({ op: 'sleep', ms });
    this.clock += ms;
  }

  // ---- internals ----

  private enter(call: Call): void {
    this.calls.push(call);
    if (this.dead) throw new Error('fake host: the process has crashed');
  }

  /** Counts a mutation; returns the failure mode when this is the one to fail. */
  private mutate(): FailureMode | undefined {
    this.mutations++;
    return this.failure && this.failure.at === this.mutations ? this.failure.mode : undefined;
  }

  private fail(mode: FailureMode, path: string): never {
    if (mode !== 'error') this.dead = true;
    throw errno(mode === 'error' ? 'EACCES' : 'EIO', path);
  }

  private resolve(path: string, depth = 0): { content: string } | undefined {
    const node = this.nodes.get(path);
    if (!node || depth > 8) return undefined;
    if (node.kind === 'file') return node;
    return this.resolve(posix.resolve(posix.dirname(path), node.target), depth + 1);
  }

  private addDirs(path: string): void {
    for (let p = path; !this.dirs.has(p); p = posix.dirname(p)) this.dirs.add(p);
  }
}

function errno(code: string, path: string): Error {
  return Object.assign(new Error(`${code}: injected failure, '${path}'`), { code });
}

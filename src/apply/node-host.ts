// Stage 11, apply: the real Host, on node:fs and node:child_process (spawn, never a shell).
// The environment is handed in by the CLI, which is the only module that reads process.env.
// node:child_process and node:fs/promises load on first use: together they cost a cold start about as much
// as a small conversion, and convert to stdout, config, validate and graph never touch the host.
import { closeSync, fchmodSync, fsyncSync, constants as fsConstants, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { constants as osConstants, homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { FileWriteError, tempPathFor, type DirEntry, type Host, type RunOptions, type RunResult } from './host.js';

export interface NodeHostOptions {
  /** The environment of the invocation; also the environment of every command run. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Overrides the home directory (tests); defaults to the OS's. */
  readonly home?: string;
}

/** Unit files are world-readable, like the ones systemd ships; umask may narrow this further. */
const FILE_MODE = 0o644;

const fsPromises = () => import('node:fs/promises');

export function createNodeHost(options: NodeHostOptions): Host {
  const env = Object.fromEntries(Object.entries(options.env).filter((e): e is [string, string] => e[1] !== undefined));
  return {
    async readFile(path) {
      try {
        return await (await fsPromises()).readFile(path, 'utf8');
      } catch (error) {
        if (isCode(error, 'ENOENT')) return undefined;
        throw error;
      }
    },
    async listDir(path) {
      try {
        const entries = await (await fsPromises()).readdir(path, { withFileTypes: true });
        return entries
          .map((e): DirEntry => ({ name: e.name, kind: e.isFile() ? 'file' : e.isDirectory() ? 'dir' : e.isSymbolicLink() ? 'symlink' : 'other' }))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch (error) {
        if (isCode(error, 'ENOENT')) return undefined;
        throw error;
      }
    },
    async writeFileAtomic(path, content, mode = FILE_MODE) {
      const { open, rename, unlink } = await fsPromises();
      const temp = tempPathFor(path);
      try {
        // A leftover temp file keeps its old mode through O_TRUNC: remove it, so the new one is created with `mode`.
        await unlink(temp).catch(() => undefined);
        const handle = await open(temp, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, mode);
        try {
          // The umask may have taken bits off `mode`; the file gets exactly what was asked.
          await handle.chmod(mode);
          await handle.writeFile(content, 'utf8');
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, path);
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        throw error;
      }
      await syncDir(dirname(path));
    },
    async writeFilesAtomic(dir, files) {
      const written: string[] = [];
      const temps: string[] = [];
      let path = dir;
      try {
        // Synchronous calls: nothing else runs meanwhile, and they cost half as much per file as promises.
        // Each temp file is made as writeFileAtomic makes it: a fresh file with exactly its mode.
        for (const f of files) {
          path = join(dir, f.name);
          const temp = tempPathFor(path);
          temps.push(temp);
          const mode = f.mode ?? FILE_MODE;
          const fd = createFresh(temp, mode);
          try {
            fchmodSync(fd, mode);
            writeFileSync(fd, f.content, 'utf8');
          } finally {
            closeSync(fd);
          }
        }
        path = dir;
        await flush(dir, temps, env);
        for (const f of files) {
          path = join(dir, f.name);
          renameSync(tempPathFor(path), path);
          written.push(f.name);
        }
        path = dir;
        await syncDir(dir);
      } catch (error) {
        for (const temp of temps.slice(written.length)) removeQuietly(temp);
        throw new FileWriteError(path, written, error);
      }
    },
    async removeFile(path) {
      try {
        await (await fsPromises()).unlink(path);
      } catch (error) {
        if (isCode(error, 'ENOENT')) return;
        throw error;
      }
      await syncDir(dirname(path));
    },
    async mkdirp(path, mode = 0o755) {
      const { chmod, mkdir } = await fsPromises();
      await mkdir(path, { recursive: true, mode: 0o755 });
      // A private folder must be private even when it existed before (mkdir leaves an existing folder alone).
      if (mode !== 0o755) await chmod(path, mode);
    },
    run(argv, runOptions) {
      return runCommand(argv, env, runOptions ?? {});
    },
    env(name) {
      return env[name];
    },
    homeDir() {
      return options.home ?? homedir();
    },
    now() {
      return Date.now();
    },
    sleep(ms) {
      return new Promise((resolve) => setTimeout(resolve, ms));
    },
  };
}

/**
 * Makes the data of every temp file durable before they are renamed. One \`sync -f\` (syncfs(2) of the
 * filesystem holding \`dir\`) is one flush, where an fsync per file costs a disk flush each (about 1-3 ms,
 * so seconds for thousands of units). Node has no syncfs, hence the program; without it (or where it
 * fails) each file is fsynced.
 */
async function flush(dir: string, temps: readonly string[], env: Record<string, string>): Promise<void> {
  if ((await runCommand(['sync', '-f', dir], env, {})).code === 0) return;
  for (const temp of temps) {
    const fd = openSync(temp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * Creates `path` as a new file with `mode`. A file left there by a crash is removed first (through O_TRUNC it
 * would keep its old mode); only then, since such leftovers are rare and an unlink per file is not free.
 */
function createFresh(path: string, mode: number): number {
  const flags = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL;
  try {
    return openSync(path, flags, mode);
  } catch (error) {
    if (!isCode(error, 'EEXIST')) throw error;
  }
  removeQuietly(path);
  return openSync(path, flags, mode);
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // absent already, or the failure that is being reported anyway
  }
}

// Makes a rename or unlink durable: without it a power cut can bring back the old directory entry.
async function syncDir(path: string): Promise<void> {
  let handle;
  try {
    handle = await (await fsPromises()).open(path, fsConstants.O_RDONLY | (fsConstants.O_DIRECTORY ?? 0));
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems cannot fsync a directory; the rename itself is still atomic there.
    if (!isCode(error, 'EINVAL') && !isCode(error, 'ENOTSUP') && !isCode(error, 'EISDIR')) throw error;
  } finally {
    await handle.close();
  }
}

async function runCommand(argv: readonly string[], env: Record<string, string>, options: RunOptions): Promise<RunResult> {
  const [program, ...args] = argv;
  if (program === undefined) return { code: 127, stdout: '', stderr: 'empty command' };
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = spawn(program, args, {
      env,
      shell: false,
      stdio: [options.stdin !== undefined ? 'pipe' : 'ignore', options.passthrough ? 'inherit' : 'pipe', options.passthrough ? 'inherit' : 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGTERM');
          }, options.timeoutMs);
    let settled = false;
    const finish = (code: number, extra = '') => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') + extra });
    };
    child.on('error', (error) => finish(127, error.message));
    child.on('close', (code, signal) => {
      if (timedOut) finish(124);
      else if (code !== null) finish(code);
      else finish(128 + (signal ? (osConstants.signals[signal] ?? 0) : 0));
    });
    if (options.stdin !== undefined) {
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(options.stdin);
    }
  });
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

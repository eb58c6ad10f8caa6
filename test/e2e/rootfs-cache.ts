// e2e harness, rootfs: BedSpec -> cached tarball E2E_HOME/cache/<kind>-<key>.tar (debootstrap + the spec's
// files and chroot commands), and tarball -> a fresh rootfs folder per run. A changed spec gets a new key and a
// rebuild; older tarballs of the same kind are deleted then.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { computeCacheKey, type BedSpec } from './bed-spec.js';
import { isProcessAlive, runHostCommand, sleep, tail } from './host-command.js';
import { E2E_HOME, readHostMirror } from './host-setup.js';
import { removeTree } from './remove-tree.js';
import { canonicalInsidePath, hostPathOf } from './rootfs-path.js';

export interface RootfsTarball {
  readonly path: string;
  readonly key: string;
  /** null when the tarball came from the cache */
  readonly buildMs: number | null;
}

// tar flags on both sides: owners by number (the bed's groups differ from the host's), file capabilities kept
const TAR_FLAGS = ['--numeric-owner', '--xattrs', '--xattrs-include=*'];
const DEBOOTSTRAP_TIMEOUT_MS = 30 * 60_000;

export async function ensureRootfsTarball(spec: BedSpec, log: (line: string) => void): Promise<RootfsTarball> {
  const key = computeCacheKey(spec);
  const cacheDir = join(E2E_HOME, 'cache');
  const tarball = join(cacheDir, `${spec.kind}-${key}.tar`);
  if (existsSync(tarball)) return { path: tarball, key, buildMs: null };
  mkdirSync(cacheDir, { recursive: true });
  const lock = `${tarball}.lock`;
  await acquireBuildLock(lock, log);
  try {
    // another process may have finished the same build while this one waited for the lock
    if (existsSync(tarball)) return { path: tarball, key, buildMs: null };
    const started = Date.now();
    await buildTarball(spec, tarball, log);
    pruneOtherTarballs(cacheDir, spec.kind, tarball);
    return { path: tarball, key, buildMs: Date.now() - started };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function unpackRootfs(tarball: string, target: string): Promise<void> {
  mkdirSync(target, { recursive: true });
  chmodSync(target, 0o755);
  await runHostCommand(['tar', ...TAR_FLAGS, '-C', target, '-xpf', tarball], { check: true, timeoutMs: 600_000 });
}

/** Writes a file into a rootfs that is not running, following the rootfs's own symlinks. */
export function writeRootfsFile(rootfs: string, pathInside: string, content: string | Uint8Array, mode: number): void {
  const hostPath = hostPathOf(rootfs, canonicalInsidePath(rootfs, pathInside));
  mkdirSync(dirname(hostPath), { recursive: true, mode: 0o755 });
  const partial = `${hostPath}.c2s-partial`;
  writeFileSync(partial, content, { mode });
  chmodSync(partial, mode);
  renameSync(partial, hostPath);
}

async function buildTarball(spec: BedSpec, tarball: string, log: (line: string) => void): Promise<void> {
  const mirror = await readHostMirror();
  const buildRoot = join(E2E_HOME, 'build', `${spec.kind}-${process.pid}`);
  const logDir = join(E2E_HOME, 'logs');
  mkdirSync(logDir, { recursive: true });
  await removeTree(buildRoot);
  mkdirSync(buildRoot, { recursive: true });
  log(`building the ${spec.kind} rootfs: debootstrap ${spec.suite} from ${mirror} (takes minutes, once per recipe)`);
  const args = [
    'debootstrap',
    '--variant=minbase',
    `--include=${spec.packages.join(',')}`,
    spec.suite,
    buildRoot,
    mirror,
  ];
  // older debootstraps lack a script for newer suites; sid's script fits every current suite
  if (!existsSync(`/usr/share/debootstrap/scripts/${spec.suite}`)) args.push('/usr/share/debootstrap/scripts/sid');
  const boot = await runHostCommand(args, { timeoutMs: DEBOOTSTRAP_TIMEOUT_MS });
  const logFile = join(logDir, `${spec.kind}-debootstrap.log`);
  writeFileSync(logFile, `${args.join(' ')}\n${boot.stdout}\n${boot.stderr}`);
  if (boot.code !== 0) {
    await removeTree(buildRoot);
    throw new Error(`debootstrap failed (exit ${boot.code}), log in ${logFile}:\n${tail(`${boot.stdout}\n${boot.stderr}`)}`);
  }
  for (const file of spec.files) writeRootfsFile(buildRoot, file.path, file.content, file.mode);
  for (const cmd of spec.chrootCommands) {
    await runHostCommand(['chroot', buildRoot, ...cmd], { check: true });
  }
  // the package cache is a third of the size and every unpack would copy it; /etc/hostname is the host's
  // (debootstrap copies it), and without it the bed's hostname is its nspawn machine name
  await runHostCommand(['sh', '-c', 'rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*_Packages "$1"/etc/hostname', 'sh', buildRoot], {
    check: true,
  });
  const partial = `${tarball}.${process.pid}.partial`;
  log(`packing ${tarball}`);
  await runHostCommand(['tar', ...TAR_FLAGS, '-C', buildRoot, '-cf', partial, '.'], { check: true, timeoutMs: 600_000 });
  writeFileSync(`${tarball.slice(0, -'.tar'.length)}.json`, `${JSON.stringify({ ...spec, mirror, builtAt: new Date().toISOString() }, null, 2)}\n`);
  renameSync(partial, tarball);
  await removeTree(buildRoot);
}

async function acquireBuildLock(lock: string, log: (line: string) => void): Promise<void> {
  for (let waited = 0; ; waited += 1) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return;
    } catch {
      const owner = readLockOwner(lock);
      // no pid a few seconds after the folder appeared: its maker died in between
      const orphaned = owner === null ? Date.now() - lockAgeStart(lock) > 10_000 : !isProcessAlive(owner);
      if (orphaned) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (waited === 0) log(`waiting for process ${owner ?? '?'} to finish building ${lock.slice(0, -'.lock'.length)}`);
      await sleep(2000);
    }
  }
}

function lockAgeStart(lock: string): number {
  return statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
}

function readLockOwner(lock: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(join(lock, 'pid'), 'utf8'), 10);
    return Number.isFinite(pid) ? pid : null;
  } catch {
    // the owner has made the folder but not yet written its pid
    return null;
  }
}

function pruneOtherTarballs(cacheDir: string, kind: string, keep: string): void {
  const keepStem = keep.slice(0, -'.tar'.length);
  for (const name of readdirSync(cacheDir)) {
    const full = join(cacheDir, name);
    if (!name.startsWith(`${kind}-`) || full.startsWith(`${keepStem}.`)) continue;
    if (name.endsWith('.tar') || name.endsWith('.json')) rmSync(full, { force: true });
  }
}

// e2e harness, the bed: bed kind -> a booted systemd + podman in systemd-nspawn on a fresh copy of the cached
// rootfs, with commands run inside through nsenter. See docs/e2e.md for what each flag is for.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { BED_IMAGE, BED_USER, IMAGE_TAR_INSIDE, describeBed, type BedKind } from './bed-spec.js';
import { prepareBedCgroup, removeBedCgroup, removeBedCgroupSync } from './bed-cgroup.js';
import { isPidRunning, parentPidOf, reapStaleBeds, registerBed, RUNS_DIR, unregisterBed, type LiveBed, type RunRecord } from './bed-registry.js';
import { ensureBusyboxImageTar } from './busybox-image.js';
import {
  CommandFailedError,
  killQuietly,
  runHostCommand,
  runHostCommandSync,
  sleep,
  sleepSync,
  tail,
  type CommandResult,
} from './host-command.js';
import { acquireNspawnTmpfs, readHostLimits, releaseNspawnTmpfs, REPO_DIR } from './host-setup.js';
import { removeTree } from './remove-tree.js';
import { ensureRootfsTarball, unpackRootfs } from './rootfs-cache.js';
import { canonicalInsidePath, hostPathOf, isVolatileInsidePath } from './rootfs-path.js';

export { BED_IMAGE, BED_KINDS, BED_USER, DEFAULT_BED_KINDS, hasRootlessUser, type BedKind } from './bed-spec.js';
export { shutdownAllBeds } from './bed-registry.js';
export { CommandFailedError, type CommandResult } from './host-command.js';
export { probeBedSupport, type BedSupport } from './host-setup.js';

export interface BootBedOptions {
  /** Bound read-only at /src inside the bed (default: this checkout). */
  readonly repoDir?: string;
  /** Keep E2E_HOME/runs/<name> after shutdown for a post-mortem (default: env C2S_E2E_KEEP=1). */
  readonly keepRootfs?: boolean;
  /** Per boot, until `systemctl is-system-running` says running or degraded (default 180 s). */
  readonly bootTimeoutMs?: number;
  /**
   * The cgroup layout inside the bed (default 'v2': pure cgroup2). 'v1' boots systemd on the host's legacy v1
   * hierarchies, where the memory controller is available (podman4 only: systemd 257 refuses v1).
   */
  readonly cgroup?: 'v1' | 'v2';
  readonly log?: (line: string) => void;
}

export interface BedRunOptions {
  /** Run as the rootless user `u` (podman5, podman58), with its XDG_RUNTIME_DIR and session bus. */
  readonly user?: 'u';
  readonly input?: string | Uint8Array;
  readonly env?: Readonly<Record<string, string>>;
  /** Throw CommandFailedError on a non-zero exit (default false: the caller reads `code`). */
  readonly check?: boolean;
  /** Working directory inside (default / for root, the home folder for `u`). */
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

export interface BedWriteOptions {
  readonly mode?: number;
  /** Owner `u` for the file and for the folders this call creates (default root). */
  readonly user?: 'u';
}

export interface BedTimings {
  /** Debootstrap + configure + pack; null when the rootfs came from the cache. */
  readonly rootfsBuildMs: number | null;
  readonly unpackMs: number;
  /** nspawn start until running|degraded. */
  readonly bootMs: number;
  /** Importing BED_IMAGE (root, and `u` where the bed has it). */
  readonly imageMs: number;
  readonly totalMs: number;
}

export interface Bed {
  readonly kind: BedKind;
  /** localhost/busybox:test, present for root and (podman5, podman58) for `u`. */
  readonly image: string;
  /** Machine name, also the hostname inside. */
  readonly name: string;
  /** Host path of the bed's root folder. */
  readonly rootfs: string;
  readonly timings: BedTimings;
  run(cmd: readonly string[], opts?: BedRunOptions): Promise<CommandResult>;
  sh(script: string, opts?: BedRunOptions): Promise<CommandResult>;
  /** `node CLI_ENTRY ...args` inside the bed. */
  cli(args: readonly string[], opts?: BedRunOptions): Promise<CommandResult>;
  writeFile(pathInside: string, content: string | Uint8Array, opts?: BedWriteOptions): Promise<void>;
  readFile(pathInside: string): Promise<string>;
  systemctlShow(unit: string, prop: string, opts?: { readonly user?: 'u' }): Promise<string>;
  /** Power off and boot again on the same rootfs (what a host reboot does to the units). */
  reboot(): Promise<void>;
  /** Power off, wait for nspawn to exit (kill by PID past the timeout), release the tmpfs, delete the run folder. */
  shutdown(): Promise<void>;
}

/**
 * The CLI as the installed `compose2systemd` runs it: the bundle with its code cache (package.json `bin`), so the
 * beds prove what users run. `dist/cli/main.js` is the same program unbundled.
 */
export const CLI_ENTRY = '/src/dist/cli/bin.cjs';
/** PATH of every command run inside (`run`, `sh`, `cli`), unless `env` gives another. */
export const INSIDE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const POWEROFF_TIMEOUT_MS = 60_000;
const USER_MANAGER_TIMEOUT_MS = 60_000;
let bedSequence = 0;

export async function bootBed(kind: BedKind, opts: BootBedOptions = {}): Promise<Bed> {
  const log = opts.log ?? ((line: string) => console.log(`[e2e:${kind}] ${line}`));
  const started = Date.now();
  await reapStaleBeds(log);
  const spec = describeBed(kind, readHostLimits());
  const tarball = await ensureRootfsTarball(spec, log);
  if (tarball.buildMs !== null) log(`rootfs built and cached in ${seconds(tarball.buildMs)}`);
  const imageTar = await ensureBusyboxImageTar();

  bedSequence += 1;
  const name = `c2s-${kind}-${process.pid}-${bedSequence}`;
  const runDir = join(RUNS_DIR, name);
  const rootfs = join(runDir, 'rootfs');
  mkdirSync(runDir, { recursive: true });
  writeRunRecord(runDir, { ownerPid: process.pid, nspawnPid: 0, leaderPid: null, rootfs });

  const unpackStarted = Date.now();
  try {
    await unpackRootfs(tarball.path, rootfs);
    const imageInside = hostPathOf(rootfs, canonicalInsidePath(rootfs, IMAGE_TAR_INSIDE));
    mkdirSync(dirname(imageInside), { recursive: true, mode: 0o755 });
    copyFileSync(imageTar, imageInside);
    chmodSync(imageInside, 0o644);
  } catch (e) {
    await removeTree(runDir);
    throw e;
  }
  const unpackMs = Date.now() - unpackStarted;

  const bed = new NspawnBed(kind, name, runDir, rootfs, spec.rootless, {
    repoDir: opts.repoDir ?? REPO_DIR,
    keepRootfs: opts.keepRootfs ?? process.env['C2S_E2E_KEEP'] === '1',
    bootTimeoutMs: opts.bootTimeoutMs ?? 180_000,
    cgroup: opts.cgroup ?? 'v2',
    log,
  });
  registerBed(bed);
  try {
    await acquireNspawnTmpfs();
    bed.holdsTmpfs = true;
    const bootMs = await bed.start();
    const imageStarted = Date.now();
    await bed.importImage();
    const imageMs = Date.now() - imageStarted;
    bed.timings = { rootfsBuildMs: tarball.buildMs, unpackMs, bootMs, imageMs, totalMs: Date.now() - started };
    log(
      `ready in ${seconds(bed.timings.totalMs)} (rootfs ${tarball.buildMs === null ? 'cached' : `built ${seconds(tarball.buildMs)}`}, ` +
        `unpack ${seconds(unpackMs)}, boot ${seconds(bootMs)}, image ${seconds(imageMs)})`,
    );
    return bed;
  } catch (e) {
    await bed.shutdown();
    throw e;
  }
}

interface BedSettings {
  readonly repoDir: string;
  readonly keepRootfs: boolean;
  readonly bootTimeoutMs: number;
  readonly cgroup: 'v1' | 'v2';
  readonly log: (line: string) => void;
}

class NspawnBed implements Bed, LiveBed {
  readonly image = BED_IMAGE;
  timings: BedTimings = { rootfsBuildMs: null, unpackMs: 0, bootMs: 0, imageMs: 0, totalMs: 0 };
  holdsTmpfs = false;
  private nspawn: ChildProcess | null = null;
  private nspawnExit: Promise<void> = Promise.resolve();
  private leader: number | null = null;
  private shutDown = false;

  constructor(
    readonly kind: BedKind,
    readonly name: string,
    private readonly runDir: string,
    readonly rootfs: string,
    private readonly rootless: boolean,
    private readonly settings: BedSettings,
  ) {}

  async run(cmd: readonly string[], opts: BedRunOptions = {}): Promise<CommandResult> {
    const argv = this.insideArgv(cmd, opts);
    const result = await runHostCommand(argv, { input: opts.input, timeoutMs: opts.timeoutMs ?? 300_000 });
    if (opts.check === true && result.code !== 0) throw new CommandFailedError(cmd, result);
    return result;
  }

  sh(script: string, opts: BedRunOptions = {}): Promise<CommandResult> {
    return this.run(['sh', '-c', script], opts);
  }

  cli(args: readonly string[], opts: BedRunOptions = {}): Promise<CommandResult> {
    return this.run(['node', CLI_ENTRY, ...args], opts);
  }

  async writeFile(pathInside: string, content: string | Uint8Array, opts: BedWriteOptions = {}): Promise<void> {
    const user = opts.user === undefined ? null : this.requireUser(opts.user);
    const mode = opts.mode ?? 0o644;
    const canonical = canonicalInsidePath(this.rootfs, pathInside);
    if (isVolatileInsidePath(canonical)) {
      // tmpfs and device mounts exist only inside the running bed, not in the rootfs folder
      const script = 'mkdir -p -- "$(dirname -- "$1")" && cat > "$1" && chmod "$2" "$1"';
      await this.run(['sh', '-c', script, 'sh', canonical, mode.toString(8)], { input: content, check: true, user: opts.user });
      return;
    }
    const hostPath = hostPathOf(this.rootfs, canonical);
    this.makeParents(canonical, user);
    const partial = `${hostPath}.c2s-partial`;
    writeFileSync(partial, content, { mode });
    chmodSync(partial, mode);
    if (user !== null) chownSync(partial, user.uid, user.uid);
    renameSync(partial, hostPath);
  }

  async readFile(pathInside: string): Promise<string> {
    const canonical = canonicalInsidePath(this.rootfs, pathInside);
    if (isVolatileInsidePath(canonical)) return (await this.run(['cat', '--', canonical], { check: true })).stdout;
    return readFileSync(hostPathOf(this.rootfs, canonical), 'utf8');
  }

  async systemctlShow(unit: string, prop: string, opts: { readonly user?: 'u' } = {}): Promise<string> {
    const scope = opts.user === undefined ? [] : ['--user'];
    const r = await this.run(['systemctl', ...scope, 'show', '-P', prop, '--', unit], { check: true, user: opts.user });
    return r.stdout.replace(/\n$/, '');
  }

  async reboot(): Promise<void> {
    this.assertUsable();
    const started = Date.now();
    await this.powerOff();
    await this.start();
    await this.importImage();
    this.settings.log(`rebooted in ${seconds(Date.now() - started)}`);
  }

  async shutdown(): Promise<void> {
    if (this.shutDown) return;
    this.shutDown = true;
    const started = Date.now();
    try {
      await this.powerOff();
      this.settings.log(`powered off in ${seconds(Date.now() - started)}`);
    } finally {
      unregisterBed(this);
      if (this.holdsTmpfs) {
        this.holdsTmpfs = false;
        releaseNspawnTmpfs();
      }
      if (this.settings.keepRootfs) this.settings.log(`kept ${this.runDir} (C2S_E2E_KEEP)`);
      else await removeTree(this.runDir);
    }
  }

  stopSync(): void {
    if (this.nspawn?.pid !== undefined && isPidRunning(this.nspawn.pid)) {
      const nspawnPid = this.nspawn.pid;
      if (this.leader !== null) {
        runHostCommandSync(['nsenter', '-t', String(this.leader), '-m', '-p', '--', 'systemctl', 'poweroff', '--no-block'], 10_000);
      }
      for (let i = 0; i < 100 && isPidRunning(nspawnPid); i += 1) sleepSync(100);
      this.killByPid(nspawnPid);
      for (let i = 0; i < 20 && isPidRunning(nspawnPid); i += 1) sleepSync(100);
      removeBedCgroupSync(this.name);
    }
    if (this.holdsTmpfs) {
      this.holdsTmpfs = false;
      releaseNspawnTmpfs();
    }
  }

  /** Boots nspawn on the rootfs and waits until systemd is up; returns the boot time. */
  async start(): Promise<number> {
    this.assertUsable();
    const started = Date.now();
    const logFile = join(this.runDir, 'nspawn.log');
    const args = [
      '-D',
      this.rootfs,
      '--boot',
      // no systemd-machined on the host to register with, and no unit of ours to move into a scope
      '--register=no',
      '--keep-unit',
      `--machine=${this.name}`,
      // podman's bridges and netavark's firewall rules stay in the bed's own network namespace
      '--private-network',
      // the OCI runtime joins a session keyring and loads a device-cgroup bpf program
      '--system-call-filter=@keyring bpf',
      '--link-journal=no',
      `--bind-ro=${this.settings.repoDir}:/src`,
      `--bind-ro=${realpathSync(process.execPath)}:/usr/local/bin/node`,
    ];
    const cgroup = await prepareBedCgroup(this.name, { v1Controllers: this.settings.cgroup === 'v1' });
    if (cgroup === null) this.settings.log('no cgroup tree found on the host: beds running at the same time would share one');
    // nspawn builds the bed's tree below its own cgroup, so it must start in the bed's own one
    const enterCgroups = 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 1; shift; n=$((n-1)); done; exec "$@"';
    const procs = cgroup?.procsFiles ?? [];
    const out = openSync(logFile, 'a');
    const child = spawn('sh', ['-c', enterCgroups, 'sh', String(procs.length), ...procs, 'systemd-nspawn', ...args], {
      detached: true,
      stdio: ['ignore', out, out],
      // pure cgroup v2 inside; on a v1/hybrid host the v1 controllers would be read-only in the bed
      env: { ...process.env, SYSTEMD_NSPAWN_UNIFIED_HIERARCHY: this.settings.cgroup === 'v1' ? '0' : '1' },
    });
    closeSync(out);
    // the exit hooks, not a pending child, decide when this process may end
    child.unref();
    this.nspawn = child;
    this.leader = null;
    this.nspawnExit = new Promise((resolve) => child.once('exit', () => resolve()));
    const pid = child.pid;
    if (pid === undefined) throw new Error(`systemd-nspawn did not start; see ${logFile}`);
    if (cgroup !== null) {
      try {
        await waitForExec(pid, 'systemd-nspawn');
      } finally {
        await cgroup.release();
      }
    }
    writeRunRecord(this.runDir, { ownerPid: process.pid, nspawnPid: pid, leaderPid: null, rootfs: this.rootfs });

    const deadline = started + this.settings.bootTimeoutMs;
    let state = '';
    while (Date.now() < deadline) {
      if (!isPidRunning(pid)) throw new Error(`systemd-nspawn exited during boot:\n${tail(readFileSync(logFile, 'utf8'))}`);
      this.leader ??= await findLeader(pid);
      if (this.leader !== null) {
        writeRunRecord(this.runDir, { ownerPid: process.pid, nspawnPid: pid, leaderPid: this.leader, rootfs: this.rootfs });
        state = (await this.run(['systemctl', 'is-system-running'], { timeoutMs: 10_000 })).stdout.trim();
        if (state === 'running' || state === 'degraded') break;
        if (state === 'maintenance' || state === 'stopping') throw new Error(`bed ${this.name} is ${state} during boot`);
      }
      await sleep(200);
    }
    if (state !== 'running' && state !== 'degraded') {
      throw new Error(`bed ${this.name} not up after ${this.settings.bootTimeoutMs} ms (state '${state}'):\n${tail(readFileSync(logFile, 'utf8'))}`);
    }
    if (this.settings.cgroup === 'v1') await this.makeV1ControllersWritable();
    const bootMs = Date.now() - started;
    if (state === 'degraded') {
      const failed = await this.run(['systemctl', '--failed', '--no-legend', '--plain']);
      this.settings.log(`booted degraded; failed units:\n${failed.stdout.trimEnd()}`);
    }
    if (this.rootless) await this.waitForUserManager();
    return bootMs;
  }

  /**
   * nspawn mounts the v1 controller hierarchies read-only in the bed, so runc cannot make a container's cgroup
   * ("mkdir /sys/fs/cgroup/cpuset/machine.slice: read-only file system"); each is the bed's own subtree.
   */
  private async makeV1ControllersWritable(): Promise<void> {
    const script = 'for m in $(findmnt -n -t cgroup -O ro -o TARGET); do mount -o remount,bind,rw "$m" || exit 1; done';
    await this.run(['sh', '-c', script], { check: true });
  }

  async importImage(): Promise<void> {
    const importScript = `podman image exists ${BED_IMAGE} || podman import --quiet --change 'CMD ["/bin/sh"]' "$1" ${BED_IMAGE}`;
    await this.run(['sh', '-c', importScript, 'sh', IMAGE_TAR_INSIDE], { check: true });
    if (this.rootless) await this.run(['sh', '-c', importScript, 'sh', IMAGE_TAR_INSIDE], { check: true, user: 'u' });
  }

  private async waitForUserManager(): Promise<void> {
    const deadline = Date.now() + USER_MANAGER_TIMEOUT_MS;
    const unit = `user@${BED_USER.uid}.service`;
    let state = '';
    while (Date.now() < deadline) {
      state = (await this.run(['systemctl', 'is-active', unit])).stdout.trim();
      if (state === 'active') return;
      await sleep(200);
    }
    throw new Error(`${unit} is '${state}' ${USER_MANAGER_TIMEOUT_MS} ms after boot (linger for ${BED_USER.name} not picked up?)`);
  }

  private async powerOff(): Promise<void> {
    const pid = this.nspawn?.pid;
    if (pid === undefined) return;
    if (isPidRunning(pid)) {
      if (this.leader !== null) {
        await this.run(['systemctl', 'poweroff', '--no-block'], { timeoutMs: 15_000 }).catch(() => undefined);
      }
      const exited = await Promise.race([this.nspawnExit.then(() => true), sleep(POWEROFF_TIMEOUT_MS).then(() => false)]);
      if (!exited) {
        this.settings.log(`no clean poweroff within ${POWEROFF_TIMEOUT_MS} ms; killing bed ${this.name} by PID`);
        this.killByPid(pid);
        await Promise.race([this.nspawnExit, sleep(10_000)]);
      }
    }
    this.leader = null;
    await removeBedCgroup(this.name);
  }

  /** Killing the bed's PID 1 ends its whole PID namespace; nspawn itself goes last. */
  private killByPid(nspawnPid: number): void {
    if (this.leader !== null && parentPidOf(this.leader) === nspawnPid) killQuietly(this.leader, 'SIGKILL');
    for (let i = 0; i < 30 && isPidRunning(nspawnPid); i += 1) sleepSync(100);
    if (isPidRunning(nspawnPid)) killQuietly(nspawnPid, 'SIGKILL');
  }

  private insideArgv(cmd: readonly string[], opts: BedRunOptions): string[] {
    if (this.leader === null) throw new Error(`bed ${this.name} is not running`);
    const enter = ['nsenter', '-t', String(this.leader), '-m', '-u', '-i', '-n', '-p', '-C', '--'];
    const extra = Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${v}`);
    if (opts.user === undefined) {
      return [...enter, '/usr/bin/env', '-i', '-C', opts.cwd ?? '/', `PATH=${INSIDE_PATH}`, 'HOME=/root', 'USER=root', 'LOGNAME=root', ...extra, ...cmd];
    }
    const user = this.requireUser(opts.user);
    const runtimeDir = `/run/user/${user.uid}`;
    return [
      ...enter,
      '/usr/bin/env',
      '-i',
      `PATH=${INSIDE_PATH}`,
      'runuser',
      '-u',
      user.name,
      '--',
      '/usr/bin/env',
      '-i',
      '-C',
      opts.cwd ?? user.home,
      `PATH=${INSIDE_PATH}`,
      `HOME=${user.home}`,
      `USER=${user.name}`,
      `LOGNAME=${user.name}`,
      `XDG_RUNTIME_DIR=${runtimeDir}`,
      `DBUS_SESSION_BUS_ADDRESS=unix:path=${runtimeDir}/bus`,
      ...extra,
      ...cmd,
    ];
  }

  private requireUser(name: 'u'): typeof BED_USER {
    if (!this.rootless || name !== BED_USER.name) throw new Error(`bed ${this.kind} has no rootless user '${name}'`);
    return BED_USER;
  }

  /** Creates missing parent folders one by one, so ownership can be given to each new one. */
  private makeParents(canonical: string, user: typeof BED_USER | null): void {
    const parts = dirname(canonical).split('/').filter((s) => s !== '');
    let current = this.rootfs;
    for (const part of parts) {
      current = join(current, part);
      if (existsSync(current)) {
        if (!lstatSync(current).isDirectory()) throw new Error(`${current} is not a folder`);
        continue;
      }
      mkdirSync(current, { mode: 0o755 });
      if (user !== null) chownSync(current, user.uid, user.uid);
    }
  }

  private assertUsable(): void {
    if (this.shutDown) throw new Error(`bed ${this.name} has been shut down`);
  }
}

/** The wrapper shell has moved itself into the bed's cgroups once it has become `name` (or is gone). */
async function waitForExec(pid: number, name: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    let comm = '';
    try {
      comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      return;
    }
    if (comm === name) return;
    await sleep(50);
  }
  throw new Error(`process ${pid} did not become ${name} within 5 s`);
}

async function findLeader(nspawnPid: number): Promise<number | null> {
  const r = await runHostCommand(['pgrep', '-P', String(nspawnPid), '-x', 'systemd'], { timeoutMs: 10_000 });
  const pid = Number.parseInt(r.stdout.trim().split('\n')[0] ?? '', 10);
  return Number.isFinite(pid) ? pid : null;
}

function writeRunRecord(runDir: string, record: RunRecord): void {
  writeFileSync(join(runDir, 'bed.json'), `${JSON.stringify(record)}\n`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

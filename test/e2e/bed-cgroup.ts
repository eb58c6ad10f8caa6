// e2e harness, cgroup isolation: bed name -> cgroups of its own that systemd-nspawn starts in, and their removal.
// On a host whose PID 1 is not systemd every nspawn starts in the root cgroup, so all beds would share /payload:
// one bed's systemd then waits for, and kills, another bed's processes at shutdown.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runHostCommand } from './host-command.js';
import { E2E_HOME } from './host-setup.js';

const PARENT = 'compose2systemd-e2e';
/** Named v1 hierarchy of a legacy/hybrid host. */
const V1_SYSTEMD = '/sys/fs/cgroup/systemd';
const V2_ROOT = '/sys/fs/cgroup';

type Layout = 'hybrid' | 'unified' | 'none';

export interface BedCgroupEntry {
  /** cgroup.procs files the starting process must write its PID into before it execs nspawn. */
  readonly procsFiles: readonly string[];
  /** Call once that process has exec'd nspawn: the membership stays, the helper mount goes. */
  readonly release: () => Promise<void>;
}

let mountSequence = 0;

function hostLayout(): Layout {
  if (existsSync(join(V1_SYSTEMD, 'cgroup.procs'))) return 'hybrid';
  if (existsSync(join(V2_ROOT, 'cgroup.subtree_control'))) return 'unified';
  return 'none';
}

/**
 * On a hybrid host nspawn (with SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1) places the bed below its own cgroup2
 * path, and that tree is not mounted on the host: it is mounted here just long enough to move the process.
 * A v1 bed (`v1Controllers`) also gets a cgroup of its own in each v1 controller hierarchy (memory, cpu...): its
 * systemd and runc build their trees there, apart from other beds'.
 */
export async function prepareBedCgroup(name: string, opts: { readonly v1Controllers?: boolean } = {}): Promise<BedCgroupEntry | null> {
  const layout = hostLayout();
  if (layout === 'none') return null;
  const controllers = layout === 'hybrid' && opts.v1Controllers === true ? v1ControllerDirs(name).map((dir) => join(makeV1Cgroup(dir), 'cgroup.procs')) : [];
  if (layout === 'unified') {
    const dir = join(V2_ROOT, PARENT, name);
    mkdirSync(dir, { recursive: true });
    return { procsFiles: [join(dir, 'cgroup.procs')], release: async () => undefined };
  }
  const v1 = join(V1_SYSTEMD, PARENT, name);
  mkdirSync(v1, { recursive: true });
  const mount = await mountCgroup2();
  if (mount === null) return { procsFiles: [join(v1, 'cgroup.procs'), ...controllers], release: async () => undefined };
  const v2 = join(mount.path, PARENT, name);
  mkdirSync(v2, { recursive: true });
  return { procsFiles: [join(v1, 'cgroup.procs'), join(v2, 'cgroup.procs'), ...controllers], release: mount.unmount };
}

/**
 * `<this process's cgroup>/compose2systemd-e2e/<bed>` in each mounted v1 controller hierarchy: below our own
 * cgroup, so the bed stays inside whatever limits this process runs under.
 */
function v1ControllerDirs(name: string): string[] {
  const dirs: string[] = [];
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const [, list, path] = line.match(/^\d+:([^:]+):(.*)$/) ?? [];
    if (list === undefined || path === undefined || list.startsWith('name=')) continue;
    const mounted = join(V2_ROOT, list);
    if (existsSync(join(mounted, 'cgroup.procs'))) dirs.push(join(mounted, path, PARENT, name));
  }
  return dirs;
}

/** mkdir -p; a new cpuset cgroup has no CPUs and no memory nodes until given its parent's. */
function makeV1Cgroup(dir: string): string {
  if (existsSync(dir)) return dir;
  const parent = join(dir, '..');
  makeV1Cgroup(parent);
  mkdirSync(dir);
  for (const file of ['cpuset.cpus', 'cpuset.mems']) {
    if (existsSync(join(dir, file))) writeFileSync(join(dir, file), readFileSync(join(parent, file)));
  }
  return dir;
}

/** Removes the bed's cgroups once its nspawn has exited; a cgroup that still holds processes stays. */
export async function removeBedCgroup(name: string): Promise<void> {
  const layout = hostLayout();
  if (layout === 'none') return;
  removeBedCgroupSync(name);
  if (layout !== 'hybrid') return;
  const mount = await mountCgroup2();
  if (mount === null) return;
  try {
    removeEmptyTree(join(mount.path, PARENT, name));
  } finally {
    await mount.unmount();
  }
}

/** Only the part that needs no mount, for exit hooks. */
export function removeBedCgroupSync(name: string): void {
  const layout = hostLayout();
  if (layout === 'hybrid') removeEmptyTree(join(V1_SYSTEMD, PARENT, name));
  if (layout === 'hybrid') for (const dir of v1ControllerDirs(name)) removeEmptyTree(dir);
  if (layout === 'unified') removeEmptyTree(join(V2_ROOT, PARENT, name));
}

async function mountCgroup2(): Promise<{ readonly path: string; readonly unmount: () => Promise<void> } | null> {
  mountSequence += 1;
  const path = join(E2E_HOME, `cgroup2-${process.pid}-${mountSequence}`);
  mkdirSync(path, { recursive: true });
  const r = await runHostCommand(['mount', '-t', 'cgroup2', 'none', path]);
  if (r.code !== 0) {
    rmdirSync(path);
    return null;
  }
  return {
    path,
    unmount: async () => {
      await runHostCommand(['umount', path], { check: true });
      rmdirSync(path);
    },
  };
}

/** Deepest first; rmdir fails (EBUSY) on a cgroup with processes, which then stays with its parents. */
function removeEmptyTree(dir: string): boolean {
  if (!existsSync(dir)) return true;
  let empty = true;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) empty = removeEmptyTree(join(dir, entry.name)) && empty;
  }
  if (!empty) return false;
  try {
    rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

// e2e harness, cgroup isolation: bed name -> cgroups of its own that systemd-nspawn starts in, and their removal.
// On a host whose PID 1 is not systemd every nspawn starts in the root cgroup, so all beds would share /payload:
// one bed's systemd then waits for, and kills, another bed's processes at shutdown.
import { existsSync, mkdirSync, readdirSync, rmdirSync } from 'node:fs';
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
 */
export async function prepareBedCgroup(name: string): Promise<BedCgroupEntry | null> {
  const layout = hostLayout();
  if (layout === 'none') return null;
  if (layout === 'unified') {
    const dir = join(V2_ROOT, PARENT, name);
    mkdirSync(dir, { recursive: true });
    return { procsFiles: [join(dir, 'cgroup.procs')], release: async () => undefined };
  }
  const v1 = join(V1_SYSTEMD, PARENT, name);
  mkdirSync(v1, { recursive: true });
  const mount = await mountCgroup2();
  if (mount === null) return { procsFiles: [join(v1, 'cgroup.procs')], release: async () => undefined };
  const v2 = join(mount.path, PARENT, name);
  mkdirSync(v2, { recursive: true });
  return { procsFiles: [join(v1, 'cgroup.procs'), join(v2, 'cgroup.procs')], release: mount.unmount };
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

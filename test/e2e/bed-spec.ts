// e2e harness, bed recipes: bed kind + host limits -> what goes into its rootfs, and the cache key of that rootfs.
// Every file and command baked into the cached tarball is listed here, so the key changes whenever they do.
import { createHash } from 'node:crypto';

export type BedKind = 'podman4' | 'podman5' | 'podman58';

/** Every bed the harness can boot, oldest podman first. */
export const BED_KINDS: readonly BedKind[] = ['podman4', 'podman5', 'podman58'];

/** The beds a scenario file runs on unless it chooses (the newest bed costs CI time, so files opt in to it). */
export const DEFAULT_BED_KINDS: readonly BedKind[] = ['podman4', 'podman5'];

/** The rootless user `u` exists on these beds. */
export function hasRootlessUser(kind: BedKind): boolean {
  return kind !== 'podman4';
}

/** The only image inside a bed: busybox from the host's busybox-static, imported offline. */
export const BED_IMAGE = 'localhost/busybox:test';

/** The rootless user of the podman5 and podman58 beds (lingering, so its systemd --user runs from boot). */
export const BED_USER = { name: 'u', uid: 1000, home: '/home/u' } as const;

/** Where each bed finds the image tarball to import (readable by the rootless user too). */
export const IMAGE_TAR_INSIDE = '/var/lib/compose2systemd-e2e/busybox-image.tar';

export interface RootfsFile {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
}

export interface BedSpec {
  readonly kind: BedKind;
  readonly suite: 'bookworm' | 'trixie' | 'forky';
  readonly packages: readonly string[];
  readonly files: readonly RootfsFile[];
  /** Run with chroot into the fresh rootfs before it is cached (never on the host itself). */
  readonly chrootCommands: readonly (readonly string[])[];
  readonly rootless: boolean;
}

export interface HostLimits {
  readonly nofile: number;
  readonly nproc: number;
}

// bump when the build steps change in a way the spec data does not show
const RECIPE_VERSION = 2;

const COMMON_PACKAGES = ['systemd', 'systemd-sysv', 'dbus', 'podman', 'conmon', 'netavark', 'aardvark-dns', 'catatonit', 'curl'];

export function describeBed(kind: BedKind, limits: HostLimits): BedSpec {
  switch (kind) {
    case 'podman4':
      return podman4Spec(limits);
    case 'podman5':
      return podman5Spec(limits, 'trixie', '5.4');
    case 'podman58':
      // Debian testing: the newest podman and systemd Debian has; bookworm's debootstrap builds it with sid's script
      return podman5Spec(limits, 'forky', '5.8');
  }
}

export function computeCacheKey(spec: BedSpec): string {
  const material = JSON.stringify({ recipe: RECIPE_VERSION, ...spec });
  return createHash('sha256').update(material).digest('hex').slice(0, 16);
}

function podman4Spec(limits: HostLimits): BedSpec {
  return {
    kind: 'podman4',
    suite: 'bookworm',
    packages: [...COMMON_PACKAGES, 'runc', 'iptables'],
    files: [
      {
        path: '/etc/containers/containers.conf',
        mode: 0o644,
        content: [
          '# compose2systemd e2e bed (podman 4.3)',
          '[containers]',
          // no CAP_SYS_RESOURCE: podman's default rlimits exceed the host's hard limits -> setrlimit EPERM
          `default_ulimits = ["nofile=${limits.nofile}:${limits.nofile}", "nproc=${limits.nproc}:${limits.nproc}"]`,
          // no controllers are delegated into the bed's cgroup v2 tree, so there is no pids.max to write
          'pids_limit = 0',
          '[engine]',
          // crun 1.8 fails on RLIMIT_MEMLOCK here; runc works
          'runtime = "runc"',
          '[network]',
          // bookworm's podman defaults to CNI, whose plugins are not installed
          'network_backend = "netavark"',
          '',
        ].join('\n'),
      },
    ],
    chrootCommands: [],
    rootless: false,
  };
}

function podman5Spec(limits: HostLimits, suite: 'trixie' | 'forky', podman: '5.4' | '5.8'): BedSpec {
  return {
    kind: suite === 'trixie' ? 'podman5' : 'podman58',
    suite,
    // libpam-systemd, dbus-user-session, uidmap and passt exist for the rootless user only
    packages: [...COMMON_PACKAGES, 'crun', 'nftables', 'libpam-systemd', 'dbus-user-session', 'passt', 'uidmap'],
    files: [
      {
        path: '/etc/containers/containers.conf',
        mode: 0o644,
        content: [
          `# compose2systemd e2e bed (podman ${podman})`,
          '[containers]',
          'pids_limit = 0',
          // podman 5 clamps rlimits for `run` itself, but `build` RUN steps still fail above the hard limits
          `default_ulimits = ["nofile=${limits.nofile}:${limits.nofile}", "nproc=${limits.nproc}:${limits.nproc}"]`,
          '[network]',
          // The bed has no interface with a default route (--private-network), so pasta takes root's bridge as
          // its template and names its tap after it (podman1); the rootless network then wants the same bridge
          // name: "bridge interface podman1 already exists but is a Tun interface" (passt of forky, root and u at once)
          'pasta_options = ["--ns-ifname", "c2stap0"]',
          '',
        ].join('\n'),
      },
      {
        // nspawn creates /dev/net/tun as 0600 root; pasta (rootless networking) must open it as the user
        path: '/etc/tmpfiles.d/compose2systemd-e2e-tun.conf',
        mode: 0o644,
        content: 'z /dev/net/tun 0666 - - -\n',
      },
      {
        // what `loginctl enable-linger u` records; logind then starts user@1000 at boot
        path: `/var/lib/systemd/linger/${BED_USER.name}`,
        mode: 0o644,
        content: '',
      },
    ],
    // useradd also gives the user its /etc/subuid and /etc/subgid ranges, which rootless podman needs
    chrootCommands: [['useradd', '--create-home', '--uid', String(BED_USER.uid), '--user-group', '--shell', '/bin/sh', BED_USER.name]],
    rootless: true,
  };
}

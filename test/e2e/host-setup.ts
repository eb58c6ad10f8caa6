// e2e harness, host prerequisites: host -> "can a bed boot here, and if not, why" + host facts the beds need
// (Debian mirror, hard rlimits) + the tmpfs on /run/systemd/nspawn, unmounted again only if this process mounted it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostLimits } from './bed-spec.js';
import { runHostCommand, runHostCommandSync, tail } from './host-command.js';

export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const E2E_HOME = '/var/tmp/compose2systemd-e2e';

const SETUP_SCRIPT = join(REPO_DIR, 'scripts', 'e2e-host-setup.sh');
const MIRROR_SCRIPT = join(REPO_DIR, 'scripts', 'debian-mirror.sh');
const NSPAWN_DIR = '/run/systemd/nspawn';

export type BedSupport = { readonly ok: true } | { readonly ok: false; readonly reason: string };

let supportProbe: Promise<BedSupport> | undefined;

/** Installs the host packages when missing (once per process) and says whether beds can boot. */
export function probeBedSupport(): Promise<BedSupport> {
  supportProbe ??= probeOnce();
  return supportProbe;
}

async function probeOnce(): Promise<BedSupport> {
  if (process.env['C2S_E2E_SKIP'] !== undefined && process.env['C2S_E2E_SKIP'] !== '') {
    return { ok: false, reason: `C2S_E2E_SKIP is set (${process.env['C2S_E2E_SKIP']})` };
  }
  if (process.platform !== 'linux') return { ok: false, reason: `needs Linux, this is ${process.platform}` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'needs root (systemd-nspawn, debootstrap, mounts)' };
  if (!existsSync('/etc/debian_version')) return { ok: false, reason: 'needs a Debian host (apt, debootstrap)' };
  const setup = await runHostCommand(['sh', SETUP_SCRIPT, 'packages'], { timeoutMs: 900_000 });
  if (setup.code !== 0) {
    return { ok: false, reason: `host setup failed (systemd-nspawn/debootstrap not installable): ${lastLine(setup.stderr)}` };
  }
  const version = await runHostCommand(['systemd-nspawn', '--version']);
  if (version.code !== 0) return { ok: false, reason: `systemd-nspawn does not run: ${lastLine(version.stderr)}` };
  return { ok: true };
}

/**
 * The Debian archive the host's apt already uses (scripts/debian-mirror.sh reads the apt sources; C2S_E2E_MIRROR
 * overrides). Throws with the script's message when there is none: the project names no mirror of its own.
 */
export async function readHostMirror(): Promise<string> {
  const r = await runHostCommand(['sh', MIRROR_SCRIPT]);
  const mirror = r.stdout.trim();
  if (r.code !== 0 || mirror === '') throw new Error(`cannot build a bed rootfs: ${lastLine(r.stderr)}`);
  return mirror;
}

/** Hard limits this process (and so nspawn and the bed) inherits, from /proc/self/limits. */
export function readHostLimits(): HostLimits {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  return {
    nofile: parseHardLimit(limits, 'Max open files', 1_048_576),
    nproc: parseHardLimit(limits, 'Max processes', 32_768),
  };
}

function parseHardLimit(limits: string, label: string, whenUnlimited: number): number {
  const line = limits.split('\n').find((l) => l.startsWith(label));
  const hard = line?.slice(label.length).trim().split(/\s+/)[1];
  if (hard === undefined || hard === 'unlimited') return whenUnlimited;
  const n = Number.parseInt(hard, 10);
  return Number.isFinite(n) && n > 0 ? n : whenUnlimited;
}

// How many live beds of this process rely on the tmpfs, and whether this process mounted it.
let tmpfsUsers = 0;
let tmpfsMountedHere = false;

export async function acquireNspawnTmpfs(): Promise<void> {
  const r = await runHostCommand(['sh', SETUP_SCRIPT, 'mount'], { check: true });
  if (r.stdout.trim() === 'mounted') tmpfsMountedHere = true;
  tmpfsUsers += 1;
}

/** Unmounts only what this process mounted, and only when no nspawn (ours or anyone's) still uses it. */
export function releaseNspawnTmpfs(): void {
  tmpfsUsers = Math.max(0, tmpfsUsers - 1);
  if (tmpfsUsers > 0 || !tmpfsMountedHere) return;
  const propagate = join(NSPAWN_DIR, 'propagate');
  if (existsSync(propagate) && readdirSync(propagate).length > 0) return;
  const r = runHostCommandSync(['umount', NSPAWN_DIR]);
  if (r.code === 0) {
    tmpfsMountedHere = false;
    runHostCommandSync(['rmdir', NSPAWN_DIR]);
  } else {
    console.warn(`[e2e] could not unmount ${NSPAWN_DIR}: ${tail(r.stderr, 3)}`);
  }
}

function lastLine(text: string): string {
  return tail(text, 1) || '(no output)';
}

// e2e harness, paths: (rootfs on the host, absolute path inside the bed) -> host path, following the bed's
// symlinks as the bed would. An absolute link inside the rootfs (e.g. /var/run -> /run) must never reach the host.
import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import { join } from 'node:path';

const MAX_LINKS = 40;

/** Paths the bed mounts over at boot (tmpfs, devices, kernel views): writes there must go through the bed. */
const VOLATILE_PREFIXES = ['/run', '/tmp', '/dev', '/proc', '/sys'];

export function isVolatileInsidePath(pathInside: string): boolean {
  const parts = splitInsidePath(pathInside);
  const first = parts[0] === undefined ? '' : `/${parts[0]}`;
  return VOLATILE_PREFIXES.includes(first);
}

/**
 * Canonical path inside the bed for `pathInside`, with the bed's symlinks followed; join it to the rootfs for
 * the host path. Components that do not exist yet are kept as they are, so the caller may create them.
 * Throws on link loops.
 */
export function canonicalInsidePath(rootfs: string, pathInside: string): string {
  if (!pathInside.startsWith('/')) throw new Error(`path inside the bed must be absolute: ${pathInside}`);
  let pending = splitInsidePath(pathInside);
  const resolved: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const [part, ...rest] = pending;
    pending = rest;
    if (part === undefined || part === '.') continue;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = join(rootfs, ...resolved, part);
    const stat = lstatOrNull(candidate);
    if (stat === null || !stat.isSymbolicLink()) {
      resolved.push(part);
      continue;
    }
    links += 1;
    if (links > MAX_LINKS) throw new Error(`too many symlinks resolving ${pathInside} in ${rootfs}`);
    const target = readlinkSync(candidate);
    if (target.startsWith('/')) resolved.length = 0;
    pending = [...splitInsidePath(target), ...pending];
  }
  return `/${resolved.join('/')}`;
}

export function hostPathOf(rootfs: string, canonicalPath: string): string {
  return join(rootfs, canonicalPath);
}

function splitInsidePath(p: string): string[] {
  return p.split('/').filter((s) => s !== '');
}

function lstatOrNull(p: string): Stats | null {
  return lstatSync(p, { throwIfNoEntry: false }) ?? null;
}

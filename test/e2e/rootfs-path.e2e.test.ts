// Paths inside a bed resolve within its rootfs: an absolute symlink in the rootfs must not lead to the host.
// Needs no root and no bed, so it runs wherever the e2e suite runs.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { canonicalInsidePath, hostPathOf, isVolatileInsidePath } from './rootfs-path.js';

const root = mkdtempSync(join(tmpdir(), 'c2s-rootfs-path-'));
mkdirSync(join(root, 'usr', 'lib'), { recursive: true });
mkdirSync(join(root, 'etc'), { recursive: true });
mkdirSync(join(root, 'var'), { recursive: true });
symlinkSync('/run', join(root, 'var', 'run'));
symlinkSync('../usr/lib/os-release', join(root, 'etc', 'os-release'));
symlinkSync('/etc', join(root, 'usr', 'lib', 'etc-abs'));
symlinkSync('loop-b', join(root, 'etc', 'loop-a'));
symlinkSync('loop-a', join(root, 'etc', 'loop-b'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('canonicalInsidePath', () => {
  test.each([
    ['/etc/systemd/system/a.service', '/etc/systemd/system/a.service'],
    ['/var/run/podman/podman.sock', '/run/podman/podman.sock'],
    ['/etc/os-release', '/usr/lib/os-release'],
    ['/usr/lib/etc-abs/passwd', '/etc/passwd'],
    ['/../../etc/passwd', '/etc/passwd'],
    ['/etc/new/../hosts', '/etc/hosts'],
  ])('%s -> %s', (inside, expected) => {
    const canonical = canonicalInsidePath(root, inside);
    expect(canonical).toBe(expected);
    expect(hostPathOf(root, canonical).startsWith(`${root}/`)).toBe(true);
  });

  test('rejects relative paths and symlink loops', () => {
    expect(() => canonicalInsidePath(root, 'etc/passwd')).toThrow(/absolute/);
    expect(() => canonicalInsidePath(root, '/etc/loop-a')).toThrow(/too many symlinks/);
  });
});

describe('isVolatileInsidePath', () => {
  test.each([
    ['/run/user/1000/x', true],
    ['/tmp/x', true],
    ['/dev/net/tun', true],
    ['/runner/x', false],
    ['/var/tmp/x', false],
    ['/etc/containers/systemd/a.container', false],
  ])('%s -> %s', (p, expected) => {
    expect(isVolatileInsidePath(p)).toBe(expected);
  });
});

// e2e harness, image: the host's static /bin/busybox -> a cached rootfs tarball that `podman import` turns into
// BED_IMAGE inside a bed (nothing can be pulled). About 2 MB; gives sh, httpd, wget, nc, sleep.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runHostCommand } from './host-command.js';
import { E2E_HOME } from './host-setup.js';
import { removeTree } from './remove-tree.js';

const HOST_BUSYBOX = '/bin/busybox';

export async function ensureBusyboxImageTar(): Promise<string> {
  const digest = createHash('sha256').update(readFileSync(HOST_BUSYBOX)).digest('hex').slice(0, 16);
  const cacheDir = join(E2E_HOME, 'cache');
  const tarball = join(cacheDir, `busybox-${digest}.tar`);
  if (existsSync(tarball)) return tarball;
  const staging = join(E2E_HOME, 'build', `busybox-${process.pid}`);
  await removeTree(staging);
  for (const d of ['bin', 'etc', 'tmp', 'var/www', 'proc', 'sys', 'dev']) mkdirSync(join(staging, d), { recursive: true });
  chmodSync(join(staging, 'tmp'), 0o1777);
  copyFileSync(HOST_BUSYBOX, join(staging, 'bin', 'busybox'));
  chmodSync(join(staging, 'bin', 'busybox'), 0o755);
  const list = await runHostCommand([HOST_BUSYBOX, '--list'], { check: true });
  for (const applet of list.stdout.split('\n').map((s) => s.trim())) {
    if (applet === '' || applet === 'busybox' || applet.includes('/')) continue;
    symlinkSync('busybox', join(staging, 'bin', applet));
  }
  writeFileSync(join(staging, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(staging, 'etc', 'group'), 'root:x:0:\n');
  writeFileSync(join(staging, 'var', 'www', 'index.html'), '<h1>hello from busybox</h1>\n');
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${tarball}.${process.pid}.partial`;
  await runHostCommand(['tar', '--numeric-owner', '--owner=0', '--group=0', '-C', staging, '-cf', partial, '.'], { check: true });
  renameSync(partial, tarball);
  await removeTree(staging);
  return tarball;
}

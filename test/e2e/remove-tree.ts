// e2e harness, deletion: a rootfs folder under E2E_HOME -> gone. A rootfs can hold mounts (a debootstrap that
// died half-way leaves /proc inside it mounted), and rm -rf must never walk through one onto the host.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runHostCommand } from './host-command.js';
import { E2E_HOME } from './host-setup.js';

export async function removeTree(dir: string): Promise<void> {
  const target = resolve(dir);
  if (!target.startsWith(`${E2E_HOME}/`)) throw new Error(`refusing to delete ${target}: outside ${E2E_HOME}`);
  if (!existsSync(target)) return;
  for (const mountPoint of mountsUnder(target)) {
    const r = await runHostCommand(['umount', mountPoint]);
    if (r.code !== 0) {
      const lazy = await runHostCommand(['umount', '--lazy', mountPoint]);
      if (lazy.code !== 0) throw new Error(`cannot unmount ${mountPoint}, so ${target} stays: ${lazy.stderr.trim()}`);
    }
  }
  if (mountsUnder(target).length > 0) throw new Error(`mounts remain under ${target}; not deleting it`);
  await runHostCommand(['rm', '-rf', '--one-file-system', '--', target], { check: true, timeoutMs: 600_000 });
}

/** Deepest first, so nested mounts come off before their parents. */
function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => decodeMountPath(line.split(' ')[1] ?? ''))
    .filter((p) => p === dir || p.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

function decodeMountPath(raw: string): string {
  return raw.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8)));
}

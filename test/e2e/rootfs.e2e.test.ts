// Every bed's rootfs tarball: built on first use (debootstrap + recipe) or found in the cache, and holding the
// Debian suite its recipe names. Also run on its own by .ci/run, in the background while `npm test` runs, so
// the bed files later find the tarballs built.
import { afterAll, describe, expect, test } from 'vitest';
import { BED_KINDS, probeBedSupport } from './bed.js';
import { describeBed } from './bed-spec.js';
import { runHostCommand } from './host-command.js';
import { readHostLimits } from './host-setup.js';
import { ensureRootfsTarball } from './rootfs-cache.js';

const support = await probeBedSupport();
if (!support.ok) console.warn(`[e2e] SKIPPING the rootfs builds: ${support.reason}`);

const report: string[] = [];
afterAll(() => {
  if (report.length > 0) console.log(`[e2e] rootfs tarballs\n${report.join('\n')}`);
});

describe.skipIf(!support.ok)(support.ok ? 'rootfs tarballs' : `rootfs tarballs (skipped: ${support.reason})`, () => {
  for (const kind of BED_KINDS) {
    test(`${kind}: built or cached, and of the recipe's suite`, async () => {
      const spec = describeBed(kind, readHostLimits());
      const started = Date.now();
      const tarball = await ensureRootfsTarball(spec, (line) => console.log(`[e2e:${kind}] ${line}`));
      report.push(`  ${kind}: ${tarball.buildMs === null ? 'cached' : `built in ${((Date.now() - started) / 1000).toFixed(1)} s`} (${tarball.path})`);
      // os-release is the one file every suite has at this path (/etc/os-release links to it)
      const osRelease = await runHostCommand(['tar', '-xOf', tarball.path, './usr/lib/os-release'], { check: true });
      expect(osRelease.stdout).toMatch(new RegExp(`^VERSION_CODENAME=${spec.suite}$`, 'm'));
    }, 30 * 60_000);
  }
});

// Every golden Quadlet set (test/golden/<case>/expected-quadlet*/quadlet) goes through podman's own generator in
// dry-run mode, user or system mode as the case is: it must convert every file with no error, and make each
// service the set's plain units expect. podman 5.4's generator checks the sets for podman up to 5.4; 5.8's checks
// every set (it accepts what older versions do, and the keys of 5.5 to 5.8).
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { serviceOfQuadletFile } from '../../src/podman/quadlet-names.js';
import { compareVersions, parsePodmanVersion } from '../../src/podman/version.js';
import { findOracle, oracleTitle, type OracleName } from '../support/oracles.js';
import { quadletDryRun } from '../support/quadlet-dry-run.js';
import { caseOptions, cases, readTree, renderingsOf } from './golden-cases.js';

const ROOT = import.meta.dirname;
const sets = cases.flatMap((name) =>
  renderingsOf(name)
    .filter((r) => r.format === 'quadlet' && readTree(join(ROOT, name, r.dir, 'quadlet')).size > 0)
    .map((r) => ({ name, dir: r.dir, version: r.podmanVersion! })),
);

for (const [oracleName, newest] of [['quadlet-trixie', '5.4'], ['quadlet-forky', '5.8']] as const satisfies readonly (readonly [OracleName, string])[]) {
  const lookup = await findOracle(oracleName);
  const fits = (version: string) => compareVersions(parsePodmanVersion(version)!, parsePodmanVersion(newest)!) <= 0;
  describe.skipIf(!lookup.ok)(oracleTitle(lookup, `podman ${newest}'s Quadlet generator`), () => {
    test.each(sets.filter((s) => fits(s.version)))('converts every file of $name/$dir with no error', async ({ name, dir: expectedDir }) => {
      if (!lookup.ok) return;
      const dir = join(ROOT, name, expectedDir, 'quadlet');
      const r = await quadletDryRun(lookup.oracle, dir, { user: (caseOptions(name).scope ?? 'user') === 'user' });
      expect(r.errors).toEqual([]);
      expect(r.code).toBe(0);
      const expected = [...readTree(dir).keys()].map((f) => serviceOfQuadletFile(f)!).sort();
      expect([...r.units.keys()].sort()).toEqual(expected);
    });
  });
}

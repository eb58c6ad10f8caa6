// Every golden Quadlet set (test/golden/<case>/expected-quadlet/quadlet) goes through podman's own generator in
// dry-run mode, user or system mode as the case is: it must convert every file with no error, and make each
// service the set's plain units expect. podman 5.4's generator checks cases for podman up to 5.4; 5.8's checks
// every case (it accepts what older versions do, and the keys of 5.5 to 5.8).
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { serviceOfQuadletFile } from '../../src/podman/quadlet-names.js';
import { compareVersions, parsePodmanVersion } from '../../src/podman/version.js';
import { findOracle, oracleTitle, type OracleName } from '../support/oracles.js';
import { quadletDryRun } from '../support/quadlet-dry-run.js';
import { caseOptions, cases, readTree } from './golden-cases.js';

const ROOT = import.meta.dirname;
const withQuadlet = cases.filter((name) => readTree(join(ROOT, name, 'expected-quadlet', 'quadlet')).size > 0);

for (const [oracleName, newest] of [['quadlet-trixie', '5.4'], ['quadlet-forky', '5.8']] as const satisfies readonly (readonly [OracleName, string])[]) {
  const lookup = await findOracle(oracleName);
  const fits = (name: string) => compareVersions(parsePodmanVersion(caseOptions(name).quadletPodmanVersion ?? '5.4')!, parsePodmanVersion(newest)!) <= 0;
  describe.skipIf(!lookup.ok)(oracleTitle(lookup, `podman ${newest}'s Quadlet generator`), () => {
    test.each(withQuadlet.filter(fits))('converts every file of %s with no error', async (name) => {
      if (!lookup.ok) return;
      const dir = join(ROOT, name, 'expected-quadlet', 'quadlet');
      const r = await quadletDryRun(lookup.oracle, dir, { user: (caseOptions(name).scope ?? 'user') === 'user' });
      expect(r.errors).toEqual([]);
      expect(r.code).toBe(0);
      const expected = [...readTree(dir).keys()].map((f) => serviceOfQuadletFile(f)!).sort();
      expect([...r.units.keys()].sort()).toEqual(expected);
    });
  });
}

// Every golden Quadlet set (test/golden/<case>/expected-quadlet*/quadlet) goes through podman's own generator in
// dry-run mode, user or system mode as the case is: it must convert every file with no error, and make each
// service the set's plain units expect. podman 5.4's generator checks the sets for podman up to 5.4; 5.8's checks
// every set (it accepts what older versions do, and the keys of 5.5 to 5.8). The `.kube` unit of each case's
// Kubernetes output (expected-kube/quadlet) goes through the generators the same way.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { serviceOfQuadletFile } from '../../src/podman/quadlet-names.js';
import { compareVersions, parsePodmanVersion } from '../../src/podman/version.js';
import { findOracle, oracleTitle, type OracleName } from '../support/oracles.js';
import { quadletDryRun } from '../support/quadlet-dry-run.js';
import { caseOptions, cases, DEFAULT_QUADLET_VERSION, readTree, renderingsOf } from './golden-cases.js';

const ROOT = import.meta.dirname;
const sets = cases.flatMap((name) =>
  renderingsOf(name)
    .filter((r) => r.format === 'quadlet' && readTree(join(ROOT, name, r.dir, 'quadlet')).size > 0)
    .map((r) => ({ name, dir: r.dir, version: r.podmanVersion! })),
);
const withKube = cases
  .filter((name) => readTree(join(ROOT, name, 'expected-kube', 'quadlet')).size > 0)
  .map((name) => ({ name, version: caseOptions(name).quadletPodmanVersion ?? DEFAULT_QUADLET_VERSION }));

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

    // pre_stop is an ExecStop= line of the .container file: the generator must keep it (after the kill check) before
    // its own stop line (systemd runs ExecStop= lines in order), and keep post_start as the unit's one ExecStartPost=.
    test('runs the pre_stop hook before its own stop line (lifecycle-hooks)', async () => {
      if (!lookup.ok) return;
      const r = await quadletDryRun(lookup.oracle, join(ROOT, 'lifecycle-hooks', 'expected-quadlet', 'quadlet'), { user: true });
      const lines = (r.units.get('lh-web.service') ?? '').split('\n');
      const stops = lines.filter((l) => l.startsWith('ExecStop='));
      expect(stops).toHaveLength(3);
      expect(stops[0]).toMatch(/^ExecStop=\/bin\/sh -c .*EXIT_CODE/);
      expect(stops[1]).toMatch(/^ExecStop=-\/usr\/bin\/podman exec lh-web-1 \/bin\/sh -c "echo stopping > \/data\/stopped"$/);
      expect(stops[2]).toMatch(/podman rm -v -f -i /);
      expect(lines.filter((l) => l.startsWith('ExecStartPost='))).toEqual([expect.stringMatching(/^ExecStartPost=\/usr\/bin\/podman exec --user root .* lh-web-1 /)]);
    });

    // The Kubernetes output's `P.kube` (beside its `P.yaml`, which is no Quadlet file) runs `podman kube play`.
    test.each(withKube.filter((k) => fits(k.version)))('converts the .kube file of $name to a kube play service', async ({ name }) => {
      if (!lookup.ok) return;
      const dir = join(ROOT, name, 'expected-kube', 'quadlet');
      const r = await quadletDryRun(lookup.oracle, dir, { user: (caseOptions(name).scope ?? 'user') === 'user' });
      expect(r.errors).toEqual([]);
      expect(r.code).toBe(0);
      const kube = [...readTree(dir).keys()].filter((f) => f.endsWith('.kube'));
      expect(kube).toHaveLength(1);
      const unit = r.units.get(serviceOfQuadletFile(kube[0]!)!);
      expect(unit).toMatch(/^ExecStart=.*podman kube play --replace --service-container=true .*\/[^ /]+\.yaml$/m);
      expect(unit).toMatch(/^ExecStopPost=.*podman kube down .*\.yaml$/m);
    });
  });
}

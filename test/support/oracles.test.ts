// The offline oracles themselves: podman's Quadlet generator (trixie and forky) converts a known-good file,
// names the key it rejects, tells user from system mode, and is the podman version it claims; docker compose
// resolves a project from the environment it is given and names the key it rejects.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { composeConfig } from './compose-config.js';
import { findOracle, oracleTitle, runOracle, type Oracle, type OracleName } from './oracles.js';
import { parseDryRunUnits, quadletDryRunFiles } from './quadlet-dry-run.js';

const WEB = [
  '[Unit]',
  'Description=web',
  '[Container]',
  'Image=localhost/busybox:test',
  'Exec=sleep 600',
  'PublishPort=8080:80',
  'Network=net.network',
  '[Install]',
  'WantedBy=multi-user.target',
  '',
].join('\n');

const QUADLETS: readonly { readonly name: OracleName; readonly podman: string; readonly hasMemoryKey: boolean }[] = [
  { name: 'quadlet-trixie', podman: '5.4.', hasMemoryKey: false },
  { name: 'quadlet-forky', podman: '5.8.', hasMemoryKey: true },
];

test('parseDryRunUnits splits stdout at ---NAME--- lines and drops the blank line between units', () => {
  const units = parseDryRunUnits('---a.service---\n[Service]\nExecStart=/x\n\n---b-network.service---\n[Unit]\nB=1\n\n');
  expect([...units.keys()]).toEqual(['a.service', 'b-network.service']);
  expect(units.get('a.service')).toBe('[Service]\nExecStart=/x\n');
  expect(units.get('b-network.service')).toBe('[Unit]\nB=1\n');
  expect(parseDryRunUnits('').size).toBe(0);
});

for (const q of QUADLETS) {
  const lookup = await findOracle(q.name);
  describe.skipIf(!lookup.ok)(oracleTitle(lookup, `quadlet -dryrun, ${q.name}`), () => {
    const oracle = (): Oracle => {
      if (!lookup.ok) throw new Error(lookup.reason);
      return lookup.oracle;
    };

    test(`is podman ${q.podman}x`, async () => {
      expect(oracle().version.startsWith(q.podman)).toBe(true);
      const r = await runOracle(oracle(), ['-version']);
      expect(r.code).toBe(0);
      expect(r.stdout.trim().startsWith(q.podman)).toBe(true);
    });

    test('a known-good .container and .network convert into services', async () => {
      const r = await quadletDryRunFiles(oracle(), { 'web.container': WEB, 'net.network': '[Network]\n' });
      expect(r.errors).toEqual([]);
      expect(r.code).toBe(0);
      expect([...r.units.keys()].sort()).toEqual(['net-network.service', 'web.service']);
      const web = r.units.get('web.service') ?? '';
      const execStart = web.split('\n').find((l) => l.startsWith('ExecStart='));
      expect(execStart).toMatch(/^ExecStart=\/usr\/bin\/podman run --name systemd-%N .*--network systemd-net .*--publish 8080:80 localhost\/busybox:test sleep 600$/);
      // the generator adds the dependency on the network's service itself
      expect(web).toMatch(/^Requires=net-network\.service$/m);
      expect(web).toContain('WantedBy=multi-user.target');
      expect(r.units.get('net-network.service')).toContain('ExecStart=/usr/bin/podman network create --ignore systemd-net');
    });

    test('a bad key is rejected with the file and key named; the other files still convert', async () => {
      const r = await quadletDryRunFiles(oracle(), { 'web.container': WEB, 'net.network': '[Network]\n', 'bad.container': '[Container]\nImage=localhost/busybox:test\nBogusKey=1\n' });
      expect(r.code).toBe(1);
      expect(r.errors.join('\n')).toContain(`converting "bad.container": unsupported key 'BogusKey' in group 'Container'`);
      expect(r.units.has('bad.service')).toBe(false);
      expect(r.units.has('web.service')).toBe(true);
    });

    test('-user makes user units, which wait for the user network-online service', async () => {
      const system = await quadletDryRunFiles(oracle(), { 'web.container': WEB, 'net.network': '[Network]\n' });
      const user = await quadletDryRunFiles(oracle(), { 'web.container': WEB, 'net.network': '[Network]\n' }, { user: true });
      expect(system.units.get('web.service')).toMatch(/^After=network-online\.target$/m);
      expect(user.code).toBe(0);
      expect(user.units.get('web.service')).toMatch(/^After=podman-user-wait-network-online\.service$/m);
    });

    test(`Memory= (Quadlet 5.5) is ${q.hasMemoryKey ? 'accepted' : 'rejected'}`, async () => {
      const r = await quadletDryRunFiles(oracle(), { 'm.container': '[Container]\nImage=localhost/busybox:test\nMemory=512m\n' });
      if (q.hasMemoryKey) {
        expect(r.code).toBe(0);
        expect(r.units.get('m.service')).toMatch(/^ExecStart=.* --memory 512m /m);
      } else {
        expect(r.code).toBe(1);
        expect(r.errors.join('\n')).toContain(`unsupported key 'Memory' in group 'Container'`);
      }
    });
  });
}

const compose = await findOracle('docker-compose');
describe.skipIf(!compose.ok)(oracleTitle(compose, 'docker compose config'), () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const project = (yaml: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'c2s-compose-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'compose.yaml'), yaml);
    return dir;
  };
  const oracle = (): Oracle => {
    if (!compose.ok) throw new Error(compose.reason);
    return compose.oracle;
  };

  test('resolves interpolation from the environment it is given, and names the project after the folder', async () => {
    const cwd = project('services:\n  web:\n    image: busybox\n    environment:\n      A: ${X:-fallback}\n      B: ${Y:-fallback}\n');
    const r = await composeConfig(oracle(), { files: ['compose.yaml'], cwd, env: { X: 'from-env' } });
    expect(r.stderr).toBe('');
    const json = r.json as { name: string; services: { web: { environment: Record<string, string> } } };
    expect(json.services.web.environment).toEqual({ A: 'from-env', B: 'fallback' });
    expect(json.name).toBe(cwd.split('/').pop()?.toLowerCase());
  });

  test('an unknown service key is refused and named', async () => {
    const cwd = project('services:\n  web:\n    image: busybox\n    bogus_key: 1\n');
    const r = await composeConfig(oracle(), { files: ['compose.yaml'], cwd });
    expect(r.code).not.toBe(0);
    expect(r.json).toBeUndefined();
    expect(r.stderr).toContain("services.web additional properties 'bogus_key' not allowed");
  });
});

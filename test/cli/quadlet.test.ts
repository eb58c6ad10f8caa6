// up, diff and down with Quadlet files on the fake machine: two install directories, the format up chooses,
// a format change, and a file podman's generator rejects (C813). The fake's generator makes a unit of each
// Quadlet file, as podman's does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isReadOnlyCommand } from '../../src/apply/dry-run-host.js';
import { readMarker } from '../../src/apply/marker.js';
import { FIXTURES, HOME, Machine, UNIT_DIR } from './harness.js';

const SHOP = readFileSync(join(FIXTURES, 'shop', 'compose.yaml'), 'utf8');
const QUADLET_DIR = `${HOME}/.config/containers/systemd/shop`;

const QUADLET_FILES = [
  'shop-cache.container',
  'shop-cache.image',
  'shop-db.container',
  'shop-db.image',
  'shop-dbdata.volume',
  'shop-default.network',
  'shop-web.container',
  'shop-web.image',
];
const UNITS = [
  'shop-dbdata-volume.service',
  'shop-default-network.service',
  'shop-cache-image.service',
  'shop-db-image.service',
  'shop-web-image.service',
  'shop-cache.service',
  'shop-db.service',
  'shop-web.service',
  'shop.target',
];

const filesIn = (m: Machine, dir: string) => Object.keys(m.host.snapshot(dir)).map((p) => p.slice(dir.length + 1));
const mutatingCommands = (m: Machine) => m.host.calls.flatMap((c) => (c.op === 'run' && !isReadOnlyCommand(c.argv) ? [c.argv.join(' ')] : []));

let machines: Machine[] = [];
function machine(podman = '5.4.2'): Machine {
  const m = new Machine(SHOP);
  m.systemd.podmanVersion = podman;
  m.systemd.quadletDirs.push(QUADLET_DIR);
  machines.push(m);
  return m;
}
afterEach(() => {
  for (const m of machines) m.cleanup();
  machines = [];
});

describe('up with Quadlet files', () => {
  it('installs Quadlet files in the project folder and the target in the unit directory, then starts and waits', async () => {
    const m = machine();
    const r = await m.run(['up', '--format', 'quadlet']);
    expect(r.code).toBe(0);
    expect(filesIn(m, QUADLET_DIR)).toEqual(['.compose2systemd/shop.json', ...QUADLET_FILES]);
    expect(filesIn(m, UNIT_DIR)).toEqual(['.compose2systemd/shop.json', 'shop.target']);
    expect(readMarker(m.host.peek(`${QUADLET_DIR}/shop-web.container`)!)).toMatchObject({ project: 'shop', intact: true });
    expect(mutatingCommands(m)).toEqual(['systemctl --user daemon-reload', 'systemctl --user start --no-block shop.target']);
    expect(r.stdout).toContain(`${QUADLET_DIR}: 8 written, 0 deleted\n`);
    expect(r.stdout).toMatch(/shop: 9 units up\n$/);
    expect(m.systemd.convergenceProblems(UNITS, 'shop-')).toEqual([]);
  });

  it('a second up changes nothing and makes one idempotent call', async () => {
    const m = machine();
    await m.run(['up', '--format', 'quadlet']);
    m.host.clearCalls();
    const r = await m.run(['up']);
    expect(r.code).toBe(0);
    expect(m.host.calls.filter((c) => c.op === 'writeFileAtomic' || c.op === 'removeFile')).toEqual([]);
    expect(mutatingCommands(m)).toEqual(['systemctl --user start --no-block shop.target']);
  });

  it('a changed service restarts that service and its dependents, by their generated names', async () => {
    const m = machine();
    await m.run(['up', '--format', 'quadlet']);
    m.compose(SHOP.replace('postgres:16', 'postgres:17')).host.clearCalls();
    const r = await m.run(['up']);
    expect(r.code).toBe(0);
    expect(mutatingCommands(m)).toEqual([
      'systemctl --user daemon-reload',
      'systemctl --user restart --no-block shop-db-image.service shop-db.service shop-web.service',
      'systemctl --user start --no-block shop.target',
    ]);
    expect(m.systemd.convergenceProblems(UNITS, 'shop-')).toEqual([]);
  });
});

describe('the format up chooses without --format', () => {
  it('Quadlet for a new project on a podman that can carry it, and says so', async () => {
    const m = machine('5.4.2');
    const r = await m.run(['up']);
    expect(r.stderr).toContain('note: Quadlet files for podman 5.4.2; --format units installs plain units instead\n');
    expect(filesIn(m, QUADLET_DIR)).toContain('shop-web.container');
  });

  it('plain units on podman 4.3, which has no Quadlet, without a note', async () => {
    const m = machine('4.3.1');
    const r = await m.run(['up']);
    expect(r.stderr).toBe('');
    expect(filesIn(m, QUADLET_DIR)).toEqual([]);
    expect(filesIn(m, UNIT_DIR)).toContain('shop-web.service');
  });

  it('plain units, with the reason, when the podman cannot carry the project in Quadlet (a pod before 5.0)', async () => {
    const m = machine('4.9.3');
    const r = await m.run(['up', '--pod']);
    expect(r.stderr).toContain('note: plain units: podman 4.9.3 cannot carry this project in Quadlet (C719: a pod in Quadlet');
    expect(filesIn(m, UNIT_DIR)).toContain('shop-pod.service');
  });

  it('the format the project is installed in: a podman upgrade does not move it', async () => {
    const m = machine('4.3.1');
    await m.run(['up']);
    m.systemd.podmanVersion = '5.4.2';
    m.host.clearCalls();
    const r = await m.run(['up']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(filesIn(m, QUADLET_DIR)).toEqual([]);
    expect(filesIn(m, UNIT_DIR)).toContain('shop-web.service');
  });
});

describe('changing the format', () => {
  it('from plain units to Quadlet: the plain units leave, the Quadlet files come, the same units run', async () => {
    const m = machine();
    await m.run(['up', '--format', 'units']);
    const r = await m.run(['up', '--format', 'quadlet']);
    expect(r.code).toBe(0);
    expect(filesIn(m, UNIT_DIR)).toEqual(['.compose2systemd/shop.json', 'shop.target']);
    expect(filesIn(m, QUADLET_DIR)).toEqual(['.compose2systemd/shop.json', ...QUADLET_FILES]);
    expect(m.systemd.convergenceProblems(UNITS, 'shop-')).toEqual([]);
  });

  it('diff shows the files of both directories, the Quadlet ones after a line naming their directory', async () => {
    const m = machine();
    await m.run(['up', '--format', 'units']);
    const r = await m.run(['diff', '--format', 'quadlet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- a/shop-web.service\n+++ /dev/null\n');
    expect(r.stdout).toContain(`# ${QUADLET_DIR}\n`);
    expect(r.stdout.indexOf(`# ${QUADLET_DIR}\n`)).toBeLessThan(r.stdout.indexOf('+++ b/shop-web.container'));
  });
});

describe('down', () => {
  it('removes the files and records of both directories, stopping the generated units', async () => {
    const m = machine();
    await m.run(['up', '--format', 'quadlet']);
    m.host.clearCalls();
    const r = await m.run(['down']);
    expect(r.code).toBe(0);
    expect(filesIn(m, QUADLET_DIR)).toEqual([]);
    expect(filesIn(m, UNIT_DIR)).toEqual([]);
    expect(mutatingCommands(m)[0]).toBe(`systemctl --user stop shop.target ${[...UNITS].reverse().slice(1).join(' ')}`);
    expect(m.systemd.running.size).toBe(0);
    const again = await m.run(['down']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing to remove');
  });
});

describe('a file podman\'s generator rejects', () => {
  it('stops up after the reload with the generator\'s own message about that file (C813)', async () => {
    const m = machine();
    m.systemd.generatorRejects.set('shop-web.container', "unsupported key 'Memory' in group 'Container'");
    const r = await m.run(['up', '--format', 'quadlet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error[C813]: podman's Quadlet generator made no \`shop-web.service\` of \`${QUADLET_DIR}/shop-web.container\`:`);
    expect(r.stderr).toContain('converting "shop-web.container": unsupported key \'Memory\' in group \'Container\'');
    expect(mutatingCommands(m).some((c) => c.includes('start'))).toBe(false);
  });
});

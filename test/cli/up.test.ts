import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isReadOnlyCommand } from '../../src/apply/dry-run-host.js';
import { readMarker } from '../../src/apply/marker.js';
import { FIXTURES, Machine, UNIT_DIR } from './harness.js';

const SHOP = readFileSync(join(FIXTURES, 'shop', 'compose.yaml'), 'utf8');
/** db's image changes: db-image and db change; web depends on db; cache does not. */
const DB_CHANGED = SHOP.replace('postgres:16', 'postgres:17');
/** cache leaves the project; web no longer depends on it. */
const CACHE_REMOVED = SHOP.replace(/      cache:\n        condition: service_started\n/, '').replace(/  cache:\n    image: docker.io\/library\/redis:7\n/, '');

/** web may be restarted twice: StartLimitBurst=3, StartLimitIntervalSec=infinity. */
const LIMITED = SHOP.replace('    ports: ["8080:80"]\n', '    ports: ["8080:80"]\n    restart: on-failure:2\n');

const ALL_UNITS = [
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

const fsMutations = (m: Machine) => m.host.calls.filter((c) => c.op === 'writeFileAtomic' || c.op === 'removeFile' || c.op === 'mkdirp');
const mutatingCommands = (m: Machine) => m.host.calls.flatMap((c) => (c.op === 'run' && !isReadOnlyCommand(c.argv) ? [c.argv.join(' ')] : []));
const unitsOf = (m: Machine) => Object.keys(m.host.snapshot(UNIT_DIR)).map((p) => p.slice(UNIT_DIR.length + 1));

let machines: Machine[] = [];
const machine = (compose?: string, unitDir?: (dir: string) => string) => {
  const m = new Machine(compose, unitDir);
  machines.push(m);
  return m;
};
afterEach(() => {
  for (const m of machines) m.cleanup();
  machines = [];
});

/** Every unit of the project runs the file on disk, systemd has loaded exactly the files on disk. */
function expectConverged(m: Machine, units = ALL_UNITS): void {
  expect(m.systemd.convergenceProblems(units, 'shop-')).toEqual([]);
}

describe('up', () => {
  it('first install: writes marked units and the record, reloads, starts the target, waits', async () => {
    const m = machine();
    const r = await m.run(['up']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(unitsOf(m)).toEqual(['.compose2systemd/shop.json', ...[...ALL_UNITS].sort()]);
    const web = m.host.peek(`${UNIT_DIR}/shop-web.service`)!;
    expect(readMarker(web)).toMatchObject({ project: 'shop', source: join(m.dir, 'compose.yaml'), intact: true });
    expect(mutatingCommands(m)).toEqual(['systemctl --user daemon-reload', 'systemctl --user start --no-block shop.target']);
    expect(r.stdout).toContain('$ systemctl --user start --no-block shop.target\n');
    expect(r.stdout).toContain('shop-db.service: active (running)\n');
    expect(r.stdout).toMatch(/shop: 9 units up\n$/);
    expectConverged(m);
  });

  it('a no-op re-run writes nothing and makes one idempotent call: start the target', async () => {
    const m = machine();
    await m.run(['up']);
    m.host.clearCalls();
    const r = await m.run(['up']);
    expect(r.code).toBe(0);
    expect(fsMutations(m)).toEqual([]);
    expect(mutatingCommands(m)).toEqual(['systemctl --user start --no-block shop.target']);
    expectConverged(m);
  });

  it('a changed service restarts it and its dependents, nothing else', async () => {
    const m = machine();
    await m.run(['up']);
    m.compose(DB_CHANGED).host.clearCalls();
    const r = await m.run(['up']);
    expect(r.code).toBe(0);
    expect(fsMutations(m).map((c) => ('path' in c ? c.path.slice(UNIT_DIR.length + 1) : ''))).toEqual([
      '.compose2systemd',
      '.compose2systemd/shop.pending.json',
      '.compose2systemd',
      'shop-db-image.service',
      'shop-db.service',
      '.compose2systemd/shop.json',
      '.compose2systemd/shop.pending.json',
    ]);
    expect(mutatingCommands(m)).toEqual([
      'systemctl --user daemon-reload',
      'systemctl --user restart --no-block shop-db-image.service shop-db.service shop-web.service',
      'systemctl --user start --no-block shop.target',
    ]);
    expectConverged(m);
  });

  it('a removed service is stopped, its files deleted, and its dependent restarted', async () => {
    const m = machine();
    await m.run(['up']);
    m.compose(CACHE_REMOVED).host.clearCalls();
    const r = await m.run(['up']);
    expect(r.code).toBe(0);
    expect(mutatingCommands(m)).toEqual([
      'systemctl --user stop shop-cache.service shop-cache-image.service',
      'systemctl --user daemon-reload',
      'systemctl --user restart --no-block shop-web.service',
      'systemctl --user start --no-block shop.target',
    ]);
    expect(unitsOf(m)).not.toContain('shop-cache.service');
    expect(unitsOf(m)).not.toContain('shop-cache-image.service');
    expectConverged(m, ALL_UNITS.filter((u) => !u.includes('cache')));
  });

  it('refuses a foreign file in the way and changes nothing', async () => {
    const m = machine();
    m.host.seedFile(`${UNIT_DIR}/shop-web.service`, '[Service]\nExecStart=/usr/bin/mine\n');
    const r = await m.run(['up']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[C801]: `shop-web.service` exists and was not written by compose2systemd; refusing to overwrite it');
    expect(fsMutations(m)).toEqual([]);
    expect(mutatingCommands(m)).toEqual([]);
    expect(m.host.peek(`${UNIT_DIR}/shop-web.service`)).toBe('[Service]\nExecStart=/usr/bin/mine\n');
  });

  it('refuses to clobber a hand-edited file', async () => {
    const m = machine();
    await m.run(['up']);
    const path = `${UNIT_DIR}/shop-db.service`;
    const edited = m.host.peek(path)!.replace('[Service]\n', '[Service]\nNice=5\n');
    m.host.seedFile(path, edited);
    m.compose(DB_CHANGED).host.clearCalls();
    const r = await m.run(['up']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[C803]: `shop-db.service` was generated by compose2systemd and then edited by hand; refusing to overwrite it');
    expect(r.stderr).toContain('compose2systemd diff');
    expect(fsMutations(m)).toEqual([]);
    expect(mutatingCommands(m)).toEqual([]);
    expect(m.host.peek(path)).toBe(edited);
  });

  it('--force overwrites a foreign file (C805) and restarts the unit that may run it', async () => {
    const m = machine();
    m.host.seedFile(`${UNIT_DIR}/shop-web.service`, '[Service]\nExecStart=/usr/bin/mine\n');
    expect((await m.run(['up'])).code).toBe(1);
    m.host.clearCalls();
    const r = await m.run(['up', '--force']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning[C805]: `shop-web.service` exists and was not written by compose2systemd; --force: going to overwrite it');
    expect(readMarker(m.host.peek(`${UNIT_DIR}/shop-web.service`)!)?.intact).toBe(true);
    expect(mutatingCommands(m)).toEqual([
      'systemctl --user daemon-reload',
      'systemctl --user restart --no-block shop-web.service',
      'systemctl --user start --no-block shop.target',
    ]);
    expectConverged(m);
  });

  it('--force replaces a hand-edited file', async () => {
    const m = machine();
    await m.run(['up']);
    const path = `${UNIT_DIR}/shop-cache.service`;
    m.host.seedFile(path, m.host.peek(path)!.replace('[Service]\n', '[Service]\nNice=5\n'));
    const r = await m.run(['up', '--force']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning[C805]: `shop-cache.service` was generated by compose2systemd and then edited by hand; --force: going to overwrite it');
    expect(m.host.peek(path)).not.toContain('Nice=5');
    expectConverged(m);
  });

  it('fewer replicas: the instance that leaves is stopped, the others keep running untouched', async () => {
    const replicas = (n: number) => `name: shop\nservices:\n  web:\n    image: docker.io/library/nginx:1.27\n    deploy:\n      replicas: ${n}\n`;
    const m = machine(replicas(3));
    expect((await m.run(['up'])).code).toBe(0);
    expect([...m.systemd.running.keys()].filter((u) => u.startsWith('shop-web@'))).toEqual(['shop-web@1.service', 'shop-web@2.service', 'shop-web@3.service']);
    m.compose(replicas(2)).host.clearCalls();
    expect((await m.run(['up'])).code).toBe(0);
    expect(mutatingCommands(m)).toEqual(['systemctl --user stop shop-web@3.service', 'systemctl --user daemon-reload', 'systemctl --user start --no-block shop.target']);
    expect(m.systemd.convergenceProblems(['shop-default-network.service', 'shop-web-image.service', 'shop-web@1.service', 'shop-web@2.service'], 'shop-')).toEqual([]);
  });

  it('--system: system units in /etc/systemd/system, systemctl without --user', async () => {
    const m = machine(undefined, () => '/etc/systemd/system');
    const r = await m.run(['up', '--system']);
    expect(r.code).toBe(0);
    expect(m.host.peek('/etc/systemd/system/shop.target')).toContain('WantedBy=multi-user.target');
    expect(mutatingCommands(m)).toEqual(['systemctl daemon-reload', 'systemctl start --no-block shop.target']);
  });

  it('--unit-dir, relative to the working directory', async () => {
    const m = machine(undefined, (dir) => join(dir, 'units'));
    const r = await m.run(['up', '--unit-dir', 'units', '--timeout', '0']);
    expect(r.code).toBe(0);
    expect(m.host.peek(join(m.dir, 'units', 'shop.target'))).toContain('[Install]');
  });

  it('reports a unit that fails: its name, its state and the end of its journal', async () => {
    const m = machine();
    m.systemd.broken.add('shop-db.service');
    m.systemd.journal.set('shop-db.service', '2024-05-01T10:00:00+0000 host podman[1]: initdb: invalid locale\n2024-05-01T10:00:01+0000 host systemd[1]: shop-db.service: Failed\n');
    const r = await m.run(['up']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[C808]: `shop-db.service` failed: failed (failed, result exit-code, exit status 1)');
    expect(r.stderr).toContain('    2024-05-01T10:00:00+0000 host podman[1]: initdb: invalid locale\n    2024-05-01T10:00:01+0000 host systemd[1]: shop-db.service: Failed\n');
    expect(r.stdout).toContain('shop-db.service: failed (failed)\n');
    expect(r.stdout).toContain('shop: 1 of 9 units did not come up\n');
    expect(m.host.calls.some((c) => c.op === 'run' && c.argv.join(' ') === 'journalctl --no-pager --output=short-iso --lines=20 --user-unit=shop-db.service')).toBe(true);
  });

  it('reports a unit still starting at the timeout (C809), after polling until then', async () => {
    const m = machine();
    m.systemd.slow.add('shop-web-image.service');
    const r = await m.run(['up', '--timeout', '3']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[C809]: `shop-web-image.service` was still starting after 3s: activating (start)');
    const slept = m.host.calls.filter((c) => c.op === 'sleep').reduce((n, c) => n + (c.op === 'sleep' ? c.ms : 0), 0);
    expect(slept).toBe(3000);
  });

  it('--timeout 0 starts without waiting', async () => {
    const m = machine();
    const r = await m.run(['up', '--timeout', '0']);
    expect(r.code).toBe(0);
    // The one `systemctl show` is the state read before acting; none polls after the start.
    const runs = m.host.calls.flatMap((c) => (c.op === 'run' ? [c.argv.join(' ')] : []));
    expect(runs.slice(runs.indexOf('systemctl --user start --no-block shop.target') + 1)).toEqual([]);
    expect(m.host.calls.some((c) => c.op === 'sleep')).toBe(false);
    expect(r.stdout).toContain('shop: started (not waiting: --timeout 0)');
  });

  it('redraws a status line per unit on a terminal', async () => {
    const m = machine();
    m.systemd.slow.add('shop-web-image.service');
    const r = await m.run(['up', '--timeout', '1'], { tty: true });
    expect(r.stdout).toContain('\r\x1b[2K[....] shop-web-image.service        activating (start)\n');
    expect(r.stdout).toContain('\x1b[9A');
  });

  it('up SERVICE starts that service and its dependencies itself (no unit pulls in another) and waits for those only', async () => {
    const m = machine();
    const r = await m.run(['up', 'db']);
    expect(r.code).toBe(0);
    expect(mutatingCommands(m)).toEqual(['systemctl --user daemon-reload', 'systemctl --user start --no-block shop-dbdata-volume.service shop-default-network.service shop-db-image.service shop-db.service']);
    expect(unitsOf(m)).toHaveLength(10);
    expect([...m.systemd.running.keys()].sort()).toEqual(['shop-db-image.service', 'shop-db.service', 'shop-dbdata-volume.service', 'shop-default-network.service']);
    expect(r.stdout).toMatch(/shop: 4 units up\n$/);
  });

  it('up SERVICE leaves the restarts outside its reach pending; the next full up does them', async () => {
    const m = machine();
    await m.run(['up']);
    m.compose(SHOP.replace('redis:7', 'redis:7.4')).host.clearCalls();
    expect((await m.run(['up', 'db'])).code).toBe(0);
    expect(mutatingCommands(m)).toEqual(['systemctl --user daemon-reload', 'systemctl --user start --no-block shop-dbdata-volume.service shop-default-network.service shop-db-image.service shop-db.service']);
    expect(JSON.parse(m.host.peek(`${UNIT_DIR}/.compose2systemd/shop.pending.json`)!)).toMatchObject({ reload: false, restart: ['shop-cache-image.service', 'shop-cache.service', 'shop-web.service'] });
    m.host.clearCalls();
    expect((await m.run(['up'])).code).toBe(0);
    expect(mutatingCommands(m)).toEqual(['systemctl --user restart --no-block shop-cache-image.service shop-cache.service shop-web.service', 'systemctl --user start --no-block shop.target']);
    expect(m.host.peek(`${UNIT_DIR}/.compose2systemd/shop.pending.json`)).toBeUndefined();
    expectConverged(m);
  });

  it('a unit that used up its restarts (failed, start-limit-hit) is reset, then started; up succeeds', async () => {
    const m = machine(LIMITED);
    expect((await m.run(['up'])).code).toBe(0);
    for (let i = 0; i < 3; i++) m.systemd.crash('shop-web.service');
    expect([m.systemd.failed.has('shop-web.service'), m.systemd.results.get('shop-web.service')]).toEqual([true, 'start-limit-hit']);
    m.host.clearCalls();
    const r = await m.run(['up']);
    expect(r.code, r.stderr).toBe(0);
    expect(mutatingCommands(m)).toEqual(['systemctl --user reset-failed shop-web.service', 'systemctl --user start --no-block shop.target']);
    expect(r.stdout).toContain('$ systemctl --user reset-failed shop-web.service\n');
    expectConverged(m);
    // The count starts again from zero: two more crashes are restarted.
    m.systemd.crash('shop-web.service').crash('shop-web.service');
    expect(m.systemd.running.has('shop-web.service')).toBe(true);
  });

  it('without a reset, systemd (the fake) refuses the start: the count survives stops and manual starts', async () => {
    const m = machine(LIMITED);
    expect((await m.run(['up'])).code).toBe(0);
    for (let i = 0; i < 3; i++) m.systemd.crash('shop-web.service');
    await m.host.run(['systemctl', '--user', 'stop', 'shop.target']);
    await m.host.run(['systemctl', '--user', 'start', '--no-block', 'shop.target']);
    expect(m.systemd.running.has('shop-web.service')).toBe(false);
    expect(m.systemd.results.get('shop-web.service')).toBe('start-limit-hit');
  });

  it('a unit left failed by an earlier run is reset before a restart, in one call with the others', async () => {
    const m = machine();
    m.systemd.broken.add('shop-db.service').add('shop-cache.service');
    expect((await m.run(['up'])).code).toBe(1);
    m.systemd.broken.clear();
    m.compose(DB_CHANGED).host.clearCalls();
    const r = await m.run(['up', '--format', 'json']);
    expect(r.code, r.stdout).toBe(0);
    expect(mutatingCommands(m)).toEqual([
      'systemctl --user daemon-reload',
      'systemctl --user reset-failed shop-cache.service shop-db.service',
      'systemctl --user restart --no-block shop-db-image.service shop-db.service shop-web.service',
      'systemctl --user start --no-block shop.target',
    ]);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, reset: ['shop-cache.service', 'shop-db.service'], restarted: ['shop-db-image.service', 'shop-db.service', 'shop-web.service'] });
    expectConverged(m);
  });

  it('a healthy project gets no reset-failed, even a unit that was restarted after a crash', async () => {
    const m = machine(LIMITED);
    expect((await m.run(['up'])).code).toBe(0);
    m.systemd.crash('shop-web.service');
    expect(m.systemd.restarts.get('shop-web.service')).toBe(1);
    m.host.clearCalls();
    expect((await m.run(['up'])).code).toBe(0);
    expect(mutatingCommands(m)).toEqual(['systemctl --user start --no-block shop.target']);
    expect(m.systemd.restarts.get('shop-web.service')).toBe(1);
  });

  it('up SERVICE resets only the units it starts', async () => {
    const m = machine(LIMITED);
    expect((await m.run(['up'])).code).toBe(0);
    for (let i = 0; i < 3; i++) m.systemd.crash('shop-web.service');
    m.host.clearCalls();
    expect((await m.run(['up', 'db'])).code).toBe(0);
    expect(mutatingCommands(m)).toEqual(['systemctl --user start --no-block shop-dbdata-volume.service shop-default-network.service shop-db-image.service shop-db.service']);
    expect(m.systemd.results.get('shop-web.service')).toBe('start-limit-hit');
  });

  it('asks podman for its version; --podman-version skips the question', async () => {
    const m = machine();
    m.systemd.podmanVersion = '5.2.1';
    await m.run(['up', '--dry-run']);
    expect(m.host.calls.some((c) => c.op === 'run' && c.argv[0] === 'podman' && c.argv[1] === 'version')).toBe(true);
    const n = machine();
    const r = await n.run(['up', '--dry-run', '--podman-version', '4.4']);
    expect(r.stderr).toContain('(Quadlet files, podman 4.4)');
    expect(n.host.calls.some((c) => c.op === 'run' && c.argv[0] === 'podman' && c.argv[1] === 'version')).toBe(false);
  });

  it('without a readable podman version, a real up stops before changing anything (C811)', async () => {
    const m = machine();
    m.systemd.podmanVersion = undefined;
    const r = await m.run(['up']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[C811]: podman was not found');
    expect(fsMutations(m)).toEqual([]);
    expect(mutatingCommands(m)).toEqual([]);
  });

  it('rejects a bad --timeout or --podman-version as a usage error', async () => {
    const m = machine();
    expect((await m.run(['up', '--timeout', 'soon'])).code).toBe(2);
    expect((await m.run(['up', '--podman-version', '5'])).code).toBe(2);
    expect(m.host.calls).toEqual([]);
  });

  it('an invalid compose file exits 1 before touching the machine', async () => {
    const m = machine('services:\n  web:\n    image: [\n');
    const r = await m.run(['up', '--podman-version', '4.3']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[C103]');
    expect(m.host.calls).toEqual([]);
  });

  it('--format json reports the outcome of each unit', async () => {
    const m = machine();
    const r = await m.run(['up', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; units: { unit: string; outcome: string }[] };
    expect(doc.ok).toBe(true);
    expect(doc.units.map((u) => u.unit)).toEqual(ALL_UNITS);
    expect(new Set(doc.units.map((u) => u.outcome))).toEqual(new Set(['active']));
  });
});

// up --dry-run, diff and down --dry-run: a diff and the exact commands, and not one change to the machine.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/apply/node-host.js';
import { isReadOnlyCommand } from '../../src/apply/dry-run-host.js';
import { FakeHost } from '../apply/fake-host.js';
import { runCliCaptured } from '../support/cli.js';
import { FIXTURES, HOME, Machine, UNIT_DIR } from './harness.js';

const SHOP = readFileSync(join(FIXTURES, 'shop', 'compose.yaml'), 'utf8');
const NEXT = SHOP.replace('postgres:16', 'postgres:17')
  .replace(/      cache:\n        condition: service_started\n/, '')
  .replace(/  cache:\n    image: docker.io\/library\/redis:7\n/, '');

let machines: Machine[] = [];
const machine = () => {
  const m = new Machine();
  machines.push(m);
  return m;
};
afterEach(() => {
  for (const m of machines) m.cleanup();
  machines = [];
});

/** What a run did that could change the machine: file changes and commands outside the read-only list. */
function changesMade(host: FakeHost): string[] {
  return host.calls.flatMap((c) => {
    if (c.op === 'writeFileAtomic' || c.op === 'removeFile' || c.op === 'mkdirp') return [`${c.op} ${c.path}`];
    if (c.op === 'run' && !isReadOnlyCommand(c.argv)) return [c.argv.join(' ')];
    return [];
  });
}

describe('up --dry-run', () => {
  it('first install: a creation diff per unit, then the commands; nothing changes', async () => {
    const m = machine();
    const r = await m.run(['up', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- /dev/null\n+++ b/shop-web.service\n');
    expect(r.stdout).toContain('+# compose2systemd-project: shop\n');
    expect(r.stdout.endsWith('# Commands that would run:\nsystemctl --user daemon-reload\nsystemctl --user start --no-block shop.target\n')).toBe(true);
    expect(r.stderr).toBe('dry run: nothing was changed; up would create 9, update 0 and delete 0 files in /home/alice/.config/systemd/user (plain units, podman 4.3.1)\n');
    expect(changesMade(m.host)).toEqual([]);
    expect(m.host.snapshot()).toEqual({});
  });

  it('an update: the diff of each changed and deleted file, and the stop, reload, restart and start', async () => {
    const m = machine();
    await m.run(['up']);
    const before = m.host.snapshot();
    m.compose(NEXT).host.clearCalls();
    const r = await m.run(['up', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- a/shop-db.service\n+++ b/shop-db.service\n');
    expect(r.stdout).toContain('-    docker.io/library/postgres:16\n+    docker.io/library/postgres:17\n');
    expect(r.stdout).toContain('--- a/shop-cache.service\n+++ /dev/null\n');
    expect(r.stdout).not.toContain('shop-default-network.service\n+++');
    expect(r.stdout.slice(r.stdout.indexOf('# Commands'))).toBe(
      [
        '# Commands that would run:',
        'systemctl --user stop shop-cache.service shop-cache-image.service',
        'systemctl --user daemon-reload',
        'systemctl --user restart --no-block shop-db-image.service shop-db.service shop-web.service',
        'systemctl --user start --no-block shop.target',
        '',
      ].join('\n'),
    );
    expect(changesMade(m.host)).toEqual([]);
    expect(m.host.snapshot()).toEqual(before);
  });

  it('shows the diff of a hand-edited file and exits 1, since up would refuse it', async () => {
    const m = machine();
    await m.run(['up']);
    const path = `${UNIT_DIR}/shop-db.service`;
    m.host.seedFile(path, m.host.peek(path)!.replace('[Service]\n', '[Service]\nNice=5\n'));
    m.host.clearCalls();
    const r = await m.run(['diff']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[C803]');
    expect(r.stdout).toContain('-Nice=5\n');
    expect(r.stdout).toContain('# No commands: the run would stop at the conflicts reported above.\n');
    expect(changesMade(m.host)).toEqual([]);
  });

  it('diff prints what up --dry-run prints, without the dry-run wording', async () => {
    const m = machine();
    await m.run(['up']);
    m.compose(NEXT);
    const dry = await m.run(['up', '--dry-run']);
    const diff = await m.run(['diff']);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toBe(dry.stdout);
    expect(diff.stderr).toBe('');
    expect(dry.stderr).toContain('dry run: nothing was changed');
  });

  it('with nothing to change: no diff, only the idempotent start', async () => {
    const m = machine();
    await m.run(['up']);
    const r = await m.run(['diff']);
    expect(r.stdout).toBe('# No unit file changes.\n# Commands that would run:\nsystemctl --user start --no-block shop.target\n');
  });

  it('lists the reset-failed of a unit at its start limit among the commands, and resets nothing', async () => {
    const m = machine();
    await m.run(['up']);
    m.compose(SHOP.replace('    ports: ["8080:80"]\n', '    ports: ["8080:80"]\n    restart: on-failure:2\n'));
    expect((await m.run(['up'])).code).toBe(0);
    for (let i = 0; i < 3; i++) m.systemd.crash('shop-web.service');
    const before = m.host.snapshot();
    m.host.clearCalls();
    const r = await m.run(['up', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('# No unit file changes.\n# Commands that would run:\nsystemctl --user reset-failed shop-web.service\nsystemctl --user start --no-block shop.target\n');
    expect(changesMade(m.host)).toEqual([]);
    expect(m.host.snapshot()).toEqual(before);
    expect(m.systemd.results.get('shop-web.service')).toBe('start-limit-hit');
    const json = JSON.parse((await m.run(['diff', '--format', 'json'])).stdout) as { commands: string[][] };
    expect(json.commands[0]).toEqual(['systemctl', '--user', 'reset-failed', 'shop-web.service']);
  });

  it('--format json gives the changes and the commands as data', async () => {
    const m = machine();
    const r = await m.run(['diff', '--format', 'json']);
    const doc = JSON.parse(r.stdout) as { changes: { file: string; change: string }[]; commands: string[][]; podmanVersion: string };
    expect(doc.changes).toContainEqual({ file: 'shop-web.service', change: 'create' });
    expect(doc.commands).toEqual([['systemctl', '--user', 'daemon-reload'], ['systemctl', '--user', 'start', '--no-block', 'shop.target']]);
    expect(doc.podmanVersion).toBe('4.3.1');
  });
});

describe('a review on a machine without systemd or podman', () => {
  it('falls back on podman 4.3 with a notice (C810) and still prints the diff and the commands', async () => {
    const host = new FakeHost({}, HOME).onRun(() => true, { code: 127, stdout: '', stderr: 'not found' });
    const r = await runCliCaptured(['up', '--dry-run', '-f', join(FIXTURES, 'shop', 'compose.yaml')], { host: () => host, homeDir: HOME });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning[C810]: podman was not found; planning for podman 4.3, the default');
    expect(r.stderr).toContain('(plain units, podman 4.3)');
    expect(r.stdout).toContain('+++ b/shop-web.service');
    expect(r.stdout).toContain('systemctl --user start --no-block shop.target\n');
    expect(changesMade(host)).toEqual([]);
  });

  it('on the real host with no podman on PATH, writes nothing under HOME', async () => {
    const home = mkdtempSync(join(tmpdir(), 'c2s-home-'));
    try {
      const host = createNodeHost({ env: { PATH: join(home, 'no-bin'), HOME: home }, home });
      const r = await runCliCaptured(['up', '--dry-run', '-f', join(FIXTURES, 'shop', 'compose.yaml')], { host: () => host, homeDir: home });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('# Commands that would run:\n');
      expect(readdirSync(home)).toEqual([]);
      expect(existsSync(join(home, '.config'))).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  const examples = join(import.meta.dirname, '..', '..', 'examples');
  const exampleFiles = existsSync(examples)
    ? readdirSync(examples, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) => ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'].map((f) => join(examples, d.name, f)).filter((f) => existsSync(f)).slice(0, 1))
    : [];
  it.runIf(exampleFiles.length > 0).each(exampleFiles)('up --dry-run -f %s works', async (file) => {
    const host = new FakeHost({}, HOME).onRun(() => true, { code: 127, stdout: '', stderr: 'not found' });
    const r = await runCliCaptured(['up', '--dry-run', '-f', file], { host: () => host, homeDir: HOME });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('# Commands that would run:\n');
    expect(changesMade(host)).toEqual([]);
  });
});

describe('down --dry-run', () => {
  it('the deletion diff, then stop, reload and the network to remove; nothing changes', async () => {
    const m = machine();
    await m.run(['up']);
    m.systemd.networks.add('shop_default');
    m.systemd.volumes.add('shop_dbdata');
    const before = m.host.snapshot();
    m.host.clearCalls();
    const r = await m.run(['down', '--dry-run', '--volumes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- a/shop-web.service\n+++ /dev/null\n');
    expect(r.stdout.slice(r.stdout.indexOf('# Commands'))).toBe(
      [
        '# Commands that would run:',
        'systemctl --user stop shop.target shop-web.service shop-db.service shop-cache.service shop-web-image.service shop-db-image.service shop-cache-image.service shop-default-network.service shop-dbdata-volume.service',
        'systemctl --user reset-failed shop.target shop-web.service shop-db.service shop-cache.service shop-web-image.service shop-db-image.service shop-cache-image.service shop-default-network.service shop-dbdata-volume.service',
        'systemctl --user daemon-reload',
        'podman network rm shop_default',
        'podman volume rm shop_dbdata',
        '',
      ].join('\n'),
    );
    expect(changesMade(m.host)).toEqual([]);
    expect(m.host.snapshot()).toEqual(before);
    expect([...m.systemd.volumes]).toEqual(['shop_dbdata']);
  });
});

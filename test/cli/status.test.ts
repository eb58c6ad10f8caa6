// status, logs, enable and disable on an installed project.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli.js';
import { HOME, Machine, UNIT_DIR } from './harness.js';

let machines: Machine[] = [];
afterEach(() => {
  for (const m of machines) m.cleanup();
  machines = [];
});

async function installed(): Promise<Machine> {
  const m = new Machine();
  machines.push(m);
  expect((await m.run(['up'])).code).toBe(0);
  m.host.clearCalls();
  return m;
}

const runs = (m: Machine) => m.host.calls.flatMap((c) => (c.op === 'run' ? [c.argv.join(' ')] : []));

describe('status', () => {
  it('one row per unit: state, health for services with a healthcheck, restarts', async () => {
    const m = await installed();
    m.systemd.restarts.set('shop-web.service', 2);
    m.systemd.broken.add('shop-cache.service');
    m.systemd.running.delete('shop-cache.service');
    await m.run(['up']);
    m.host.clearCalls();
    const r = await m.run(['status']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => l.split(/ {2,}/));
    expect(rows[0]).toEqual(['UNIT', 'ACTIVE', 'SUB', 'HEALTH', 'RESTARTS', 'FAULT']);
    expect(rows).toContainEqual(['shop-db.service', 'active', 'running', 'healthy', '0', '-']);
    expect(rows).toContainEqual(['shop-web.service', 'active', 'running', '-', '2', '-']);
    expect(rows).toContainEqual(['shop-cache.service', 'failed', 'failed', '-', '0', 'failed (exit 1)']);
    expect(rows).toHaveLength(10);
    // Health is asked only for db, the one service with a healthcheck, by its container name.
    expect(runs(m).filter((c) => c.startsWith('podman'))).toEqual(['podman inspect --format {{.State.Health.Status}} shop-db-1']);
  });

  it('--format json', async () => {
    const m = await installed();
    const r = await m.run(['status', '--format', 'json']);
    const doc = JSON.parse(r.stdout) as { project: string; units: { unit: string; activeState: string; health: string | null }[] };
    expect(doc.project).toBe('shop');
    expect(doc.units.find((u) => u.unit === 'shop-db.service')).toMatchObject({ activeState: 'active', health: 'healthy' });
  });

  it('a project that is not installed: C812, exit 1', async () => {
    const m = new Machine();
    machines.push(m);
    const r = await m.run(['status']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error[C812]: project \`shop\` is not installed in ${UNIT_DIR}`);
  });

  it('works with -p NAME and no compose file (no health column then)', async () => {
    const m = await installed();
    const empty = mkdtempSync(join(tmpdir(), 'c2s-empty-'));
    try {
      const r = await runCliCaptured(['status', '-p', 'shop'], { cwd: empty, homeDir: HOME, host: () => m.host });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/shop-db\.service\s+active\s+running\s+-\s+0\s+-\n/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('logs', () => {
  it("the journal of every unit of the project", async () => {
    const m = await installed();
    m.systemd.journal.set('shop-web.service', 'web says hi\n');
    const r = await m.run(['logs']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('web says hi\n');
    const argv = runs(m).find((c) => c.startsWith('journalctl'))!;
    expect(argv).toContain('--user-unit=shop-default-network.service');
    expect(argv).toContain('--user-unit=shop.target');
  });

  it('of named services only; -f follows with the output passed through; -n limits', async () => {
    const m = await installed();
    await m.run(['logs', 'web', 'db', '-n', '50']);
    await m.run(['logs', '-f', 'web']);
    const journal = m.host.calls.filter((c) => c.op === 'run' && c.argv[0] === 'journalctl');
    expect(journal.map((c) => (c.op === 'run' ? c.argv.join(' ') : ''))).toEqual([
      'journalctl --no-pager --output=short-iso --lines=50 --user-unit=shop-web.service --user-unit=shop-db.service',
      'journalctl --no-pager --output=short-iso --follow --user-unit=shop-web.service',
    ]);
    expect(journal[1]).toMatchObject({ options: { passthrough: true } });
    expect(journal[0]).toMatchObject({ options: { passthrough: true } });
  });

  it('an unknown service is an error', async () => {
    const m = await installed();
    const r = await m.run(['logs', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[C604]');
  });
});

describe('enable and disable', () => {
  it('enable: systemctl enable on the target, and the linger hint when the user does not linger', async () => {
    const m = await installed();
    m.systemd.linger = false;
    const r = await m.run(['enable']);
    expect(r.code).toBe(0);
    expect(runs(m)).toContain('systemctl --user enable shop.target');
    expect(r.stdout).toContain('loginctl enable-linger alice\n');
    expect(m.systemd.enabled.has('shop.target')).toBe(true);
  });

  it('no hint when the user lingers, nor for system units', async () => {
    const m = await installed();
    const r = await m.run(['enable']);
    expect(r.stdout).not.toContain('enable-linger');
    expect(runs(m)).toContain('loginctl show-user alice --property=Linger');
  });

  it('disable', async () => {
    const m = await installed();
    await m.run(['enable']);
    const r = await m.run(['disable']);
    expect(r.code).toBe(0);
    expect(runs(m)).toContain('systemctl --user disable shop.target');
    expect(m.systemd.enabled.size).toBe(0);
  });

  it('--auto-update also enables podman\'s auto-update timer, now; disable --auto-update disables it', async () => {
    const m = await installed();
    const r = await m.run(['enable', '--auto-update']);
    expect(r.code).toBe(0);
    expect(runs(m)).toContain('systemctl --user enable --now podman-auto-update.timer');
    expect(m.systemd.enabled.has('podman-auto-update.timer')).toBe(true);
    await m.run(['disable', '--auto-update']);
    expect(m.systemd.enabled.has('podman-auto-update.timer')).toBe(false);
  });

  it('a failing systemctl enable is reported (C807), exit 1', async () => {
    const m = await installed();
    m.systemd.failSystemctl(1);
    const r = await m.run(['enable']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[C807]: `systemctl --user enable shop.target` failed with exit code 1');
  });
});

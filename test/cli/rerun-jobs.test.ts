// A second `up` and one-shot jobs: by default a job that completed is not run again (its unit stays active,
// RemainAfterExit=yes); `up --rerun-jobs` runs it again, as `docker compose up` does.
import { afterEach, describe, expect, it } from 'vitest';
import { HOME, Machine } from './harness.js';

const COMPOSE = `name: jb
services:
  migrate:
    image: docker.io/library/alpine:3.20
    command: ["sh", "-c", "echo migrated"]
  web:
    image: docker.io/library/nginx:1.27
    depends_on:
      migrate:
        condition: service_completed_successfully
`;

let machines: Machine[] = [];
afterEach(() => {
  for (const m of machines) m.cleanup();
  machines = [];
});

async function installed(compose = COMPOSE): Promise<Machine> {
  const m = new Machine(compose);
  machines.push(m);
  expect((await m.run(['up'])).code).toBe(0);
  expect(m.systemd.launches.get('jb-migrate.service')).toBe(1);
  m.host.clearCalls();
  return m;
}

const restarts = (m: Machine) => m.host.calls.flatMap((c) => (c.op === 'run' && c.argv[0] === 'systemctl' && c.argv.includes('restart') ? [c.argv.join(' ')] : []));

describe('a second up and one-shot jobs', () => {
  it('by default a completed job is not run again, and nothing is restarted', async () => {
    const m = await installed();
    const r = await m.run(['up']);
    expect(r.code).toBe(0);
    expect(restarts(m)).toEqual([]);
    expect(m.systemd.launches.get('jb-migrate.service')).toBe(1);
  });

  it('--rerun-jobs runs the job again, and only the job: its dependents keep running', async () => {
    const m = await installed();
    const r = await m.run(['up', '--rerun-jobs']);
    expect(r.code).toBe(0);
    expect(restarts(m)).toEqual(['systemctl --user restart --no-block jb-migrate.service']);
    expect(r.stdout).toContain('$ systemctl --user restart --no-block jb-migrate.service\n');
    expect(m.systemd.launches.get('jb-migrate.service')).toBe(2);
    expect(m.systemd.launches.get('jb-web.service')).toBe(1);
  });

  it('--rerun-jobs with `up SERVICE`: the jobs the service depends on run again', async () => {
    const m = await installed();
    expect((await m.run(['up', 'web', '--rerun-jobs'])).code).toBe(0);
    expect(m.systemd.launches.get('jb-migrate.service')).toBe(2);
  });

  it('--format json lists the jobs run again', async () => {
    const m = await installed();
    const plain = JSON.parse((await m.run(['up', '--format', 'json'])).stdout) as { rerun: string[] };
    expect(plain.rerun).toEqual([]);
    const again = JSON.parse((await m.run(['up', '--rerun-jobs', '--format', 'json'])).stdout) as { rerun: string[]; ok: boolean };
    expect(again).toMatchObject({ rerun: ['jb-migrate.service'], ok: true });
  });

  it('--dry-run --rerun-jobs shows the restart and runs nothing', async () => {
    const m = await installed();
    const r = await m.run(['up', '--rerun-jobs', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('systemctl --user restart --no-block jb-migrate.service');
    expect(m.systemd.launches.get('jb-migrate.service')).toBe(1);
  });

  it('a job whose file changed is restarted once, not twice', async () => {
    const m = await installed();
    m.compose(COMPOSE.replace('echo migrated', 'echo migrated again'));
    expect((await m.run(['up', '--rerun-jobs'])).code).toBe(0);
    expect(restarts(m)).toEqual(['systemctl --user restart --no-block jb-migrate.service jb-web.service']);
    expect(m.systemd.launches.get('jb-migrate.service')).toBe(2);
  });

  it('a project without jobs: --rerun-jobs changes nothing', async () => {
    const m = await installed();
    m.compose('name: jb\nservices:\n  web:\n    image: docker.io/library/nginx:1.27\n');
    expect((await m.run(['up'])).code).toBe(0);
    m.host.clearCalls();
    expect((await m.run(['up', '--rerun-jobs'])).code).toBe(0);
    expect(restarts(m)).toEqual([]);
  });

  it('Quadlet: the job\'s generated unit runs again', async () => {
    const m = new Machine(COMPOSE);
    machines.push(m);
    m.systemd.podmanVersion = '5.4.2';
    m.systemd.quadletDirs.push(`${HOME}/.config/containers/systemd/jb`);
    expect((await m.run(['up', '--format', 'quadlet'])).code).toBe(0);
    expect(m.systemd.loaded.get('jb-migrate.service')).toMatch(/^Type=oneshot$/m);
    expect((await m.run(['up'])).code).toBe(0);
    expect(m.systemd.launches.get('jb-migrate.service')).toBe(1);
    expect((await m.run(['up', '--rerun-jobs'])).code).toBe(0);
    expect(m.systemd.launches.get('jb-migrate.service')).toBe(2);
  });

  it('--format kube: C757, nothing changed', async () => {
    const m = new Machine(COMPOSE);
    machines.push(m);
    m.systemd.podmanVersion = '5.4.0';
    const r = await m.run(['up', '--format', 'kube', '--rerun-jobs']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[C757]: --rerun-jobs cannot be used with --format kube');
    expect(m.systemd.mutations).toBe(0);
  });
});

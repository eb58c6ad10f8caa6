// `status` after faults on the fake machine: each fact (the last exit or the killing signal, systemd's Result,
// restarts, a unit systemd gave up on, an OOM kill) in the table's FAULT column and in `--format json`.
import { afterEach, describe, expect, it } from 'vitest';
import { Machine } from './harness.js';

const COMPOSE = `name: fl
services:
  db:
    image: docker.io/library/postgres:16
  api:
    image: docker.io/library/nginx:1.27
    restart: on-failure:2
  worker:
    image: docker.io/library/redis:7
    restart: always
`;

let machines: Machine[] = [];
afterEach(() => {
  for (const m of machines) m.cleanup();
  machines = [];
});

async function running(): Promise<Machine> {
  const m = new Machine(COMPOSE);
  machines.push(m);
  expect((await m.run(['up'])).code).toBe(0);
  m.host.clearCalls();
  return m;
}

interface Row {
  unit: string;
  activeState: string;
  result: string;
  lastExit: { code: string; status: number; signal?: string } | null;
  oomKilled: boolean;
  gaveUp: boolean;
  fault: string | null;
  restarts: number | null;
}

async function json(m: Machine, unit: string): Promise<Row> {
  const r = await m.run(['status', '--format', 'json']);
  expect(r.code).toBe(0);
  const row = (JSON.parse(r.stdout) as { units: Row[] }).units.find((u) => u.unit === unit);
  expect(row).toBeDefined();
  return row!;
}

/** The table's cells of one unit (columns are two or more spaces apart; a phrase has single spaces). */
async function text(m: Machine, unit: string): Promise<Record<string, string>> {
  const r = await m.run(['status']);
  expect(r.code).toBe(0);
  const [head, ...rows] = r.stdout.trim().split('\n').map((l) => l.split(/ {2,}/));
  const row = rows.find((cells) => cells[0] === unit);
  expect(row).toBeDefined();
  return Object.fromEntries(head!.map((h, i) => [h, row![i]!]));
}

describe('status shows faults', () => {
  it('a healthy project: no fault, no last exit while the containers run', async () => {
    const m = await running();
    const r = await m.run(['status', '--format', 'json']);
    const rows = (JSON.parse(r.stdout) as { units: Row[] }).units;
    for (const row of rows) expect(row).toMatchObject({ result: 'success', lastExit: null, oomKilled: false, gaveUp: false, fault: null });
    expect((await text(m, 'fl-db.service'))['FAULT']).toBe('-');
  });

  it('one systemctl show for all units, with the fault properties', async () => {
    const m = await running();
    await m.run(['status']);
    const shows = m.host.calls.flatMap((c) => (c.op === 'run' && c.argv[0] === 'systemctl' ? [c.argv] : []));
    expect(shows).toHaveLength(1);
    expect(shows[0]!.find((a) => a.startsWith('--property='))).toMatch(/\bResult\b.*\bNRestarts\b.*\bRestart\b.*\bExecMainCode\b.*\bExecMainStatus\b/);
    expect(shows[0]).toContain('fl-worker.service');
  });

  it('a unit whose main process systemd killed with SIGKILL (systemctl kill)', async () => {
    const m = await running();
    m.systemd.kill('fl-db.service');
    expect(await json(m, 'fl-db.service')).toMatchObject({ activeState: 'failed', result: 'signal', lastExit: { code: 'killed', status: 9, signal: 'SIGKILL' }, oomKilled: false, gaveUp: false, fault: 'failed (killed by SIGKILL)' });
    expect(await text(m, 'fl-db.service')).toMatchObject({ ACTIVE: 'failed', FAULT: 'failed (killed by SIGKILL)' });
  });

  it('a container killed from outside (exit 137) under restart: no', async () => {
    const m = await running();
    m.systemd.crash('fl-db.service', { code: 1, status: 137 });
    expect(await json(m, 'fl-db.service')).toMatchObject({ activeState: 'failed', result: 'exit-code', lastExit: { code: 'exited', status: 137, signal: 'SIGKILL' }, oomKilled: false, gaveUp: false });
    expect((await text(m, 'fl-db.service'))['FAULT']).toBe('failed (killed by SIGKILL, exit 137)');
  });

  it('a container that exited 1: no signal', async () => {
    const m = await running();
    m.systemd.crash('fl-db.service', { code: 1, status: 1 });
    const row = await json(m, 'fl-db.service');
    expect(row.lastExit).toEqual({ code: 'exited', status: 1 });
    expect(row).toMatchObject({ result: 'exit-code', gaveUp: false, fault: 'failed (exit 1)' });
    expect((await text(m, 'fl-db.service'))['FAULT']).toBe('failed (exit 1)');
  });

  it('an OOM kill systemd saw (Result=oom-kill)', async () => {
    const m = await running();
    m.systemd.crash('fl-db.service', { code: 2, status: 9 });
    m.systemd.results.set('fl-db.service', 'oom-kill');
    expect(await json(m, 'fl-db.service')).toMatchObject({ result: 'oom-kill', oomKilled: true, lastExit: { code: 'killed', signal: 'SIGKILL' }, fault: 'failed (oom-killed)' });
    expect((await text(m, 'fl-db.service'))['FAULT']).toBe('failed (oom-killed)');
  });

  it('an OOM kill podman saw: exit 137 and the container still there with OOMKilled', async () => {
    const m = await running();
    m.systemd.crash('fl-db.service', { code: 1, status: 137 }, true, true);
    expect(await json(m, 'fl-db.service')).toMatchObject({ result: 'exit-code', oomKilled: true, lastExit: { status: 137 }, fault: 'failed (oom-killed)' });
    expect((await text(m, 'fl-db.service'))['FAULT']).toBe('failed (oom-killed)');
    const inspects = m.host.calls.flatMap((c) => (c.op === 'run' && c.argv.includes('{{.State.OOMKilled}}') ? [c.argv.join(' ')] : []));
    expect(inspects[0]).toMatch(/^podman inspect --format \{\{\.State\.OOMKilled\}\} c\d+$/);
  });

  it('the same OOM kill once podman removed the container (--rm): only the SIGKILL can be told', async () => {
    const m = await running();
    m.systemd.crash('fl-db.service', { code: 1, status: 137 }, true);
    expect(await json(m, 'fl-db.service')).toMatchObject({ oomKilled: false, fault: 'failed (killed by SIGKILL, exit 137)' });
  });

  it('restarts of a restart: always service that runs again: counted, and no fault', async () => {
    const m = await running();
    m.systemd.crash('fl-worker.service').crash('fl-worker.service', { code: 1, status: 137 });
    expect(await json(m, 'fl-worker.service')).toMatchObject({ activeState: 'active', restarts: 2, result: 'success', lastExit: null, gaveUp: false, fault: null });
    expect(await text(m, 'fl-worker.service')).toMatchObject({ ACTIVE: 'active', RESTARTS: '2', FAULT: '-' });
  });

  it('on-failure:2 with its restarts used up: systemd gave up', async () => {
    const m = await running();
    for (let i = 0; i < 3; i++) m.systemd.crash('fl-api.service', { code: 1, status: 3 });
    // Real systemd (docs/e2e.md, scenario 6) keeps the crash's Result=exit-code when it refuses the third
    // restart, and counts that restart in NRestarts; the fake says start-limit-hit. Both must read as given up.
    m.systemd.results.set('fl-api.service', 'exit-code');
    expect(await json(m, 'fl-api.service')).toMatchObject({ activeState: 'failed', result: 'exit-code', gaveUp: true, restarts: 3, lastExit: { code: 'exited', status: 3 }, fault: 'gave up after 3 restarts (last: exit 3)' });
    expect(await text(m, 'fl-api.service')).toMatchObject({ ACTIVE: 'failed', RESTARTS: '3', FAULT: 'gave up after 3 restarts (last: exit 3)' });
  });

  it('a start refused by the start limit (start-limit-hit)', async () => {
    const m = await running();
    for (let i = 0; i < 3; i++) m.systemd.crash('fl-api.service', { code: 1, status: 3 });
    expect(m.systemd.results.get('fl-api.service')).toBe('start-limit-hit');
    expect(await json(m, 'fl-api.service')).toMatchObject({ activeState: 'failed', result: 'start-limit-hit', gaveUp: true, fault: 'gave up after 3 restarts (last: exit 3)' });
  });

  it('a failed unit without a restart policy is failed, not given up', async () => {
    const m = await running();
    m.systemd.crash('fl-db.service');
    expect(await json(m, 'fl-db.service')).toMatchObject({ activeState: 'failed', gaveUp: false });
  });

  it('one crash of on-failure:2 is not giving up', async () => {
    const m = await running();
    m.systemd.crash('fl-api.service', { code: 1, status: 3 });
    expect(await json(m, 'fl-api.service')).toMatchObject({ activeState: 'active', gaveUp: false, restarts: 1, fault: null });
  });

  it('status exits 0 with failed units: it reports them, it does not fail on them', async () => {
    const m = await running();
    m.systemd.crash('fl-db.service');
    expect((await m.run(['status'])).code).toBe(0);
    expect((await m.run(['status', '--format', 'json'])).code).toBe(0);
  });
});

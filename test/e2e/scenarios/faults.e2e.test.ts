// e2e scenarios F1-F4 (issue 13, faults at run time): a crashed or killed container restarts only what docker
// compose would restart, `up` and `down` converge whatever a kill left behind, and `status` shows it. Each
// expectation is a row of docs/units.md "Faults". One project per actor runs F1, F2 and F3 one after another
// (F2 goes on from the state F1 left; F3 starts again from nothing).
import { expect } from 'vitest';
import { BED_IMAGE } from '../bed.js';
import { bedSuites, Project, ROOTLESS_BEDS, waitFor, waitForState, withProject, type Actor, type Suite } from './scenario-kit.js';

const ROOTLESS = { only: ROOTLESS_BEDS, reason: 'rootless: the podman4 bed has no rootless user' } as const;

/**
 * One db per restart policy, a one-shot migrate after them, two web replicas after migrate (and the dbs), and api
 * that restarts with dba (`restart: true`). migrate waits while `gate/hold` exists, so F3 can catch it mid-start.
 */
const COMPOSE = (name: string) => {
  const db = (restart: string) => `    image: ${BED_IMAGE}
    init: true
    command: ["sleep", "infinity"]
${restart === '' ? '' : `    restart: ${restart}\n`}`;
  return `name: ${name}
services:
  dba:
${db('always')}  dbf:
${db('on-failure')}  dbn:
${db('')}  migrate:
    image: ${BED_IMAGE}
    command: ["sh", "-c", "while [ -e /gate/hold ]; do sleep 0.2; done; echo ran >> /data/runs"]
    volumes: ["data:/data", "./gate:/gate"]
    depends_on: [dba, dbf, dbn]
  web:
    image: ${BED_IMAGE}
    init: true
    command: ["sleep", "infinity"]
    restart: on-failure
    scale: 2
    volumes: ["data:/data"]
    depends_on:
      migrate: { condition: service_completed_successfully }
      dba: { condition: service_started }
      dbf: { condition: service_started }
      dbn: { condition: service_started }
  api:
    image: ${BED_IMAGE}
    init: true
    command: ["sleep", "infinity"]
    depends_on:
      dba: { condition: service_started, restart: true }
volumes:
  data: {}
`;
};

/** The long-running containers of the project, by service instance. */
const RUNNING = ['dba', 'dbf', 'dbn', 'web-1', 'web-2', 'api'] as const;

interface StatusRow {
  readonly unit: string;
  readonly activeState: string;
  readonly subState: string;
  readonly restarts: number | null;
  readonly health: string | null;
  readonly result: string;
  readonly lastExit: { readonly code: string; readonly status: number; readonly signal?: string } | null;
  readonly oomKilled: boolean;
  readonly gaveUp: boolean;
  readonly fault: string | null;
}

/** `status` as text and as JSON (both exit 0); the two must tell the same state of every unit. */
async function status(p: Project): Promise<Map<string, StatusRow>> {
  const text = await p.cli('status');
  expect(text.code, text.stdout + text.stderr).toBe(0);
  const json = await p.cli('status', ['--format', 'json']);
  expect(json.code, json.stdout + json.stderr).toBe(0);
  const rows = new Map<string, StatusRow>();
  for (const r of (JSON.parse(json.stdout) as { units: StatusRow[] }).units) rows.set(r.unit, r);
  const lines = text.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^UNIT\s+ACTIVE\s+SUB\s+HEALTH\s+RESTARTS\s+FAULT$/);
  for (const line of lines.slice(1)) {
    const [unit, active, sub, health, restarts, ...fault] = line.split(/\s+/);
    const row = rows.get(unit ?? '');
    expect(row, `text row ${line} is in the JSON`).toBeDefined();
    // a unit in a restart loop moves between the two reads: only settled units must read the same
    if ([active, row!.activeState].some((s) => s === 'activating' || s === 'deactivating')) continue;
    expect([active, sub, health, restarts, fault.join(' ')]).toEqual([row!.activeState, row!.subState, row!.health ?? '-', row!.restarts === null ? '-' : String(row!.restarts), row!.fault ?? '-']);
  }
  expect(lines.length - 1).toBe(rows.size);
  return rows;
}

function row(rows: Map<string, StatusRow>, unit: string): StatusRow {
  const r = rows.get(unit);
  if (r === undefined) throw new Error(`status has no row for ${unit}: ${[...rows.keys()].join(', ')}`);
  return r;
}

function unitOf(p: Project, instance: string): string {
  return instance.startsWith('web-') ? `${p.name}-web@${instance.slice(4)}.service` : p.unit(instance);
}

async function containerIds(p: Project): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const c of RUNNING) out[c] = await p.inspect(`${p.name}-${c}${c.startsWith('web-') ? '' : '-1'}`, '{{.Id}}');
  return out;
}

async function migrateRuns(p: Project): Promise<number> {
  return (await p.exec('web', ['cat', '/data/runs'])).split('\n').filter((l) => l === 'ran').length;
}

/** The names of what podman still holds with the project's label: containers, pods, networks. */
async function labelled(p: Project): Promise<{ containers: string[]; pods: string[]; networks: string[] }> {
  const filter = `label=com.docker.compose.project=${p.name}`;
  const names = async (args: string[]) => (await p.podman([...args, '--filter', filter])).stdout.split('\n').filter((l) => l !== '').sort();
  return {
    containers: await names(['ps', '--all', '--format', '{{.Names}}']),
    pods: await names(['pod', 'ls', '--format', '{{.Name}}']),
    networks: await names(['network', 'ls', '--format', '{{.Name}}']),
  };
}

async function expectAllActive(p: Project): Promise<void> {
  const rows = await status(p);
  for (const c of RUNNING) expect(row(rows, unitOf(p, c)), unitOf(p, c)).toMatchObject({ activeState: 'active', subState: 'running', fault: null });
  expect(row(rows, p.unit('migrate'))).toMatchObject({ activeState: 'active', subState: 'exited', fault: null });
}

/** A new container of `service` (a restart), its unit active again; returns the new id. */
async function waitRestarted(p: Project, container: string, unit: string, oldId: string): Promise<string> {
  return waitFor(async () => {
    const id = (await p.podman(['inspect', '--format', '{{.Id}}', container], false)).stdout.trim();
    const state = (await p.show(unit, ['ActiveState']))['ActiveState'];
    return id !== '' && id !== oldId && state === 'active' ? id : undefined;
  }, `${unit} to run a new container`);
}

/** F1: a crash of each db under always, on-failure and no; dependents and the completed job are left alone. */
async function crashOfDependency(p: Project, kind: Suite['kind']): Promise<void> {
  await p.write(COMPOSE(p.name), { 'gate/.keep': { content: '' } });
  await p.up();
  const before = await containerIds(p);
  const migrateStart = await p.monotonic('migrate', 'ExecMainStartTimestampMonotonic');
  expect(await migrateRuns(p)).toBe(1);

  // always: SIGKILL (exit 137) -> restarted with a new container
  await p.podman(['kill', p.container('dba')]);
  const dba = await waitRestarted(p, p.container('dba'), p.unit('dba'), before['dba']!);
  // on-failure: SIGTERM from outside (exit 143) counts as a failure -> restarted
  await p.podman(['kill', '--signal', 'TERM', p.container('dbf')]);
  const dbf = await waitRestarted(p, p.container('dbf'), p.unit('dbf'), before['dbf']!);
  // no: SIGKILL -> the unit is failed (the kill check), not restarted
  await p.podman(['kill', p.container('dbn')]);
  await waitForState(p, 'dbn', ['failed']);
  expect(await p.show('dbn', ['Result', 'NRestarts'])).toMatchObject({ Result: 'exit-code', NRestarts: '0' });
  expect(await p.exists(p.container('dbn'))).toBe(false);
  // RestartSec=1s: a restart that should not happen would show by now
  await new Promise((r) => setTimeout(r, 2500));

  const ids: Record<string, string> = {};
  for (const c of ['web-1', 'web-2', 'api'] as const) ids[c] = await p.inspect(`${p.name}-${c}${c === 'api' ? '-1' : ''}`, '{{.Id}}');
  // the web replicas depend on every db and on migrate: untouched, and migrate did not run again
  expect(ids['web-1']).toBe(before['web-1']);
  expect(ids['web-2']).toBe(before['web-2']);
  expect(await migrateRuns(p)).toBe(1);
  expect(await p.monotonic('migrate', 'ExecMainStartTimestampMonotonic')).toBe(migrateStart);
  // api has restart: true on dba: left alone where RestartMode=direct exists (podman 5), restarted with dba on podman 4 (C724)
  if (kind === 'podman4') expect(ids['api']).not.toBe(before['api']);
  else expect(ids['api']).toBe(before['api']);
  expect(await p.inspect(p.container('dba'), '{{.Id}}')).toBe(dba);
  expect(await p.inspect(p.container('dbf'), '{{.Id}}')).toBe(dbf);

  const rows = await status(p);
  const fine = { fault: null, oomKilled: false, gaveUp: false };
  expect(row(rows, p.unit('dba'))).toMatchObject({ activeState: 'active', subState: 'running', restarts: 1, ...fine });
  expect(row(rows, p.unit('dbf'))).toMatchObject({ activeState: 'active', subState: 'running', restarts: 1, ...fine });
  // the container's exit 137 is SIGKILL by podman's convention; not OOM, and systemd did not give up (no policy)
  expect(row(rows, p.unit('dbn'))).toMatchObject({
    activeState: 'failed',
    subState: 'failed',
    restarts: 0,
    result: 'exit-code',
    lastExit: { code: 'exited', status: 137, signal: 'SIGKILL' },
    oomKilled: false,
    gaveUp: false,
    fault: 'failed (killed by SIGKILL, exit 137)',
  });
  expect(row(rows, p.unit('migrate'))).toMatchObject({ activeState: 'active', subState: 'exited', result: 'success', lastExit: { code: 'exited', status: 0 }, ...fine });
  for (const u of [unitOf(p, 'web-1'), unitOf(p, 'web-2'), p.unit('api')]) expect(row(rows, u), u).toMatchObject({ activeState: 'active', subState: 'running', restarts: 0, ...fine });
}

/**
 * F2 (after F1, dbn failed): `systemctl kill -s SIGKILL` of units, then up, down, down: each exits 0, nothing is
 * left. The kill can leave a container running outside the unit's cgroup (podman 5.4).
 */
async function killedUnitThenUpDown(p: Project, kind: Suite['kind']): Promise<void> {
  const kill = async (unit: string) => expect((await p.systemctl(['kill', '--signal=SIGKILL', unit])).code).toBe(0);
  const dba = await p.inspect(p.container('dba'), '{{.Id}}');
  // always: restarted; the first start step removed whatever the kill left of the old container
  await kill(p.unit('dba'));
  await waitRestarted(p, p.container('dba'), p.unit('dba'), dba);
  // podman 4 restarts api with dba (PartOf=, no RestartMode=direct): let that settle before api's own kill
  if (kind === 'podman4') await waitForState(p, 'api', ['active']);
  // no restart policy: failed by the killed main process
  await kill(p.unit('api'));
  await waitForState(p, 'api', ['failed']);
  expect(await p.show('api', ['Result'])).toMatchObject({ Result: 'signal' });
  // on-failure, but dbn (required) is failed since F1: each restart is refused by the start check
  await kill(unitOf(p, 'web-1'));
  await waitFor(async () => Number((await p.show(unitOf(p, 'web-1'), ['NRestarts']))['NRestarts']) >= 2 || undefined, 'web@1 to try a restart twice');
  expect(await p.journal(400)).toContain(`${p.unit('dbn')} is not active: depends_on requires it`);

  const rows = await status(p);
  expect(row(rows, p.unit('dba'))).toMatchObject({ activeState: 'active', subState: 'running', restarts: 2 });
  // conmon, the unit's main process, was killed by the signal itself
  expect(row(rows, p.unit('api'))).toMatchObject({
    activeState: 'failed',
    subState: 'failed',
    result: 'signal',
    lastExit: { code: 'killed', status: 9, signal: 'SIGKILL' },
    gaveUp: false,
    fault: 'failed (killed by SIGKILL)',
  });
  expect(row(rows, p.unit('dbn'))).toMatchObject({ activeState: 'failed', subState: 'failed', fault: 'failed (killed by SIGKILL, exit 137)' });
  expect(row(rows, p.unit('dba'))).toMatchObject({ fault: null, gaveUp: false });
  // still retrying: systemd has not given up on it
  expect(row(rows, unitOf(p, 'web-1'))).toMatchObject({ gaveUp: false, oomKilled: false });
  expect(row(rows, unitOf(p, 'web-1')).activeState).not.toBe('active');
  expect(row(rows, unitOf(p, 'web-1')).restarts).toBeGreaterThanOrEqual(2);
  expect(row(rows, unitOf(p, 'web-2'))).toMatchObject({ activeState: 'active', subState: 'running', restarts: 0 });

  // up converges on the first try: the failed api and dbn (from F1) run again, each with one container
  await p.up();
  await expectAllActive(p);
  const held = await labelled(p);
  expect(held.containers).toEqual(RUNNING.map((c) => `${p.name}-${c}${c.startsWith('web-') ? '' : '-1'}`).sort());

  for (const round of ['first', 'second']) {
    const r = await p.cli('down');
    expect(r.code, `${round} down: ${r.stdout}${r.stderr}`).toBe(0);
    expect(await labelled(p), `after the ${round} down`).toEqual({ containers: [], pods: [], networks: [] });
    expect([...(await p.unitFiles()).keys()]).toEqual([]);
  }
}

/** The PID of the `podman run` that is the main process of `unit` while it starts, once there is one. */
async function podmanRunOf(p: Project, unit: string): Promise<number> {
  return waitFor(async () => {
    const s = await p.show(unit, ['ActiveState', 'MainPID']);
    if (s['ActiveState'] !== 'activating' || s['MainPID'] === '0') return undefined;
    const cmd = await p.bed.run(['cat', `/proc/${s['MainPID']}/cmdline`]);
    const argv = cmd.stdout.split('\0');
    return argv[0]?.endsWith('podman') && argv[1] === 'run' ? Number(s['MainPID']) : undefined;
  }, `${unit} to run podman run`);
}

/** F3: the `podman run` of migrate killed mid-`up`; `up` fails naming it, the next `up` converges, `down` cleans. */
async function podmanKilledMidUp(p: Project): Promise<void> {
  // from nothing, also when F2 failed half-way (after F2 this is a third down, which finds nothing)
  await p.cli('down');
  await p.sh(`touch ${p.dir}/gate/hold`);
  const first = p.cli('up');
  const pid = await podmanRunOf(p, p.unit('migrate'));
  await p.bed.run(['sh', '-c', `kill -KILL ${pid}`], { check: true });
  const r = await first;
  expect(r.code, r.stdout + r.stderr).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`C808\\]: \`${p.unit('migrate')}\` failed`));
  const rows = await status(p);
  expect(row(rows, p.unit('migrate'))).toMatchObject({
    activeState: 'failed',
    result: 'signal',
    lastExit: { code: 'killed', status: 9, signal: 'SIGKILL' },
    gaveUp: false,
    fault: 'failed (killed by SIGKILL)',
  });
  for (const c of ['web-1', 'web-2']) expect(row(rows, unitOf(p, c))).toMatchObject({ gaveUp: false });
  for (const c of ['web-1', 'web-2']) expect(row(rows, unitOf(p, c)).activeState).not.toBe('active');

  await p.sh(`rm ${p.dir}/gate/hold`);
  await p.up();
  await expectAllActive(p);
  expect(await p.show('migrate', ['Result', 'ExecMainStatus'])).toMatchObject({ Result: 'success', ExecMainStatus: '0' });
  expect(await migrateRuns(p)).toBeGreaterThanOrEqual(1);
  // one container per running service: nothing of the interrupted start is left
  expect((await labelled(p)).containers).toEqual(RUNNING.map((c) => `${p.name}-${c}${c.startsWith('web-') ? '' : '-1'}`).sort());

  const down = await p.cli('down');
  expect(down.code, down.stdout + down.stderr).toBe(0);
  expect(await labelled(p)).toEqual({ containers: [], pods: [], networks: [] });
}

/** F1-F3 of one actor's project, each a scenario; the last takes the project down (also when an earlier one failed). */
function faultScenarios(s: Suite, actor: () => Actor, name: string, label: string, opts: { only?: typeof ROOTLESS_BEDS; reason?: string } = {}): void {
  let project: Project | undefined;
  const run = (body: (p: Project) => Promise<void>) => async () => {
    project ??= new Project(actor(), name);
    const p = project;
    try {
      await body(p);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      err.message = `${err.message}\n${await p.journal(120).catch(() => '(no journal)')}`;
      throw err;
    }
  };
  s.scenario(`F1${label} a crashed db: restarted under always and on-failure, failed under no; dependents and the done job untouched`, run((p) => crashOfDependency(p, s.kind)), opts);
  s.scenario(`F2${label} systemctl kill -s SIGKILL, then up, down, down: all exit 0 and nothing is left`, run((p) => killedUnitThenUpDown(p, s.kind)), opts);
  s.scenario(
    `F3${label} podman run killed mid-up: up fails naming the job, the next up converges, down cleans up`,
    async () => {
      try {
        await run(podmanKilledMidUp)();
      } finally {
        await project?.cleanup();
      }
    },
    opts,
  );
}

/**
 * What the bed's cgroup tree offers the actor's containers: the controllers of the root cgroup (root) or of the
 * user's manager (`u`), or on cgroup v1 the memory hierarchy; and what podman says to a memory limit.
 */
async function memoryControl(actor: Actor): Promise<{ ok: boolean; seen: string }> {
  const dir = actor.user === undefined ? '/sys/fs/cgroup' : `/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service`;
  const v1 = (await actor.bed.run(['findmnt', '-n', '-t', 'cgroup', '-O', 'rw', '/sys/fs/cgroup/memory'])).code === 0;
  const controllers = v1 ? 'memory' : (await actor.bed.run(['cat', `${dir}/cgroup.controllers`])).stdout.trim();
  const run = await actor.bed.run(['podman', 'run', '--rm', '--memory', '16m', BED_IMAGE, 'true'], actor.user === undefined ? {} : { user: actor.user });
  const where = v1 ? 'cgroup v1 hierarchy /sys/fs/cgroup/memory: rw' : `${dir}/cgroup.controllers: "${controllers}"`;
  const seen = `${where}; podman run --memory 16m exited ${run.code}: ${run.stderr.trim()}`;
  return { ok: controllers.split(' ').includes('memory') && run.code === 0, seen };
}

/**
 * F4: containers OOM-killed under a small mem_limit: restarted under on-failure and always, given up on after
 * on-failure:1's one restart, failed under no. The kernel's log names each killed container's memory cgroup.
 */
async function oomKill(actor: Actor, name: string, skip: (reason: string) => never): Promise<void> {
  const mem = await memoryControl(actor);
  if (!mem.ok) skip(`no memory controller for the containers in this bed (${mem.seen})`);
  await withProject(actor, name, async (p) => {
    const hog = (restart: string) => `    image: ${BED_IMAGE}
    init: true
    mem_limit: 16m
    command: ["sh", "-c", "sleep 1; tail /dev/zero"]
${restart === '' ? '' : `    restart: ${restart}\n`}`;
    const policies: Record<string, string> = { hog: 'on-failure', hoga: 'always', hogl: 'on-failure:1', hogn: '' };
    await p.write(`name: ${name}\nservices:\n${Object.entries(policies).map(([svc, restart]) => `  ${svc}:\n${hog(restart)}`).join('')}`);
    await p.up(['--timeout', '0']);
    await waitForState(p, 'hogn', ['failed']);
    await waitForState(p, 'hogl', ['failed']);
    for (const svc of ['hog', 'hoga']) {
      await waitFor(async () => Number((await p.show(svc, ['NRestarts']))['NRestarts']) >= 1 || undefined, `${svc} to be restarted`);
    }
    // exit 137 of the container, and the kernel's OOM killer did it (not some other SIGKILL)
    const died = await p.podman(['events', '--stream=false', '--since', '5m', '--filter', `container=${p.container('hogn')}`, '--filter', 'event=died', '--format', '{{.ID}} {{.ContainerExitCode}}']);
    const [id, code] = died.stdout.trim().split(' ');
    expect(code, died.stdout).toBe('137');
    const kernel = await p.bed.run(['dmesg'], { check: true });
    expect(kernel.stdout).toMatch(new RegExp(`oom-kill:.*oom_memcg=[^,]*/libpod-${id}\\.scope,`));

    const rows = await status(p);
    // the container ran with --rm, so nothing tells this SIGKILL from another: the OOM kill reads as exit 137
    const oomExit = { lastExit: { code: 'exited', status: 137, signal: 'SIGKILL' }, oomKilled: false };
    expect(row(rows, p.unit('hogn'))).toMatchObject({ activeState: 'failed', result: 'exit-code', ...oomExit, gaveUp: false, fault: 'failed (killed by SIGKILL, exit 137)' });
    // on-failure:1 ran its container twice, as docker does; systemd also counts the restart it refused
    const hoglStarts = await p.podman(['events', '--stream=false', '--since', '5m', '--filter', `container=${p.container('hogl')}`, '--filter', 'event=start', '--format', '{{.ID}}']);
    expect(hoglStarts.stdout.trim().split('\n')).toHaveLength(2);
    expect(row(rows, p.unit('hogl'))).toMatchObject({
      activeState: 'failed',
      result: 'exit-code',
      restarts: 2,
      ...oomExit,
      gaveUp: true,
      fault: 'gave up after 2 restarts (last: killed by SIGKILL, exit 137)',
    });
    for (const svc of ['hog', 'hoga']) {
      const r = row(rows, p.unit(svc));
      expect(r.restarts, svc).toBeGreaterThanOrEqual(1);
      expect(r, svc).toMatchObject({ gaveUp: false, oomKilled: false });
      expect(r.activeState, svc).not.toBe('failed');
    }
  });
}

await bedSuites('faults.e2e.test.ts', (s) => {
  faultScenarios(s, () => s.root(), 'flt', '');
  faultScenarios(s, () => s.user(), 'u-flt', ' rootless', ROOTLESS);
  s.scenario('F4 an OOM kill under mem_limit: restarted under on-failure and always, failed under no', ({ skip }) => oomKill(s.root(), 'oom', skip));
  s.scenario('F4 rootless an OOM kill under mem_limit', ({ skip }) => oomKill(s.user(), 'u-oom', skip), ROOTLESS);
});

// The beds above get no memory controller on a cgroup v1 host (docs/e2e.md, "OOM (F4)"); a podman4 bed booted on
// cgroup v1 does, so F4 runs there. systemd 257 (podman5) no longer boots on cgroup v1.
await bedSuites('faults.e2e.test.ts (cgroup v1)', (s) => {
  s.scenario('F4 an OOM kill under mem_limit: restarted under on-failure and always, failed under no', ({ skip }) => oomKill(s.root(), 'oom', skip));
}, { beds: ['podman4'], cgroup: 'v1' });

// e2e scenarios 7, 8, 11 and the rootless half of 12 for 7: data outlives `down`, a second `up` changes
// nothing and a changed service restarts only itself and its dependents, and an enabled project comes back
// after a reboot in dependency order. The reboot goes last: it restarts the bed under every other scenario.
import { expect } from 'vitest';
import { BED_IMAGE } from '../bed.js';
import { bedSuites, ROOTLESS_BEDS, Project, waitForState, withProject, type Actor } from './scenario-kit.js';

const ROOTLESS = { only: ROOTLESS_BEDS, reason: 'scenario 12 runs rootless; the podman4 bed has no rootless user' } as const;

async function dataSurvivesDown(actor: Actor, name: string): Promise<void> {
  await withProject(actor, name, async (p) => {
    await p.write(`name: ${name}
services:
  store:
    image: ${BED_IMAGE}
    init: true
    command: ["sh", "-c", "echo started >> /data/starts; exec sleep infinity"]
    volumes: ["keep:/data"]
volumes:
  keep: {}
`);
    await p.up();
    await p.exec('store', ['sh', '-c', 'echo written before down > /data/mark']);
    const down = await p.cli('down');
    expect(down.code, down.stdout + down.stderr).toBe(0);
    // units and containers are gone ...
    expect([...(await p.unitFiles()).keys()]).toEqual([]);
    expect((await p.show('store', ['LoadState']))['LoadState']).toBe('not-found');
    const left = await p.podman(['ps', '--all', '--filter', `label=com.docker.compose.project=${name}`, '--format', '{{.Names}}']);
    expect(left.stdout.trim()).toBe('');
    expect((await p.podman(['network', 'exists', `${name}_default`], false)).code).toBe(1);
    // ... the named volume is not
    expect((await p.podman(['volume', 'exists', `${name}_keep`], false)).code).toBe(0);

    await p.up();
    expect(await p.exec('store', ['cat', '/data/mark'])).toBe('written before down\n');
    expect(await p.exec('store', ['cat', '/data/starts'])).toBe('started\nstarted\n');

    // and `down --volumes` is what removes it
    const wipe = await p.cli('down', ['--volumes']);
    expect(wipe.code, wipe.stdout + wipe.stderr).toBe(0);
    expect((await p.podman(['volume', 'exists', `${name}_keep`], false)).code).toBe(1);
  });
}

interface ServiceState {
  readonly started: number;
  readonly active: number;
  readonly restarts: string;
  readonly container: string;
}

async function serviceState(p: Project, service: string): Promise<ServiceState> {
  const s = await p.show(service, ['ExecMainStartTimestampMonotonic', 'ActiveEnterTimestampMonotonic', 'NRestarts', 'ActiveState']);
  expect({ service, state: s['ActiveState'] }).toEqual({ service, state: 'active' });
  return {
    started: Number(s['ExecMainStartTimestampMonotonic']),
    active: Number(s['ActiveEnterTimestampMonotonic']),
    restarts: s['NRestarts'] ?? '',
    container: await p.inspect(p.container(service), '{{.Id}}'),
  };
}

const IDEM = (version: string) => `name: idem
services:
  db:
    image: ${BED_IMAGE}
    init: true
    command: ["sleep", "infinity"]
    environment:
      VERSION: "${version}"
  api:
    image: ${BED_IMAGE}
    init: true
    command: ["sleep", "infinity"]
    depends_on: [db]
  web:
    image: ${BED_IMAGE}
    init: true
    command: ["sleep", "infinity"]
    depends_on: [api]
  other:
    image: ${BED_IMAGE}
    init: true
    command: ["sleep", "infinity"]
`;

/** db is healthy 2 s after it starts; a job runs once db is healthy; web waits for both. */
const BOOT = (name: string) => `name: ${name}
services:
  db:
    image: ${BED_IMAGE}
    init: true
    command: ["sh", "-c", "echo db >> /state/boots; sleep 2; touch /tmp/ready; exec sleep infinity"]
    volumes: ["state:/state"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      timeout: 2s
      retries: 3
      start_period: 10s
  migrate:
    image: ${BED_IMAGE}
    init: true
    command: ["sh", "-c", "echo migrate >> /state/boots"]
    volumes: ["state:/state"]
    depends_on:
      db:
        condition: service_healthy
  web:
    image: ${BED_IMAGE}
    init: true
    command: ["sh", "-c", "echo web >> /state/boots; exec sleep infinity"]
    volumes: ["state:/state"]
    depends_on:
      db:
        condition: service_healthy
      migrate:
        condition: service_completed_successfully
volumes:
  state: {}
`;

/** The order db (healthy) -> migrate (exited 0) -> web, from systemd's timestamps of this boot. */
async function expectBootOrder(p: Project): Promise<void> {
  const db = await p.show('db', ['ActiveState', 'ActiveEnterTimestampMonotonic']);
  const job = await p.show('migrate', ['ActiveState', 'Result', 'ExecMainStartTimestampMonotonic', 'ExecMainExitTimestampMonotonic']);
  const web = await p.show('web', ['ActiveState', 'ExecMainStartTimestampMonotonic']);
  expect([db['ActiveState'], job['ActiveState'], job['Result'], web['ActiveState']]).toEqual(['active', 'active', 'success', 'active']);
  const dbActive = Number(db['ActiveEnterTimestampMonotonic']);
  const jobStart = Number(job['ExecMainStartTimestampMonotonic']);
  const jobExit = Number(job['ExecMainExitTimestampMonotonic']);
  const webStart = Number(web['ExecMainStartTimestampMonotonic']);
  expect(dbActive).toBeGreaterThan(0);
  expect(dbActive).toBeLessThanOrEqual(jobStart);
  expect(jobExit).toBeLessThanOrEqual(webStart);
  expect(await p.inspect(p.container('db'), '{{.State.Health.Status}}')).toBe('healthy');
}

async function installEnabled(p: Project): Promise<string> {
  await p.write(BOOT(p.name));
  await p.up();
  await expectBootOrder(p);
  const enable = await p.cli('enable');
  expect(enable.code, enable.stdout + enable.stderr).toBe(0);
  expect((await p.systemctl(['is-enabled', p.target])).stdout.trim()).toBe('enabled');
  return p.inspect(p.container('web'), '{{.Id}}');
}

async function expectBackAfterReboot(p: Project, webBefore: string): Promise<void> {
  // nobody runs up after the reboot: systemd alone starts the target and, through it, the services
  await waitForState(p, 'web', ['active'], 180_000);
  await expectBootOrder(p);
  expect(await p.inspect(p.container('web'), '{{.Id}}')).not.toBe(webBefore);
  // each service ran once per boot, and in order each time
  expect(await p.exec('web', ['cat', '/state/boots'])).toBe('db\nmigrate\nweb\n'.repeat(2));
}

await bedSuites('lifecycle.e2e.test.ts', (s) => {
  s.scenario('7 data: down removes units and containers but keeps the named volume; a second up finds the data', () => dataSurvivesDown(s.root(), 'data'));

  s.scenario('8 idempotence: a second up changes nothing; a changed service restarts with its dependents only', async () => {
    await withProject(s.root(), 'idem', async (p) => {
      const services = ['db', 'api', 'web', 'other'];
      await p.write(IDEM('1'));
      await p.up();
      const files = await p.unitFiles();
      expect(files.size).toBe(10);
      const before = new Map<string, ServiceState>();
      for (const svc of services) before.set(svc, await serviceState(p, svc));

      await p.up();
      expect(await p.unitFiles()).toEqual(files);
      for (const svc of services) expect({ svc, ...(await serviceState(p, svc)) }).toEqual({ svc, ...before.get(svc) });

      await p.write(IDEM('2'));
      await p.up();
      // only db's unit file was written again (an atomic rename gives it a new inode)
      const changed = await p.unitFiles();
      for (const [name, stamp] of files) {
        if (name === p.unit('db')) expect(changed.get(name)).not.toBe(stamp);
        else expect({ name, stamp: changed.get(name) }).toEqual({ name, stamp });
      }
      // up returns only once the restarted units are up again, so their new state is there right away
      const after = new Map<string, ServiceState>();
      for (const svc of services) after.set(svc, await serviceState(p, svc));
      for (const svc of ['db', 'api', 'web']) {
        expect(after.get(svc)?.container).not.toBe(before.get(svc)?.container);
        expect(after.get(svc)?.started).toBeGreaterThan(before.get(svc)?.started ?? 0);
      }
      expect(after.get('other')).toEqual(before.get('other'));
      // the dependents came back after what they depend on
      expect(after.get('db')?.active).toBeLessThanOrEqual(after.get('api')?.started ?? 0);
      expect(after.get('api')?.active).toBeLessThanOrEqual(after.get('web')?.started ?? 0);
      expect(await p.exec('db', ['sh', '-c', 'echo $VERSION'])).toBe('2\n');
    });
  });

  s.scenario('12/7 rootless: down keeps the named volume; a second up finds the data', () => dataSurvivesDown(s.user(), 'u-data'), ROOTLESS);

  s.scenario(`11 reboot: an enabled project comes back on its own, in order${s.rootless ? ' (system and rootless)' : ''}`, async () => {
    const projects = [new Project(s.root(), 'boot'), ...(s.rootless ? [new Project(s.user(), 'u-boot')] : [])];
    try {
      const webs: string[] = [];
      for (const p of projects) webs.push(await installEnabled(p));
      await s.bed().reboot();
      for (const [i, p] of projects.entries()) await expectBackAfterReboot(p, webs[i] ?? '');
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      for (const p of projects) err.message += `\n${await p.journal().catch(() => '')}`;
      throw err;
    } finally {
      for (const p of projects) await p.cleanup().catch((e: Error) => console.warn(`[e2e] cleanup of ${p.name}: ${e.message}`));
    }
  });
});

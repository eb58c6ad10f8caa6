// e2e scenarios 1, 2, 6 and the rootless half of 12 for 1: depends_on conditions and restart limits, checked
// from systemd's timestamps and results and from podman's own records, on both beds.
import { expect } from 'vitest';
import { BED_IMAGE } from '../bed.js';
import { bedSuites, expectNeverStarted, ROOTLESS_BEDS, waitForState, withProject, type Actor } from './scenario-kit.js';

const ROOTLESS = { only: ROOTLESS_BEDS, reason: 'scenario 12 runs rootless; the podman4 bed has no rootless user' } as const;

/** db turns healthy about 3 s after it starts; web waits for that. */
const HEALTHY = (name: string) => `name: ${name}
services:
  db:
    image: ${BED_IMAGE}
    init: true
    command: ["sh", "-c", "sleep 3; touch /tmp/ready; exec sleep infinity"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      timeout: 2s
      retries: 3
      start_period: 10s
  web:
    image: ${BED_IMAGE}
    init: true
    command: ["sleep", "infinity"]
    depends_on:
      db:
        condition: service_healthy
`;

/** db never turns healthy; compose gives up after start_period + retries x (interval + timeout) = 5 s. */
const UNHEALTHY = (name: string) => `name: ${name}
services:
  db:
    image: ${BED_IMAGE}
    init: true
    command: ["sleep", "infinity"]
    healthcheck:
      test: ["CMD", "false"]
      interval: 1s
      timeout: 1s
      retries: 2
      start_period: 1s
  web:
    image: ${BED_IMAGE}
    init: true
    command: ["sleep", "infinity"]
    depends_on:
      db:
        condition: service_healthy
`;

async function healthyGatesDependent(actor: Actor, name: string): Promise<void> {
  await withProject(actor, name, async (p) => {
    await p.write(HEALTHY(name));
    await p.up();
    const db = await p.show('db', ['ActiveState', 'ExecMainStartTimestampMonotonic', 'ActiveEnterTimestampMonotonic']);
    const web = await p.show('web', ['ActiveState', 'ExecMainStartTimestampMonotonic']);
    expect(db['ActiveState']).toBe('active');
    expect(web['ActiveState']).toBe('active');
    const dbStart = Number(db['ExecMainStartTimestampMonotonic']);
    const dbActive = Number(db['ActiveEnterTimestampMonotonic']);
    const webStart = Number(web['ExecMainStartTimestampMonotonic']);
    expect(webStart).toBeGreaterThan(0);
    // db's unit became active only once the container was healthy (about 3 s after it started) ...
    expect(dbActive - dbStart).toBeGreaterThanOrEqual(2_500_000);
    // ... and web's container command ran only after that
    expect(dbActive).toBeLessThanOrEqual(webStart);
    expect(await p.inspect(p.container('db'), '{{.State.Health.Status}}')).toBe('healthy');
    expect(await p.inspect(p.container('web'), '{{.State.Status}}')).toBe('running');
  });
}

async function unhealthyKeepsDependentDown(actor: Actor, name: string): Promise<void> {
  await withProject(actor, name, async (p) => {
    await p.write(UNHEALTHY(name));
    const r = await p.cli('up');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    // up names the unit that failed
    expect(r.stderr).toMatch(new RegExp(`C808\\]: \`${p.unit('db')}\` failed`));
    const db = await p.show('db', ['ActiveState', 'Result']);
    expect(db['ActiveState']).toBe('failed');
    // podman 4.3: the health wait after the start gives up (exit-code); podman 5: --sdnotify=healthy never
    // sends READY, so the start times out
    expect(['exit-code', 'timeout']).toContain(db['Result']);
    await expectNeverStarted(p, 'web');
  });
}

const JOB = (name: string, exitCode: number) => `name: ${name}
services:
  migrate:
    image: ${BED_IMAGE}
    init: true
    command: ["sh", "-c", "sleep 2; echo migrated-$$$$ > /data/done; exit ${exitCode}"]
    volumes: ["data:/data"]
  app:
    image: ${BED_IMAGE}
    init: true
    command: ["sh", "-c", "cat /data/done > /tmp/seen; exec sleep infinity"]
    volumes: ["data:/data"]
    depends_on:
      migrate:
        condition: service_completed_successfully
volumes:
  data: {}
`;

await bedSuites('ordering.e2e.test.ts', (s) => {
  s.scenario('1a service_healthy: web starts only after db reported healthy', () => healthyGatesDependent(s.root(), 'hc-ok'));

  s.scenario('1b service_healthy: a db that never gets healthy keeps web down, up fails naming db', () => unhealthyKeepsDependentDown(s.root(), 'hc-bad'));

  s.scenario('2a service_completed_successfully: app starts after the job exited 0', async () => {
    await withProject(s.root(), 'job-ok', async (p) => {
      await p.write(JOB('job-ok', 0));
      await p.up();
      const job = await p.show('migrate', ['ActiveState', 'SubState', 'Result', 'ExecMainStatus', 'ExecMainExitTimestampMonotonic']);
      expect(job).toMatchObject({ ActiveState: 'active', SubState: 'exited', Result: 'success', ExecMainStatus: '0' });
      const appStart = await p.monotonic('app', 'ExecMainStartTimestampMonotonic');
      expect(Number(job['ExecMainExitTimestampMonotonic'])).toBeGreaterThan(0);
      expect(Number(job['ExecMainExitTimestampMonotonic'])).toBeLessThanOrEqual(appStart);
      // what the job wrote was there when app's command ran
      const done = await p.exec('app', ['cat', '/data/done']);
      expect(done).toMatch(/^migrated-\d+\n$/);
      expect(await p.exec('app', ['cat', '/tmp/seen'])).toBe(done);
    });
  });

  s.scenario('2b service_completed_successfully: a job exiting 1 keeps app down, up reports it', async () => {
    await withProject(s.root(), 'job-bad', async (p) => {
      await p.write(JOB('job-bad', 1));
      const r = await p.cli('up');
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`C808\\]: \`${p.unit('migrate')}\` failed`));
      expect(await p.show('migrate', ['ActiveState', 'Result', 'ExecMainStatus'])).toMatchObject({ ActiveState: 'failed', Result: 'exit-code', ExecMainStatus: '1' });
      await expectNeverStarted(p, 'app');
    });
  });

  s.scenario('6 restart on-failure:2: a crashing container runs 1 + 2 times, then the unit stays failed', async () => {
    await withProject(s.root(), 'crash', async (p) => {
      await p.write(`name: crash
services:
  bad:
    image: ${BED_IMAGE}
    init: true
    command: ["sh", "-c", "sleep 1; exit 3"]
    restart: on-failure:2
`);
      // do not wait: the unit may already be restarting when up would look at it
      await p.up(['--timeout', '0']);
      await waitForState(p, 'bad', ['failed'], 90_000);
      // RestartSec=1s: a restart beyond the limit would have shown up by now
      await new Promise((r) => setTimeout(r, 3000));
      const unit = await p.show('bad', ['ActiveState', 'Result', 'ExecMainStatus', 'NRestarts']);
      expect(unit).toMatchObject({ ActiveState: 'failed', Result: 'exit-code', ExecMainStatus: '3' });
      const starts = await p.podman(['events', '--stream=false', '--since', '30m', '--filter', `container=${p.container('bad')}`, '--filter', 'event=start', '--format', '{{.ID}}']);
      const runs = starts.stdout.trim().split('\n').filter((l) => l !== '');
      // the first run and exactly two restarts, each a new container (--rm)
      expect(runs).toHaveLength(3);
      expect(new Set(runs).size).toBe(3);
      // systemd counts the third restart too: it is scheduled, then refused by StartLimitBurst=3
      expect(unit['NRestarts']).toBe('3');
    });
  });

  s.scenario('12/1a rootless: service_healthy gates web in user units', () => healthyGatesDependent(s.user(), 'u-hc-ok'), ROOTLESS);

  s.scenario('12/1b rootless: an unhealthy db keeps web down, up fails naming db', () => unhealthyKeepsDependentDown(s.user(), 'u-hc-bad'), ROOTLESS);
});

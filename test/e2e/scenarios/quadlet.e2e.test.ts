// e2e scenarios Q1-Q6: the Quadlet files that `up --format quadlet` installs, turned into services by podman's
// own generator on podman 5.4 (Debian 13) and 5.8 (Debian testing), rootful and rootless: health gating, jobs,
// names, ports, pods, image units, auto-update, data across `down`, idempotence, `podman quadlet install` and a
// reboot, each checked from systemd's and podman's own records.
import { expect } from 'vitest';
import { BED_IMAGE } from '../bed.js';
import { bedSuites, expectNeverStarted, Project, waitFor, waitForState, withProject, type Actor, type Suite } from './scenario-kit.js';

/** `--format quadlet` for every command that takes a unit format (enable works on the target either way). */
const QUADLET = { cliArgs: (verb: string) => (verb === 'enable' ? [] : ['--format', 'quadlet']) } as const;

/** A busybox httpd on port 8080 whose index page is `hello from <service>`, started after `before` (shell). */
const httpd = (service: string, before = 'true') =>
  `["sh", "-c", "mkdir -p /www && echo hello from ${service} > /www/index.html && ${before} && exec httpd -f -p 8080 -h /www"]`;

/**
 * db turns healthy about 3 s after it starts; the job appends a line to the shared volume once db is healthy;
 * web starts after both and copies the volume's lines into its own folder. db asks for the registry auto-update
 * policy itself; the others get `--auto-update local` from the command line.
 */
const APP = (name: string, port: number, version: string) => `name: ${name}
services:
  db:
    image: ${BED_IMAGE}
    init: true
    command: ${httpd('db', 'sleep 3 && touch /tmp/ready')}
    environment:
      VERSION: "${version}"
    labels:
      io.containers.autoupdate: registry
    ports: ["${port}:8080"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      timeout: 2s
      retries: 3
      start_period: 10s
  migrate:
    image: ${BED_IMAGE}
    init: true
    command: ["sh", "-c", "sleep 1; echo migrated >> /data/runs"]
    volumes: ["data:/data"]
    depends_on:
      db:
        condition: service_healthy
  web:
    image: ${BED_IMAGE}
    init: true
    command: ${httpd('web', 'cp /data/runs /www/seen')}
    volumes: ["data:/data"]
    depends_on:
      db:
        condition: service_healthy
      migrate:
        condition: service_completed_successfully
volumes:
  data: {}
`;

/** db never turns healthy (web waits for it); the job exits 1 (app waits for it). */
const BROKEN = (name: string) => `name: ${name}
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
  job:
    image: ${BED_IMAGE}
    init: true
    command: ["sh", "-c", "sleep 1; exit 1"]
  app:
    image: ${BED_IMAGE}
    init: true
    command: ["sleep", "infinity"]
    depends_on:
      job:
        condition: service_completed_successfully
`;

interface UpJson {
  readonly ok: boolean;
  readonly format: string;
  readonly units: readonly { readonly unit: string; readonly outcome: string }[];
}

/** wget inside a container, retried while the server may still be starting. */
function fetchFrom(p: Project, service: string, url: string): Promise<string> {
  return waitFor(
    async () => {
      // no -T: the host's busybox wget crashes with it
      const r = await p.podman(['exec', p.container(service), 'wget', '-q', '-O', '-', url], false);
      return r.code === 0 ? r.stdout : undefined;
    },
    `${url} from ${service}`,
    30_000,
    500,
  );
}

/** curl in the bed's own network namespace (the host side of the containers). */
function fetchFromBed(p: Project, url: string): Promise<string> {
  return waitFor(
    async () => {
      const r = await p.run(['curl', '-fsS', '--max-time', '3', url]);
      return r.code === 0 ? r.stdout : undefined;
    },
    `${url} from the bed`,
    30_000,
    500,
  );
}

/**
 * The `.image` unit of a service whose image is present: on podman 5.8 `Policy=missing` makes the pull a no-op
 * (active, exited 0); podman 5.4 has no Policy=, so an ExecCondition= skips the unit and the pull never runs.
 */
async function expectImageUnitDone(p: Project, kind: string, service: string): Promise<void> {
  const unit = `${p.name}-${service}-image.service`;
  const s = await p.show(unit, ['ActiveState', 'SubState', 'Result', 'ExecMainStartTimestampMonotonic', 'ExecMainStatus', 'ExecStart', 'ExecCondition']);
  if (kind === 'podman5') {
    expect({ unit, ActiveState: s['ActiveState'], Result: s['Result'], started: s['ExecMainStartTimestampMonotonic'] }).toEqual({ unit, ActiveState: 'inactive', Result: 'exec-condition', started: '0' });
    expect(s['ExecCondition']).toContain('image exists');
  } else {
    expect({ unit, ActiveState: s['ActiveState'], SubState: s['SubState'], Result: s['Result'], status: s['ExecMainStatus'] }).toEqual({ unit, ActiveState: 'active', SubState: 'exited', Result: 'success', status: '0' });
    expect(s['ExecStart']).toMatch(/podman image pull --policy missing /);
  }
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
  const running = service !== 'migrate';
  return {
    started: Number(s['ExecMainStartTimestampMonotonic']),
    active: Number(s['ActiveEnterTimestampMonotonic']),
    restarts: s['NRestarts'] ?? '',
    // the job's container is gone once it exited (--rm)
    container: running ? await p.inspect(p.container(service), '{{.Id}}') : '',
  };
}

async function projectState(p: Project): Promise<Record<string, ServiceState>> {
  const out: Record<string, ServiceState> = {};
  for (const svc of ['db', 'migrate', 'web']) out[svc] = await serviceState(p, svc);
  return out;
}

/** db (healthy) -> migrate (exited 0) -> web, from systemd's timestamps of this boot. */
async function expectOrder(p: Project): Promise<void> {
  const db = await p.show('db', ['ExecMainStartTimestampMonotonic', 'ActiveEnterTimestampMonotonic']);
  const job = await p.show('migrate', ['ActiveState', 'SubState', 'Result', 'ExecMainStatus', 'ExecMainStartTimestampMonotonic', 'ExecMainExitTimestampMonotonic']);
  const webStart = await p.monotonic('web', 'ExecMainStartTimestampMonotonic');
  const dbStart = Number(db['ExecMainStartTimestampMonotonic']);
  const dbActive = Number(db['ActiveEnterTimestampMonotonic']);
  // db's unit became active only once its container was healthy (about 3 s after it started) ...
  expect(dbActive - dbStart).toBeGreaterThanOrEqual(2_500_000);
  // ... the job ran after that and exited 0 ...
  expect(job).toMatchObject({ ActiveState: 'active', SubState: 'exited', Result: 'success', ExecMainStatus: '0' });
  expect(dbActive).toBeLessThanOrEqual(Number(job['ExecMainStartTimestampMonotonic']));
  // ... and web's container command ran only after the job had exited
  expect(Number(job['ExecMainExitTimestampMonotonic'])).toBeGreaterThan(0);
  expect(Number(job['ExecMainExitTimestampMonotonic'])).toBeLessThanOrEqual(webStart);
  expect(await p.inspect(p.container('db'), '{{.State.Health.Status}}')).toBe('healthy');
}

async function appRuns(s: Suite, actor: Actor, name: string, port: number, change: boolean): Promise<void> {
  await withProject(
    actor,
    name,
    async (p) => {
      await p.write(APP(name, port, '1'));
      const up = JSON.parse((await p.up(['--auto-update', 'local', '--format', 'json'])).stdout) as UpJson;
      // up waited for every unit and counts the image units as done: skipped by their condition (5.4) or exited (5.8)
      const imageOutcome = s.kind === 'podman5' ? 'exited' : 'active';
      expect({ ok: up.ok, format: up.format, units: Object.fromEntries(up.units.map((u) => [u.unit, u.outcome])) }).toEqual({
        ok: true,
        format: 'quadlet',
        units: {
          [`${name}-data-volume.service`]: 'active',
          [`${name}-default-network.service`]: 'active',
          [`${name}-db-image.service`]: imageOutcome,
          [`${name}-migrate-image.service`]: imageOutcome,
          [`${name}-web-image.service`]: imageOutcome,
          [p.unit('db')]: 'active',
          [p.unit('migrate')]: 'active',
          [p.unit('web')]: 'active',
          [p.target]: 'active',
        },
      });

      // Quadlet files in the project's folder, the target in the unit directory; the generator took every file
      // (the folder also holds the ownership record, .compose2systemd/NAME.json)
      const files = [...(await p.quadletFiles()).keys()].filter((f) => !f.startsWith('.'));
      expect(files).toEqual(['data.volume', 'db.container', 'db.image', 'default.network', 'migrate.container', 'migrate.image', 'web.container', 'web.image'].map((f) => `${name}-${f}`));
      expect([...(await p.unitFiles()).keys()]).toEqual([p.target]);
      const dry = await p.quadletDryRun();
      expect(dry.errors).toEqual([]);
      for (const f of files) expect(dry.units.has(`${f.replace(/\.(container|image|network|volume)$/, (_, t: string) => (t === 'container' ? '' : `-${t}`))}.service`), f).toBe(true);

      // health gating through Notify=healthy, and the job as a oneshot service
      expect((await p.show('db', ['ExecStart']))['ExecStart']).toContain('--sdnotify=healthy');
      expect((await p.show('migrate', ['Type']))['Type']).toBe('oneshot');
      await expectOrder(p);
      expect(await p.exec('web', ['cat', '/www/seen'])).toBe('migrated\n');

      // names on the default network (the .network file named in Network=, with the alias), and the published port
      const quadlet = await p.quadletFiles();
      expect(quadlet.get(`${name}-db.container`)).toMatch(new RegExp(`^Network=${name}-default\\.network:alias=db$`, 'm'));
      expect((await p.show('db', ['ExecStart']))['ExecStart']).toContain(`--network ${name}_default:alias=db `);
      for (const service of ['db', 'web']) {
        const nets = await p.inspect(p.container(service), '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{join $v.Aliases ","}} {{end}}');
        expect(nets.trim().split(' ')).toHaveLength(1);
        expect(nets).toMatch(new RegExp(`^${name}_default=(.*,)?${service}(,|\\s|$)`));
      }
      expect(await fetchFrom(p, 'web', 'http://db:8080/')).toBe('hello from db\n');
      expect(await fetchFrom(p, 'db', 'http://web:8080/')).toBe('hello from web\n');
      const bindings = JSON.parse(await p.inspect(p.container('db'), '{{json .HostConfig.PortBindings}}')) as Record<string, { HostIp: string; HostPort: string }[]>;
      expect(bindings['8080/tcp']?.map((b) => `${b.HostIp}:${b.HostPort}`)).toEqual([`0.0.0.0:${port}`]);
      expect(await fetchFromBed(p, `http://127.0.0.1:${port}/`)).toBe('hello from db\n');

      // the image was there already: no unit pulled it, and no registry could have been asked (the bed has none)
      for (const service of ['db', 'migrate', 'web']) await expectImageUnitDone(p, s.kind, service);
      const pull = await p.podman(['pull', '--policy', 'always', BED_IMAGE], false);
      expect(pull.code).not.toBe(0);

      // podman auto-update sees the labelled containers and their units (the job's container is gone: --rm)
      const au = await p.podman(['auto-update', '--dry-run', '--format', 'json'], false);
      // 125: the registry check of db failed (the report is printed all the same)
      expect(au.code, au.stderr).toBe(125);
      expect(au.stderr).toContain('pinging container registry localhost');
      const listed = (JSON.parse(au.stdout) as { Unit: string; ContainerName: string; Policy: string; Updated: string }[]).filter((e) => e.ContainerName.startsWith(`${name}-`));
      listed.sort((a, b) => (a.ContainerName < b.ContainerName ? -1 : 1));
      expect(listed.map((e) => ({ unit: e.Unit, container: e.ContainerName, policy: e.Policy, updated: e.Updated }))).toEqual([
        // registry: listed, and the check fails because there is no registry to ask
        { unit: p.unit('db'), container: p.container('db'), policy: 'registry', updated: 'failed' },
        { unit: p.unit('web'), container: p.container('web'), policy: 'local', updated: 'false' },
      ]);

      // a second up changes nothing
      const stamps = { quadlet: await p.quadletFileStamps(), units: await p.unitFiles() };
      const before = await projectState(p);
      await p.up(['--auto-update', 'local']);
      expect({ quadlet: await p.quadletFileStamps(), units: await p.unitFiles() }).toEqual(stamps);
      expect(await projectState(p)).toEqual(before);
      for (const service of ['db', 'migrate', 'web']) await expectImageUnitDone(p, s.kind, service);
      if (!change) return;

      // a changed service: only its file is rewritten; it and its dependents restart in order, the job runs again
      await p.write(APP(name, port, '2'));
      await p.up(['--auto-update', 'local']);
      const changed = await p.quadletFileStamps();
      for (const [file, stamp] of stamps.quadlet) {
        if (file === `${name}-db.container`) expect(changed.get(file)).not.toBe(stamp);
        else expect({ file, stamp: changed.get(file) }).toEqual({ file, stamp });
      }
      expect(await p.unitFiles()).toEqual(stamps.units);
      const after = await projectState(p);
      for (const svc of ['db', 'migrate', 'web']) expect(after[svc]?.started).toBeGreaterThan(before[svc]?.started ?? 0);
      for (const svc of ['db', 'web']) expect(after[svc]?.container).not.toBe(before[svc]?.container);
      await expectOrder(p);
      expect(await p.exec('db', ['sh', '-c', 'echo $VERSION'])).toBe('2\n');
      expect(await p.exec('web', ['cat', '/www/seen'])).toBe('migrated\nmigrated\n');
    },
    QUADLET,
  );
}

async function brokenStaysDown(actor: Actor, name: string): Promise<void> {
  await withProject(
    actor,
    name,
    async (p) => {
      await p.write(BROKEN(name));
      const r = await p.cli('up');
      expect(r.code, r.stdout + r.stderr).toBe(1);
      // up names both units that failed
      expect(r.stderr).toMatch(new RegExp(`C808\\]: \`${p.unit('db')}\` failed`));
      expect(r.stderr).toMatch(new RegExp(`C808\\]: \`${p.unit('job')}\` failed`));
      // Notify=healthy: podman never sends READY, so the start times out
      expect(await p.show('db', ['ActiveState', 'Result'])).toEqual({ ActiveState: 'failed', Result: 'timeout' });
      expect(await p.show('job', ['Type', 'ActiveState', 'Result', 'ExecMainStatus'])).toEqual({ Type: 'oneshot', ActiveState: 'failed', Result: 'exit-code', ExecMainStatus: '1' });
      await expectNeverStarted(p, 'web');
      await expectNeverStarted(p, 'app');
    },
    QUADLET,
  );
}

async function podRuns(actor: Actor, name: string, port: number): Promise<void> {
  await withProject(
    actor,
    name,
    async (p) => {
      await p.write(`name: ${name}
services:
  db:
    image: ${BED_IMAGE}
    init: true
    command: ${httpd('db')}
    ports: ["${port}:8080"]
  web:
    image: ${BED_IMAGE}
    init: true
    command: ["sleep", "infinity"]
`);
      await p.up(['--pod']);
      const files = await p.quadletFiles();
      expect(files.get(`${name}.pod`)).toMatch(/^\[Pod\]$/m);
      for (const service of ['db', 'web']) expect(files.get(`${name}-${service}.container`)).toMatch(new RegExp(`^Pod=${name}\\.pod$`, 'm'));
      expect(await p.show(`${name}-pod.service`, ['ActiveState'])).toEqual({ ActiveState: 'active' });
      const pod = JSON.parse((await p.podman(['pod', 'inspect', '--format', '{{json .}}', name])).stdout) as {
        Id: string;
        InfraConfig: { PortBindings: Record<string, { HostPort: string }[]> | null };
      };
      expect(pod.InfraConfig.PortBindings?.['8080/tcp']?.map((b) => b.HostPort)).toEqual([String(port)]);
      for (const service of ['db', 'web']) expect(await p.inspect(p.container(service), '{{.Pod}}')).toBe(pod.Id);
      // one network namespace: db's server is on web's localhost, and its name points there too
      expect(await fetchFrom(p, 'web', 'http://localhost:8080/')).toBe('hello from db\n');
      expect(await fetchFrom(p, 'web', 'http://db:8080/')).toBe('hello from db\n');
      expect(await p.exec('web', ['cat', '/etc/hosts'])).toMatch(/^127\.0\.0\.1\s+(\S+\s+)*db(\s|$)/m);
      expect(await fetchFromBed(p, `http://127.0.0.1:${port}/`)).toBe('hello from db\n');
    },
    QUADLET,
  );
}

async function dataSurvivesDown(actor: Actor, name: string): Promise<void> {
  await withProject(
    actor,
    name,
    async (p) => {
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
      expect([...(await p.quadletFiles()).keys()]).toContain(`${name}-keep.volume`);
      expect(await p.inspect(p.container('store'), '{{range .Mounts}}{{.Name}}{{end}}')).toBe(`${name}_keep`);
      await p.exec('store', ['sh', '-c', 'echo written before down > /data/mark']);
      const down = await p.cli('down');
      expect(down.code, down.stdout + down.stderr).toBe(0);
      // files, units and containers are gone ...
      expect([...(await p.quadletFileStamps()).keys()]).toEqual([]);
      expect([...(await p.unitFiles()).keys()]).toEqual([]);
      for (const unit of [p.unit('store'), `${name}-keep-volume.service`, `${name}-default-network.service`, p.target]) expect(await p.show(unit, ['LoadState'])).toEqual({ LoadState: 'not-found' });
      const left = await p.podman(['ps', '--all', '--filter', `label=com.docker.compose.project=${name}`, '--format', '{{.Names}}']);
      expect(left.stdout.trim()).toBe('');
      expect((await p.podman(['network', 'exists', `${name}_default`], false)).code).toBe(1);
      // ... the named volume is not
      expect((await p.podman(['volume', 'exists', `${name}_keep`], false)).code).toBe(0);

      await p.up();
      expect(await p.exec('store', ['cat', '/data/mark'])).toBe('written before down\n');
      expect(await p.exec('store', ['cat', '/data/starts'])).toBe('started\nstarted\n');
      const wipe = await p.cli('down', ['--volumes']);
      expect(wipe.code, wipe.stdout + wipe.stderr).toBe(0);
      expect((await p.podman(['volume', 'exists', `${name}_keep`], false)).code).toBe(1);
    },
    QUADLET,
  );
}

/** `convert --format quadlet` prints a `.quadlets` stream; podman 5.8 installs it and the services run. */
async function quadletInstall(actor: Actor, name: string): Promise<void> {
  const p = new Project(actor, name);
  const files = ['db.container', 'db.image', 'default.network', 'store.volume', 'web.container', 'web.image'].map((f) => `${name}-${f}`);
  try {
    await p.write(`name: ${name}
services:
  db:
    image: ${BED_IMAGE}
    init: true
    command: ${httpd('db')}
    volumes: ["store:/data"]
  web:
    image: ${BED_IMAGE}
    init: true
    command: ["sleep", "infinity"]
    depends_on: [db]
volumes:
  store: {}
`);
    const conv = await p.cli('convert', ['--format', 'quadlet', '--podman-version', '5.8']);
    expect(conv.code, conv.stderr).toBe(0);
    // one section per Quadlet file, named without its extension (podman takes that from the file's [Container],
    // [Image] ... section); the target is a plain unit, which podman quadlet install cannot take
    expect([...conv.stdout.matchAll(/^# FileName=(.*)$/gm)].map((m) => m[1])).toEqual(files.map((f) => f.replace(/\.[a-z]+$/, '')));
    expect(conv.stderr).toContain(p.target);
    const stream = `${p.dir}/${name}.quadlets`;
    await p.bed.writeFile(stream, conv.stdout, actor.user === undefined ? {} : { user: actor.user });

    const install = await p.podman(['quadlet', 'install', stream], false);
    expect(install.code, install.stdout + install.stderr).toBe(0);
    expect(install.stdout.trim().split('\n').sort()).toEqual(files.map((f) => `${actor.quadletDir}/${f}`));
    // podman reloaded systemd: the generator made the services under the plain units' names
    const list = JSON.parse((await p.podman(['quadlet', 'list', '--format', 'json'])).stdout) as { Name: string; UnitName: string }[];
    expect(list.filter((q) => q.Name.startsWith(`${name}-`)).map((q) => `${q.Name} ${q.UnitName}`).sort()).toEqual(
      files.map((f) => `${f} ${f.replace(/\.(container|image|network|volume)$/, (_, t: string) => (t === 'container' ? '' : `-${t}`))}.service`),
    );
    // no dependency is pulled in (docs/units.md): one job for both, ordered by web's After=db
    await p.systemctl(['start', p.unit('web'), p.unit('db')], true);
    expect(await p.show('web', ['ActiveState'])).toEqual({ ActiveState: 'active' });
    expect(await p.show('db', ['ActiveState'])).toEqual({ ActiveState: 'active' });
    expect(await fetchFrom(p, 'web', 'http://db:8080/')).toBe('hello from db\n');
    expect(await p.inspect(p.container('db'), '{{range .Mounts}}{{.Name}}{{end}}')).toBe(`${name}_store`);
  } finally {
    await p.podman(['quadlet', 'rm', '--force', ...files], false);
    await p.run(['rm', '-f', `${actor.quadletDir}/.${name}.app`]);
    await p.systemctl(['daemon-reload']);
    await p.podman(['network', 'rm', '--force', `${name}_default`], false);
    await p.podman(['volume', 'rm', '--force', `${name}_store`], false);
    await p.run(['rm', '-rf', '--', p.dir]);
  }
}

/** db (healthy) -> job -> web, enabled; the volume counts each service's runs. */
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

/** db (healthy) -> migrate (exited 0) -> web, from this boot's timestamps. */
async function expectBootOrder(p: Project): Promise<void> {
  const db = await p.show('db', ['ActiveState', 'ActiveEnterTimestampMonotonic']);
  const job = await p.show('migrate', ['ActiveState', 'Result', 'ExecMainStartTimestampMonotonic', 'ExecMainExitTimestampMonotonic']);
  const web = await p.show('web', ['ActiveState', 'ExecMainStartTimestampMonotonic']);
  expect([db['ActiveState'], job['ActiveState'], job['Result'], web['ActiveState']]).toEqual(['active', 'active', 'success', 'active']);
  expect(Number(db['ActiveEnterTimestampMonotonic'])).toBeGreaterThan(0);
  expect(Number(db['ActiveEnterTimestampMonotonic'])).toBeLessThanOrEqual(Number(job['ExecMainStartTimestampMonotonic']));
  expect(Number(job['ExecMainExitTimestampMonotonic'])).toBeLessThanOrEqual(Number(web['ExecMainStartTimestampMonotonic']));
  expect(await p.inspect(p.container('db'), '{{.State.Health.Status}}')).toBe('healthy');
}

await bedSuites(
  'quadlet.e2e.test.ts',
  (s) => {
    s.scenario('Q1 health gating, one-shot job, DNS, ports, image units, auto-update, idempotence (root)', () => appRuns(s, s.root(), 'q-app', 18080, true));

    s.scenario('Q1 rootless: the same without the change', () => appRuns(s, s.user(), 'qu-app', 18090, false));

    s.scenario('Q2 a db that never gets healthy and a job exiting 1 keep their dependents down (root and u at once)', async () => {
      const runs = await Promise.allSettled([brokenStaysDown(s.root(), 'q-bad'), brokenStaysDown(s.user(), 'qu-bad')]);
      for (const r of runs) if (r.status === 'rejected') throw r.reason;
    });

    s.scenario('Q3 --pod: a .pod file, names on localhost, ports on the pod (root)', () => podRuns(s.root(), 'q-pod', 18081));

    s.scenario('Q3 rootless --pod', () => podRuns(s.user(), 'qu-pod', 18091));

    s.scenario('Q4 data: down removes the files in both folders but keeps the .volume\'s volume (root)', () => dataSurvivesDown(s.root(), 'q-data'));

    s.scenario('Q4 rootless data', () => dataSurvivesDown(s.user(), 'qu-data'));

    s.scenario('Q5 podman quadlet install takes the .quadlets stream of convert (u)', () => quadletInstall(s.user(), 'qu-inst'), {
      only: 'podman58',
      reason: '`podman quadlet install` came with podman 5.6',
    });

    s.scenario('Q6 reboot: enabled projects (root and u) come back in order', async () => {
      const projects = [new Project(s.root(), 'q-boot', QUADLET), new Project(s.user(), 'qu-boot', QUADLET)];
      try {
        const webs: string[] = [];
        for (const p of projects) {
          await p.write(BOOT(p.name));
          await p.up();
          await expectBootOrder(p);
          const enable = await p.cli('enable');
          expect(enable.code, enable.stdout + enable.stderr).toBe(0);
          expect((await p.systemctl(['is-enabled', p.target])).stdout.trim()).toBe('enabled');
          webs.push(await p.inspect(p.container('web'), '{{.Id}}'));
        }
        await s.bed().reboot();
        for (const [i, p] of projects.entries()) {
          // nobody runs up after the reboot: systemd starts the target, the generator has made the services again
          await waitForState(p, 'web', ['active'], 180_000);
          await expectBootOrder(p);
          expect(await p.inspect(p.container('web'), '{{.Id}}')).not.toBe(webs[i]);
          expect(await p.exec('web', ['cat', '/state/boots'])).toBe('db\nmigrate\nweb\n'.repeat(2));
          for (const service of ['db', 'migrate', 'web']) await expectImageUnitDone(p, s.kind, service);
        }
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        for (const p of projects) err.message += `\n${await p.journal().catch(() => '')}`;
        throw err;
      } finally {
        for (const p of projects) await p.cleanup().catch((e: Error) => console.warn(`[e2e] cleanup of ${p.name}: ${e.message}`));
      }
    });
  },
  { beds: ['podman5', 'podman58'] },
);

// e2e scenarios K1 and K2: `up --format kube` on the podman 5.4 bed, rootful (system units) and rootless (`u`,
// user units). Copies of examples/webapp and examples/migration with the bed's image and busybox commands run as
// Kubernetes YAML under a Quadlet `.kube` unit: the pods run under systemd, service names resolve, the health
// gate holds the app back until its dependencies are healthy, a one-shot job runs first as an init container,
// and data in a claim survives `down` and `up`.
import { expect } from 'vitest';
import { BED_IMAGE } from '../bed.js';
import { bedSuites, waitFor, withProject, type Actor, type Project } from './scenario-kit.js';

const KUBE = ['--format', 'kube'];
/** The init containers that wait for a healthy dependency use the bed's busybox (there is no registry). */
const args = (verb: string): readonly string[] => (verb === 'up' || verb === 'diff' ? [...KUBE, '--wait-image', BED_IMAGE] : KUBE);

/** The container podman kube play makes of service S's Deployment `P-S`: `P-S-pod-S`. */
const ctr = (p: Project, service: string): string => `${p.name}-${service}-pod-${service}`;

async function journalOf(p: Project): Promise<string> {
  const unit = p.actor.scope === 'user' ? `--user-unit=${p.name}.service` : `--unit=${p.name}.service`;
  return (await p.bed.run(['journalctl', '--no-pager', '-o', 'short-monotonic', '--lines=80', unit])).stdout;
}

/** A failure also carries the journal of P.service (the kit's journal covers the units named `P-*`). */
function withJournal(body: (p: Project) => Promise<void>): (p: Project) => Promise<void> {
  return async (p) => {
    try {
      await body(p);
    } catch (e) {
      if (e instanceof Error) e.message = `${e.message}\n--- journal of ${p.name}.service\n${await journalOf(p).catch(() => '(none)')}`;
      throw e;
    }
  };
}

/** The files `up` installed in the project's Quadlet folder, without the ownership record. */
async function installed(p: Project): Promise<string[]> {
  return [...(await p.quadletFiles()).keys()].filter((f) => !f.startsWith('.')).sort();
}

/** The seccomp section of the OCI runtime config podman gave a container (undefined: no filter). */
async function seccompOf(p: Project, container: string): Promise<unknown> {
  const path = await p.inspect(container, '{{.OCIConfigPath}}');
  return (JSON.parse((await p.run(['cat', path])).stdout) as { linux?: { seccomp?: unknown } }).linux?.seccomp;
}

/** RFC 3339 time of a container's start, in ms. */
async function startedAt(p: Project, container: string): Promise<number> {
  return Date.parse(await p.inspect(container, '{{.State.StartedAt.Format "2006-01-02T15:04:05.000Z07:00"}}'));
}

/** What an HTTP GET from the bed's own network namespace returns (a throwaway container on the host network). */
async function httpGet(p: Project, url: string): Promise<string> {
  return (await p.podman(['run', '--rm', '--network', 'host', BED_IMAGE, 'wget', '-q', '-O-', url])).stdout;
}

/** The value of app's secret `api_key` (`environment: API_KEY`), given to `up` in its environment. */
const SECRET_ENV = { API_KEY: 'e2e-api-key-7f3c9' } as const;

async function webapp(actor: Actor, name: string, port: number): Promise<void> {
  await withProject(
    actor,
    name,
    withJournal(async (p) => {
      // examples/webapp with busybox: db and cache become healthy a few seconds after they start; db exposes its
      // port (the example's postgres image would), so app's pod waits for db over TCP and for cache by name.
      await p.write(`name: ${name}
services:
  app:
    image: ${BED_IMAGE}
    init: true
    command: ["sh", "-c", "mkdir -p /www && echo app > /www/index.html && exec httpd -f -p 8000 -h /www"]
    ports:
      - "127.0.0.1:${port}:8000"
    environment:
      DATABASE_URL: postgres://app:\${DB_PASSWORD:-change-me}@db:5432/app
      REDIS_URL: redis://cache:6379/0
    secrets: [api_key]
    security_opt: ["no-new-privileges:true", "seccomp=unconfined"]
    depends_on:
      db:
        condition: service_healthy
      cache:
        condition: service_healthy
    restart: unless-stopped

  db:
    image: ${BED_IMAGE}
    init: true
    command: ["sh", "-c", "[ -f /data/first ] || echo \\"written at first start $$$$\\" > /data/first; sleep 3; touch /tmp/ready; exec httpd -f -p 5432 -h /data"]
    expose: ["5432"]
    volumes:
      - dbdata:/data
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      timeout: 2s
      retries: 20
    restart: unless-stopped

  cache:
    image: ${BED_IMAGE}
    init: true
    command: ["sh", "-c", "mkdir -p /d && echo cache > /d/index.html && sleep 2 && exec httpd -f -p 6379 -h /d"]
    volumes:
      - cachedata:/data
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O- http://127.0.0.1:6379/ >/dev/null"]
      interval: 1s
      retries: 20
    restart: unless-stopped

volumes:
  dbdata:
  cachedata:
secrets:
  api_key:
    environment: API_KEY
`);
      const up = await p.up([], SECRET_ENV);
      expect(up.stderr).toContain('warning[C751]');

      // The pods run under systemd: the project is one unit, P.service, made by Quadlet from P.kube.
      // (the folder also holds the ownership record, .compose2systemd/P.json)
      expect(await installed(p)).toEqual([`${name}.kube`, `${name}.yaml`]);
      expect(await p.show(`${name}.service`, ['ActiveState', 'SubState', 'SourcePath'])).toEqual({
        ActiveState: 'active',
        SubState: 'running',
        SourcePath: `${actor.quadletDir}/${name}/${name}.kube`,
      });
      for (const s of ['db', 'cache', 'app']) {
        expect(await p.inspect(ctr(p, s), '{{.State.Status}} {{index .Config.Labels "PODMAN_SYSTEMD_UNIT"}}')).toBe(`running ${name}.service`);
      }

      // Probes report health, and the health gate held app back until db and cache were healthy.
      expect(await p.inspect(ctr(p, 'db'), '{{.State.Health.Status}}')).toBe('healthy');
      expect(await p.inspect(ctr(p, 'cache'), '{{.State.Health.Status}}')).toBe('healthy');
      const dbStart = await startedAt(p, ctr(p, 'db'));
      const appStart = await startedAt(p, ctr(p, 'app'));
      expect(appStart - dbStart).toBeGreaterThanOrEqual(3000);

      // Service names resolve: app reaches db and cache by name, as under compose.
      expect((await p.podman(['exec', ctr(p, 'app'), 'wget', '-q', '-O-', 'http://db:5432/first'])).stdout).toMatch(/^written at first start \d+\n$/);
      expect((await p.podman(['exec', ctr(p, 'app'), 'wget', '-q', '-O-', 'http://cache:6379/'])).stdout).toBe('cache\n');
      expect(await p.inspect(ctr(p, 'app'), '{{range .Config.Env}}{{println .}}{{end}}')).toContain('DATABASE_URL=postgres://app:change-me@db:5432/app');
      // ... and the published port answers on the host.
      expect(await httpGet(p, `http://127.0.0.1:${port}/`)).toBe('app\n');
      // The secret from the environment reached app through its private Secret document, never the YAML.
      expect((await p.podman(['exec', ctr(p, 'app'), 'cat', '/run/secrets/api_key'])).stdout).toBe(SECRET_ENV.API_KEY);
      expect((await p.run(['cat', `${actor.quadletDir}/${name}/${name}.yaml`])).stdout).not.toContain(SECRET_ENV.API_KEY);
      // security_opt: podman kube play applied allowPrivilegeEscalation and the seccomp annotation: app's runtime
      // config has no seccomp filter, db's has podman's default. (/proc's Seccomp: cannot tell: every process
      // systemd starts in the bed inherits systemd-nspawn's own filter.)
      expect((await p.podman(['exec', ctr(p, 'app'), 'cat', '/proc/1/status'])).stdout).toMatch(/^NoNewPrivs:\s+1$/m);
      expect(await seccompOf(p, ctr(p, 'app'))).toBeUndefined();
      expect(await seccompOf(p, ctr(p, 'db'))).toBeDefined();

      // Data in a claim survives down and up: the claim is a podman volume that down keeps.
      const first = (await p.podman(['exec', ctr(p, 'db'), 'cat', '/data/first'])).stdout;
      const down = await p.cli('down');
      expect(down.code, down.stdout + down.stderr).toBe(0);
      expect(await installed(p)).toEqual([]);
      expect((await p.show(`${name}.service`, ['LoadState']))['LoadState']).toBe('not-found');
      expect((await p.podman(['ps', '--all', '--filter', `label=com.docker.compose.project=${name}`, '--format', '{{.Names}}'])).stdout.trim()).toBe('');
      expect((await p.podman(['volume', 'exists', `${name}-dbdata`], false)).code).toBe(0);
      await p.up([], SECRET_ENV);
      expect((await p.podman(['exec', ctr(p, 'db'), 'cat', '/data/first'])).stdout).toBe(first);

      // down --volumes removes the claims' volumes (the cleanup runs it again, harmlessly).
      const wipe = await p.cli('down', ['--volumes']);
      expect(wipe.code, wipe.stdout + wipe.stderr).toBe(0);
      expect((await p.podman(['volume', 'exists', `${name}-dbdata`], false)).code).toBe(1);
    }),
    { cliArgs: args },
  );
}

async function migration(actor: Actor, name: string, port: number): Promise<void> {
  await withProject(
    actor,
    name,
    withJournal(async (p) => {
      // examples/migration with the bed's image: the job writes into the claim, app serves it read-only.
      await p.write(`name: ${name}
services:
  migrate:
    image: ${BED_IMAGE}
    command: ["sh", "-c", "echo migrating; sleep 2; date +%s > /state/migrated"]
    volumes:
      - state:/state

  app:
    image: ${BED_IMAGE}
    init: true
    command: ["httpd", "-f", "-p", "8080", "-h", "/state"]
    ports:
      - "${port}:8080"
    volumes:
      - state:/state:ro
    depends_on:
      migrate:
        condition: service_completed_successfully
    restart: on-failure:5

volumes:
  state:
`);
      const up = await p.up();
      expect(up.stderr).toContain('warning[C761]');
      expect((await p.show(`${name}.service`, ['ActiveState']))['ActiveState']).toBe('active');
      // The job ran to completion as an init container of app's pod, before app started: app serves its output.
      const migrated = Number((await p.podman(['exec', ctr(p, 'app'), 'cat', '/state/migrated'])).stdout.trim());
      expect(migrated * 1000).toBeLessThanOrEqual(await startedAt(p, ctr(p, 'app')));
      expect((await httpGet(p, `http://127.0.0.1:${port}/migrated`)).trim()).toBe(String(migrated));
      // podman removes a finished init container; only app runs in the pod.
      const names = await waitFor(async () => {
        const r = (await p.podman(['ps', '--all', '--filter', `pod=${name}-app-pod`, '--format', '{{.Names}}'])).stdout.trim().split('\n').filter((n) => !n.endsWith('-infra'));
        return r.length === 1 ? r : undefined;
      }, 'the init container to be removed', 30_000);
      expect(names).toEqual([ctr(p, 'app')]);
      // The app is read-only on the claim, as in compose.
      expect((await p.podman(['exec', ctr(p, 'app'), 'sh', '-c', 'touch /state/x 2>&1; echo $?'], false)).stdout).toMatch(/Read-only file system[\s\S]*1\n$/);
    }),
    { cliArgs: args },
  );
}

await bedSuites(
  'kube',
  (s) => {
    s.scenario('K1 webapp as Kubernetes YAML (root): pods under systemd, names resolve, health gate, claim survives down/up', () => webapp(s.root(), 'kweb', 18100));
    s.scenario('K2 migration as Kubernetes YAML (root): the job runs first as an init container', () => migration(s.root(), 'kblog', 18101));
    s.scenario('K1 webapp as Kubernetes YAML (rootless)', () => webapp(s.user(), 'kwebu', 18102));
    s.scenario('K2 migration as Kubernetes YAML (rootless)', () => migration(s.user(), 'kblogu', 18103));
  },
  { beds: ['podman5'] },
);

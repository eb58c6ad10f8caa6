import { describe, expect, it } from 'vitest';
import { blockerMap } from '../../../src/apply/up.js';
import { FAIL_IF_KILLED, HEALTH_WAIT_SCRIPT, REQUIRE_ACTIVE, WRITE_FILE } from '../../../src/output/shared/shell-steps.js';
import { renderUnit } from '../../../src/systemd/render.js';
import { located, plan, planOk, rendered, unit, value, values, words } from './units-fixture.js';
import type { UnitFile } from '../../../src/systemd/unit-file.js';

/** The units the start check of `u` requires to be active ([] without a check), and the systemctl scope flag. */
function requiredCheck(u: UnitFile): { scope?: string; units: string[] } {
  for (let i = 0; ; i++) {
    let w: string[];
    try {
      w = words(u, 'ExecStartPre', i);
    } catch {
      return { units: [] };
    }
    if (w[2] === JSON.stringify(REQUIRE_ACTIVE).replace(/\$/g, '$$$$')) return { scope: w[4], units: w.slice(5) };
  }
}

const WEB_DB = (db: string, condition = 'service_healthy', extra = '') => `services:
  web:
    image: nginx
    depends_on:
      db:
        condition: ${condition}${extra}
  db:
    image: postgres
${db}`;

const HEALTHY_DB = `    healthcheck:
      test: ["CMD", "pg_isready"]
      interval: 5s
      timeout: 2s
      retries: 4
      start_period: 10s
`;

describe('service_healthy', () => {
  it('on podman 4.3: conmon notify plus a bounded start-post step polling the health check', () => {
    const p = planOk(WEB_DB(HEALTHY_DB));
    const db = unit(p, 'app-db.service');
    expect(words(db, 'ExecStart')).toContain('--sdnotify=conmon');
    // deadline = 10 + 4 * (5 + 2) = 38 s, polled every min(5 s start interval, 5 s interval)
    expect(words(db, 'ExecStartPost')).toEqual(['/bin/sh', '-c', expect.any(String), 'sh', '/usr/bin/podman', 'app-db-1', '38', '5']);
    expect(value(db, 'Service', 'TimeoutStartSec')).toBe(`${38 + 2 + 5 + 60}s`);
    const web = unit(p, 'app-web.service');
    expect(values(web, 'Unit', 'After')).toContain('app-db.service');
    // checked at start, never pulled in: a restart of web must not start a stopped db
    expect(values(web, 'Unit', 'Requires').join(' ')).not.toContain('app-db.service');
    expect(values(web, 'Unit', 'Wants').join(' ')).not.toContain('app-db.service');
    expect(requiredCheck(web)).toEqual({ scope: '--user', units: ['app-db.service'] });
    // the waiting service itself is not gated
    expect(values(web, 'Service', 'ExecStartPost')).toEqual([]);
  });

  it('on podman 5: --sdnotify=healthy and no polling step', () => {
    const p = planOk(WEB_DB(HEALTHY_DB), { podmanVersion: '5.0' });
    const db = unit(p, 'app-db.service');
    expect(words(db, 'ExecStart')).toContain('--sdnotify=healthy');
    expect(words(db, 'ExecStart')).not.toContain('--sdnotify=conmon');
    expect(values(db, 'Service', 'ExecStartPost')).toEqual([]);
    expect(value(db, 'Service', 'TimeoutStartSec')).toBe('105s');
  });

  it('is an error at the depends_on entry when the dependency has no healthcheck', () => {
    const r = plan(WEB_DB(''));
    expect(r.plan).toBeUndefined();
    expect(located(r)).toEqual(['C701@5:7']);
  });

  it('is an error when the dependency disables its healthcheck', () => {
    const r = plan(WEB_DB('    healthcheck:\n      disable: true\n'));
    expect(located(r)).toEqual(['C701@5:7']);
  });

  it('is an error when a service is waited on both as healthy and as completed', () => {
    const r = plan(`services:
  a:
    image: x
    depends_on: {s: {condition: service_healthy}}
  b:
    image: x
    depends_on: {s: {condition: service_completed_successfully}}
  s:
    image: x
    healthcheck: {test: ["CMD", "true"]}
`);
    expect(located(r)).toEqual(['C709@7:18']);
  });
});

describe('service_completed_successfully', () => {
  const JOB = `services:
  web:
    image: app
    depends_on:
      migrate: {condition: service_completed_successfully}
  migrate:
    image: app
    command: ["migrate"]
`;

  it('runs the dependency as a foreground oneshot that stays active after exiting 0', () => {
    const p = planOk(JOB);
    const m = unit(p, 'app-migrate.service');
    expect(value(m, 'Service', 'Type')).toBe('oneshot');
    expect(value(m, 'Service', 'RemainAfterExit')).toBe('yes');
    expect(value(m, 'Service', 'TimeoutStartSec')).toBe('infinity');
    const run = words(m, 'ExecStart');
    expect(run).not.toContain('-d');
    expect(run.some((w) => w.startsWith('--sdnotify'))).toBe(false);
    expect(run.slice(-2)).toEqual(['app', 'migrate']);
    // an OOM-killed job (137) must not count as completed
    expect(values(m, 'Service', 'SuccessExitStatus')).toEqual([]);
    const web = unit(p, 'app-web.service');
    expect(requiredCheck(web).units).toEqual(['app-migrate.service']);
    expect(values(web, 'Unit', 'After')).toContain('app-migrate.service');
    expect(value(web, 'Service', 'Type')).toBe('notify');
  });

  it('weakens restart: always on a job to on-failure, with a warning', () => {
    const r = plan(JOB + '    restart: always\n');
    expect(located(r)).toEqual(['C707@9:14']);
    expect(value(unit(r.plan!, 'app-migrate.service'), 'Service', 'Restart')).toBe('on-failure');
  });
});

describe('depends_on flags', () => {
  it('required: false gives no start check, still ordered', () => {
    const p = planOk(WEB_DB('', 'service_started', '\n        required: false'));
    const web = unit(p, 'app-web.service');
    expect(requiredCheck(web).units).toEqual([]);
    expect(values(web, 'Unit', 'Requires').join(' ')).not.toContain('app-db.service');
    expect(values(web, 'Unit', 'After')).toContain('app-db.service');
  });

  it('restart: true adds PartOf= the dependency', () => {
    const p = planOk(WEB_DB('', 'service_started', '\n        restart: true'));
    const web = unit(p, 'app-web.service');
    expect(values(web, 'Unit', 'PartOf')).toEqual(['app.target', 'app-db.service']);
    const plain = planOk(WEB_DB('', 'service_started'));
    expect(values(unit(plain, 'app-web.service'), 'Unit', 'PartOf')).toEqual(['app.target']);
  });

  it('lists unit-level dependencies and a start order with dependencies first', () => {
    const p = planOk(WEB_DB(HEALTHY_DB));
    expect(p.startOrder).toEqual(['app-default-network.service', 'app-db-image.service', 'app-web-image.service', 'app-db.service', 'app-web.service', 'app.target']);
    expect(p.dependencies).toEqual([
      { unit: 'app-db.service', requires: ['app-db-image.service', 'app-default-network.service'] },
      { unit: 'app-web.service', requires: ['app-db.service', 'app-default-network.service', 'app-web-image.service'] },
    ]);
    expect(p.target).toBe('app.target');
    expect(p.units.map((u) => u.name)).toEqual([...p.units.map((u) => u.name)].sort());
  });

  it('marks depends_on targets with required: false as optional: up does not count their failure against the dependent', () => {
    const p = planOk('services:\n  db:\n    image: pg\n  cache:\n    image: redis\n  web:\n    image: nginx\n    depends_on:\n      db: { condition: service_started }\n      cache: { condition: service_started, required: false }\n');
    const web = p.dependencies.find((d) => d.unit === 'app-web.service');
    expect(web).toEqual({ unit: 'app-web.service', requires: ['app-cache.service', 'app-db.service', 'app-default-network.service', 'app-web-image.service'], optional: ['app-cache.service'] });
    expect(blockerMap(p.dependencies).get('app-web.service')).toEqual(['app-db.service', 'app-default-network.service', 'app-web-image.service']);
  });
});

describe('service unit shape', () => {
  it('follows the podman generate systemd --new lineage', () => {
    const p = planOk('services:\n  web:\n    image: nginx\n    stop_grace_period: 25s\n');
    const web = unit(p, 'app-web.service');
    expect(values(web, 'Unit', 'Wants')).toEqual(['network-online.target']);
    expect(values(web, 'Unit', 'RequiresMountsFor')).toEqual(['%t/containers']);
    expect(values(web, 'Service', 'Environment')).toEqual(['PODMAN_SYSTEMD_UNIT=%n']);
    expect(value(web, 'Service', 'NotifyAccess')).toBe('all');
    expect(value(web, 'Service', 'SuccessExitStatus')).toBe('143 137');
    expect(value(web, 'Service', 'TimeoutStopSec')).toBe('85s');
    expect(values(web, 'Service', 'ExecStartPre')).toEqual(['-/usr/bin/podman rm --force --ignore --time 0 app-web-1', '/bin/rm -f %t/%n.ctr-id']);
    // a container killed from outside fails the unit; the check runs before podman stop, while a stop's main process lives
    expect(words(web, 'ExecStop', 0)[2]).toBe(JSON.stringify(FAIL_IF_KILLED).replace(/\$/g, '$$$$'));
    expect(words(web, 'ExecStop', 1).slice(0, 2)).toEqual(['/usr/bin/podman', 'stop']);
    const run = words(web, 'ExecStart');
    expect(run.slice(0, 9)).toEqual(['/usr/bin/podman', 'run', '--cidfile=%t/%n.ctr-id', '--cgroups=no-conmon', '--rm', '--sdnotify=conmon', '-d', '--replace', '--pull=never']);
    expect(run).toEqual(expect.arrayContaining(['--name', 'app-web-1', 'com.docker.compose.project=app', 'com.docker.compose.service=web']));
    expect(values(web, 'Service', 'ExecStop')[1]).toBe('/usr/bin/podman stop --ignore -t 25 --cidfile=%t/%n.ctr-id');
    expect(value(web, 'Service', 'ExecStopPost')).toBe('/usr/bin/podman rm -f --ignore -t 25 --cidfile=%t/%n.ctr-id');
    expect(web.header.join('\n')).toMatch(/compose2systemd from compose.yaml.*service web.*\n.*Do not edit/);
  });

  it('uses container_name and the configured podman binary', () => {
    const p = planOk('services:\n  web:\n    image: nginx\n    container_name: front\n', { podman: '/opt/podman/bin/podman' });
    const run = words(unit(p, 'app-web.service'), 'ExecStart');
    expect(run[0]).toBe('/opt/podman/bin/podman');
    expect(run).toEqual(expect.arrayContaining(['--name', 'front']));
  });

  it('refuses a podman path that is not absolute', () => {
    const r = plan('services:\n  web:\n    image: nginx\n', { podman: 'podman' });
    expect(located(r)).toEqual(['C715']);
  });

  it('refuses a service without image or build', () => {
    expect(located(plan('services:\n  web:\n    ports: ["80"]\n'))).toEqual(['C716@2:3']);
  });

  it('refuses services whose units would share a name', () => {
    const r = plan('services:\n  db:\n    image: postgres\n  db-image:\n    image: busybox\n');
    expect(located(r)).toEqual(['C703@4:3']);
  });
});

describe('restart policies', () => {
  it.each([
    ['"no"', 'no', undefined, undefined],
    ['always', 'always', '0', undefined],
    ['unless-stopped', 'always', '0', undefined],
    ['on-failure', 'on-failure', '0', undefined],
    ['on-failure:2', 'on-failure', 'infinity', '3'],
  ])('restart: %s', (policy, restart, interval, burst) => {
    const web = unit(planOk(`services:\n  web:\n    image: nginx\n    restart: ${policy}\n`), 'app-web.service');
    expect(value(web, 'Service', 'Restart')).toBe(restart);
    expect(value(web, 'Unit', 'StartLimitIntervalSec')).toBe(interval);
    expect(value(web, 'Unit', 'StartLimitBurst')).toBe(burst);
    expect(value(web, 'Service', 'RestartSec')).toBe(restart === 'no' ? undefined : '1s');
    expect(value(web, 'Service', 'RestartForceExitStatus')).toBe(restart === 'on-failure' ? '143 137' : undefined);
  });

  it('takes deploy.restart_policy over restart', () => {
    const web = unit(planOk('services:\n  web:\n    image: nginx\n    restart: always\n    deploy:\n      restart_policy: {condition: on-failure, delay: 3s, max_attempts: 5, window: 2m}\n'), 'app-web.service');
    expect([value(web, 'Service', 'Restart'), value(web, 'Service', 'RestartSec'), value(web, 'Unit', 'StartLimitBurst'), value(web, 'Unit', 'StartLimitIntervalSec')]).toEqual(['on-failure', '3s', '6', '120s']);
  });
});

describe('networks', () => {
  const NETS = `services:
  web:
    image: nginx
    networks: [front, shared]
  db:
    image: postgres
networks:
  front:
    name: my-front
    driver: bridge
    internal: true
    ipam:
      config:
        - subnet: 10.5.0.0/24
          gateway: 10.5.0.1
  shared:
    external: true
    name: corp-net
`;

  it('creates the implicit default network and named ones, each by its real name (podman 4.3 form)', () => {
    const p = planOk(NETS);
    expect(p.units.map((u) => u.name)).toEqual(expect.arrayContaining(['app-default-network.service', 'app-front-network.service']));
    expect(p.units.map((u) => u.name)).not.toContain('app-shared-network.service');
    const front = unit(p, 'app-front-network.service');
    expect(value(front, 'Service', 'Type')).toBe('oneshot');
    expect(value(front, 'Service', 'RemainAfterExit')).toBe('yes');
    expect(values(front, 'Service', 'ExecStop')).toEqual([]);
    expect(words(front, 'ExecStart')).toEqual([
      '/bin/sh', '-c', '"\\"$$1\\" network exists \\"$$0\\" || exec \\"$$@\\""', 'my-front',
      '/usr/bin/podman', 'network', 'create', '--driver', 'bridge', '--internal', '--subnet', '10.5.0.0/24', '--gateway', '10.5.0.1',
      '--label', 'com.docker.compose.project=app', '--label', 'com.docker.compose.network=front', 'my-front',
    ]);
    const def = unit(p, 'app-default-network.service');
    expect(words(def, 'ExecStart').at(-1)).toBe('app_default');
  });

  it('uses network create --ignore where podman has it', () => {
    const front = unit(planOk(NETS, { podmanVersion: '4.4' }), 'app-front-network.service');
    expect(words(front, 'ExecStart').slice(0, 4)).toEqual(['/usr/bin/podman', 'network', 'create', '--ignore']);
  });

  it('makes services require their network units and check external networks', () => {
    const p = planOk(NETS);
    const web = unit(p, 'app-web.service');
    expect(values(web, 'Unit', 'Requires')[0]).toBe('app-front-network.service app-web-image.service');
    expect(values(web, 'Service', 'ExecStartPre')).toContain('/usr/bin/podman network exists corp-net');
    expect(words(web, 'ExecStart')).toEqual(expect.arrayContaining(['--network', 'my-front:alias=web', 'corp-net:alias=web']));
    expect(values(unit(p, 'app-db.service'), 'Unit', 'Requires')[0]).toBe('app-default-network.service app-db-image.service');
  });
});

describe('volumes', () => {
  const VOLS = `services:
  db:
    image: postgres
    volumes:
      - data:/var/lib/postgresql/data
      - old:/old
volumes:
  data:
    name: pgdata
    driver_opts: {type: tmpfs, device: tmpfs}
  old:
    external: true
  unused: {}
`;

  it('creates used named volumes by their real name, never removes them, and checks external ones', () => {
    const p = planOk(VOLS);
    const names = p.units.map((u) => u.name);
    expect(names).toContain('app-data-volume.service');
    expect(names).not.toContain('app-old-volume.service');
    expect(names).not.toContain('app-unused-volume.service');
    const data = unit(p, 'app-data-volume.service');
    expect(words(data, 'ExecStart').slice(4)).toEqual([
      '/usr/bin/podman', 'volume', 'create', '--opt', 'type=tmpfs', '--opt', 'device=tmpfs',
      '--label', 'com.docker.compose.project=app', '--label', 'com.docker.compose.volume=data', 'pgdata',
    ]);
    expect(values(data, 'Service', 'ExecStop')).toEqual([]);
    expect(values(data, 'Service', 'ExecStopPost')).toEqual([]);
    const db = unit(p, 'app-db.service');
    expect(values(db, 'Unit', 'Requires')[0]).toContain('app-data-volume.service');
    expect(values(db, 'Service', 'ExecStartPre')).toContain('/usr/bin/podman volume exists old');
  });

  it('uses volume create --ignore on podman 5', () => {
    expect(words(unit(planOk(VOLS, { podmanVersion: '5.4' }), 'app-data-volume.service'), 'ExecStart').slice(0, 4)).toEqual(['/usr/bin/podman', 'volume', 'create', '--ignore']);
  });
});

describe('replicas', () => {
  const REPL = `services:
  worker:
    image: app
    deploy: {replicas: 3}
  web:
    image: nginx
    depends_on: [worker]
`;

  it('writes a template unit, one instance per replica, and dependents require every instance', () => {
    const p = planOk(REPL);
    const w = unit(p, 'app-worker@.service');
    expect(value(w, 'Unit', 'Description')).toBe('app: service worker (instance %i)');
    expect(words(w, 'ExecStart')).toEqual(expect.arrayContaining(['--name', 'app-worker-%i']));
    expect(values(unit(p, 'app.target'), 'Unit', 'Wants')).toEqual(['app-worker@1.service', 'app-worker@2.service', 'app-worker@3.service', 'app-web.service']);
    expect(requiredCheck(unit(p, 'app-web.service')).units).toEqual(['app-worker@1.service', 'app-worker@2.service', 'app-worker@3.service']);
    expect(p.startOrder.slice(-2)).toEqual(['app-web.service', 'app.target']);
  });

  it('polls the health of a template instance by its instance name', () => {
    const p = planOk(`services:\n  web:\n    image: nginx\n    depends_on: {db: {condition: service_healthy}}\n  db:\n    image: pg\n    scale: 2\n    healthcheck: {test: ["CMD", "true"]}\n`);
    expect(words(unit(p, 'app-db@.service'), 'ExecStartPost')[5]).toBe('app-db-%i');
  });

  it.each([
    ['container_name with replicas', 'services:\n  w:\n    image: x\n    container_name: worker\n    scale: 2\n', ['C710@4:21']],
    ['scale and deploy.replicas disagree', 'services:\n  w:\n    image: x\n    scale: 2\n    deploy: {replicas: 3}\n', ['C711@4:12']],
  ])('%s is an error', (_, yaml, expected) => {
    expect(located(plan(yaml))).toEqual(expected);
  });

  it('scale 0 writes the template but starts no instance', () => {
    const r = plan('services:\n  w:\n    image: x\n    scale: 0\n');
    expect(located(r)).toEqual(['C717@4:12']);
    expect(r.plan!.units.map((u) => u.name)).toContain('app-w@.service');
    expect(values(unit(r.plan!, 'app.target'), 'Unit', 'Wants')).toEqual([]);
  });

  it('warns when replicas would bind one fixed host port', () => {
    expect(located(plan('services:\n  w:\n    image: x\n    scale: 2\n    ports: ["8080:80"]\n'))).toEqual(['C714@5:13']);
  });
});

describe('images', () => {
  it.each([
    [undefined, ['/bin/sh', '-c', '"\\"$$1\\" image exists \\"$$0\\" || exec \\"$$@\\""', 'nginx:1.25', '/usr/bin/podman', 'pull', 'nginx:1.25']],
    ['missing', ['/bin/sh', '-c', '"\\"$$1\\" image exists \\"$$0\\" || exec \\"$$@\\""', 'nginx:1.25', '/usr/bin/podman', 'pull', 'nginx:1.25']],
    ['always', ['/usr/bin/podman', 'pull', 'nginx:1.25']],
    ['never', ['/usr/bin/podman', 'image', 'exists', 'nginx:1.25']],
  ])('pull_policy %s', (policy, expected) => {
    const p = planOk(`services:\n  web:\n    image: nginx:1.25\n${policy ? `    pull_policy: ${policy}\n` : ''}`);
    const img = unit(p, 'app-web-image.service');
    expect(words(img, 'ExecStart')).toEqual(expected);
    expect(value(img, 'Service', 'TimeoutStartSec')).toBe('30min');
    expect(value(img, 'Service', 'RemainAfterExit')).toBe('yes');
    expect(values(unit(p, 'app-web.service'), 'Unit', 'Requires')[0]).toContain('app-web-image.service');
  });

  it('treats a refresh schedule as missing, with a warning', () => {
    const r = plan('services:\n  web:\n    image: nginx\n    pull_policy: daily\n');
    expect(located(r)).toEqual(['C712@4:18']);
    expect(words(unit(r.plan!, 'app-web-image.service'), 'ExecStart')[5]).toBe('pull');
  });

  it('builds with podman build, tagging the image name and reading dockerfile relative to the context', () => {
    const p = planOk('services:\n  app:\n    image: registry.example/app:2\n    build:\n      context: ./src\n      dockerfile: docker/Dockerfile\n      args: {VERSION: "1 2"}\n      target: prod\n');
    const b = unit(p, 'app-app-build.service');
    expect(p.units.map((u) => u.name)).not.toContain('app-app-image.service');
    expect(value(b, 'Service', 'TimeoutStartSec')).toBe('infinity');
    expect(words(b, 'ExecStart').slice(4)).toEqual([
      '/usr/bin/podman', 'build', '--tag', 'registry.example/app:2', '--file', '/srv/app/src/docker/Dockerfile', '--build-arg', '"VERSION=1 2"', '--target', 'prod', '/srv/app/src',
    ]);
    expect(words(unit(p, 'app-app.service'), 'ExecStart').at(-1)).toBe('registry.example/app:2');
  });

  it('names an unnamed build localhost/<project>-<service>, with a warning', () => {
    const r = plan('services:\n  App:\n    build: .\n    pull_policy: build\n');
    expect(located(r)).toEqual(['C708@3:5']);
    expect(words(unit(r.plan!, 'app-App-build.service'), 'ExecStart')).toEqual(['/usr/bin/podman', 'build', '--tag', 'localhost/app-app:latest', '/srv/app']);
  });

  it('gives dockerfile_inline to podman build on standard input', () => {
    const p = planOk('services:\n  app:\n    image: a\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM alpine\n\n        RUN echo "100%"\n');
    const b = unit(p, 'app-app-build.service');
    expect(value(b, 'Service', 'StandardInput')).toBe('data');
    expect(values(b, 'Service', 'StandardInputText')).toEqual(['FROM alpine\\n', 'RUN echo "100%%"']);
    expect(words(b, 'ExecStart')).toEqual(expect.arrayContaining(['--file', '-']));
  });
});

describe('pod mode', () => {
  const POD = `services:
  web:
    image: nginx
    ports: ["8080:80"]
    dns: [1.1.1.1]
    depends_on:
      migrate: {condition: service_completed_successfully}
  db:
    image: postgres
    ports: ["127.0.0.1:5432:5432"]
  migrate:
    image: app
`;

  it('creates the pod with every service port, name resolution to 127.0.0.1 and the project network', () => {
    const r = plan(POD, { pod: true });
    const p = r.plan!;
    const pod = unit(p, 'app-pod.service');
    expect(value(pod, 'Service', 'Type')).toBe('forking');
    expect(value(pod, 'Service', 'PIDFile')).toBe('%t/%n.pid');
    const create = words(pod, 'ExecStartPre', 1);
    expect(create.slice(0, 11)).toEqual([
      '/usr/bin/podman', 'pod', 'create', '--infra-conmon-pidfile', '%t/%n.pid', '--pod-id-file', '%t/%n.pod-id', '--exit-policy=continue', '--replace', '--name', 'app',
    ]);
    expect(create.join(' ')).toContain('--network app_default --publish 127.0.0.1:5432:5432 --publish 8080:80 --add-host db:127.0.0.1 --add-host migrate:127.0.0.1 --add-host web:127.0.0.1 --dns 1.1.1.1');
    expect(value(pod, 'Service', 'ExecStart')).toBe('/usr/bin/podman pod start --pod-id-file %t/%n.pod-id');
    expect(value(pod, 'Service', 'ExecStopPost')).toBe('/usr/bin/podman pod rm --ignore -f --pod-id-file %t/%n.pod-id');
    expect(values(pod, 'Unit', 'Requires')).toEqual(['app-default-network.service']);
    // a restarted pod brings back the containers bound to it
    expect(values(pod, 'Unit', 'Wants')).toEqual(['network-online.target', 'app-db.service app-migrate.service app-web.service']);
    // DNS set by one service applies to all: a warning at web's dns key
    expect(located(r)).toEqual(['C706@5:5']);
  });

  it('joins containers to the pod and binds them to its unit; no ports or networks of their own', () => {
    const p = planOk(POD, { pod: true });
    const web = unit(p, 'app-web.service');
    const run = words(web, 'ExecStart');
    expect(run).toEqual(expect.arrayContaining(['--pod-id-file', '%t/app-pod.service.pod-id']));
    expect(run.some((w) => w.startsWith('--publish') || w.startsWith('--network') || w.startsWith('--dns'))).toBe(false);
    expect(values(web, 'Unit', 'BindsTo')).toEqual(['app-pod.service']);
    expect(values(web, 'Unit', 'After')).toContain('app-pod.service');
    expect(values(web, 'Unit', 'Requires')[0]).toBe('app-web-image.service');
  });

  it('keeps --exit-policy=stop when no one-shot job runs in the pod', () => {
    const p = planOk('services:\n  web:\n    image: nginx\n', { pod: true });
    expect(words(unit(p, 'app-pod.service'), 'ExecStartPre', 1)).toContain('--exit-policy=stop');
  });

  it('refuses two services publishing the same host port', () => {
    const r = plan('services:\n  a:\n    image: x\n    ports: ["8080:80"]\n  b:\n    image: y\n    ports: ["0.0.0.0:8080:8080"]\n', { pod: true });
    expect(r.plan).toBeUndefined();
    // reported at the second entry, with the first as a related place
    expect(located(r)).toEqual(['C704@7:13']);
  });

  it('refuses replicas with ports in a pod', () => {
    expect(located(plan('services:\n  a:\n    image: x\n    scale: 2\n    ports: ["80"]\n', { pod: true }))).toEqual(['C704@5:13']);
  });

  it('only warns about the same clash without a pod', () => {
    const r = plan('services:\n  a:\n    image: x\n    ports: ["8080:80"]\n  b:\n    image: y\n    ports: ["0.0.0.0:8080:8080"]\n');
    expect(located(r)).toEqual(['C714@7:13']);
  });

  it('refuses extra_hosts entries that give one name two addresses', () => {
    const r = plan('services:\n  a:\n    image: x\n    extra_hosts: ["api:10.0.0.1"]\n  b:\n    image: y\n    extra_hosts: ["api:10.0.0.2", "db:10.0.0.3"]\n  db:\n    image: z\n', { pod: true });
    expect(located(r)).toEqual(['C705@7:19', 'C705@7:35']);
  });

  it('passes through the support check\'s refusals of per-container network keys', () => {
    // network_mode in a pod is the support table's business (C554); the planner itself adds nothing
    const r = plan('services:\n  a:\n    image: x\n    hostname: h\n', { pod: true });
    expect(r.plan).toBeDefined();
  });
});

describe('target and scope', () => {
  it('the target wants every service and is wanted by default.target for user units', () => {
    const p = planOk(WEB_DB(HEALTHY_DB));
    const t = unit(p, 'app.target');
    expect(values(t, 'Unit', 'Wants')).toEqual(['app-db.service', 'app-web.service']);
    expect(values(t, 'Install', 'WantedBy')).toEqual(['default.target']);
    for (const u of p.units.filter((x) => x.name !== 'app.target')) expect(values(u, 'Unit', 'PartOf')[0]).toBe('app.target');
  });

  it('--system changes only WantedBy= and the scope of the start check', () => {
    const yaml = WEB_DB(HEALTHY_DB);
    const user = rendered(planOk(yaml, { scope: 'user' })).split('\n');
    const system = rendered(planOk(yaml, { scope: 'system' })).split('\n');
    const differ = user.map((l, i) => [l, system[i]]).filter(([a, b]) => a !== b);
    expect(differ.map(([a, b]) => [a!.replace(/.* \/usr/, '/usr'), b!.replace(/.* \/usr/, '/usr')])).toEqual([
      ['/usr/bin/systemctl --user \\', '/usr/bin/systemctl --system \\'],
      ['WantedBy=default.target', 'WantedBy=multi-user.target'],
    ]);
  });
});

describe('determinism', () => {
  it('renders the same bytes for the same input, whatever the order of the file', () => {
    const a = `services:
  web:
    image: nginx
    depends_on: [db, cache]
  cache:
    image: redis
  db:
    image: postgres
    volumes: [data:/d]
volumes:
  data: {}
`;
    const b = `volumes:
  data: {}
services:
  db:
    volumes: [data:/d]
    image: postgres
  cache:
    image: redis
  web:
    depends_on: [db, cache]
    image: nginx
`;
    const first = rendered(planOk(a));
    expect(rendered(planOk(a))).toBe(first);
    expect(rendered(planOk(b))).toBe(first);
  });
});

describe('escaping', () => {
  it('passes a command through systemd byte for byte: %, $, quotes, spaces and newlines', async () => {
    const { dumpUnit, verifyUnavailable } = await import('../../support/verify-units.js');
    const command = ['echo', '100%', '$HOME', '${X}', 'it\'s', '"quoted"', 'two words', 'line1\nline2', '\\back', '%n'];
    // `$$` in the compose file is a literal `$` after interpolation
    const p = planOk(`services:\n  web:\n    image: nginx\n    command: ${JSON.stringify(command).replace(/\$/g, '$$$$')}\n`);
    const web = unit(p, 'app-web.service');
    expect(words(web, 'ExecStart').slice(-command.length)).toEqual(['echo', '100%%', '$$HOME', '$${X}', '"it\'s"', '"\\"quoted\\""', '"two words"', '"line1\\nline2"', '"\\\\back"', '%%n']);
    if (verifyUnavailable()) return;
    const dump = await dumpUnit(p.units.map((u) => ({ name: u.name, text: renderUnit(u) })), 'app-web.service');
    if (dump.skipped) return;
    const start = dump.commands.find((c) => c.key === 'ExecStart')!;
    expect(start.argv.slice(-command.length).map((a) => a.replace(/\$\$/g, '$'))).toEqual(command);
  });

  it('gives the health wait script to /bin/sh exactly', async () => {
    const { dumpUnit, verifyUnavailable } = await import('../../support/verify-units.js');
    if (verifyUnavailable()) return;
    const p = planOk(WEB_DB(HEALTHY_DB));
    const dump = await dumpUnit(p.units.map((u) => ({ name: u.name, text: renderUnit(u) })), 'app-db.service');
    if (dump.skipped) return;
    const post = dump.commands.find((c) => c.key === 'ExecStartPost')!;
    expect(post.argv.slice(0, 3).map((a) => a.replace(/\$\$/g, '$'))).toEqual(['/bin/sh', '-c', HEALTH_WAIT_SCRIPT]);
  });

  it('gives the config writing script and its content to /bin/sh exactly', async () => {
    const { dumpUnit, verifyUnavailable } = await import('../../support/verify-units.js');
    if (verifyUnavailable()) return;
    const p = planOk('services:\n  web:\n    image: nginx\n    configs: [site]\nconfigs:\n  site:\n    content: "a %s $$HOME\\n"\n');
    const dump = await dumpUnit(p.units.map((u) => ({ name: u.name, text: renderUnit(u) })), 'app-web.service', { user: true });
    if (dump.skipped) return;
    const write = dump.commands.filter((c) => c.key === 'ExecStartPre')[2]!;
    const argv = write.argv.map((a) => a.replace(/\$\$/g, '$'));
    expect(argv[2]).toBe(WRITE_FILE);
    expect(argv[3]).toMatch(/^\/.*\/compose2systemd\/app\/configs\/site$/);
    expect(argv.slice(4)).toEqual(['a %s $HOME\n', '0444']);
  });

  it('locates a run flag that cannot be written at its compose key', () => {
    const r = plan('services:\n  web:\n    image: nginx\n    environment:\n      OK: "fine"\n      BAD: "a\\0b"\n');
    expect(located(r)).toEqual(['C702@6:12']);
  });

  it('refuses a value systemd cannot carry, at its place in the compose file', () => {
    const r = plan('services:\n  web:\n    image: nginx\n    command: ["echo", "a\\0b"]\n');
    expect(r.plan).toBeUndefined();
    expect(located(r)).toEqual(['C702@4:23']);
  });
});

describe('secrets, configs and shared namespaces', () => {
  const FILES = `services:
  web:
    image: nginx
    secrets: [token, env_token, outside]
    configs: [{source: site, target: /etc/site.conf}]
secrets:
  token:
    file: ./token.txt
  env_token:
    environment: TOKEN
  outside:
    external: true
    name: corp-token
configs:
  site:
    content: "server {}\\n"
`;

  it('recreates file and environment secrets in units of their own and checks external ones', () => {
    const r = plan(FILES, {}, {});
    const p = r.plan!;
    const token = unit(p, 'app-secret-token.service');
    expect(value(token, 'Service', 'Type')).toBe('oneshot');
    expect(words(token, 'ExecStart').slice(3)).toEqual(['app_token', '/usr/bin/podman', 'secret', 'create', 'app_token', '/srv/app/token.txt']);
    expect(p.units.map((u) => u.name)).not.toContain('app-secret-outside.service');
    const web = unit(p, 'app-web.service');
    expect(values(web, 'Unit', 'Requires')[0]).toBe('app-default-network.service app-secret-token.service app-secret-env_token.service app-web-image.service');
    expect(values(web, 'Service', 'ExecStartPre')).toContain('/usr/bin/podman secret inspect --format {{.ID}} corp-token');
  });

  it('keeps an environment secret\'s value out of its unit: a private file (0600) holds it, the unit names the file', () => {
    const r = plan(FILES, {}, { '.env': 'TOKEN=s3cret\n' });
    expect(r.diagnostics).toEqual([]);
    const u = unit(r.plan!, 'app-secret-env_token.service');
    expect(words(u, 'ExecStart').slice(3)).toEqual(['app_env_token', '/usr/bin/podman', 'secret', 'create', 'app_env_token', '%E/compose2systemd/app/secret-env_token']);
    expect(rendered(r.plan!)).not.toContain('s3cret');
    const file = r.files!.find((f) => f.name === 'secret-env_token')!;
    expect(file).toMatchObject({ root: 'private', content: 's3cret', mode: 0o600, sensitive: true, redacted: '<secret from $TOKEN>\n' });
  });

  it('writes inline configs before the container starts and mounts them read-only', () => {
    const p = planOk(FILES);
    const web = unit(p, 'app-web.service');
    const pre = words(web, 'ExecStartPre', 3);
    expect(pre.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(pre.slice(3)).toEqual(['%t/compose2systemd/app/configs/site', '"server {}\\n"', '0444']);
    expect(words(web, 'ExecStart')).toEqual(expect.arrayContaining(['--volume', '%t/compose2systemd/app/configs/site:/etc/site.conf:ro']));
  });

  it('names a written config file after the config\'s key, never after its `name:`', () => {
    // `name:` is free text: as a path it could leave the folder (the unit runs as root for --system), and two
    // configs sharing a name would share one file, so one service would see the other's content.
    const p = planOk(`services:
  a:
    image: x
    configs: [{source: evil, target: /a}, {source: twin, target: /b}]
configs:
  evil:
    content: x
    name: ../../../../home/x/.bashrc
  twin:
    content: y
    name: ../../../../home/x/.bashrc
`);
    const a = unit(p, 'app-a.service');
    const written = [0, 1].map((i) => words(a, 'ExecStartPre', 2 + i)[3]);
    expect(written).toEqual(['%t/compose2systemd/app/configs/evil', '%t/compose2systemd/app/configs/twin']);
    expect(rendered(p)).not.toContain('.bashrc');
  });

  it('orders a service that shares another\'s network namespace after it, restarting with it', () => {
    const p = planOk('services:\n  vpn:\n    image: vpn\n  app:\n    image: app\n    network_mode: "service:vpn"\n');
    const app = unit(p, 'app-app.service');
    expect(values(app, 'Unit', 'Requires')).toEqual(['app-app-image.service']);
    expect(requiredCheck(app).units).toEqual(['app-vpn.service']);
    expect(values(app, 'Unit', 'PartOf')).toEqual(['app.target', 'app-vpn.service']);
    expect(words(app, 'ExecStart')).toEqual(expect.arrayContaining(['--network', 'container:app-vpn-1']));
    expect(p.startOrder.indexOf('app-vpn.service')).toBeLessThan(p.startOrder.indexOf('app-app.service'));
  });
});

describe('extra_hosts with host-gateway', () => {
  const YAML = 'services:\n  web:\n    image: x\n    extra_hosts: ["host.docker.internal:host-gateway", "db.local:10.0.0.5"]\n    build: {context: ., extra_hosts: ["h:host-gateway"]}\n';

  it('is left out below podman 4.7, which refuses it (check-support warns, C558), and kept from 4.7', () => {
    const old = rendered(planOk(YAML, { podmanVersion: '4.3' }));
    expect(old).not.toContain('host-gateway');
    expect(old).toContain('--add-host db.local:10.0.0.5');
    const current = rendered(planOk(YAML, { podmanVersion: '4.7' }));
    expect(current).toContain('--add-host host.docker.internal:host-gateway');
    expect(current).toContain('--add-host h:host-gateway');
  });

  it('is left out of the pod below 4.7 too', () => {
    expect(rendered(planOk(YAML, { podmanVersion: '4.3', pod: true }))).not.toContain('host-gateway');
    expect(rendered(planOk(YAML, { podmanVersion: '4.7', pod: true }))).toContain('--add-host host.docker.internal:host-gateway');
  });
});

describe('the podman versions described', () => {
  it('4.0 to 6.0 plan without a word; outside that range a warning (C720) says how the output is written', () => {
    const yaml = 'services:\n  web:\n    image: x\n';
    for (const v of ['4.0', '5.4', '6.0']) expect(plan(yaml, { podmanVersion: v }).diagnostics).toEqual([]);
    const newer = plan(yaml, { podmanVersion: '6.2' });
    expect(newer.plan).toBeDefined();
    expect(newer.diagnostics.map((d) => [d.code, d.message])).toEqual([['C720', 'podman 6.2 is newer than 6.0, the newest compose2systemd describes: what later versions add is not used']]);
    expect(plan(yaml, { podmanVersion: '3.4' }).diagnostics.map((d) => d.code)).toEqual(['C720']);
  });
});

describe('faults', () => {
  const RESTART_WITH = `services:
  web:
    image: nginx
    depends_on:
      db:
        condition: service_started
        restart: true
  db:
    image: postgres
    restart: always
`;
  it('keeps a crash restart of a dependency from restarting its restart: true dependents (RestartMode=direct, podman 5)', () => {
    const p = planOk(RESTART_WITH, { podmanVersion: '5.4' });
    expect(value(unit(p, 'app-db.service'), 'Service', 'RestartMode')).toBe('direct');
    expect(values(unit(p, 'app-web.service'), 'Unit', 'PartOf')).toEqual(['app.target', 'app-db.service']);
    expect(values(unit(p, 'app-web.service'), 'Service', 'RestartMode')).toEqual([]);
    expect(p.diagnostics.map((d) => d.code)).not.toContain('C724');
  });

  it('warns with C724 at the restart policy where the target systemd has no RestartMode=', () => {
    const r = plan(RESTART_WITH, { podmanVersion: '4.3' });
    expect(located(r)).toContain('C724@10:14');
    expect(r.diagnostics.find((d) => d.code === 'C724')?.message).toContain('app-web.service restarts too');
  });

  it('writes no RestartMode= without a restart: true dependent or without a restart policy', () => {
    const p = planOk(RESTART_WITH.replace('        restart: true\n', ''), { podmanVersion: '5.4' });
    expect(values(unit(p, 'app-db.service'), 'Service', 'RestartMode')).toEqual([]);
    const q = plan(RESTART_WITH.replace('    restart: always\n', ''), { podmanVersion: '4.3' });
    expect(q.diagnostics.map((d) => d.code)).not.toContain('C724');
  });
});

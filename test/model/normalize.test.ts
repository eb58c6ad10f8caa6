import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { ComposeProject, Service } from '../../src/model/types.js';
import { normalizeYaml, type NormalizeYamlOptions } from '../support/normalize-yaml.js';

type Options = NormalizeYamlOptions;
const normalize = normalizeYaml;

function project(yaml: string, options: Options = {}): ComposeProject {
  const { result } = normalize(yaml, options);
  expect(result.diagnostics).toEqual([]);
  expect(result.project).toBeDefined();
  return result.project!;
}

function service(yaml: string, name = 'app', options: Options = {}): Service {
  const s = project(yaml, options).services.get(name);
  expect(s).toBeDefined();
  return s!;
}

/** `C501@3:12` for each diagnostic: code and where its primary label starts. */
function located(yaml: string, options: Options = {}): string[] {
  const { result, source } = normalize(yaml, options);
  return result.diagnostics.map((d: Diagnostic) => {
    const span = d.labels[0]?.span;
    if (!span) return d.code;
    const p = source.positionOf(span.start);
    return `${d.code}@${p.line}:${p.column}`;
  });
}

describe('normalizeProject: project level', () => {
  it('sorts services and resources and names resources after the project', () => {
    const p = project(`
services:
  web: {image: nginx}
  api: {image: api}
networks:
  front: {}
  back: {name: custom-back}
  outside: {external: true}
volumes:
  data:
  legacy: {external: {name: old-data}}
x-common: {a: 1}
`);
    expect([...p.services.keys()]).toEqual(['api', 'web']);
    expect([...p.networks.keys()]).toEqual(['back', 'default', 'front', 'outside']);
    expect(p.networks.get('front')?.name).toBe('proj_front');
    expect(p.networks.get('back')?.name).toBe('custom-back');
    expect(p.networks.get('outside')).toMatchObject({ name: 'outside', external: true });
    expect(p.networks.get('default')).toMatchObject({ name: 'proj_default', external: false });
    expect(p.volumes.get('data')?.name).toBe('proj_data');
    expect(p.volumes.get('legacy')).toMatchObject({ name: 'old-data', external: true });
    expect(p.extensions.get('x-common')).toEqual({ a: 1 });
    expect(p.keys).toEqual(new Set(['services', 'networks', 'volumes', 'x-common']));
    expect(p.workingDir).toBe('/srv/proj');
  });

  it('adds the default network only when a service uses it', () => {
    const p = project(`
services:
  a: {image: x, network_mode: host}
  b: {image: x, networks: [front]}
networks: {front: {}}
`);
    expect(p.networks.has('default')).toBe(false);
    expect(p.services.get('a')?.networks).toEqual([]);
    expect(p.services.get('b')?.networks.map((n) => n.name)).toEqual(['front']);
    // An empty `networks:` attaches nothing explicitly, so compose still uses the default network.
    expect(project('services:\n  a:\n    image: x\n    networks:\n').services.get('a')?.networks.map((n) => n.name)).toEqual(['default']);
  });

  it('reads secrets and configs from files, the environment, content or outside', () => {
    const p = project(
      `
services: {app: {image: x}}
secrets:
  db: {file: ./secrets/db.txt}
  token: {environment: TOKEN}
  ext: {external: true, name: shared-ext}
configs:
  nginx: {content: "server {}"}
  home: {file: ~/conf}
`,
      { env: { TOKEN: 's3cret' } },
    );
    expect(p.secrets.get('db')?.source).toEqual({ kind: 'file', path: '/srv/proj/secrets/db.txt' });
    expect(p.secrets.get('db')?.name).toBe('proj_db');
    expect(p.secrets.get('token')?.source).toEqual({ kind: 'environment', variable: 'TOKEN', value: 's3cret' });
    expect(p.secrets.get('ext')).toMatchObject({ name: 'shared-ext', source: { kind: 'external', name: 'shared-ext' } });
    expect(p.configs.get('nginx')?.source).toEqual({ kind: 'content', content: 'server {}' });
    expect(p.configs.get('home')?.source).toEqual({ kind: 'file', path: '/home/u/conf' });
  });

  it('resolves the device of a local bind volume', () => {
    const p = project(`
services: {app: {image: x}}
volumes:
  data: {driver: local, driver_opts: {type: none, o: bind, device: ./data}}
`);
    expect(p.volumes.get('data')?.driverOpts.get('device')).toBe('/srv/proj/data');
  });

  it('returns no project when an error was reported', () => {
    const { result } = normalize('services:\n  app:\n    image: x\n    ports: ["80/foo"]\n');
    expect(result.project).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['C501']);
  });
});

describe('normalizeProject: service basics', () => {
  it('records the keys a service set, its pointer and extensions', () => {
    const s = service(`
services:
  app:
    image: nginx
    restart: unless-stopped
    x-note: hi
`);
    expect(s.pointer).toBe('/services/app');
    expect(s.keys).toEqual(new Set(['image', 'restart', 'x-note']));
    expect(s.extensions.get('x-note')).toBe('hi');
    expect(s.restart).toEqual({ pointer: '/services/app/restart', policy: 'unless-stopped' });
    expect(s.networks).toEqual([{ pointer: '/services/app', name: 'default', aliases: [], linkLocalIps: [], driverOpts: new Map() }]);
  });

  it('splits string commands like a shell and keeps lists', () => {
    const s = service(`
services:
  app:
    image: x
    command: sh -c "echo 'hi there' && sleep 1"
    entrypoint: ["/bin/tini", "--"]
`);
    expect(s.command).toEqual(['sh', '-c', "echo 'hi there' && sleep 1"]);
    expect(s.entrypoint).toEqual(['/bin/tini', '--']);
  });

  it('converts durations, sizes and lenient scalars', () => {
    const s = service(`
services:
  app:
    image: x
    stop_grace_period: 1m30s
    shm_size: 128mb
    mem_limit: 1.5g
    memswap_limit: -1
    cpus: "0.5"
    read_only: "true"
    user: 1000
    pids_limit: 100
    cpu_rt_runtime: 400ms
    cpu_period: 100000
`);
    expect(s.stopGracePeriodMs).toBe(90_000);
    expect(s.shmSizeBytes).toBe(128 * 1024 ** 2);
    expect(s.memLimitBytes).toBe(1.5 * 1024 ** 3);
    expect(s.memswapLimitBytes).toBe(-1);
    expect(s.cpus).toBe(0.5);
    expect(s.readOnly).toBe(true);
    expect(s.user).toBe('1000');
    expect(s.pidsLimit).toBe(100);
    expect(s.cpuRtRuntimeUs).toBe(400_000);
    expect(s.cpuPeriodUs).toBe(100_000);
  });

  it('reads labels, sysctls, ulimits and extra_hosts in both forms', () => {
    const s = service(`
services:
  app:
    image: x
    labels: ["a=1", "b"]
    sysctls: {net.core.somaxconn: 1024}
    ulimits:
      nproc: 65535
      nofile: {soft: 20000, hard: 40000}
    extra_hosts:
      - "db:10.0.0.5"
      - "v6=::1"
`);
    expect([...s.labels]).toEqual([
      ['a', '1'],
      ['b', ''],
    ]);
    expect(s.sysctls.get('net.core.somaxconn')).toBe('1024');
    expect(s.ulimits.get('nproc')).toEqual({ soft: 65535, hard: 65535 });
    expect(s.ulimits.get('nofile')).toEqual({ soft: 20000, hard: 40000 });
    expect(s.extraHosts).toEqual([
      { host: 'db', ip: '10.0.0.5' },
      { host: 'v6', ip: '::1' },
    ]);
    const m = service('services:\n  app:\n    image: x\n    extra_hosts: {db: 10.0.0.5, multi: ["10.0.0.6", "::2"]}\n');
    expect(m.extraHosts).toEqual([
      { host: 'db', ip: '10.0.0.5' },
      { host: 'multi', ip: '10.0.0.6' },
      { host: 'multi', ip: '::2' },
    ]);
  });

  it('reads devices, tmpfs, dns as string or list', () => {
    const s = service(`
services:
  app:
    image: x
    devices: ["/dev/fuse", {source: /dev/sda, target: /dev/xvda, permissions: r}]
    tmpfs: /run
    dns: 8.8.8.8
    dns_search: [example.com]
`);
    expect(s.devices).toEqual([
      { pointer: '/services/app/devices/0', source: '/dev/fuse' },
      { pointer: '/services/app/devices/1', source: '/dev/sda', target: '/dev/xvda', permissions: 'r' },
    ]);
    expect(s.tmpfs).toEqual([{ pointer: '/services/app/tmpfs', target: '/run' }]);
    expect(s.dns).toEqual(['8.8.8.8']);
    expect(s.dnsSearch).toEqual(['example.com']);
    const t = service('services:\n  app:\n    image: x\n    tmpfs: ["/tmp:size=64m,mode=1777"]\n');
    expect(t.tmpfs).toEqual([{ pointer: '/services/app/tmpfs/0', target: '/tmp', options: 'size=64m,mode=1777' }]);
  });
});

describe('normalizeProject: environment', () => {
  it('puts env_file values first, lets environment win and resolves value-less entries', () => {
    const s = service(
      `
services:
  app:
    image: x
    env_file: [./common.env, {path: ./optional.env, required: false}]
    environment:
      B: from-environment
      FROM_HOST:
      UNSET:
      EMPTY: ""
      NUM: 5
`,
      'app',
      { env: { FROM_HOST: 'host-value' }, envFiles: { '/srv/proj/common.env': { A: 'a', B: 'b' } } },
    );
    expect([...s.environment]).toEqual([
      ['A', 'a'],
      ['B', 'from-environment'],
      ['FROM_HOST', 'host-value'],
      ['EMPTY', ''],
      ['NUM', '5'],
    ]);
    expect(s.envFiles).toEqual([
      { pointer: '/services/app/env_file/0', path: '/srv/proj/common.env', required: true },
      { pointer: '/services/app/env_file/1', path: '/srv/proj/optional.env', required: false },
    ]);
  });

  it('reads the list form the same way', () => {
    const s = service('services:\n  app:\n    image: x\n    environment: ["A=1=2", "HOSTVAR", "GONE", "E="]\n', 'app', { env: { HOSTVAR: 'h' } });
    expect([...s.environment]).toEqual([
      ['A', '1=2'],
      ['HOSTVAR', 'h'],
      ['E', ''],
    ]);
  });

  it('reports a missing required env_file at its entry', () => {
    expect(located('services:\n  app:\n    image: x\n    env_file:\n      - ./missing.env\n')).toEqual(['C508@5:9']);
    expect(located('services:\n  app:\n    image: x\n    env_file: ./missing.env\n')).toEqual(['C508@4:15']);
  });

  it('reports a list entry without a name', () => {
    expect(located('services:\n  app:\n    image: x\n    environment: ["=oops"]\n')).toEqual(['C515@4:20']);
  });
});

describe('normalizeProject: ports and volumes', () => {
  it('normalises short and long port forms', () => {
    const s = service(`
services:
  app:
    image: x
    ports:
      - 80
      - "127.0.0.1:8080:80"
      - "[::1]:8443:443/tcp"
      - target: 53
        published: "5353"
        protocol: udp
        host_ip: "[::]"
        mode: host
`);
    expect(s.ports).toEqual([
      { pointer: '/services/app/ports/0', target: 80, protocol: 'tcp' },
      { pointer: '/services/app/ports/1', target: 80, published: '8080', hostIp: '127.0.0.1', protocol: 'tcp' },
      { pointer: '/services/app/ports/2', target: 443, published: '8443', hostIp: '::1', protocol: 'tcp' },
      { pointer: '/services/app/ports/3', target: 53, published: '5353', hostIp: '::', protocol: 'udp', mode: 'host' },
    ]);
  });

  it('locates a bad port inside the quoted scalar', () => {
    // `      - "8080:abc"`: the quote is column 9, `abc` starts at column 15.
    expect(located('services:\n  app:\n    image: x\n    ports:\n      - "8080:abc"\n')).toEqual(['C501@5:15']);
    expect(located('services:\n  app:\n    image: x\n    ports:\n      - 8080:80/foo\n')).toEqual(['C501@5:17']);
    expect(located('services:\n  app:\n    image: x\n    ports:\n      - target: 80\n        protocol: icmp\n')).toEqual(['C501@6:19']);
  });

  it('normalises short and long volume forms', () => {
    const s = service(`
services:
  app:
    image: x
    volumes:
      - ./conf:/etc/conf:ro
      - data:/data
      - /anon
      - type: bind
        source: ../shared
        target: /shared
        bind: {create_host_path: false, selinux: Z}
      - type: tmpfs
        target: /cache
        tmpfs: {size: 64m, mode: 01777}
      - type: volume
        source: data
        target: /sub
        volume: {subpath: x, nocopy: true}
volumes: {data: {}}
`);
    expect(s.volumes).toEqual([
      { pointer: '/services/app/volumes/0', type: 'bind', source: '/srv/proj/conf', target: '/etc/conf', readOnly: true, bind: { createHostPath: true } },
      { pointer: '/services/app/volumes/1', type: 'volume', source: 'data', target: '/data', readOnly: false },
      { pointer: '/services/app/volumes/2', type: 'volume', target: '/anon', readOnly: false },
      { pointer: '/services/app/volumes/3', type: 'bind', source: '/srv/shared', target: '/shared', readOnly: false, bind: { createHostPath: false, selinux: 'Z' } },
      { pointer: '/services/app/volumes/4', type: 'tmpfs', target: '/cache', readOnly: false, tmpfs: { sizeBytes: 64 * 1024 ** 2, mode: 0o1777 } },
      { pointer: '/services/app/volumes/5', type: 'volume', source: 'data', target: '/sub', readOnly: false, volume: { subpath: 'x', nocopy: true } },
    ]);
  });

  it('locates volume errors and warns about ignored options', () => {
    expect(located('services:\n  app:\n    image: x\n    volumes:\n      - data:relative\n')).toEqual(['C502@5:14']);
    expect(located('services:\n  app:\n    image: x\n    volumes:\n      - ./a:/a:ro,bogus\n')).toEqual(['C503@5:19']);
    expect(located('services:\n  app:\n    image: x\n    volumes:\n      - type: weird\n        target: /x\n')).toEqual(['C502@5:15']);
  });
});

describe('normalizeProject: lifecycle', () => {
  it('reads depends_on lists and maps with their defaults', () => {
    const list = service('services:\n  app:\n    image: x\n    depends_on: [db]\n  db: {image: x}\n');
    expect(list.dependsOn).toEqual([{ pointer: '/services/app/depends_on/0', service: 'db', condition: 'service_started', required: true, restart: false }]);
    const map = service(`
services:
  app:
    image: x
    depends_on:
      db: {condition: service_healthy, restart: true}
      cache: {condition: service_started, required: false}
  db: {image: x}
  cache: {image: x}
`);
    expect(map.dependsOn).toEqual([
      { pointer: '/services/app/depends_on/db', service: 'db', condition: 'service_healthy', required: true, restart: true },
      { pointer: '/services/app/depends_on/cache', service: 'cache', condition: 'service_started', required: false, restart: false },
    ]);
  });

  it('adds the dependencies that sharing a namespace or volumes implies', () => {
    const s = service(`
services:
  app:
    image: x
    network_mode: "service:vpn"
    volumes_from: [data, "container:other"]
    depends_on: [data]
  vpn: {image: x}
  data: {image: x}
`);
    expect(s.dependsOn.map((d) => [d.service, d.pointer, d.restart])).toEqual([
      ['data', '/services/app/depends_on/0', false],
      ['vpn', '/services/app/network_mode', true],
    ]);
    expect(s.networks).toEqual([]);
  });

  it('normalises healthchecks', () => {
    const s = service(`
services:
  app:
    image: x
    healthcheck:
      test: curl -f http://localhost/ || exit 1
      interval: 30s
      timeout: 5s
      retries: 3
      start_period: 1m
      start_interval: 500ms
`);
    expect(s.healthcheck).toEqual({
      pointer: '/services/app/healthcheck',
      test: { kind: 'shell', command: 'curl -f http://localhost/ || exit 1' },
      disable: false,
      intervalMs: 30_000,
      timeoutMs: 5000,
      retries: 3,
      startPeriodMs: 60_000,
      startIntervalMs: 500,
    });
    expect(service('services:\n  app:\n    image: x\n    healthcheck: {test: ["CMD", "true"]}\n').healthcheck?.test).toEqual({ kind: 'exec', argv: ['true'] });
    expect(service('services:\n  app:\n    image: x\n    healthcheck: {test: ["NONE"]}\n').healthcheck).toEqual({ pointer: '/services/app/healthcheck', disable: true });
    expect(service('services:\n  app:\n    image: x\n    healthcheck: {disable: true}\n').healthcheck?.disable).toBe(true);
  });

  it('locates healthcheck and duration errors', () => {
    expect(located('services:\n  app:\n    image: x\n    healthcheck:\n      test: ["RUN", "x"]\n')).toEqual(['C507@5:14']);
    expect(located('services:\n  app:\n    image: x\n    healthcheck:\n      interval: 10q\n')).toEqual(['C504@5:19']);
    expect(located('services:\n  app:\n    image: x\n    healthcheck:\n      interval: 10\n')).toEqual(['C517@5:17']);
  });

  it('reads deploy resources and restart policy', () => {
    const s = service(`
services:
  app:
    image: x
    deploy:
      replicas: 2
      resources:
        limits: {cpus: "1.5", memory: 512M, pids: 100}
        reservations:
          memory: 256m
          devices:
            - {driver: nvidia, count: all, capabilities: [gpu]}
      restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3}
      placement: {constraints: ["node.role==manager"]}
`);
    expect(s.deploy).toEqual({
      pointer: '/services/app/deploy',
      keys: new Set(['replicas', 'resources', 'restart_policy', 'placement']),
      replicas: 2,
      labels: new Map(),
      resources: {
        limits: { cpus: 1.5, memoryBytes: 512 * 1024 ** 2, pids: 100 },
        reservations: { memoryBytes: 256 * 1024 ** 2, devices: [{ capabilities: ['gpu'], driver: 'nvidia', count: -1, deviceIds: [], options: new Map() }] },
      },
      restartPolicy: { condition: 'on-failure', delayMs: 5000, maxAttempts: 3 },
    });
  });

  it('locates restart, size, ulimit and number errors', () => {
    expect(located('services:\n  app:\n    image: x\n    restart: sometimes\n')).toEqual(['C510@4:14']);
    expect(located('services:\n  app:\n    image: x\n    mem_limit: 12q\n')).toEqual(['C505@4:18']);
    expect(located('services:\n  app:\n    image: x\n    ulimits:\n      nofile: {soft: 10, hard: 5}\n')).toEqual(['C511@5:22']);
    expect(located('services:\n  app:\n    image: x\n    cpus: lots\n')).toEqual(['C513@4:11']);
    expect(located('services:\n  app:\n    image: x\n    command: echo "unclosed\n')).toEqual(['C506@4:19']);
    expect(located('services:\n  app:\n    image: x\n    extra_hosts: ["db:nope"]\n')).toEqual(['C509@4:23']);
    expect(located('services:\n  app:\n    image: x\n    devices: ["dev/sda"]\n')).toEqual(['C512@4:16']);
  });
});

describe('normalizeProject: secrets, configs, build, hooks', () => {
  it('fills in default targets and reads octal modes as compose does', () => {
    const s = service(`
services:
  app:
    image: x
    secrets:
      - db
      - {source: token, target: api-token, mode: 0440, uid: "1000"}
    configs:
      - nginx
      - {source: site, target: /etc/site.conf, mode: 0o644}
secrets: {db: {file: ./db}, token: {file: ./t}}
configs: {nginx: {file: ./n}, site: {file: ./s}}
`);
    expect(s.secrets).toEqual([
      { pointer: '/services/app/secrets/0', source: 'db', target: '/run/secrets/db' },
      { pointer: '/services/app/secrets/1', source: 'token', target: '/run/secrets/api-token', uid: '1000', mode: 0o440 },
    ]);
    expect(s.configs).toEqual([
      { pointer: '/services/app/configs/0', source: 'nginx', target: '/nginx' },
      { pointer: '/services/app/configs/1', source: 'site', target: '/etc/site.conf', mode: 0o644 },
    ]);
  });

  it('resolves build contexts and build args', () => {
    const s = service(
      `
services:
  app:
    build:
      context: ./app
      dockerfile: Dockerfile.prod
      args: {VERSION: "1.0", FROM_HOST: null}
      secrets: [npmrc]
secrets:
  npmrc: {file: ./npmrc}
`,
      'app',
      { env: { FROM_HOST: 'h' } },
    );
    expect(s.build).toMatchObject({
      pointer: '/services/app/build',
      context: '/srv/proj/app',
      dockerfile: 'Dockerfile.prod',
      args: new Map([
        ['VERSION', '1.0'],
        ['FROM_HOST', 'h'],
      ]),
      secrets: [{ pointer: '/services/app/build/secrets/0', source: 'npmrc', target: '/run/secrets/npmrc' }],
    });
    expect(service('services:\n  app:\n    build: .\n').build?.context).toBe('/srv/proj');
    expect(service('services:\n  app:\n    build: https://github.com/a/b.git#main\n').build?.context).toBe('https://github.com/a/b.git#main');
  });

  it('reads post_start and pre_stop hooks', () => {
    const s = service(`
services:
  app:
    image: x
    post_start:
      - command: ./init.sh --fast
        user: root
    pre_stop:
      - command: ["./drain"]
        environment: {GRACE: "5"}
`);
    expect(s.postStart).toEqual([{ pointer: '/services/app/post_start/0', command: ['./init.sh', '--fast'], user: 'root', environment: new Map(), environmentSources: new Map() }]);
    expect(s.preStop).toEqual([
      { pointer: '/services/app/pre_stop/0', command: ['./drain'], environment: new Map([['GRACE', '5']]), environmentSources: new Map([['GRACE', { kind: 'literal' }]]) },
    ]);
  });

  it('reads pre_start steps: the hook fields, their own image and per_replica', () => {
    const s = service(`
services:
  app:
    image: app:1
    pre_start:
      - image: busybox
        command: chown -R 1000:1000 /data
        user: root
        privileged: true
      - command: ["./migrate", "up"]
        working_dir: /srv
        environment: [STEP=2]
        per_replica: true
`);
    expect(s.preStart).toEqual([
      { pointer: '/services/app/pre_start/0', image: 'busybox', command: ['chown', '-R', '1000:1000', '/data'], user: 'root', privileged: true, environment: new Map(), environmentSources: new Map(), perReplica: false },
      { pointer: '/services/app/pre_start/1', command: ['./migrate', 'up'], workingDir: '/srv', environment: new Map([['STEP', '2']]), environmentSources: new Map([['STEP', { kind: 'literal' }]]), perReplica: true },
    ]);
    expect(service('services:\n  app:\n    image: x\n').preStart).toEqual([]);
  });

  it('reads use_api_socket, pull_refresh_after and develop.watch with initial_sync', () => {
    const s = service(`
services:
  app:
    build: .
    use_api_socket: true
    pull_policy: refresh
    pull_refresh_after: 12h
    develop:
      watch:
        - path: ./src
          action: sync+exec
          target: /app/src
          ignore: node_modules/
          initial_sync: true
          exec:
            command: kill -HUP 1
        - path: package.json
          action: rebuild
`);
    expect(s.useApiSocket).toBe(true);
    expect(s.pullPolicy).toBe('refresh');
    expect(s.pullRefreshAfter).toBe('12h');
    expect(s.develop).toEqual({
      pointer: '/services/app/develop',
      watch: [
        {
          pointer: '/services/app/develop/watch/0',
          path: '/srv/proj/src',
          action: 'sync+exec',
          target: '/app/src',
          ignore: ['node_modules/'],
          include: [],
          initialSync: true,
          exec: { pointer: '/services/app/develop/watch/0/exec', command: ['kill', '-HUP', '1'], environment: new Map(), environmentSources: new Map() },
        },
        { pointer: '/services/app/develop/watch/1', path: '/srv/proj/package.json', action: 'rebuild', ignore: [], include: [] },
      ],
    });
  });

  it('reads label files like env files: file labels in order, `labels:` wins, relative to the project directory', () => {
    const s = service(
      `
services:
  app:
    image: x
    label_file: [./base.labels, /etc/extra.labels]
    labels:
      tier: web
`,
      'app',
      { envFiles: { '/srv/proj/base.labels': { tier: 'backend', team: 'a' }, '/etc/extra.labels': { team: 'b', 'com.example.x': '1' } } },
    );
    expect(s.labels).toEqual(
      new Map([
        ['tier', 'web'],
        ['team', 'b'],
        ['com.example.x', '1'],
      ]),
    );
    expect(s.labelFiles).toEqual([
      { pointer: '/services/app/label_file/0', path: '/srv/proj/base.labels' },
      { pointer: '/services/app/label_file/1', path: '/etc/extra.labels' },
    ]);
    expect(service('services:\n  app:\n    image: x\n    label_file: l.txt\n', 'app', { envFiles: { '/srv/proj/l.txt': { a: 'b' } } }).labels).toEqual(new Map([['a', 'b']]));
  });

  it('refuses a missing label file (C519), located at the entry', () => {
    expect(located('services:\n  app:\n    image: x\n    label_file:\n      - ./missing.labels\n')).toEqual(['C519@5:9']);
    expect(located('services:\n  app:\n    image: x\n    label_file: ./missing.labels\n')).toEqual(['C519@4:17']);
  });

  it('reads podman-compose\'s extensions with pointers: dotted keys and x-podman mappings, everywhere podman-compose reads them', () => {
    const p = project(
      `
services:
  web:
    image: x
    x-podman.uidmaps: ["0:1:1000", "1000:0:1"]
    x-podman.gidmaps: "0:1:1000"
    x-podman.no_hosts: true
    x-podman.passwd: false
    networks:
      front:
        x-podman.mac_address: "02:aa:aa:aa:aa:aa"
        x-podman.interface_name: eth7
      back:
        mac_address: "02:bb:bb:bb:bb:bb"
        x-podman.mac_address: "02:cc:cc:cc:cc:cc"
  job:
    image: x
    x-podman:
      rootfs: /srv/rootfs
networks:
  front:
    x-podman.dns: [10.1.2.3, 10.1.2.4]
    x-podman.routes: "10.2.3.4,127.0.0.1"
    x-podman.disable_dns: false
    x-note: kept
  back: {}
secrets:
  s:
    file: ./s.txt
    x-podman.relabel: Z
x-podman:
  in_pod: false
  pod_args: ["--infra=false", "--share="]
  name_separator_compat: true
`,
      { envFiles: {} },
    );
    const web = p.services.get('web')!;
    expect(web.podman).toEqual({
      pointers: new Map([
        ['uidmaps', '/services/web/x-podman.uidmaps'],
        ['gidmaps', '/services/web/x-podman.gidmaps'],
        ['no_hosts', '/services/web/x-podman.no_hosts'],
        ['passwd', '/services/web/x-podman.passwd'],
      ]),
      uidmaps: ['0:1:1000', '1000:0:1'],
      gidmaps: ['0:1:1000'],
      noHosts: true,
      passwd: false,
    });
    expect(web.networks.find((n) => n.name === 'front')).toMatchObject({ macAddress: '02:aa:aa:aa:aa:aa', interfaceName: 'eth7' });
    expect(web.networks.find((n) => n.name === 'back')?.macAddress).toBe('02:bb:bb:bb:bb:bb');
    expect(p.services.get('job')!.podman).toEqual({ pointers: new Map([['rootfs', '/services/job/x-podman/rootfs']]), uidmaps: [], gidmaps: [], rootfs: '/srv/rootfs' });
    expect(p.networks.get('front')!.podman).toEqual({
      pointers: new Map([
        ['dns', '/networks/front/x-podman.dns'],
        ['routes', '/networks/front/x-podman.routes'],
        ['disable_dns', '/networks/front/x-podman.disable_dns'],
      ]),
      disableDns: false,
      dns: ['10.1.2.3', '10.1.2.4'],
      routes: ['10.2.3.4,127.0.0.1'],
    });
    expect(p.networks.get('front')!.extensions.get('x-note')).toBe('kept');
    expect(p.networks.get('back')!.podman).toBeUndefined();
    expect(p.secrets.get('s')!.podman).toEqual({ pointers: new Map([['relabel', '/secrets/s/x-podman.relabel']]), relabel: 'Z' });
    expect(p.podman).toEqual({
      pointers: new Map([
        ['in_pod', '/x-podman/in_pod'],
        ['pod_args', '/x-podman/pod_args'],
        ['name_separator_compat', '/x-podman/name_separator_compat'],
      ]),
      inPod: false,
      podArgs: ['--infra=false', '--share='],
      nameSeparatorCompat: true,
    });
    expect(service('services:\n  app:\n    image: x\n').podman).toBeUndefined();
  });

  it('reports an x-podman value of the wrong type where it is written', () => {
    expect(located('services:\n  app:\n    image: x\n    x-podman.rootfs: [a]\n')).toEqual(['C514@4:22']);
  });

  it('reads service networks in map form, sorted by name', () => {
    const s = service(`
services:
  app:
    image: x
    networks:
      front:
        aliases: [web]
        ipv4_address: 172.16.0.10
        priority: 100
      back:
networks: {front: {}, back: {}}
`);
    expect(s.networks).toEqual([
      { pointer: '/services/app/networks/back', name: 'back', aliases: [], linkLocalIps: [], driverOpts: new Map() },
      { pointer: '/services/app/networks/front', name: 'front', aliases: ['web'], ipv4Address: '172.16.0.10', linkLocalIps: [], driverOpts: new Map(), priority: 100 },
    ]);
    expect(located('services:\n  app:\n    image: x\n    networks:\n      n: {ipv4_address: "::1"}\nnetworks: {n: {}}\n')).toEqual(['C518@5:25']);
  });
});

describe('replicas', () => {
  it('scale and deploy.replicas run from 0 to 1,000: each replica is a unit, and 65,536 of them hung the planner', () => {
    expect(located('services:\n  app:\n    image: x\n    deploy: {replicas: 65536}\n')).toEqual(['C513@4:24']);
    expect(located('services:\n  app:\n    image: x\n    scale: 4294967296\n')).toEqual(['C513@4:12']);
    expect(located('services:\n  app:\n    image: x\n    scale: -1\n')).toEqual(['C513@4:12']);
    expect(located('services:\n  app:\n    image: x\n    deploy: {replicas: 1000}\n    scale: 0\n')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { goDuration, byteSize, healthCommand, entrypointValue } from '../../src/podman/flag-values.js';
import { optionWords, podmanRunOptions, publishValue, type RunOptionsContext } from '../../src/podman/run-options.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { ServiceNeeds } from '../../src/plan/plan.js';
import { attachedNetworks, serviceNeeds } from '../../src/plan/service-needs.js';
import { projectFromYaml } from '../support/normalize-yaml.js';
import { SourceFile } from '../../src/source/source-file.js';

const load = (yaml: string, env: Record<string, string> = {}) => projectFromYaml(yaml, { env });

interface Run {
  /** The options as the words of a command line. */
  readonly flags: string[];
  /** What the planner derives from the same service (src/plan/service-needs.ts). */
  readonly requires: ServiceNeeds;
  readonly diagnostics: Diagnostic[];
  readonly source: SourceFile;
}

type RunOpts = Partial<Pick<RunOptionsContext, 'podmanVersion' | 'inPod' | 'containerName' | 'containerNameOf' | 'autoUpdate'>> & { service?: string; env?: Record<string, string>; dataDir?: string };

function run(yaml: string, opts: RunOpts = {}): Run {
  const { project, source } = load(yaml, opts.env);
  const name = opts.service ?? 'app';
  const service = project.services.get(name);
  if (!service) throw new Error(`no service ${name}`);
  const inPod = opts.inPod ?? false;
  const needs = serviceNeeds(project, service, { inPod, dataDir: opts.dataDir ?? '/var/lib/c2s/proj', privateDir: '/etc/c2s/proj' });
  const result = podmanRunOptions(service, {
    project,
    podmanVersion: opts.podmanVersion ?? '4.3',
    inPod,
    containerName: opts.containerName ?? `proj-${name}`,
    containerNameOf: opts.containerNameOf ?? ((s) => `proj-${s}`),
    networks: attachedNetworks(service, inPod),
    configPaths: new Map(needs.needs.configFiles.map((f) => [f.config, f.path])),
    ...(opts.autoUpdate !== undefined ? { autoUpdate: opts.autoUpdate } : {}),
  });
  return { flags: result.options.flatMap(optionWords), requires: needs.needs, diagnostics: [...needs.diagnostics, ...result.diagnostics], source };
}

/** The flags after `--name` and the two compose labels, which every service gets. */
function flags(yaml: string, opts: Parameters<typeof run>[1] = {}): string[] {
  const r = run(yaml, opts);
  expect(r.diagnostics).toEqual([]);
  return r.flags.slice(6);
}

/** The flags of a service `app` with image `x` plus the given lines (indented 4 spaces), and the given top level. */
function svc(lines: string, topLevel = ''): string {
  return `services:\n  app:\n    image: x\n${lines.replace(/^/gm, '    ')}\n${topLevel}`;
}

function located(r: Run): string[] {
  return r.diagnostics.map((d) => {
    const span = d.labels[0]?.span;
    if (!span) return d.code;
    const p = r.source.positionOf(span.start);
    return `${d.code}@${p.line}:${p.column}`;
  });
}

// Services without `networks:` join the implicit default network.
const DEFAULT_NET = ['--network', 'proj_default:alias=app'];

describe('podmanRunOptions: identity and process', () => {
  it('names the container and ties it back to its project and service', () => {
    const r = run(svc('labels: { com.docker.compose.project: other, tier: web }'), { containerName: 'proj-app-%i' });
    expect(r.flags.slice(0, 8)).toEqual([
      '--name', 'proj-app-%i',
      '--label', 'com.docker.compose.project=proj',
      '--label', 'com.docker.compose.service=app',
      '--label', 'tier=web',
    ]);
  });

  it.each([
    ['environment in file order, raw', 'environment:\n  B: "x y $HOME %h"\n  A: ""', ['--env', 'B=x y $HOME %h', '--env', 'A=']],
    ['annotations', 'annotations: { a: "1" }', ['--annotation', 'a=1']],
    ['user, group_add, working_dir', 'user: "1000:1000"\ngroup_add: [audio, "44"]\nworking_dir: /app', ['--user', '1000:1000', '--group-add', 'audio', '--group-add', '44', '--workdir', '/app']],
    ['an entrypoint of one word', 'entrypoint: /bin/tini', ['--entrypoint', '/bin/tini']],
    ['an entrypoint of several words', 'entrypoint: ["/bin/sh", "-c"]', ['--entrypoint', '["/bin/sh","-c"]']],
    ['an empty entrypoint', 'entrypoint: []', ['--entrypoint=']],
    ['platform', 'platform: linux/arm64', ['--platform', 'linux/arm64']],
  ])('maps %s', (_name, lines, expected) => {
    expect(flags(svc(lines))).toEqual([...expected, ...DEFAULT_NET]);
  });
});

describe('podmanRunOptions: networking', () => {
  it.each([
    ['a published port', 'ports: ["8080:80"]', ['--publish', '8080:80']],
    ['a container port only', 'ports: ["80"]', ['--publish', '80']],
    ['a host address without a host port', 'ports: ["127.0.0.1::80/udp"]', ['--publish', '127.0.0.1::80/udp']],
    ['an IPv6 host address', 'ports: ["[::1]:8080:80"]', ['--publish', '[::1]:8080:80']],
    ['ranges', 'ports: ["9000-9001:9000-9001/sctp"]', ['--publish', '9000-9001:9000-9001/sctp']],
    ['the long form', 'ports:\n  - { target: 80, published: "8080", host_ip: "::", protocol: udp, mode: host }', ['--publish', '[::]:8080:80/udp']],
    ['dns, dns_search, dns_opt, extra_hosts', 'dns: [1.1.1.1]\ndns_search: [example.com]\ndns_opt: ["ndots:1"]\nextra_hosts: ["db:10.0.0.2", "v6:::1"]', ['--dns', '1.1.1.1', '--dns-search', 'example.com', '--dns-option', 'ndots:1', '--add-host', 'db:10.0.0.2', '--add-host', 'v6:::1']],
  ])('maps %s', (_name, lines, expected) => {
    expect(flags(svc(lines))).toEqual([...DEFAULT_NET, ...expected]);
  });

  it('maps expose after the network flags', () => {
    expect(flags(svc('expose: ["3000", "8000-8010/udp"]'))).toEqual([...DEFAULT_NET, '--expose', '3000', '--expose', '8000-8010/udp']);
  });

  it('joins each network with the service name and its aliases, addresses and MAC as per-network options', () => {
    const yaml = svc(
      'hostname: web1\nmac_address: "92:d0:c6:0a:29:33"\nnetworks:\n  back:\n    ipv6_address: "fd00::5"\n    interface_name: eth1\n  front:\n    aliases: [www, app]\n    ipv4_address: 10.0.0.5\n    priority: 10',
      'networks:\n  front: {}\n  back:\n    name: shared-back\n',
    );
    expect(flags(yaml)).toEqual([
      '--network', 'proj_front:alias=app,alias=www,ip=10.0.0.5,mac=92:d0:c6:0a:29:33',
      '--network', 'shared-back:alias=app,ip6=fd00::5,interface_name=eth1',
      '--hostname', 'web1',
    ]);
    expect(run(yaml).requires.networks).toEqual(['front', 'back']);
  });

  it('adds link aliases of other services to this one and orders a linking service after its link', () => {
    const yaml = 'services:\n  app:\n    image: x\n  web:\n    image: y\n    links: ["app:database", app]\n';
    expect(flags(yaml)).toEqual(['--network', 'proj_default:alias=app,alias=database']);
    expect(run(yaml, { service: 'web' }).requires.services).toEqual(['app']);
  });

  it.each([
    ['host', 'network_mode: host', ['--network', 'host']],
    ['none', 'network_mode: none', ['--network', 'none']],
    ['bridge with a MAC address', 'network_mode: bridge\nmac_address: "92:d0:c6:0a:29:33"', ['--network', 'bridge:mac=92:d0:c6:0a:29:33']],
    ['another container', 'network_mode: "container:vpn"\nhostname: h', ['--network', 'container:vpn', '--hostname', 'h']],
  ])('maps network_mode %s', (_name, lines, expected) => {
    expect(flags(svc(lines))).toEqual(expected);
  });

  it('maps network_mode service:X to the container name of X and orders after X', () => {
    const r = run('services:\n  app:\n    image: x\n    network_mode: "service:vpn"\n  vpn:\n    image: v\n', { containerNameOf: (s) => `c-${s}` });
    expect(r.flags.slice(6)).toEqual(['--network', 'container:c-vpn']);
    expect(r.requires.services).toEqual(['vpn']);
  });

  it('refuses an alias podman\'s --network syntax cannot carry (C560 at the network entry)', () => {
    const r = run(svc('networks:\n  front:\n    aliases: ["a,b"]', 'networks:\n  front: {}\n'));
    expect(located(r)).toEqual(['C560@5:7']);
    expect(r.flags.slice(6)).toEqual([]);
  });

  it('leaves ports, networks, DNS and hosts to the pod (src/plan/pod-plan.ts) and names the networks it joins', () => {
    const yaml = svc(
      'hostname: h\nports: ["8080:80"]\nexpose: ["81"]\ndns: [1.1.1.1]\ndns_search: [ex]\ndns_opt: [rotate]\nextra_hosts: ["a:10.0.0.1"]\nnetworks:\n  front:\n    aliases: [www]',
      'networks:\n  front: {}\n',
    );
    const r = run(yaml, { inPod: true });
    expect(r.diagnostics).toEqual([]);
    expect(r.flags.slice(6)).toEqual(['--expose', '81']);
    expect(r.requires.networks).toEqual(['front']);
  });
});

describe('podmanRunOptions: storage', () => {
  it.each([
    ['a relative bind mount, read-only, relabelled', 'volumes: ["./conf:/etc/app:ro,Z"]', ['--volume', '/srv/proj/conf:/etc/app:ro,Z']],
    ['bind propagation', 'volumes: ["/mnt:/mnt:rslave"]', ['--volume', '/mnt:/mnt:rslave']],
    ['a non-recursive bind', 'volumes:\n  - { type: bind, source: /a, target: /b, bind: { recursive: disabled, selinux: z } }', ['--volume', '/a:/b:z,bind']],
    ['a host path with a colon', 'volumes:\n  - { type: bind, source: "/a:b", target: /b, read_only: true, bind: { selinux: Z, propagation: rshared } }', ['--mount', 'type=bind,source=/a:b,destination=/b,ro=true,relabel=private,bind-propagation=rshared']],
    ['a tmpfs mount', 'volumes:\n  - { type: tmpfs, target: /cache, tmpfs: { size: 64m, mode: 01777 } }', ['--mount', 'type=tmpfs,destination=/cache,tmpfs-size=67108864,tmpfs-mode=1777']],
    ['an image mount', 'volumes:\n  - { type: image, source: "alpine:3", target: /img }', ['--mount', 'type=image,source=alpine:3,destination=/img']],
    ['service tmpfs entries', 'tmpfs: ["/run", "/tmp:size=64m,mode=1777"]', ['--tmpfs', '/run', '--tmpfs', '/tmp:size=64m,mode=1777']],
  ])('maps %s', (_name, lines, expected) => {
    expect(flags(svc(lines))).toEqual([...DEFAULT_NET, ...expected]);
  });

  it('uses the real name of named volumes and lists them', () => {
    const r = run(svc('volumes: ["data:/d:ro", "cache:/c:nocopy"]', 'volumes:\n  data: {}\n  cache:\n    name: shared-cache\n'));
    expect(r.flags.slice(8)).toEqual(['--volume', 'proj_data:/d:ro', '--volume', 'shared-cache:/c:nocopy']);
    expect(r.requires.volumes).toEqual(['data', 'cache']);
  });

  it('mounts a volume subpath with --mount', () => {
    expect(flags(svc('volumes:\n  - { type: volume, source: data, target: /d, volume: { subpath: sub } }', 'volumes:\n  data: {}\n'), { podmanVersion: '5.4' })).toEqual([
      ...DEFAULT_NET, '--mount', 'type=volume,source=proj_data,destination=/d,subpath=sub',
    ]);
  });

  it('keeps anonymous volumes anonymous', () => {
    const r = run(svc('volumes: ["/var/lib/data"]\n'));
    expect(r.flags.slice(8)).toEqual(['--volume', '/var/lib/data']);
  });

  it('asks for the host directory of short-form bind mounts only', () => {
    const r = run(svc('volumes:\n  - ./data:/data\n  - { type: bind, source: /etc/x, target: /x }'));
    expect(r.requires.hostDirectories).toEqual(['/srv/proj/data']);
  });

  it('mounts secrets as podman secrets and lists them for creation', () => {
    const r = run(svc('secrets:\n  - db\n  - { source: api, target: /etc/api.key, uid: "1000", gid: "1000", mode: 0400 }', 'secrets:\n  db: { file: ./db.txt }\n  api: { external: true, name: api-key }\n'));
    expect(r.diagnostics).toEqual([]);
    expect(r.flags.slice(8)).toEqual(['--secret', 'proj_db,type=mount,target=db', '--secret', 'api-key,type=mount,target=/etc/api.key,uid=1000,gid=1000,mode=0400']);
    expect(r.requires.secrets).toEqual(['db', 'api']);
  });

  it('bind-mounts file configs read-only and asks for inline ones to be written', () => {
    const r = run(svc('configs:\n  - nginx\n  - { source: motd, target: /etc/motd, mode: 0440 }\n  - { source: env, target: /e }', 'configs:\n  nginx: { file: ./nginx.conf }\n  motd: { content: "hello %h $x" }\n  env: { environment: GREETING }\n'), { env: { GREETING: 'hi' } });
    expect(r.diagnostics).toEqual([]);
    expect(r.flags.slice(8)).toEqual([
      '--volume', '/srv/proj/nginx.conf:/nginx:ro',
      '--volume', '/var/lib/c2s/proj/configs/motd:/etc/motd:ro',
      '--volume', '/etc/c2s/proj/config-env:/e:ro',
    ]);
    expect(r.requires.configFiles).toEqual([
      { path: '/var/lib/c2s/proj/configs/motd', content: 'hello %h $x', mode: 0o440, config: 'motd', sensitive: false },
      // from the environment: not public in the compose file, so a file of the private folder
      { path: '/etc/c2s/proj/config-env', content: 'hi', mode: 0o444, config: 'env', sensitive: true },
    ]);
  });

  it('maps volumes_from to container names and orders after the service', () => {
    const r = run('services:\n  app:\n    image: x\n    volumes_from: ["data:ro", "container:legacy"]\n  data:\n    image: d\n');
    expect(r.flags.slice(8)).toEqual(['--volumes-from', 'proj-data:ro', '--volumes-from', 'legacy']);
    expect(r.requires.services).toEqual(['data']);
  });
});

describe('podmanRunOptions: devices, security, resources', () => {
  it.each([
    ['devices', 'devices: ["/dev/sda:/dev/xvda:rwm", "/dev/fuse", "nvidia.com/gpu=all"]\ndevice_cgroup_rules: ["c 1:3 mr"]', ['--device', '/dev/sda:/dev/xvda:rwm', '--device', '/dev/fuse', '--device', 'nvidia.com/gpu=all', '--device-cgroup-rule', 'c 1:3 mr']],
    ['GPU reservations as CDI devices', 'deploy:\n  resources:\n    reservations:\n      devices:\n        - { capabilities: [gpu], count: 2 }\n        - { capabilities: [gpu], device_ids: ["GPU-abc"] }', ['--device', 'nvidia.com/gpu=0', '--device', 'nvidia.com/gpu=1', '--device', 'nvidia.com/gpu=GPU-abc']],
    ['security', 'read_only: true\nprivileged: true\ncap_add: [NET_ADMIN]\ncap_drop: [ALL]\nsecurity_opt: ["label:disable"]\nuserns_mode: keep-id\nipc: shareable\npid: host\nuts: host\ncgroup: private\ncgroup_parent: x.slice\nruntime: crun', ['--read-only', '--privileged', '--cap-add', 'NET_ADMIN', '--cap-drop', 'ALL', '--security-opt', 'label:disable', '--userns', 'keep-id', '--ipc', 'shareable', '--pid', 'host', '--uts', 'host', '--cgroupns', 'private', '--cgroup-parent', 'x.slice', '--runtime', 'crun']],
    ['false booleans as nothing', 'read_only: false\nprivileged: false\ninit: false\ntty: false\nstdin_open: false\noom_kill_disable: false', []],
    ['sysctls, ulimits, storage_opt, shm_size', 'sysctls: { net.core.somaxconn: 1024 }\nulimits: { nproc: 65535, nofile: { soft: 1024, hard: 2048 } }\nstorage_opt: { size: 1G }\nshm_size: 256m', ['--sysctl', 'net.core.somaxconn=1024', '--ulimit', 'nproc=65535', '--ulimit', 'nofile=1024:2048', '--storage-opt', 'size=1G', '--shm-size', '256m']],
    ['the memory family', 'mem_limit: 1g\nmem_reservation: 512m\nmemswap_limit: -1\nmem_swappiness: 10\noom_kill_disable: true\noom_score_adj: -500', ['--memory', '1g', '--memory-reservation', '512m', '--memory-swap=-1', '--memory-swappiness', '10', '--oom-kill-disable', '--oom-score-adj=-500']],
    ['the cpu family', 'cpus: 0.5\ncpu_shares: 512\ncpuset: "0-1"\npids_limit: 100', ['--cpus', '0.5', '--cpu-shares', '512', '--cpuset-cpus', '0-1', '--pids-limit', '100']],
    ['cpu period and quota', 'cpu_period: 100000\ncpu_quota: 50000\ncpu_rt_period: 1000000\ncpu_rt_runtime: 950000', ['--cpu-period', '100000', '--cpu-quota', '50000', '--cpu-rt-period', '1000000', '--cpu-rt-runtime', '950000']],
    ['deploy limits over service-level ones', 'mem_reservation: 64m\ndeploy:\n  resources:\n    limits: { cpus: "1.5", memory: 300m, pids: 50 }\n    reservations: { memory: 128m }', ['--memory', '300m', '--memory-reservation', '128m', '--cpus', '1.5', '--pids-limit', '50']],
    ['blkio_config', 'blkio_config:\n  weight: 300\n  weight_device: [{ path: /dev/sda, weight: 400 }]\n  device_read_bps: [{ path: /dev/sda, rate: 1mb }]\n  device_write_iops: [{ path: /dev/sda, rate: 100 }]', ['--blkio-weight', '300', '--blkio-weight-device', '/dev/sda:400', '--device-read-bps', '/dev/sda:1048576', '--device-write-iops', '/dev/sda:100']],
  ])('maps %s', (_name, lines, expected) => {
    expect(flags(svc(lines))).toEqual([...DEFAULT_NET, ...expected]);
  });

  it('maps ipc and pid service:X to container names', () => {
    const r = run('services:\n  app:\n    image: x\n    ipc: "service:db"\n    pid: "service:db"\n  db:\n    image: d\n');
    expect(r.flags.slice(8)).toEqual(['--ipc', 'container:proj-db', '--pid', 'container:proj-db']);
    expect(r.requires.services).toEqual(['db']);
  });

  it('leaves userns to the pod', () => {
    expect(run(svc('userns_mode: keep-id'), { inPod: true }).flags.slice(6)).toEqual([]);
  });
});

describe('podmanRunOptions: health and lifecycle', () => {
  it.each([
    ['an exec test of plain words', 'healthcheck:\n  test: ["CMD", "pg_isready", "-U", "postgres"]\n  interval: 10s\n  timeout: 1m30s\n  retries: 5\n  start_period: 500ms', ['--health-cmd', 'CMD pg_isready -U postgres', '--health-interval', '10s', '--health-timeout', '1m30s', '--health-retries', '5', '--health-start-period', '500ms']],
    ['an exec test with spaces in a word', 'healthcheck:\n  test: ["CMD", "mysql", "--execute=SELECT 1;"]', ['--health-cmd', '["mysql","--execute=SELECT 1;"]']],
    ['a shell test', 'healthcheck:\n  test: curl -f http://localhost || exit 1', ['--health-cmd', 'curl -f http://localhost || exit 1']],
    ['a CMD-SHELL test', 'healthcheck:\n  test: ["CMD-SHELL", "wget -q -O- localhost"]', ['--health-cmd', 'wget -q -O- localhost']],
    ['a disabled healthcheck', 'healthcheck:\n  disable: true', ['--no-healthcheck']],
    ['test NONE', 'healthcheck:\n  test: ["NONE"]', ['--no-healthcheck']],
    ['zero durations as podman\'s defaults', 'healthcheck:\n  test: ["CMD", "true"]\n  interval: 0s\n  timeout: 0s\n  retries: 0', ['--health-cmd', 'CMD true']],
    ['stop, init, tty, stdin', 'stop_signal: SIGQUIT\nstop_grace_period: 1m500ms\ninit: true\ntty: true\nstdin_open: true', ['--stop-signal', 'SIGQUIT', '--stop-timeout', '61', '--init', '--tty', '--interactive']],
    ['logging', 'logging:\n  driver: journald\n  options: { tag: web }', ['--log-driver', 'journald', '--log-opt', 'tag=web']],
    ['logging options of a driver podman lacks as nothing', 'logging:\n  driver: syslog\n  options: { syslog-address: "udp://x" }', []],
  ])('maps %s', (_name, lines, expected) => {
    expect(flags(svc(lines))).toEqual([...DEFAULT_NET, ...expected]);
  });

  it('maps start_interval to podman\'s startup check from podman 4.4 on', () => {
    const yaml = svc('healthcheck:\n  test: ["CMD", "true"]\n  timeout: 3s\n  start_interval: 1s');
    const common = ['--health-cmd', 'CMD true', '--health-timeout', '3s'];
    expect(flags(yaml, { podmanVersion: '4.3' })).toEqual([...DEFAULT_NET, ...common]);
    expect(flags(yaml, { podmanVersion: '5.0' })).toEqual([...DEFAULT_NET, ...common, '--health-startup-cmd', 'CMD true', '--health-startup-interval', '1s', '--health-startup-timeout', '3s']);
  });
});

describe('podman flag values', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [90_000, '1m30s'],
    [3_600_000 + 1, '1h1ms'],
    [1.5, '1.5ms'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(goDuration(ms)).toBe(text);
  });

  it.each([
    [1024 ** 3, '1g'],
    [512 * 1024 ** 2, '512m'],
    [1536, '1536'],
    [2048, '2k'],
    [0, '0'],
  ])('writes %d bytes as %s', (n, text) => {
    expect(byteSize(n)).toBe(text);
  });

  it.each([
    [{ kind: 'shell', command: 'CMD-SHELL is a word' } as const, '["CMD-SHELL","CMD-SHELL is a word"]'],
    [{ kind: 'shell', command: '["a","b"]' } as const, '["CMD-SHELL","[\\"a\\",\\"b\\"]"]'],
    [{ kind: 'shell', command: 'null' } as const, '["CMD-SHELL","null"]'],
    [{ kind: 'exec', argv: ['only'] } as const, 'CMD only'],
    [{ kind: 'exec', argv: ['a', ''] } as const, '["a",""]'],
  ])('encodes a health test %j as %s', (test, text) => {
    expect(healthCommand(test)).toEqual({ ok: true, value: text });
  });

  it('refuses a one-word exec test with whitespace', () => {
    expect(healthCommand({ kind: 'exec', argv: ['my check'] }).ok).toBe(false);
    expect(healthCommand({ kind: 'exec', argv: ['CMD', 'a b'] }).ok).toBe(false);
  });

  it('writes entrypoints', () => {
    expect(entrypointValue(['[weird'])).toBe('["[weird"]');
  });

  it('writes ports', () => {
    expect(publishValue({ pointer: '', target: 80, protocol: 'tcp', hostIp: '::1' })).toBe('[::1]::80');
  });
});

describe('podmanRunOptions: auto-update', () => {
  it('labels every service with the policy asked for, unless the service sets its own', () => {
    const yaml = 'services:\n  app:\n    image: x\n  own:\n    image: y\n    labels: {io.containers.autoupdate: local}\n';
    expect(run(yaml, { autoUpdate: 'registry' }).flags).toContain('io.containers.autoupdate=registry');
    const own = run(yaml, { service: 'own', autoUpdate: 'registry' }).flags;
    expect(own).toContain('io.containers.autoupdate=local');
    expect(own).not.toContain('io.containers.autoupdate=registry');
    expect(run(yaml).flags.join(' ')).not.toContain('autoupdate');
  });
});

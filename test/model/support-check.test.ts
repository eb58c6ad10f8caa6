import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { checkSupport, type SupportOptions } from '../../src/model/check-support.js';
import { projectFromYaml } from '../support/normalize-yaml.js';

const DEFAULTS: SupportOptions = { podmanVersion: '4.3', pod: false };

const load = (yaml: string) => projectFromYaml(yaml);

/** `C550@3:5` for each diagnostic: code and where its primary label starts. */
function check(yaml: string, opts: Partial<SupportOptions> = {}): string[] {
  const { project, source } = load(yaml);
  return checkSupport(project, { ...DEFAULTS, ...opts }).map((d: Diagnostic) => {
    const span = d.labels[0]?.span;
    if (!span) return d.code;
    const p = source.positionOf(span.start);
    return `${d.code}@${p.line}:${p.column}`;
  });
}

function messages(yaml: string, opts: Partial<SupportOptions> = {}): string[] {
  const { project } = load(yaml);
  return checkSupport(project, { ...DEFAULTS, ...opts }).map((d) => `${d.severity}: ${d.message}`);
}

describe('checkSupport: keys', () => {
  it('reports nothing for a project of mapped keys and extensions', () => {
    expect(
      check(`
x-common: &common
  restart: always
services:
  web:
    <<: *common
    image: nginx
    x-note: anything
    ports: ["8080:80"]
    environment: { A: "1" }
    labels: { x-odd: label, version: also-a-label }
    networks:
      front:
        aliases: [www]
        x-tag: 1
    healthcheck: { test: ["CMD", "true"], interval: 5s }
    deploy: { resources: { limits: { memory: 512m } } }
networks:
  front: { driver: bridge, x-owner: me }
volumes:
  data: { labels: { a: b } }
`),
    ).toEqual([]);
  });

  it.each([
    ['deploy.placement', 'services:\n  web:\n    image: x\n    deploy:\n      placement:\n        constraints: [node.role==manager]\n', ['C550@5:7']],
    ['develop (once, not per nested key)', 'services:\n  web:\n    image: x\n    develop:\n      watch:\n        - path: ./src\n          action: sync\n          target: /app\n', ['C550@4:5']],
    ['top-level version', 'version: "3.8"\nservices:\n  web:\n    image: x\n', ['C550@1:1']],
    ['a port name in long form', 'services:\n  web:\n    image: x\n    ports:\n      - target: 80\n        name: http\n', ['C550@6:9']],
    ['network attachable', 'services:\n  web:\n    image: x\nnetworks:\n  n:\n    attachable: true\n', ['C550@6:5']],
    ['provider', 'services:\n  web:\n    provider:\n      type: awesomecloud\n', ['C551@3:5']],
    ['external configs', 'services:\n  web:\n    image: x\nconfigs:\n  c:\n    external: true\n', ['C551@6:5']],
    ['pre_start, post_start and pre_stop (converted: no diagnostic)', 'services:\n  web:\n    image: x\n    pre_start:\n      - image: busybox\n        command: "true"\n        per_replica: true\n    post_start:\n      - command: "true"\n    pre_stop:\n      - command: "true"\n', []],
    ['models of a service', 'services:\n  web:\n    image: x\n    models:\n      llm:\n        endpoint_var: URL\nmodels:\n  llm:\n    model: ai/smollm2\n', ['C551@7:1', 'C551@4:5']],
    ['use_api_socket', 'services:\n  web:\n    image: x\n    use_api_socket: true\n', ['C551@4:5']],
    ['build keys podman build is not given', 'services:\n  web:\n    build:\n      context: .\n      ssh: [default]\n      ulimits:\n        nofile: 1024\n', ['C550@5:7', 'C550@6:7']],
  ])('decides %s', (_name, yaml, expected) => {
    expect(check(yaml)).toEqual(expected);
  });

  it('warns about a key the table does not know instead of dropping it silently', () => {
    // The schema validator normally refuses such a key before this stage; the check must not rely on it.
    expect(check('services:\n  web:\n    image: x\n    healthcheck:\n      bogus: 1\n')).toEqual(['C562@5:7']);
  });

  it('says why models and provider services are refused, and what to do instead', () => {
    expect(messages('services:\n  web:\n    provider:\n      type: model\n      options: {model: ai/smollm2}\n')).toEqual([
      'error: `provider` of service `web` is not supported: a provider service is set up by a plugin of docker compose (`docker <type> compose up`), which neither podman nor systemd can run: create the resource outside the project and pass its address in `environment:`',
    ]);
    expect(messages('services:\n  web:\n    image: x\nmodels:\n  llm:\n    model: ai/smollm2\n')[0]).toMatch(/^error: `models` is not supported: models run in Docker Model Runner, which podman does not have: run the model server as a service of its own/);
  });

  it('names the key as written and the service in the message', () => {
    expect(messages('services:\n  web:\n    image: x\n    networks:\n      front:\n        link_local_ips: [169.254.8.8]\nnetworks:\n  front: {}\n')).toEqual([
      'warning: `networks.front.link_local_ips` of service `web` is ignored: podman cannot assign link-local addresses',
    ]);
    expect(messages('services:\n  web:\n    image: x\n    ports:\n      - target: 80\n        app_protocol: http\n')).toEqual([
      'warning: `ports[0].app_protocol` of service `web` is ignored: an application protocol is descriptive only',
    ]);
  });

  it('reports a key set in several places once, with a label for each place', () => {
    const { project } = load('services:\n  web:\n    image: x\n    ports:\n      - target: 80\n        name: a\n      - target: 81\n        name: b\n');
    const ds = checkSupport(project, DEFAULTS);
    expect(ds).toHaveLength(1);
    expect(ds[0]!.labels).toHaveLength(2);
  });
});

describe('checkSupport: podman version', () => {
  const startInterval = 'services:\n  db:\n    image: x\n    healthcheck:\n      test: ["CMD", "true"]\n      start_interval: 1s\n';
  const subpath = 'services:\n  db:\n    image: x\n    volumes:\n      - type: volume\n        source: data\n        target: /d\n        volume:\n          subpath: sub\nvolumes:\n  data: {}\n';

  it('ignores a key with a warning on an older podman when its row says so', () => {
    expect(check(startInterval, { podmanVersion: '4.3' })).toEqual(['C553@6:7']);
    expect(check(startInterval, { podmanVersion: '4.4' })).toEqual([]);
  });

  it('refuses a key an older podman cannot honour', () => {
    expect(check(subpath, { podmanVersion: '5.3.2' })).toEqual(['C552@9:11']);
    expect(check(subpath, { podmanVersion: '5.4' })).toEqual([]);
  });

  it('leaves host-gateway out before podman 4.7 with a warning that says what changes, instead of refusing', () => {
    const yaml = 'services:\n  web:\n    image: x\n    extra_hosts:\n      - "host.docker.internal:host-gateway"\n      - "db:10.0.0.5"\n';
    expect(check(yaml, { podmanVersion: '4.3' })).toEqual(['C558@5:9']);
    expect(check(yaml, { podmanVersion: '4.6.2' })).toEqual(['C558@5:9']);
    expect(check(yaml, { podmanVersion: '4.7' })).toEqual([]);
    expect(messages(yaml)).toEqual([
      'warning: `host.docker.internal:host-gateway` in extra_hosts of service `web` is left out: podman versions before 4.7 have no `host-gateway`, so `host.docker.internal` does not resolve in the container. podman names the host `host.containers.internal` in the container\'s /etc/hosts instead (the gateway of its bridge network; rootless, the host\'s first address)',
    ]);
    const { project } = load(yaml);
    expect(checkSupport(project, DEFAULTS)[0]?.help).toBe(
      'point the service at `host.containers.internal`, or target podman 4.7 or newer with --podman-version 4.7 (which also names the host `host.docker.internal` by itself)',
    );
  });

  it('says nothing when the name is the one podman writes itself, in any form of extra_hosts', () => {
    expect(check('services:\n  web:\n    image: x\n    extra_hosts:\n      host.containers.internal: host-gateway\n', { podmanVersion: '4.3' })).toEqual([]);
    expect(check('services:\n  web:\n    image: x\n    extra_hosts: {gw: host-gateway}\n', { podmanVersion: '4.3' })).toEqual(['C558@4:23']);
  });

  it('warns for host-gateway in build.extra_hosts too: a build has no host entry of its own', () => {
    const yaml = 'services:\n  web:\n    build:\n      context: .\n      extra_hosts:\n        - "host.containers.internal:host-gateway"\n';
    expect(check(yaml, { podmanVersion: '4.3' })).toEqual(['C558@6:11']);
    expect(messages(yaml)[0]).toContain('is left out of `podman build`');
    expect(check(yaml, { podmanVersion: '5.0' })).toEqual([]);
  });
});

describe('checkSupport: pod mode', () => {
  const yaml = `
services:
  web:
    image: x
    hostname: web1
    ports: ["80:80"]
    networks:
      front:
        ipv4_address: 10.0.0.5
  job:
    image: x
    network_mode: host
networks:
  front: {}
`;
  it('reports per-container network settings only with --pod', () => {
    expect(check(yaml, { pod: false })).toEqual([]);
    expect(check(yaml, { pod: true })).toEqual(['C555@5:5', 'C555@9:9', 'C554@12:5']);
  });
});

describe('checkSupport: --format quadlet', () => {
  const yaml = `
services:
  web:
    image: x
    scale: 3
  worker:
    image: x
    deploy:
      replicas: 2
  single:
    image: x
    deploy:
      replicas: 1
`;
  it('refuses replicas where Quadlet has no template files, at the key that asks for them', () => {
    expect(check(yaml, { podmanVersion: '4.9', format: 'quadlet' })).toEqual(['C552@5:5', 'C552@9:7']);
    expect(messages(yaml, { podmanVersion: '4.9', format: 'quadlet' })[0]).toBe(
      'error: `scale` of service `web` needs podman 5.0 or newer with --format quadlet: 3 containers take a template `proj-web@.container`',
    );
  });

  it('accepts them on podman 5.0, and in plain units on every podman', () => {
    expect(check(yaml, { podmanVersion: '5.0', format: 'quadlet' })).toEqual([]);
    expect(check(yaml, { podmanVersion: '4.4', format: 'units' })).toEqual([]);
    expect(check(yaml, { podmanVersion: '4.4' })).toEqual([]);
  });
});

describe('checkSupport: values', () => {
  it.each([
    ['different cpus and deploy limit', 'services:\n  w:\n    image: x\n    cpus: 1\n    deploy:\n      resources:\n        limits:\n          cpus: "2"\n', ['C556@4:11']],
    ['cpus with cpu_period', 'services:\n  w:\n    image: x\n    cpus: 1\n    cpu_period: 100000\n', ['C557@5:17']],
    ['an npipe mount', 'services:\n  w:\n    image: x\n    volumes:\n      - type: npipe\n        source: \\\\.\\pipe\\x\n        target: /p\n', ['C557@5:9']],
    ['an anonymous volume', 'services:\n  w:\n    image: x\n    volumes: ["/var/lib/data"]\n', ['C559@4:15']],
    ['a log driver podman lacks', 'services:\n  w:\n    image: x\n    logging:\n      driver: syslog\n', ['C558@5:15']],
    ['deploy.mode global', 'services:\n  w:\n    image: x\n    deploy:\n      mode: global\n', ['C558@5:13']],
    ['healthcheck timings without a test', 'services:\n  w:\n    image: x\n    healthcheck:\n      interval: 5s\n', ['C558@5:17']],
    ['a named secret uid', 'services:\n  w:\n    image: x\n    secrets:\n      - source: s\n        uid: www-data\nsecrets:\n  s:\n    file: ./s.txt\n', ['C557@6:14']],
    ['an overlay network', 'services:\n  w:\n    image: x\nnetworks:\n  n:\n    driver: overlay\n', ['C557@6:5']],
    ['a non-GPU device reservation', 'services:\n  w:\n    image: x\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [tpu]\n', ['C558@8:15']],
  ])('reports %s', (_name, yaml, expected) => {
    expect(check(yaml)).toEqual(expected);
  });

  it('accepts equal limits written twice, GPU reservations and named volumes', () => {
    expect(
      check(
        'services:\n  w:\n    image: x\n    mem_limit: 512m\n    volumes: ["data:/d"]\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n        reservations:\n          devices:\n            - capabilities: [gpu]\n              count: all\nvolumes:\n  data: {}\n',
      ),
    ).toEqual([]);
  });
});

describe('checkSupport: podman-compose extensions (x-podman)', () => {
  it('judges the extensions podman-compose reads, in its dotted form and in an x-podman mapping', () => {
    const yaml = `
services:
  web:
    image: x
    x-podman.uidmaps: ["0:1:1000"]
    x-podman.no_hosts: true
    x-podman.passwd: false
  job:
    image: x
    x-podman:
      gidmaps: ["0:1:1000"]
      rootfs: /srv/rootfs
networks:
  front:
    x-podman.dns: [10.1.2.3]
    x-podman.routes: ["10.2.3.4,127.0.0.1"]
    x-podman.disable_dns: false
secrets:
  s:
    file: ./s.txt
    x-podman.relabel: Z
`;
    expect(check(yaml)).toEqual(['C551@5:5', 'C550@6:5', 'C550@7:5', 'C551@11:7', 'C551@12:7', 'C550@15:5', 'C550@16:5', 'C550@17:5']);
    expect(messages(yaml)[0]).toBe(
      'error: `x-podman.uidmaps` of service `web` is not supported: user namespace mappings are not converted yet, and the container must not run without them: use `userns_mode:` (`--userns`), or remove the key',
    );
  });

  it('takes x-podman.mac_address and x-podman.interface_name as the compose keys they became', () => {
    const yaml = 'services:\n  web:\n    image: x\n    networks:\n      front:\n        x-podman.mac_address: "02:aa:aa:aa:aa:aa"\n        x-podman.interface_name: eth7\nnetworks:\n  front: {}\n';
    expect(check(yaml)).toEqual([]);
    expect(check(yaml, { pod: true })).toEqual(['C555@6:9', 'C555@7:9']);
  });

  it('top-level x-podman: in_pod true asks for --pod, compat settings false are not followed, pod_args are dropped', () => {
    const base = 'services:\n  web:\n    image: x\nx-podman:\n';
    expect(check(`${base}  in_pod: false\n`)).toEqual([]);
    expect(check(`${base}  in_pod: true\n`)).toEqual(['C558@5:11']);
    expect(check(`${base}  in_pod: true\n`, { pod: true })).toEqual([]);
    expect(messages(`${base}  in_pod: true\n`)[0]).toContain('only when converting with --pod');
    expect(check(`${base}  docker_compose_compat: true\n  name_separator_compat: true\n`)).toEqual([]);
    expect(check(`${base}  default_net_name_compat: false\n`)).toEqual(['C558@5:28']);
    expect(check(`${base}  pod_args: ["--infra=false", "--share="]\n`)).toEqual(['C550@5:3']);
  });

  it('warns about an x-podman name podman-compose does not read, with the closest one', () => {
    const d = (yaml: string) => checkSupport(load(yaml).project, DEFAULTS).map((x) => `${x.code} ${x.message} | ${x.help ?? ''}`);
    expect(d('services:\n  web:\n    image: x\n    x-podman.uidmap: ["0:1:1"]\n')).toEqual([
      'C550 `x-podman.uidmap` of service `web` is ignored: podman-compose has no such extension | did you mean `uidmaps`?',
    ]);
    expect(d('services:\n  web:\n    image: x\n    x-podman:\n      nohosts: true\n')[0]).toContain('did you mean `no_hosts`?');
    expect(d('services:\n  web:\n    image: x\nvolumes:\n  v:\n    x-podman.foo: 1\n')[0]).toContain('podman-compose reads no `x-podman` keys here');
  });

  it('leaves every other x- key alone', () => {
    expect(check('services:\n  web:\n    image: x\n    x-podmanish: 1\n    x-other.uidmaps: 2\nx-podman-notes: hi\n')).toEqual([]);
  });
});

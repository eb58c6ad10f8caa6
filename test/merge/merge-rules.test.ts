// (base, override, expected) triples, one or more per merge rule; YAML in, plain data compared.
import { describe, expect, it } from 'vitest';
import { mergeTrees } from '../../src/merge/merge-trees.js';
import { data, treeOf } from './merge-helpers.js';

interface Case {
  readonly name: string;
  readonly base: string;
  readonly override: string;
  readonly expected: string;
}

function svc(body: string): string {
  return `services:\n  web:\n${body
    .trim()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;
}

const cases: Case[] = [
  // ---- default rules ----
  {
    name: 'mappings merge recursively, scalars are replaced (spec example)',
    base: svc('image: a\nkey1: value1\nkey2: value2'),
    override: svc('key2: VALUE\nkey3: value3'),
    expected: svc('image: a\nkey1: value1\nkey2: VALUE\nkey3: value3'),
  },
  {
    name: 'sequences without a rule append, duplicates included',
    base: svc('security_opt: [label=disable]\ngroup_add: [audio]'),
    override: svc('security_opt: [no-new-privileges]\ngroup_add: [audio]'),
    expected: svc('security_opt: [label=disable, no-new-privileges]\ngroup_add: [audio, audio]'),
  },
  {
    name: 'new services and top-level keys are added',
    base: 'services:\n  web: {image: a}\n',
    override: 'name: proj\nservices:\n  db: {image: b}\nvolumes:\n  data: {}\n',
    expected: 'services:\n  web: {image: a}\n  db: {image: b}\nname: proj\nvolumes:\n  data: {}\n',
  },
  {
    name: 'an override null keeps the base value',
    base: svc('image: a\ndepends_on: [db]\nenvironment: {A: "1"}'),
    override: svc('image:\ndepends_on: null\nenvironment:'),
    expected: svc('image: a\ndepends_on: [db]\nenvironment: {A: "1"}'),
  },
  {
    name: 'a null base takes the override',
    base: svc('image: a\nnetworks:'),
    override: svc('networks: [front]'),
    expected: svc('image: a\nnetworks: [front]'),
  },
  {
    name: 'x- extensions merge like any mapping',
    base: 'x-common: {a: 1, list: [1]}\nservices: {}\n',
    override: 'x-common: {b: 2, list: [2]}\n',
    expected: 'x-common: {a: 1, list: [1, 2], b: 2}\nservices: {}\n',
  },
  // ---- replaced wholesale ----
  {
    name: 'command is replaced, not appended (spec example)',
    base: svc('command: ["echo", "foo"]'),
    override: svc('command: ["echo", "bar"]'),
    expected: svc('command: ["echo", "bar"]'),
  },
  {
    name: 'entrypoint string replaced by a list, and a null command replaces too',
    base: svc('entrypoint: /bin/sh -c\ncommand: run'),
    override: svc('entrypoint: [/init]\ncommand: null'),
    expected: svc('entrypoint: [/init]\ncommand: null'),
  },
  {
    name: 'healthcheck.test is replaced, the rest of healthcheck merges',
    base: svc('healthcheck: {test: [CMD, curl, -f, localhost], interval: 10s}'),
    override: svc('healthcheck: {test: [CMD-SHELL, "true"], retries: 3}'),
    expected: svc('healthcheck: {test: [CMD-SHELL, "true"], interval: 10s, retries: 3}'),
  },
  {
    name: 'each ulimit is replaced wholesale, ulimits merge by name',
    base: svc('ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 100}'),
    override: svc('ulimits: {nofile: {soft: 4096}, core: 0}'),
    expected: svc('ulimits: {nofile: {soft: 4096}, nproc: 100, core: 0}'),
  },
  {
    name: 'extends is replaced',
    base: svc('extends: {service: a, file: a.yaml}'),
    override: svc('extends: b'),
    expected: svc('extends: b'),
  },
  // ---- unique resources ----
  {
    name: 'ports: short and long syntax with the same (ip, published, target, protocol) are one port, written as the override wrote it',
    base: svc('ports: ["8080:80", "9000:9000/udp", "127.0.0.1:5432:5432"]'),
    override: svc('ports:\n  - {target: 80, published: "8080"}\n  - "9000:9000"\n  - "5432:5432"\n  - 443'),
    expected: svc('ports:\n  - {target: 80, published: "8080"}\n  - "9000:9000/udp"\n  - "127.0.0.1:5432:5432"\n  - "9000:9000"\n  - "5432:5432"\n  - 443'),
  },
  {
    name: 'ports: IPv6 host addresses, bracketed or not, and protocol case',
    base: svc('ports: ["[::1]:8080:80", "53:53/UDP"]'),
    override: svc('ports: [{host_ip: "::1", published: 8080, target: 80, protocol: tcp}, {target: 53, published: 53, protocol: udp}]'),
    expected: svc('ports: [{host_ip: "::1", published: 8080, target: 80, protocol: tcp}, {target: 53, published: 53, protocol: udp}]'),
  },
  {
    name: 'volumes are unique by target (spec example), short and long syntax alike',
    base: svc('volumes: ["foo:/work", "./conf:/etc/app:ro", /anon]'),
    override: svc('volumes: ["bar:/work", {type: bind, source: ./other, target: /etc/app}, /anon]'),
    expected: svc('volumes: ["bar:/work", {type: bind, source: ./other, target: /etc/app}, /anon]'),
  },
  {
    name: 'secrets are unique by target, /run/secrets/<source> by default',
    base: svc('secrets: [db_pass, api_key]'),
    override: svc('secrets: [{source: other, target: /run/secrets/db_pass}, {source: api_key, target: key}, tls]'),
    expected: svc('secrets: [{source: other, target: /run/secrets/db_pass}, api_key, {source: api_key, target: key}, tls]'),
  },
  {
    name: 'configs are unique by target, /<source> by default',
    base: svc('configs: [cfg, {source: b, target: /etc/b}]'),
    override: svc('configs: [{source: cfg, target: /etc/cfg}, {source: b2, target: /etc/b}]'),
    expected: svc('configs: [cfg, {source: b2, target: /etc/b}, {source: cfg, target: /etc/cfg}]'),
  },
  {
    name: 'devices are unique by container path',
    base: svc('devices: ["/dev/ttyUSB0:/dev/ttyUSB0", /dev/kvm]'),
    override: svc('devices: ["/dev/ttyUSB1:/dev/ttyUSB0:rwm", {source: /dev/kvm, target: /dev/kvm, permissions: r}]'),
    expected: svc('devices: ["/dev/ttyUSB1:/dev/ttyUSB0:rwm", {source: /dev/kvm, target: /dev/kvm, permissions: r}]'),
  },
  {
    name: 'expose: 80 and "80" are one port',
    base: svc('expose: [80, "3000"]'),
    override: svc('expose: ["80", 3000, 9000]'),
    expected: svc('expose: ["80", 3000, 9000]'),
  },
  // ---- merged by key ----
  {
    name: 'environment: two mappings merge by key',
    base: svc('environment: {A: "1", B: "2"}'),
    override: svc('environment: {B: "3", C: "4"}'),
    expected: svc('environment: {A: "1", B: "3", C: "4"}'),
  },
  {
    name: 'environment: two lists stay a list, a redefined key keeps its place with the new value',
    base: svc('environment: [A=1, B=2, C]'),
    override: svc('environment: [B=3, D=4, C=5]'),
    expected: svc('environment: [A=1, B=3, C=5, D=4]'),
  },
  {
    name: 'environment: a list under a mapping gives a mapping',
    base: svc('environment: {A: "1", B: "2"}'),
    override: svc('environment: [B=x=y, C]'),
    expected: svc('environment: {A: "1", B: "x=y", C: null}'),
  },
  {
    name: 'environment: a mapping under a list gives a mapping; null replaces (the value comes from the host)',
    base: svc('environment: [A=1, B=2]'),
    override: svc('environment: {A: null, C: 3}'),
    expected: svc('environment: {A: null, B: "2", C: 3}'),
  },
  {
    name: 'labels, annotations, sysctls, build.args merge by key in either form',
    base: svc('labels: [com.x=1, com.y=2]\nannotations: {a: "1"}\nsysctls: [net.core.somaxconn=1024]\nbuild: {context: ., args: [V=1]}'),
    override: svc('labels: {com.y: "3"}\nannotations: [a=2, b=3]\nsysctls: {net.ipv4.ip_forward: 1}\nbuild: {args: {V: "2"}}'),
    expected: svc(
      'labels: {com.x: "1", com.y: "3"}\nannotations: {a: "2", b: "3"}\nsysctls: {net.core.somaxconn: "1024", net.ipv4.ip_forward: 1}\nbuild: {context: ., args: {V: "2"}}',
    ),
  },
  {
    name: 'network and volume labels merge by key',
    base: 'networks:\n  n: {labels: [a=1]}\nvolumes:\n  v: {labels: {a: "1"}}\n',
    override: 'networks:\n  n: {labels: [a=2]}\nvolumes:\n  v: {labels: [b=2]}\n',
    expected: 'networks:\n  n: {labels: [a=2]}\nvolumes:\n  v: {labels: {a: "1", b: "2"}}\n',
  },
  {
    name: 'extra_hosts: the override replaces every base entry of a host it names',
    base: svc('extra_hosts: ["db:10.0.0.1", "db:fd00::1", "cache=10.0.0.2"]'),
    override: svc('extra_hosts: ["db=192.168.1.1", "new:10.0.0.9"]'),
    expected: svc('extra_hosts: ["cache=10.0.0.2", "db=192.168.1.1", "new:10.0.0.9"]'),
  },
  {
    name: 'extra_hosts: mapping and list give a mapping, several addresses of a host grouped',
    base: svc('extra_hosts: {db: 10.0.0.1, cache: [10.0.0.2, "::2"]}'),
    override: svc('extra_hosts: ["cache:10.0.0.3", "cache:::3", "host.docker.internal:host-gateway"]'),
    expected: svc('extra_hosts: {db: 10.0.0.1, cache: [10.0.0.3, "::3"], host.docker.internal: host-gateway}'),
  },
  // ---- keyed by name ----
  {
    name: 'depends_on: two lists stay a list of unique names',
    base: svc('depends_on: [db, cache]'),
    override: svc('depends_on: [cache, queue]'),
    expected: svc('depends_on: [db, cache, queue]'),
  },
  {
    name: 'depends_on: a list and a mapping merge by service name with the long-syntax defaults',
    base: svc('depends_on: [db, cache]'),
    override: svc('depends_on: {db: {condition: service_healthy}, queue: {condition: service_started, required: false}}'),
    expected: svc(
      'depends_on:\n  db: {condition: service_healthy, required: true}\n  cache: {condition: service_started, required: true}\n  queue: {condition: service_started, required: false}',
    ),
  },
  {
    name: 'networks: a list under a mapping (compose-go test)',
    base: svc('networks: [front-network, back-network, network1]'),
    override: svc('networks:\n  network1: {aliases: [alias1]}\n  network2:'),
    expected: svc('networks:\n  front-network:\n  back-network:\n  network1: {aliases: [alias1]}\n  network2:'),
  },
  {
    name: 'networks: per-network aliases and link-local IPs are unique',
    base: svc('networks:\n  n1: {aliases: [alias1, alias2], link_local_ips: [57.123.22.11]}'),
    override: svc('networks:\n  n1: {aliases: [alias3, alias1], link_local_ips: [57.123.22.12, 57.123.22.11]}'),
    expected: svc('networks:\n  n1: {aliases: [alias1, alias2, alias3], link_local_ips: [57.123.22.11, 57.123.22.12]}'),
  },
  // ---- a string or a list ----
  {
    name: 'dns: two strings make a list; dns_search string and list; duplicates dropped',
    base: svc('dns: 8.8.8.8\ndns_search: [a.example, b.example]\ndns_opt: [ndots:2]'),
    override: svc('dns: 1.1.1.1\ndns_search: a.example\ndns_opt: [ndots:2, use-vc]'),
    expected: svc('dns: [8.8.8.8, 1.1.1.1]\ndns_search: [a.example, b.example]\ndns_opt: [ndots:2, use-vc]'),
  },
  {
    name: 'env_file: unique by path, long and short syntax',
    base: svc('env_file: [a.env, b.env]'),
    override: svc('env_file: [{path: a.env, required: false}]'),
    expected: svc('env_file: [{path: a.env, required: false}, b.env]'),
  },
  {
    name: 'tmpfs: unique by mount path',
    base: svc('tmpfs: /run'),
    override: svc('tmpfs: ["/run:size=64m", /tmp]'),
    expected: svc('tmpfs: ["/run:size=64m", /tmp]'),
  },
  {
    name: 'cap_add, cap_drop and profiles are sets',
    base: svc('cap_add: [NET_ADMIN]\ncap_drop: [ALL]\nprofiles: [dev]'),
    override: svc('cap_add: [SYS_TIME, NET_ADMIN]\ncap_drop: [ALL]\nprofiles: [dev, debug]'),
    expected: svc('cap_add: [NET_ADMIN, SYS_TIME]\ncap_drop: [ALL]\nprofiles: [dev, debug]'),
  },
  // ---- shape-dependent ----
  {
    name: 'build: a string is the context of a mapping',
    base: svc('build: ./app'),
    override: svc('build: {dockerfile: Dockerfile.dev}'),
    expected: svc('build: {context: ./app, dockerfile: Dockerfile.dev}'),
  },
  {
    name: 'build: a string override replaces the context only; two strings replace',
    base: 'services:\n  a: {build: {context: ., target: prod}}\n  b: {build: ./b}\n',
    override: 'services:\n  a: {build: ./other}\n  b: {build: ./b2}\n',
    expected: 'services:\n  a: {build: {context: ./other, target: prod}}\n  b: {build: ./b2}\n',
  },
  {
    name: 'logging: options merge under the same driver',
    base: svc('logging: {driver: json-file, options: {max-size: 10m}}'),
    override: svc('logging: {options: {max-file: "3"}}'),
    expected: svc('logging: {driver: json-file, options: {max-size: 10m, max-file: "3"}}'),
  },
  {
    name: 'logging: a different driver replaces the whole block',
    base: svc('logging: {driver: json-file, options: {max-size: 10m}}'),
    override: svc('logging: {driver: journald, options: {tag: web}}'),
    expected: svc('logging: {driver: journald, options: {tag: web}}'),
  },
  {
    name: 'networks.*.ipam.config: pools merge by subnet',
    base: 'networks:\n  n:\n    ipam: {config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.1}]}\n',
    override: 'networks:\n  n:\n    ipam: {config: [{subnet: 10.0.0.0/24, ip_range: 10.0.0.128/25}, {subnet: 10.1.0.0/24}]}\n',
    expected: 'networks:\n  n:\n    ipam: {config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.1, ip_range: 10.0.0.128/25}, {subnet: 10.1.0.0/24}]}\n',
  },
  // ---- tags ----
  {
    name: '!reset removes the value (spec example)',
    base: 'services:\n  app:\n    image: myapp\n    ports: ["8080:80"]\n    environment: {FOO: BAR}\n',
    override: 'services:\n  app:\n    image: myapp\n    ports: !reset []\n    environment:\n      FOO: !reset null\n',
    expected: 'services:\n  app:\n    image: myapp\n    environment: {}\n',
  },
  {
    name: '!reset removes a whole service, and an entry of a list-form environment',
    base: 'services:\n  a: {image: x, environment: [A=1, B=2]}\n  b: {image: y}\n',
    override: 'services:\n  a:\n    environment: {A: !reset}\n  b: !reset\n',
    expected: 'services:\n  a: {image: x, environment: {B: "2"}}\n',
  },
  {
    name: '!override replaces a sequence instead of appending (spec example)',
    base: 'services:\n  app:\n    image: myapp\n    ports: ["8080:80"]\n',
    override: 'services:\n  app:\n    ports: !override\n      - "8443:443"\n',
    expected: 'services:\n  app:\n    image: myapp\n    ports: ["8443:443"]\n',
  },
  {
    name: '!override replaces a mapping; tags inside it are resolved',
    base: svc('environment: {A: "1", B: "2"}\nlogging: {driver: json-file, options: {max-size: 1m}}'),
    override: svc('environment: !override {C: "3", D: !reset}\nlogging: !override {options: {tag: x}}'),
    expected: svc('environment: {C: "3"}\nlogging: {options: {tag: x}}'),
  },
  {
    name: 'tags of the base file are resolved too',
    base: svc('image: a\ncommand: !reset x\nenvironment: !override {A: "1"}'),
    override: svc('environment: {B: "2"}'),
    expected: svc('image: a\nenvironment: {A: "1", B: "2"}'),
  },
  {
    name: '!reset on a key the base does not have is harmless',
    base: svc('image: a'),
    override: svc('volumes: !reset []'),
    expected: svc('image: a'),
  },
];

describe('mergeTrees rules', () => {
  it.each(cases)('$name', ({ base, override, expected }) => {
    const result = mergeTrees(treeOf('base.yaml', base), treeOf('override.yaml', override));
    expect(result.diagnostics).toEqual([]);
    expect(result.tree.value).toEqual(data(expected));
  });

  it('keeps key order: base keys in place, new keys after them', () => {
    const result = mergeTrees(treeOf('base.yaml', svc('image: a\nuser: x\nenvironment: {B: "1", A: "2"}')), treeOf('override.yaml', svc('tty: true\nimage: b\nenvironment: {C: "3", B: "4"}')));
    const web = (result.tree.value as { services: { web: Record<string, unknown> } }).services.web;
    expect(Object.keys(web)).toEqual(['image', 'user', 'environment', 'tty']);
    expect(Object.keys(web['environment'] as object)).toEqual(['B', 'A', 'C']);
  });

  it('an override key named __proto__ stays an ordinary key', () => {
    // JSON.parse makes an own `__proto__` key, as a loader that keeps such keys would.
    const override = { value: JSON.parse('{"x-a": {"__proto__": {"polluted": 1}}}') as unknown, origins: new Map() };
    const result = mergeTrees(treeOf('base.yaml', 'x-a: {}\n'), override);
    const xa = (result.tree.value as Record<string, Record<string, unknown>>)['x-a']!;
    expect(Object.keys(xa)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(xa)).toBe(Object.prototype);
  });
});

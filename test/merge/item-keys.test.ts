// Item identities used by the uniqueness rules, short and long syntax side by side.
import { describe, expect, it } from 'vitest';
import { deviceTarget, envFilePath, mountTarget, portKey, splitKeyValue, tmpfsPath, volumeTarget, type ItemKey } from '../../src/merge/item-keys.js';
import { mapNode, scalarNode, type MergeNode } from '../../src/merge/merge-node.js';
import { ruleFor } from '../../src/merge/merge-rules.js';

function node(v: unknown): MergeNode {
  if (typeof v === 'object' && v !== null) return mapNode(new Map(Object.entries(v).map(([k, x]) => [k, node(x)])), undefined);
  return scalarNode(v as string | number | boolean | null, undefined);
}

const cases: [string, ItemKey, unknown, string | undefined][] = [
  ['port bare number', portKey, 80, '||80|tcp'],
  ['port published:target', portKey, '8080:80', '|8080|80|tcp'],
  ['port long form equals short', portKey, { target: 80, published: 8080 }, '|8080|80|tcp'],
  ['port ip::target', portKey, '127.0.0.1::80', '127.0.0.1||80|tcp'],
  ['port bracketed IPv6', portKey, '[::1]:8080:80/udp', '::1|8080|80|udp'],
  ['port bare IPv6', portKey, '::1:8080:80', '::1|8080|80|tcp'],
  ['port range kept as written', portKey, '8000-8001:80-81', '|8000-8001|80-81|tcp'],
  ['port long form without target', portKey, { published: 80 }, undefined],
  ['volume named', volumeTarget, 'data:/var/lib/data:ro', '/var/lib/data'],
  ['volume anonymous', volumeTarget, '/cache', '/cache'],
  ['volume Windows source', volumeTarget, 'C:\\data:/data', '/data'],
  ['volume long', volumeTarget, { type: 'volume', source: 'x', target: '/x' }, '/x'],
  ['secret short', mountTarget('/run/secrets'), 'db', '/run/secrets/db'],
  ['secret relative target', mountTarget('/run/secrets'), { source: 'a', target: 'b' }, '/run/secrets/b'],
  ['secret source only', mountTarget('/run/secrets'), { source: 'a' }, '/run/secrets/a'],
  ['config short', mountTarget(''), 'cfg', '/cfg'],
  ['device host only', deviceTarget, '/dev/kvm', '/dev/kvm'],
  ['device host:container:perm', deviceTarget, '/dev/a:/dev/b:r', '/dev/b'],
  ['device long without target', deviceTarget, { source: '/dev/a' }, '/dev/a'],
  ['env_file long', envFilePath, { path: 'a.env', required: false }, 'a.env'],
  ['tmpfs with options', tmpfsPath, '/run:size=1m', '/run'],
];

describe('item keys', () => {
  it.each(cases)('%s', (_name, key, item, expected) => {
    expect(key(node(item))).toBe(expected);
  });

  it.each([
    ['A=1', '=', ['A', '1']],
    ['A', '=', ['A', undefined]],
    ['A=b=c', '=', ['A', 'b=c']],
    ['host:::1', '=:', ['host', '::1']],
    ['host=::1', '=:', ['host', '::1']],
  ] as const)('splitKeyValue(%s)', (text, seps, expected) => {
    expect(splitKeyValue(text, seps)).toEqual(expected);
  });
});

describe('rule table', () => {
  it.each([
    ['services.web.command', 'replace'],
    ['services.web.healthcheck.test', 'replace'],
    ['services.web.ports', 'appendUnique'],
    ['services.web.environment', 'mergeByKey'],
    ['services.web.extra_hosts', 'mergeHosts'],
    ['services.web.ulimits.nofile', 'replace'],
    ['services.web.depends_on', 'mergeByName'],
    ['services.web.dns', 'stringOrList'],
    ['services.web.build', 'mergeBuild'],
    ['networks.n.ipam.config', 'mergeIpamConfig'],
    ['services.web.image', undefined],
    ['services.web.healthcheck', undefined],
  ])('%s -> %s', (path, name) => {
    expect(ruleFor(path.split('.'))?.name).toBe(name);
  });
});

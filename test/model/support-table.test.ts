import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePodmanVersion } from '../../src/podman/version.js';
import { hasKeysBelow, SUPPORT_TABLE, supportRow } from '../../src/model/support-table.js';

const root = join(import.meta.dirname, '..', '..');

type Schema = Record<string, unknown>;

/** The compose schema the validator compiles: dclint's copy plus schemas/compose-additions.json. */
function composeSchema(): Schema {
  const schema = JSON.parse(readFileSync(join(root, 'node_modules/dclint/schemas/compose.schema.json'), 'utf8')) as Schema;
  const additions = JSON.parse(readFileSync(join(root, 'schemas/compose-additions.json'), 'utf8')) as { add: Record<string, unknown> };
  for (const [pointer, value] of Object.entries(additions.add)) {
    const segments = pointer.slice(1).split('/');
    const key = segments.pop()!;
    let parent: Record<string, unknown> = schema;
    for (const s of segments) parent = parent[s] as Record<string, unknown>;
    if (!(key in parent)) parent[key] = value;
  }
  return schema;
}

/** Every key path of the schema, `*` for user-chosen names, sequence items adding no segment. */
function schemaKeyPaths(schema: Schema): Set<string> {
  const out = new Set<string>();
  const resolve = (node: unknown): Schema | undefined => {
    let n = node as Schema | undefined;
    while (n && typeof n['$ref'] === 'string') {
      n = (n['$ref'] as string).replace(/^#\//, '').split('/').reduce<unknown>((a, k) => (a as Schema)[k], schema) as Schema;
    }
    return n && typeof n === 'object' ? n : undefined;
  };
  const walk = (prefix: string, node: unknown, seen: ReadonlySet<unknown>): void => {
    const n = resolve(node);
    if (!n || seen.has(n)) return;
    const next = new Set(seen).add(n);
    for (const k of ['oneOf', 'anyOf', 'allOf']) for (const alt of (n[k] as unknown[] | undefined) ?? []) walk(prefix, alt, next);
    if (n['items']) walk(prefix, n['items'], next);
    for (const [k, v] of Object.entries((n['properties'] as Schema | undefined) ?? {})) {
      const p = prefix === '' ? k : `${prefix}.${k}`;
      out.add(p);
      walk(p, v, next);
    }
    for (const [pattern, v] of Object.entries((n['patternProperties'] as Schema | undefined) ?? {})) {
      if (pattern !== '^x-') walk(`${prefix}.*`, v, next);
    }
    if (typeof n['additionalProperties'] === 'object') walk(`${prefix}.*`, n['additionalProperties'], next);
  };
  walk('', schema, new Set());
  return out;
}

describe('the support table', () => {
  const schemaKeys = schemaKeyPaths(composeSchema());
  const tableKeys = SUPPORT_TABLE.map((r) => r.key);

  it('walks a schema of the expected size (guards the walker itself)', () => {
    expect(schemaKeys.size).toBeGreaterThan(300);
    expect(schemaKeys.has('services.*.deploy.resources.limits.cpus')).toBe(true);
    expect(schemaKeys.has('services.*.networks.*.ipv4_address')).toBe(true);
    expect(schemaKeys.has('services.*.pre_start')).toBe(true);
    expect(schemaKeys.has('services.*.pre_start.per_replica')).toBe(true);
    expect(schemaKeys.has('services.*.develop.watch.initial_sync')).toBe(true);
  });

  it('has a row for every key of the compose schema', () => {
    const missing = [...schemaKeys].filter((k) => supportRow(k) === undefined);
    expect(missing, 'add a row for each of these keys to src/model/support-table.ts').toEqual([]);
  });

  it('has no row for a key the schema does not know, and no key twice', () => {
    const podman = /(^|\.)x-podman\./;
    expect(tableKeys.filter((k) => !schemaKeys.has(k) && !podman.test(k))).toEqual([]);
    expect(tableKeys.filter((k, i) => tableKeys.indexOf(k) !== i)).toEqual([]);
  });

  it('puts podman-compose\'s extensions only where the schema allows `x-` keys: the top level and objects it knows', () => {
    const rows = tableKeys.filter((k) => k.includes('x-podman.'));
    expect(rows.length).toBeGreaterThan(15);
    for (const k of rows) {
      const owner = k.slice(0, k.indexOf('x-podman.')).replace(/\.$/, '');
      if (owner !== '') expect(schemaKeys.has(owner) || ['services.*', 'services.*.networks.*', 'networks.*', 'secrets.*'].includes(owner), k).toBe(true);
    }
    expect(rows).toEqual(expect.arrayContaining(['x-podman.in_pod', 'x-podman.pod_args', 'services.*.x-podman.uidmaps', 'services.*.x-podman.gidmaps', 'services.*.x-podman.rootfs', 'networks.*.x-podman.dns', 'secrets.*.x-podman.relabel']));
  });

  it('gives every ignored or unsupported key a reason, and every mapped key what it becomes', () => {
    for (const r of SUPPORT_TABLE) {
      if (r.status === 'ignored' || r.status === 'unsupported') expect(r.notes, r.key).not.toBe('');
      if (r.status === 'mapped' || r.status === 'partial') expect(r.becomes, r.key).not.toBe('');
      if (r.inPod) expect(r.inPod.notes, r.key).not.toBe('');
    }
  });

  it('names valid podman versions, and an older-podman fate only with a version', () => {
    for (const r of SUPPORT_TABLE) {
      if (r.sincePodman !== undefined) expect(parsePodmanVersion(r.sincePodman), r.key).toBeDefined();
      if (r.olderPodman !== undefined) expect(r.sincePodman, r.key).toBeDefined();
    }
  });

  it.each([
    ['services.*.image', 'mapped'],
    ['services.*.command', 'mapped'],
    ['services.*.environment', 'mapped'],
    ['services.*.build', 'partial'],
    ['services.*.links', 'partial'],
    ['services.*.deploy.placement', 'ignored'],
    ['services.*.develop', 'ignored'],
    ['services.*.external_links', 'ignored'],
    ['services.*.gpus', 'unsupported'],
    ['services.*.provider', 'unsupported'],
    ['services.*.models', 'unsupported'],
    ['models', 'unsupported'],
    ['services.*.pre_start', 'partial'],
    ['services.*.pre_start.image', 'partial'],
    ['services.*.pre_start.per_replica', 'partial'],
    ['services.*.post_start', 'partial'],
    ['services.*.develop.watch.initial_sync', 'ignored'],
    ['services.*.label_file', 'mapped'],
    ['services.*.use_api_socket', 'unsupported'],
    ['services.*.networks.*.interface_name', 'mapped'],
    ['services.*.networks.*.gw_priority', 'ignored'],
    ['networks.*.enable_ipv4', 'ignored'],
    ['configs.*.external', 'unsupported'],
  ])('decides %s: %s', (key, status) => {
    expect(supportRow(key)?.status).toBe(status);
  });

  it('knows which keys have keys below them', () => {
    expect(hasKeysBelow('services.*.deploy')).toBe(true);
    expect(hasKeysBelow('services.*.networks.*')).toBe(true);
    expect(hasKeysBelow('services.*.labels')).toBe(false);
    expect(hasKeysBelow('services.*.healthcheck.test')).toBe(false);
  });
});

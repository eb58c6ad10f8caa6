import { describe, expect, test } from 'vitest';
import { OverrideTag, ResetTag } from '../../src/load/tree.js';
import { castInterpolatedTypes, castString, interpolatedCasts, type CastKind } from '../../src/validate/cast-interpolated.js';
import { composeSchema } from '../../src/validate/generated/compose-validator.js';

describe('castString', () => {
  test.each<[string, CastKind, unknown]>([
    ['true', 'boolean', true],
    ['FALSE', 'boolean', false],
    ['yes', 'boolean', true],
    ['off', 'boolean', false],
    ['maybe', 'boolean', 'maybe'],
    ['', 'boolean', ''],
    ['42', 'integer', 42],
    ['-7', 'integer', -7],
    ['+3', 'integer', 3],
    ['4.5', 'integer', '4.5'],
    ['1e3', 'integer', '1e3'],
    ['0x10', 'integer', '0x10'],
    [' 5', 'integer', ' 5'],
    ['99999999999999999999', 'integer', '99999999999999999999'],
    ['1.5', 'number', 1.5],
    ['.5', 'number', 0.5],
    ['2', 'number', 2],
    ['1e3', 'number', 1000],
    ['Infinity', 'number', 'Infinity'],
    ['1g', 'number', '1g'],
  ])('%j as %s -> %j', (text, kind, expected) => {
    expect(castString(text, kind)).toEqual(expected);
  });
});

describe('castInterpolatedTypes', () => {
  test('casts at the known paths only', () => {
    const input = {
      services: {
        web: {
          read_only: 'true',
          cpus: '0.5',
          scale: '2',
          ports: ['80:80', { target: '80', published: '8080' }],
          ulimits: { nofile: '1024', nproc: { soft: '10', hard: '20' } },
          deploy: { replicas: '3', resources: { limits: { cpus: '1.5', memory: '512' } } },
          healthcheck: { retries: '5', disable: 'false', interval: '10' },
          depends_on: { db: { condition: 'service_started', required: 'false' } },
          environment: { DEBUG: 'true', PORT: '80' },
          labels: ['a=true'],
          secrets: [{ source: 's', mode: '0440' }],
          user: '1000',
          image: 'true',
        },
      },
      networks: { front: { external: 'true', driver_opts: { mtu: '1500' } } },
      volumes: { data: { external: 'no' } },
      'x-custom': { read_only: 'true' },
    };
    expect(castInterpolatedTypes(input)).toEqual({
      services: {
        web: {
          read_only: true,
          cpus: 0.5,
          scale: 2,
          ports: ['80:80', { target: 80, published: 8080 }],
          ulimits: { nofile: 1024, nproc: { soft: 10, hard: 20 } },
          deploy: { replicas: 3, resources: { limits: { cpus: 1.5, memory: '512' } } },
          healthcheck: { retries: 5, disable: false, interval: '10' },
          depends_on: { db: { condition: 'service_started', required: false } },
          environment: { DEBUG: 'true', PORT: '80' },
          labels: ['a=true'],
          secrets: [{ source: 's', mode: '0440' }],
          user: '1000',
          image: 'true',
        },
      },
      networks: { front: { external: true, driver_opts: { mtu: '1500' } } },
      volumes: { data: { external: false } },
      'x-custom': { read_only: 'true' },
    });
  });

  test('returns the input itself when nothing changes, and never mutates it', () => {
    const same = { services: { web: { image: 'x', read_only: true } } };
    expect(castInterpolatedTypes(same)).toBe(same);
    const input = { services: { web: { image: 'x', tty: 'true' } } };
    const out = castInterpolatedTypes(input) as typeof input;
    expect(input.services.web.tty).toBe('true');
    expect(out.services.web.tty).toBe(true);
  });

  test('a string that does not parse stays a string', () => {
    expect(castInterpolatedTypes({ services: { web: { privileged: 'sure', pids_limit: 'lots' } } })).toEqual({ services: { web: { privileged: 'sure', pids_limit: 'lots' } } });
  });

  test('!override values are cast inside the tag, !reset is kept', () => {
    const out = castInterpolatedTypes({ services: { web: { deploy: new OverrideTag({ replicas: '2' }), tty: new ResetTag() } } }) as {
      services: { web: { deploy: OverrideTag; tty: unknown } };
    };
    expect(out.services.web.deploy).toBeInstanceOf(OverrideTag);
    expect(out.services.web.deploy.value).toEqual({ replicas: 2 });
    expect(out.services.web.tty).toBeInstanceOf(ResetTag);
  });

  test('a __proto__ key stays an own key', () => {
    const input = JSON.parse('{"services":{"web":{"tty":"true","labels":{"__proto__":"x"}}}}') as unknown;
    const out = castInterpolatedTypes(input) as { services: { web: { labels: object } } };
    expect(Object.keys(out.services.web.labels)).toEqual(['__proto__']);
  });
});

type Node = Record<string, unknown>;

/** The schema's forms of a node: itself and its oneOf/anyOf/allOf branches (the build removed every $ref). */
function shapes(node: unknown): Node[] {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [];
  const n = node as Node;
  const branches = ['oneOf', 'anyOf', 'allOf'].flatMap((k) => (Array.isArray(n[k]) ? (n[k] as unknown[]).flatMap(shapes) : []));
  return [n, ...branches];
}

function nodesAt(node: unknown, segments: readonly string[]): Node[] {
  const [head, ...rest] = segments;
  if (head === undefined) return shapes(node);
  const next: unknown[] = [];
  for (const s of shapes(node)) {
    const properties = (s['properties'] ?? {}) as Node;
    const patterns = (s['patternProperties'] ?? {}) as Node;
    if (head === '*') next.push(...Object.entries(patterns).filter(([p]) => p !== '^x-').map(([, v]) => v), s['items']);
    else next.push(properties[head], ...Object.entries(patterns).filter(([p]) => new RegExp(p, 'u').test(head)).map(([, v]) => v));
  }
  return next.filter((n) => n !== undefined).flatMap((n) => nodesAt(n, rest));
}

function accepts(node: Node, kind: CastKind): boolean {
  const types = Array.isArray(node['type']) ? (node['type'] as string[]) : [node['type']];
  return kind === 'integer' ? types.includes('integer') || types.includes('number') : types.includes(kind);
}

describe('interpolatedCasts agrees with the schema', () => {
  test.each(interpolatedCasts.map(([path, kind]) => [path, kind]))('%s is a place where the schema accepts %s', (path, kind) => {
    const nodes = nodesAt(composeSchema, path.split('.'));
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.some((n) => accepts(n, kind as CastKind))).toBe(true);
  });
});

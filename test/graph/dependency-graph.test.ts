// The dependency graph: start order (depth, then code-unit name), adjacency, cycles, long chains.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { DependencyGraph } from '../../src/graph/dependency-graph.js';
import { loadProject } from '../../src/load/load-project.js';
import { memoryFs } from '../../src/load/loader-fs.js';

function load(yaml: string) {
  return loadProject({ files: ['/p/compose.yaml'], cwd: '/p', env: {}, homeDir: '/home/u' }, memoryFs({ '/p/compose.yaml': yaml }));
}

function graphOf(services: Record<string, readonly string[]>): DependencyGraph {
  const yaml = `services:\n${Object.entries(services)
    .map(([name, deps]) => `  "${name}":\n    image: x\n${deps.length > 0 ? `    depends_on: [${deps.map((d) => `"${d}"`).join(', ')}]\n` : ''}`)
    .join('')}`;
  const r = load(yaml);
  if (!r.graph) throw new Error(`no graph: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.graph;
}

describe('start order', () => {
  test('dependencies first; the same depth by code-unit name, whatever the locale', () => {
    const g = graphOf({ B: [], a: [], 'a-b': ['B'], a_b: ['a'], 'a.b': [], Z1: ['a_b', 'a-b'], '10': [], '9': [] });
    expect(g.services).toEqual(['10', '9', 'B', 'Z1', 'a', 'a-b', 'a.b', 'a_b']);
    expect(g.startOrder).toEqual(['10', '9', 'B', 'a', 'a.b', 'a-b', 'a_b', 'Z1']);
  });

  test('a service waits for its deepest dependency, not only its first', () => {
    const g = graphOf({ app: ['db', 'migrate'], db: [], migrate: ['db'], cache: [] });
    expect(g.startOrder).toEqual(['cache', 'db', 'migrate', 'app']);
  });

  test('a chain of 5,000 services orders without overflowing the stack', () => {
    const n = 5000;
    const name = (i: number) => `s${String(i).padStart(4, '0')}`;
    const services: Record<string, string[]> = {};
    for (let i = 0; i < n; i++) services[name(i)] = i === 0 ? [] : [name(i - 1)];
    const g = graphOf(services);
    expect(g.startOrder).toEqual(Array.from({ length: n }, (_, i) => name(i)));
  });

  test('on random acyclic projects: the order is (longest chain, name) and adjacency matches the edges', () => {
    const nameArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,3}$/);
    const projectArb = fc.uniqueArray(nameArb, { minLength: 1, maxLength: 12 }).chain((names) =>
      fc.tuple(fc.constant(names), fc.array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: names.length, maxLength: names.length })),
    );
    fc.assert(
      fc.property(projectArb, ([names, picks]) => {
        // each service depends only on services listed before it: acyclic by construction
        const services: Record<string, string[]> = {};
        names.forEach((n, i) => (services[n] = i === 0 ? [] : [...new Set(picks[i]!.map((p) => names[p % i]!))]));
        const g = graphOf(services);
        const depth = (s: string): number => Math.max(-1, ...services[s]!.map(depth)) + 1;
        const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
        expect(g.startOrder).toEqual([...names].sort((a, b) => depth(a) - depth(b) || byCodeUnit(a, b)));
        for (const s of names) {
          expect(g.dependenciesOf(s)).toEqual(g.edges.filter((e) => e.from === s));
          expect(g.dependentsOf(s)).toEqual(g.edges.filter((e) => e.to === s));
        }
        expect(g.dependenciesOf('no-such-service')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('cycles', () => {
  test('each cycle once, with its whole path and a label per edge', () => {
    const r = load('services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, depends_on: [c, a]}\n  c: {image: x, depends_on: [a, b]}\n  d: {image: x, depends_on: [d]}\n');
    expect(r.project).toBeUndefined();
    const cycles = r.diagnostics.filter((d) => d.code === 'C603');
    expect(cycles.map((d) => d.message)).toEqual(['depends_on cycle: a -> b -> c -> a', 'depends_on cycle: b -> c -> b', 'depends_on cycle: a -> b -> a', 'depends_on cycle: d -> d']);
    expect(cycles.map((d) => d.labels.map((l) => l.message))).toEqual([
      ['a depends on b', 'b depends on c', 'c depends on a'],
      ['b depends on c', 'c depends on b'],
      ['a depends on b', 'b depends on a'],
      ['d depends on d'],
    ]);
  });

  test('a cycle at the end of a long chain is found', () => {
    const services: Record<string, string[]> = {};
    for (let i = 0; i < 3000; i++) services[`s${i}`] = i === 0 ? ['s2999'] : [`s${i - 1}`];
    const yaml = `services:\n${Object.entries(services).map(([n, d]) => `  ${n}: {image: x, depends_on: [${d.join(', ')}]}\n`).join('')}`;
    const cycles = load(yaml).diagnostics.filter((d) => d.code === 'C603');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.labels).toHaveLength(3000);
  });
});

describe('unknown dependencies', () => {
  test('a depends_on naming `toString`, `constructor` or `__proto__` that is not a service is C601', () => {
    for (const name of ['toString', 'constructor', '__proto__']) {
      const r = load(`services:\n  web: {image: x, depends_on: [${name}]}\n`);
      expect(r.diagnostics.map((d) => d.code)).toEqual(['C601']);
    }
  });
});

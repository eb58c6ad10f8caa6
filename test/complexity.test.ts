// Scaling guards: the work of each stage, counted (test/support/count-steps.ts), must grow linearly with the
// project. Each case runs at n and 4n services; linear work grows about 4 times, a step that walks every
// service for each service about 16 times. Times are the benchmark's business (npm run bench), not this test's.
import { describe, expect, test } from 'vitest';
import { syntheticProject } from '../scripts/synthetic-project.mjs';
import { buildGraph } from '../src/graph/dependency-graph.js';
import { loadProject, type LoadResult } from '../src/load/load-project.js';
import { memoryFs } from '../src/load/loader-fs.js';
import { parseComposeFile } from '../src/load/parse.js';
import { checkSupport } from '../src/model/check-support.js';
import { SourceFile } from '../src/source/source-file.js';
import { countSteps } from './support/count-steps.js';

const N = 60;
/** 4x the services may cost at most this many times the steps: linear, with room for n log n sorts. */
const MAX_GROWTH = 6;

function load(files: Record<string, string>): LoadResult {
  return loadProject({ files: ['/p/compose.yaml'], cwd: '/p', env: {}, homeDir: '/home/u' }, memoryFs(files));
}

function loaded(files: Record<string, string>): Required<Pick<LoadResult, 'project' | 'graph'>> {
  const r = load(files);
  if (!r.project || !r.graph) throw new Error(`fixture does not load: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return { project: r.project, graph: r.graph };
}

/** Every service extends one of a few bases in another file, and half of them extend a local service that extends too. */
function extendsProject(n: number): Record<string, string> {
  const base = ['services:', ...[0, 1, 2].flatMap((b) => [`  base${b}:`, '    image: busybox', '    environment: {A: "1"}', '    labels: [x=y]', '    volumes: ["./data:/data"]'])];
  const main = ['services:', '  local:', '    extends: {file: base.yaml, service: base0}', '    command: ["true"]'];
  for (let i = 0; i < n; i++) {
    main.push(`  s${i}:`, i % 2 === 0 ? '    extends: local' : `    extends: {file: base.yaml, service: base${i % 3}}`, `    ports: ["${10000 + i}:80"]`);
  }
  return { '/p/compose.yaml': main.join('\n') + '\n', '/p/base.yaml': base.join('\n') + '\n' };
}

/** The synthetic project included into a small main file, so that include moves all of its services. */
function includeProject(n: number): Record<string, string> {
  return { '/p/compose.yaml': 'include: [sub/compose.yaml]\nservices:\n  front:\n    image: nginx\n    depends_on: [s00002]\n', '/p/sub/compose.yaml': syntheticProject(n) };
}

const synthetic = (n: number) => ({ '/p/compose.yaml': syntheticProject(n) });

function growth(measure: (n: number) => number, n = N): { n: number; small: number; large: number; ratio: number } {
  const small = measure(n);
  const large = measure(4 * n);
  return { n, small, large, ratio: large / small };
}

function expectLinear(g: ReturnType<typeof growth>): void {
  if (process.env['SHOW_GROWTH']) console.log(JSON.stringify(g));
  expect(g.ratio, `steps ${g.small} at ${g.n} services, ${g.large} at ${4 * g.n}`).toBeLessThan(MAX_GROWTH);
}

describe('work grows linearly with the number of services', () => {
  test.each([
    ['the loader (parse with <<: *defaults, interpolate, validate, merge, normalize, graph)', synthetic],
    ['extends (every service extends, across files and in chains)', extendsProject],
    ['include (every service comes from an included file)', includeProject],
  ])('%s', (_name, files) => {
    const g = growth((n) => {
      const input = files(n);
      const { result, steps } = countSteps(() => load(input));
      expect(result.project?.services.size).toBeGreaterThanOrEqual(n);
      return steps;
    });
    expectLinear(g);
  });

  // Little work per service, so that a scan per key or per alias stands out already at these sizes.
  test('parsing: one mapping of many small services, each merging an anchor', () => {
    const g = growth((n) => {
      const lines = ['x-defaults: &defaults {restart: always, tty: true}', 'services:'];
      for (let i = 0; i < n; i++) lines.push(`  s${i}: {<<: *defaults, image: x}`);
      const source = new SourceFile('/p/compose.yaml', lines.join('\n') + '\n');
      const { result, steps } = countSteps(() => parseComposeFile(source));
      expect(result.diagnostics).toEqual([]);
      return steps;
    }, 4 * N);
    expectLinear(g);
  });

  test('the support check', () => {
    const g = growth((n) => {
      const { project } = loaded(synthetic(n));
      return countSteps(() => checkSupport(project, { podmanVersion: '4.3', pod: false })).steps;
    });
    expectLinear(g);
  });

  test('the dependency graph and its start order (chains, fan-in, fan-out)', () => {
    const g = growth((n) => {
      const { project } = loaded(synthetic(n));
      const { result, steps } = countSteps(() => buildGraph(project));
      expect(result.graph?.startOrder).toHaveLength(n);
      return steps;
    });
    expectLinear(g);
  });

  test('the guard notices a step that walks every service for each service', () => {
    const g = growth((n) => {
      const names = Array.from({ length: n }, (_, i) => `s${i}`);
      return countSteps(() => names.map((a) => names.filter((b) => b < a).length)).steps;
    });
    expect(g.ratio).toBeGreaterThan(MAX_GROWTH);
  });
});

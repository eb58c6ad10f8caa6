// Guards the plan's complexity, not its time: a step that scans every dependency edge once per service
// (quadratic; 8.8 s of a 10,000-service convert) reads the graph's edge list once per service.
import { describe, expect, it } from 'vitest';
import { buildGraph, type DependencyGraph } from '../../src/graph/dependency-graph.js';
import { loadProject } from '../../src/load/load-project.js';
import { memoryFs } from '../../src/load/loader-fs.js';
import { planOptions } from '../../src/plan/plan.js';
import { planProject } from '../../src/plan/plan-project.js';

/** `n` services in one depends_on chain. */
function chain(n: number): string {
  const lines = ['services:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  s${i}:`, '    image: busybox');
    if (i > 0) lines.push('    depends_on:', `      - s${i - 1}`);
  }
  return lines.join('\n') + '\n';
}

/** How often planProject reads the whole edge list, and the dependencies it planned. */
function planCountingEdgeReads(n: number): { reads: number; dependsOn: Map<string, string[]> } {
  const loaded = loadProject({ files: [], cwd: '/srv/app', env: {}, homeDir: '/home/u' }, memoryFs({ '/srv/app/compose.yaml': chain(n) }));
  const graph = buildGraph(loaded.project!).graph!;
  let reads = 0;
  const counting: DependencyGraph = new Proxy(graph, {
    get(target, key, receiver) {
      if (key === 'edges') reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  const r = planProject(loaded.project!, counting, planOptions({ sources: ['compose.yaml'] }));
  return { reads, dependsOn: new Map(r.plan!.services.map((s) => [s.service.name, s.dependsOn.map((e) => e.to)])) };
}

describe('planProject', () => {
  it('reads the edge list as often for 4n services as for n', () => {
    const small = planCountingEdgeReads(10);
    const large = planCountingEdgeReads(40);
    expect(large.reads).toBe(small.reads);
    expect(large.dependsOn.get('s39')).toEqual(['s38']);
    expect(large.dependsOn.get('s0')).toEqual([]);
  });
});

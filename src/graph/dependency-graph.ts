// Stage 8, graph: ComposeProject services -> dependency edges, a start order, and cycles reported with their
// whole path and the location of each edge. Reports C603.
import toposort from 'toposort';
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic, Label } from '../diagnostics/diagnostic.js';
import type { ComposeProject, DependencyCondition } from '../model/types.js';
import { keySpanAt, spanAt } from '../source/origins.js';
import { graphCodes } from './codes.js';

export interface Edge {
  /** The service that depends. */
  readonly from: string;
  /** The service it depends on. */
  readonly to: string;
  readonly condition: DependencyCondition;
  readonly required: boolean;
  readonly restart: boolean;
  readonly pointer: string;
}

export interface DependencyGraph {
  readonly services: readonly string[];
  readonly edges: readonly Edge[];
  /** Dependencies first; ties broken by name, so the order is stable. */
  readonly startOrder: readonly string[];
}

export function buildGraph(project: ComposeProject): { graph?: DependencyGraph; diagnostics: Diagnostic[] } {
  const services = [...project.services.keys()].sort();
  const edges: Edge[] = [];
  for (const name of services) {
    for (const d of project.services.get(name)!.dependsOn) {
      // selectServices already reported unknown or inactive required targets; optional ones are simply absent
      if (!project.services.has(d.service)) continue;
      edges.push({ from: name, to: d.service, condition: d.condition, required: d.required, restart: d.restart, pointer: d.pointer });
    }
  }
  const cycles = findCycles(services, edges);
  if (cycles.length > 0) {
    const diagnostics = cycles.map((cycle) => {
      const labels: Label[] = [];
      for (const e of cycle) {
        const span = keySpanAt(project.origins, e.pointer) ?? spanAt(project.origins, e.pointer);
        if (span) labels.push({ span, message: `${e.from} depends on ${e.to}` });
      }
      const path = [...cycle.map((e) => e.from), cycle[0]!.from].join(' -> ');
      return diagnostic(graphCodes.dependencyCycle, `depends_on cycle: ${path}`, labels, { help: 'remove one of these dependencies; systemd cannot order a cycle' });
    });
    return { diagnostics };
  }
  return { graph: { services, edges, startOrder: startOrder(services, edges) }, diagnostics: [] };
}

/** Dependencies first; among services of the same depth (longest dependency chain), by name. */
function startOrder(services: readonly string[], edges: readonly Edge[]): string[] {
  // toposort puts each node before the nodes it points to: point from dependency to dependent.
  const order = toposort.array([...services], edges.map((e) => [e.to, e.from] as [string, string]));
  const depth = new Map<string, number>();
  for (const s of order) depth.set(s, Math.max(-1, ...edges.filter((e) => e.from === s).map((e) => depth.get(e.to) ?? 0)) + 1);
  return [...services].sort((a, b) => depth.get(a)! - depth.get(b)! || a.localeCompare(b));
}

/** Every elementary cycle found by a depth-first search, each as its list of edges, without rotations. */
function findCycles(services: readonly string[], edges: readonly Edge[]): Edge[][] {
  const out: Edge[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, 'active' | 'done'>();
  const stack: Edge[] = [];
  const visit = (s: string) => {
    state.set(s, 'active');
    for (const e of edges.filter((x) => x.from === s)) {
      if (state.get(e.to) === 'active') {
        const start = stack.findIndex((x) => x.from === e.to);
        const cycle = [...(start >= 0 ? stack.slice(start) : []), e];
        const key = [...cycle.map((c) => c.from)].sort().join('\0');
        if (!seen.has(key)) {
          seen.add(key);
          out.push(cycle);
        }
      } else if (!state.has(e.to)) {
        stack.push(e);
        visit(e.to);
        stack.pop();
      }
    }
    state.set(s, 'done');
  };
  for (const s of services) if (!state.has(s)) visit(s);
  return out;
}

export function renderDot(project: string, graph: DependencyGraph): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = [`digraph ${q(project)} {`, '  rankdir=LR;'];
  for (const s of graph.services) lines.push(`  ${q(s)};`);
  for (const e of graph.edges) lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(e.condition.replace(/^service_/, ''))}${e.required ? '' : ', style=dashed'}];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

export function renderMermaid(graph: DependencyGraph): string {
  const id = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_');
  const lines = ['graph LR'];
  for (const s of graph.services) lines.push(`  ${id(s)}["${s}"]`);
  for (const e of graph.edges) lines.push(`  ${id(e.from)} ${e.required ? '-->' : '-.->'}|${e.condition.replace(/^service_/, '')}| ${id(e.to)}`);
  return lines.join('\n') + '\n';
}

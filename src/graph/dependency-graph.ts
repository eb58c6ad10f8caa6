// Stage 8, graph: ComposeProject services -> dependency edges, a start order, and cycles reported with their
// whole path and the location of each edge. Reports C603.
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
  /** Every service, sorted by name. */
  readonly services: readonly string[];
  /** Grouped by dependent (in the order of `services`), each group in depends_on order. */
  readonly edges: readonly Edge[];
  /** Dependencies first; among services of the same depth (longest dependency chain), by name. */
  readonly startOrder: readonly string[];
  /** The edges from `service` to what it depends on (its slice of `edges`); empty for an unknown name. */
  dependenciesOf(service: string): readonly Edge[];
  /** The edges to `service` from what depends on it, in the order of `edges`; empty for an unknown name. */
  dependentsOf(service: string): readonly Edge[];
}

const NO_EDGES: readonly Edge[] = [];

export function buildGraph(project: ComposeProject): { graph?: DependencyGraph; diagnostics: Diagnostic[] } {
  const services = [...project.services.keys()].sort(compareNames);
  const edges: Edge[] = [];
  const out = new Map<string, Edge[]>();
  const into = new Map<string, Edge[]>();
  for (const name of services) {
    out.set(name, []);
    into.set(name, []);
  }
  for (const name of services) {
    for (const d of project.services.get(name)!.dependsOn) {
      // selectServices already reported unknown or inactive required targets; optional ones are simply absent
      if (!project.services.has(d.service)) continue;
      const edge: Edge = { from: name, to: d.service, condition: d.condition, required: d.required, restart: d.restart, pointer: d.pointer };
      edges.push(edge);
      out.get(name)!.push(edge);
      into.get(d.service)!.push(edge);
    }
  }
  const cycles = findCycles(services, out);
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
  return {
    graph: {
      services,
      edges,
      startOrder: startOrder(services, out, into),
      dependenciesOf: (service) => out.get(service) ?? NO_EDGES,
      dependentsOf: (service) => into.get(service) ?? NO_EDGES,
    },
    diagnostics: [],
  };
}

/** Plain code-unit order: the same on every machine, whatever the locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Dependencies first; among services of the same depth (longest dependency chain), by name. Kahn's
 * algorithm gives each service its depth once its dependencies have theirs (linear in services + edges);
 * sorting by (depth, name) is then a valid start order, since a dependency is always shallower.
 */
function startOrder(services: readonly string[], out: ReadonlyMap<string, readonly Edge[]>, into: ReadonlyMap<string, readonly Edge[]>): string[] {
  const waiting = new Map(services.map((s) => [s, out.get(s)!.length]));
  const depth = new Map<string, number>();
  const ready = services.filter((s) => waiting.get(s) === 0);
  for (let i = 0; i < ready.length; i++) {
    const s = ready[i]!;
    let d = 0;
    for (const e of out.get(s)!) d = Math.max(d, depth.get(e.to)! + 1);
    depth.set(s, d);
    for (const e of into.get(s)!) {
      const left = waiting.get(e.from)! - 1;
      waiting.set(e.from, left);
      if (left === 0) ready.push(e.from);
    }
  }
  return [...services].sort((a, b) => depth.get(a)! - depth.get(b)! || compareNames(a, b));
}

/**
 * Every elementary cycle found by a depth-first search, each as its list of edges, without rotations. The
 * search keeps its own stack, so a chain of thousands of services cannot overflow the call stack.
 */
function findCycles(services: readonly string[], out: ReadonlyMap<string, readonly Edge[]>): Edge[][] {
  const found: Edge[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, 'active' | 'done'>();
  /** The edges of the current path; the service at depth i leaves the path through path[i]. */
  const path: Edge[] = [];
  /** Depth of each active service on the path. */
  const depthOf = new Map<string, number>();
  /** One frame per active service: its edges and the next one to follow. */
  const frames: { service: string; edges: readonly Edge[]; next: number }[] = [];
  const enter = (s: string) => {
    state.set(s, 'active');
    depthOf.set(s, frames.length);
    frames.push({ service: s, edges: out.get(s) ?? NO_EDGES, next: 0 });
  };
  for (const root of services) {
    if (state.has(root)) continue;
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const e = frame.edges[frame.next++];
      if (e === undefined) {
        state.set(frame.service, 'done');
        depthOf.delete(frame.service);
        frames.pop();
        path.pop();
        continue;
      }
      if (state.get(e.to) === 'active') {
        const cycle = [...path.slice(depthOf.get(e.to)!), e];
        const key = cycle.map((c) => c.from).sort(compareNames).join('\0');
        if (!seen.has(key)) {
          seen.add(key);
          found.push(cycle);
        }
      } else if (!state.has(e.to)) {
        path.push(e);
        enter(e.to);
      }
    }
  }
  return found;
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

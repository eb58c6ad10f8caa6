// `graph`: the services' start order with their dependencies (text), or the graph for a picture (dot, mermaid).
import type { Command } from 'commander';
import { buildGraph, renderDot, renderMermaid, type DependencyGraph } from '../../graph/dependency-graph.js';
import { toJson } from '../../diagnostics/render.js';
import { EXIT_INVALID, EXIT_OK, type CliIo } from '../io.js';
import { loadFromFlags, type ProjectFlags } from '../project-options.js';
import { reportDiagnostics } from '../report.js';

/** The formats of `graph`; the program-wide `--format` takes them (other commands accept only text and json). */
export const GRAPH_FORMATS = ['text', 'json', 'dot', 'mermaid'] as const;

/** `web: db (healthy), cache (started, optional)`; a service without dependencies is its name alone. */
export function renderStartOrder(graph: DependencyGraph): string {
  return graph.startOrder
    .map((name) => {
      const deps = graph
        .dependenciesOf(name)
        .map((e) => `${e.to} (${[e.condition.replace(/^service_/, ''), ...(e.required ? [] : ['optional']), ...(e.restart ? ['restart'] : [])].join(', ')})`);
      return deps.length === 0 ? `${name}\n` : `${name}: ${deps.join(', ')}\n`;
    })
    .join('');
}

export function registerGraph(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('graph')
    .description('print the start order of the services and what each depends on')
    .addHelpText(
      'after',
      `
--format text (default): one service per line, dependencies first, each with what it waits for.
--format dot | mermaid: the graph for Graphviz or Mermaid (dashed: required: false).
--format json: { diagnostics, startOrder, edges }.

Examples:
  $ compose2systemd graph
  db
  web: db (healthy)
  $ compose2systemd graph --format dot | dot -Tsvg > graph.svg`,
    )
    .action((_opts, c: Command) => {
      const flags = c.optsWithGlobals<Omit<ProjectFlags, 'format'> & { format: (typeof GRAPH_FORMATS)[number] }>();
      const loaded = loadFromFlags({ ...flags, format: 'text' }, io);
      const graphed = loaded.project ? buildGraph(loaded.project) : { diagnostics: [] };
      const diagnostics = [...loaded.diagnostics, ...graphed.diagnostics];
      const graph = graphed.graph;
      if (flags.format === 'json') {
        io.stdout(JSON.stringify({ diagnostics: toJson(diagnostics, loaded.sources), startOrder: graph?.startOrder ?? null, edges: graph?.edges.map((e) => ({ from: e.from, to: e.to, condition: e.condition, required: e.required, restart: e.restart })) ?? null }, null, 2) + '\n');
        setExit(graph ? EXIT_OK : EXIT_INVALID);
        return;
      }
      const code = reportDiagnostics(io, diagnostics, loaded.sources, 'text');
      if (!graph || !loaded.project) {
        setExit(EXIT_INVALID);
        return;
      }
      if (flags.format === 'dot') io.stdout(renderDot(loaded.project.name, graph));
      else if (flags.format === 'mermaid') io.stdout(renderMermaid(graph));
      else io.stdout(renderStartOrder(graph));
      setExit(code);
    });
}

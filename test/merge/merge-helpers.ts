// Test helpers: compose YAML strings -> Trees with provenance, and merged results back to plain data.
import { parse } from 'yaml';
import { parseComposeFile } from '../../src/load/parse.js';
import type { Tree } from '../../src/load/tree.js';
import { SourceFile } from '../../src/source/source-file.js';
import type { Span } from '../../src/source/span.js';

export const sources = new Map<string, SourceFile>();

export function treeOf(path: string, text: string): Tree {
  const source = new SourceFile(path, text);
  sources.set(path, source);
  const parsed = parseComposeFile(source);
  if (!parsed.tree) throw new Error(`test input ${path} does not parse: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);
  return parsed.tree;
}

/** Plain data as `yaml` reads it, for expected values. */
export function data(text: string): unknown {
  return parse(text) as unknown;
}

/** The source text a span covers. */
export function textAt(span: Span | undefined): string | undefined {
  if (!span) return undefined;
  return sources.get(span.file)?.text.slice(span.start, span.end);
}

/** `line:col` of a span's start. */
export function lineCol(span: Span | undefined): string | undefined {
  if (!span) return undefined;
  const p = sources.get(span.file)?.positionOf(span.start);
  return p ? `${p.line}:${p.column}` : undefined;
}

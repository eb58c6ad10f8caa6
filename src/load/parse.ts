// Stage 2, parse: SourceFile -> FileTree (plain data + origins). Reports C102-C108, C112, C113.
// Aliases and merge keys are expanded here, under a node budget, so a "billion laughs" file is an error.
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, visit, type Alias, type Document, type Node, type ParsedNode } from 'yaml';
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../source/source-file.js';
import { loadCodes } from './codes.js';
import { escapeSegment, OverrideTag, pointerJoin, ResetTag, setEntry, type FileTree, type Origin, type Origins, type Pointer, type ScalarStyle } from './tree.js';

/** Upper bound on nodes materialised from one file, aliases included. Real files use a few thousand. */
export const MAX_NODES = 250_000;

export interface ParseResult {
  readonly tree?: FileTree;
  readonly diagnostics: readonly Diagnostic[];
}

/** Decodes raw bytes as UTF-8 text, refusing binary input. */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function parseComposeFile(source: SourceFile): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const span = (start: number, end: number) => source.span(start, Math.max(start, end));
  const docs = parseAllDocuments(source.text, { merge: false, uniqueKeys: false, prettyErrors: false, strict: true, keepSourceTokens: false });
  const list = Array.isArray(docs) ? docs : [];
  if (list.length > 1) {
    const second = list[1]!;
    const at = second.range[0];
    diagnostics.push(
      diagnostic(loadCodes.multipleDocuments, 'a compose file holds exactly one YAML document; this one has more', [{ span: span(at, at + 3), message: 'a second document starts here' }], {
        help: 'split the documents into separate files and pass each with -f',
      }),
    );
    return { diagnostics };
  }
  const doc = list[0];
  if (!doc || doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null && !doc.contents.tag)) {
    if (doc && doc.errors.length > 0) return { diagnostics: yamlErrors(doc, source) };
    diagnostics.push(diagnostic(loadCodes.emptyFile, 'the compose file is empty', [{ span: span(0, 0) }], { help: 'a compose file needs at least a `services:` mapping' }));
    return { diagnostics };
  }
  const errors = yamlErrors(doc, source);
  if (errors.length > 0) return { diagnostics: errors };
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') continue; // !reset and !override are handled below; others get C113
    diagnostics.push(diagnostic(loadCodes.yamlWarning, w.message.split('\n')[0] ?? w.message, [{ span: span(w.pos[0], w.pos[1]) }]));
  }
  const root = doc.contents as ParsedNode;
  if (!isMap(root)) {
    const r = root.range ?? [0, 0];
    diagnostics.push(diagnostic(loadCodes.notAMapping, `the top level of a compose file must be a mapping, not ${describeNode(root)}`, [{ span: span(r[0], r[1]) }], { help: 'start the file with `services:`' }));
    return { diagnostics };
  }
  const builder = new TreeBuilder(source, aliasTargets(doc), diagnostics);
  const value = builder.build(root, '');
  if (builder.exhausted || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { tree: { source, value, origins: builder.origins }, diagnostics };
}

function yamlErrors(doc: Document.Parsed, source: SourceFile): Diagnostic[] {
  const span = (s: number, e: number) => source.span(s, Math.max(s, e));
  // Duplicate keys (in document order) join the parser's errors where the parser would report them.
  const dups = duplicateKeys(doc);
  const errors: { pos: readonly [number, number]; message: string }[] = [];
  let next = 0;
  for (const e of doc.errors) {
    while (next < dups.length && dups[next]!.pos[0] < e.pos[0]) errors.push(dups[next++]!);
    errors.push(e);
  }
  errors.push(...dups.slice(next));
  return errors.map((e) => {
    const [first] = e.message.split('\n');
    const message = (first ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
    // The parser notices an unclosed quote at the end of input; the opening quote is what the user must fix.
    const quote = /Missing closing (["'])quote/.exec(message)?.[1];
    const open = quote ? source.text.lastIndexOf(quote, e.pos[0] - 1) : -1;
    if (open >= 0) return diagnostic(loadCodes.yamlSyntax, `unclosed ${quote === '"' ? 'double' : 'single'} quote`, [{ span: span(open, open + 1), message: 'this quote is never closed' }]);
    return diagnostic(loadCodes.yamlSyntax, message, [{ span: span(e.pos[0], e.pos[1]) }]);
  });
}

/**
 * Keys repeated in one mapping, by the parser's own rule (scalars with the same value; other keys never
 * repeat) and at the position it reports. The parser's `uniqueKeys` check compares each key with every
 * earlier key of its mapping, quadratic in a mapping of thousands of services; a Set per mapping is not.
 */
function duplicateKeys(doc: Document.Parsed): { pos: readonly [number, number]; message: string }[] {
  const out: { pos: readonly [number, number]; message: string }[] = [];
  visit(doc, {
    Map: (_key, map) => {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) || Number.isNaN(key.value)) continue; // NaN equals nothing, not even itself
        if (!seen.has(key.value)) seen.add(key.value);
        else {
          const at = (key as ParsedNode).range?.[0] ?? 0;
          out.push({ pos: [at, at + 1], message: 'Map keys must be unique' });
        }
      }
    },
  });
  return out;
}

function describeNode(node: Node | null): string {
  if (isSeq(node)) return 'a sequence';
  if (isScalar(node)) return node.value === null ? 'null' : `a ${typeof node.value} (${JSON.stringify(node.value)})`;
  return 'a node of another kind';
}

function scalarStyle(node: Scalar): ScalarStyle {
  switch (node.type) {
    case Scalar.QUOTE_SINGLE:
      return 'single';
    case Scalar.QUOTE_DOUBLE:
      return 'double';
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL:
      return 'block';
    default:
      return 'plain';
  }
}

/**
 * The node each alias stands for: the last node before it (in document order) with its anchor, as YAML
 * defines it. One walk of the document, where `Alias.resolve` walks it again for every alias.
 */
function aliasTargets(doc: Document.Parsed): ReadonlyMap<Alias, Node> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target) targets.set(node, target);
      } else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  return targets;
}

class TreeBuilder {
  origins: Origins = new Map();
  exhausted = false;
  private nodes = 0;

  constructor(
    private readonly source: SourceFile,
    private readonly aliases: ReadonlyMap<Alias, Node>,
    private readonly diagnostics: Diagnostic[],
  ) {}

  build(node: Node | null, pointer: Pointer, key?: Node | null, depth = 0): unknown {
    if (this.exhausted) return null;
    if (++this.nodes > MAX_NODES || depth > 200) {
      this.exhausted = true;
      const r = (node as ParsedNode | null)?.range ?? [0, 0];
      this.diagnostics.push(
        diagnostic(loadCodes.aliasLimit, `expanding aliases would build more than ${MAX_NODES} values (or nest deeper than 200 levels)`, [{ span: this.source.span(r[0], r[1]) }], {
          note: 'this is how a "billion laughs" file exhausts memory; compose files do not need this many values',
        }),
      );
      return null;
    }
    if (isAlias(node)) {
      const target = this.aliases.get(node);
      if (!target) return null;
      return this.build(target, pointer, key, depth + 1);
    }
    const range = (node as ParsedNode | null)?.range;
    const keyRange = (key as ParsedNode | null | undefined)?.range;
    const origin = {
      value: this.source.span(range?.[0] ?? keyRange?.[0] ?? 0, range?.[1] ?? keyRange?.[1] ?? 0),
      ...(keyRange ? { key: this.source.span(keyRange[0], keyRange[1]) } : {}),
      ...(isScalar(node) ? { style: scalarStyle(node) } : {}),
    };
    this.origins.set(pointer, origin);
    const tag = node?.tag;
    if (tag === '!reset') return new ResetTag();
    if (tag === '!override') return new OverrideTag(this.buildUntagged(node, pointer, depth));
    if (tag && tag.startsWith('!') && !tag.startsWith('!!')) {
      const at = this.source.text.lastIndexOf(tag, origin.value.start);
      const span = at >= 0 ? this.source.span(at, at + tag.length) : origin.value;
      this.diagnostics.push(diagnostic(loadCodes.unknownTag, `unsupported YAML tag \`${tag}\``, [{ span }], { help: 'compose files know only `!reset` and `!override`' }));
    }
    return this.buildUntagged(node, pointer, depth);
  }

  private buildUntagged(node: Node | null, pointer: Pointer, depth: number): unknown {
    if (node === null) return null;
    if (isScalar(node)) return scalarValue(node);
    if (isSeq(node)) return node.items.map((item, i) => this.build(item as Node, pointerJoin(pointer, i), undefined, depth + 1));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const merges: Node[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as Node | null;
        if (isScalar(k) && k.value === '<<' && k.type === Scalar.PLAIN) {
          if (pair.value) merges.push(pair.value as Node);
          continue;
        }
        const name = keyString(k);
        // setEntry, not assignment: a key named `__proto__` must stay an ordinary key
        setEntry(out, name, this.build(pair.value as Node | null, pointerJoin(pointer, name), k, depth + 1));
      }
      // Merge keys: explicit keys win; in `<<: [*a, *b]` an earlier mapping wins over a later one.
      for (const m of merges) {
        const sources = isSeq(m) ? (m.items as Node[]) : [m];
        for (const s of sources) this.mergeInto(out, s, pointer, depth);
      }
      return out;
    }
    return null;
  }

  private mergeInto(out: Record<string, unknown>, node: Node, pointer: Pointer, depth: number): void {
    const target = isAlias(node) ? this.aliases.get(node) : node;
    if (!isMap(target)) {
      const r = (node as ParsedNode).range ?? [0, 0];
      this.diagnostics.push(diagnostic(loadCodes.badMergeKey, 'the value of a merge key `<<` must be a mapping or a list of mappings', [{ span: this.source.span(r[0], r[1]) }]));
      return;
    }
    // The merged mapping is built with origins of its own, rooted at ``, then the keys it adds move to
    // their real place: one pass over what the mapping holds, not over every origin of the file.
    const outer = this.origins;
    this.origins = new Map();
    let built: Record<string, unknown>;
    let scratch: Origins;
    try {
      built = this.build(target, '', undefined, depth + 1) as Record<string, unknown>;
    } finally {
      scratch = this.origins;
      this.origins = outer;
    }
    const byKey = new Map<string, [Pointer, Origin][]>();
    for (const [p, o] of scratch) {
      if (p === '') continue;
      const end = p.indexOf('/', 1);
      const key = end < 0 ? p.slice(1) : p.slice(1, end);
      let group = byKey.get(key);
      if (!group) byKey.set(key, (group = []));
      group.push([p, o]);
    }
    for (const [k, v] of Object.entries(built)) {
      if (Object.prototype.hasOwnProperty.call(out, k)) continue;
      setEntry(out, k, v);
      for (const [p, o] of byKey.get(escapeSegment(k)) ?? []) outer.set(pointer + p, o);
    }
  }
}

function keyString(k: Node | null): string {
  if (k === null) return '';
  if (isScalar(k)) return k.value === null ? 'null' : String(k.value);
  return String(k);
}

function scalarValue(node: Scalar): unknown {
  const v = node.value;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return node.source ?? v.toISOString();
  return v;
}

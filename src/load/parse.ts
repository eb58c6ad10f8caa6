// Stage 2, parse: SourceFile -> FileTree (plain data + origins). Reports C102-C108, C112, C113.
// Aliases and merge keys are expanded here, under a node budget, so a "billion laughs" file is an error.
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, visit, type Alias, type Document, type Node, type ParsedNode } from 'yaml';
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../source/source-file.js';
import { loadCodes } from './codes.js';
import { escapeSegment, OverrideTag, pointerJoin, ResetTag, setEntry, type FileTree, type Origin, type Origins, type Pointer, type ScalarStyle } from './tree.js';

/**
 * Upper bound on nodes materialised from one file, aliases included. Real files use a few thousand; a generated
 * file of 20,000 services (the services limit, load-limits.ts) about 460,000.
 */
export const MAX_NODES = 1_000_000;
/**
 * Upper bound on nodes materialised through aliases (`*a`, `<<: *a`). An alias can double what a file builds at each
 * level ("billion laughs"), so its budget is smaller than the file's: a generated file of 20,000 services that each
 * merge `<<: *defaults` takes about 140,000.
 */
export const MAX_ALIAS_NODES = 250_000;
/** Upper bound on nesting. The deepest compose key sits about 8 levels down. */
export const MAX_DEPTH = 200;
const NESTING_NOTE = 'compose files nest a few levels deep; this limit keeps a hostile file from exhausting the stack';

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

/**
 * How the YAML library parses a compose file (also what `npm run bench` times as the library's own floor).
 * uniqueKeys compares each key with every other key of its mapping (quadratic: 20,000 keys took 14 s);
 * duplicateKeys checks with a set per mapping instead.
 */
export const YAML_PARSE_OPTIONS = { merge: false, uniqueKeys: false, prettyErrors: false, strict: true, keepSourceTokens: false } as const;

export function parseComposeFile(source: SourceFile): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const span = (start: number, end: number) => source.span(start, Math.max(start, end));
  const docs = parseAllDocuments(source.text, YAML_PARSE_OPTIONS);
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

/** YAML errors reported per file: the parser can find tens of thousands in a mangled file, each one an excerpt. */
export const MAX_YAML_ERRORS = 20;

function yamlErrors(doc: Document.Parsed, source: SourceFile): Diagnostic[] {
  const span = (s: number, e: number) => source.span(s, Math.max(s, e));
  // Duplicate keys (in document order) join the parser's errors where the parser would report them.
  const dups = duplicateKeys(doc);
  const errors: { pos: readonly [number, number]; message: string; code?: string }[] = [];
  let next = 0;
  for (const e of doc.errors) {
    while (next < dups.length && dups[next]!.pos[0] < e.pos[0]) errors.push(dups[next++]!);
    errors.push(e);
  }
  errors.push(...dups.slice(next));
  const shown = errors.slice(0, MAX_YAML_ERRORS).map((e) => {
    const [first] = e.message.split('\n');
    const message = (first ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
    // The parser's stack ran out on deeply nested collections: the same limit as TreeBuilder's, said plainly.
    if (e.code === 'RESOURCE_EXHAUSTION') return diagnostic(loadCodes.aliasLimit, `the file nests collections too deeply to be read (more than ${MAX_DEPTH} levels)`, [{ span: span(e.pos[0], e.pos[1]) }], { note: NESTING_NOTE });
    // The parser notices an unclosed quote at the end of input; the opening quote is what the user must fix.
    const quote = /Missing closing (["'])quote/.exec(message)?.[1];
    const open = quote ? source.text.lastIndexOf(quote, e.pos[0] - 1) : -1;
    if (open >= 0) return diagnostic(loadCodes.yamlSyntax, `unclosed ${quote === '"' ? 'double' : 'single'} quote`, [{ span: span(open, open + 1), message: 'this quote is never closed' }]);
    return diagnostic(loadCodes.yamlSyntax, message, [{ span: span(e.pos[0], e.pos[1]) }]);
  });
  const more = errors.length - shown.length;
  if (more > 0) shown.push(diagnostic(loadCodes.yamlSyntax, `${more} more YAML errors in ${source.path} are not shown`, [], { help: 'fix the first ones; the rest often follow from them' }));
  return shown;
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
  private aliasNodes = 0;
  /** How many aliases the current node is reached through: nodes built while > 0 count against MAX_ALIAS_NODES. */
  private aliasDepth = 0;
  /** Collections being built (the ancestors of the current node): an alias to one of them would never end. */
  private readonly open = new Set<Node>();

  constructor(
    private readonly source: SourceFile,
    private readonly aliases: ReadonlyMap<Alias, Node>,
    private readonly diagnostics: Diagnostic[],
  ) {}

  build(node: Node | null, pointer: Pointer, key?: Node | null, depth = 0): unknown {
    if (this.exhausted) return null;
    const aliased = this.aliasDepth > 0 && ++this.aliasNodes > MAX_ALIAS_NODES;
    if (++this.nodes > MAX_NODES || aliased || depth > MAX_DEPTH) {
      this.exhausted = true;
      const r = (node as ParsedNode | null)?.range ?? [0, 0];
      const deep = depth > MAX_DEPTH;
      const what = deep ? `the file nests collections deeper than ${MAX_DEPTH} levels` : aliased ? `the file's aliases expand to more than ${MAX_ALIAS_NODES} values` : `the file holds more than ${MAX_NODES} values`;
      this.diagnostics.push(
        diagnostic(loadCodes.aliasLimit, what, [{ span: this.source.span(r[0], r[1]) }], {
          note: deep ? NESTING_NOTE : 'this is how a "billion laughs" file exhausts memory; compose files do not need this many values',
        }),
      );
      return null;
    }
    if (isAlias(node)) {
      const target = this.aliases.get(node);
      if (!target || this.recursive(node, target)) return null;
      return this.throughAlias(() => this.build(target, pointer, key, depth + 1));
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

  private throughAlias<T>(build: () => T): T {
    this.aliasDepth++;
    try {
      return build();
    } finally {
      this.aliasDepth--;
    }
  }

  /** An alias to a collection that contains it: reported (C107), since expanding it would never end. */
  private recursive(alias: Node, target: Node): boolean {
    if (!this.open.has(target)) return false;
    const r = (alias as ParsedNode).range ?? [0, 0];
    this.diagnostics.push(
      diagnostic(loadCodes.aliasLimit, `the alias \`${this.source.text.slice(r[0], r[1]).trim()}\` refers to a collection that contains it, so expanding it would never end`, [{ span: this.source.span(r[0], r[1]) }]),
    );
    return true;
  }

  private buildUntagged(node: Node | null, pointer: Pointer, depth: number): unknown {
    if (node === null) return null;
    if (isScalar(node)) return scalarValue(node);
    this.open.add(node);
    try {
      return this.buildCollection(node, pointer, depth);
    } finally {
      this.open.delete(node);
    }
  }

  private buildCollection(node: Node, pointer: Pointer, depth: number): unknown {
    if (isSeq(node)) return node.items.map((item, i) => this.build(item as Node, pointerJoin(pointer, i), undefined, depth + 1));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const merges: Node[] = [];
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as Node | null;
        if (isScalar(k) && k.value === '<<' && k.type === Scalar.PLAIN) {
          if (pair.value) merges.push(pair.value as Node);
          continue;
        }
        const name = keyString(k);
        if (seen.has(name)) {
          const r = (k as ParsedNode | null)?.range ?? (node as ParsedNode).range ?? [0, 0];
          // The parser's duplicates are reported before building; these are keys that differ only in YAML
          // (`1` and `"1"`) and would be one key of the compose model.
          this.diagnostics.push(diagnostic(loadCodes.yamlSyntax, `the key \`${name}\` repeats an earlier key of this mapping once both are read as text`, [{ span: this.source.span(r[0], Math.max(r[0], r[1])) }]));
          continue;
        }
        seen.add(name);
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
    if (target && this.recursive(node, target)) return;
    if (!isMap(target)) {
      const r = (node as ParsedNode).range ?? [0, 0];
      this.diagnostics.push(diagnostic(loadCodes.badMergeKey, 'the value of a merge key `<<` must be a mapping or a list of mappings', [{ span: this.source.span(r[0], r[1]) }]));
      return;
    }
    // The merged mapping is built with origins of its own, rooted at ``, then the keys it adds move to
    // their real place: one pass over what the mapping holds, not over every origin of the file.
    const outer = this.origins;
    this.origins = new Map();
    let built: Record<string, unknown> | null;
    let scratch: Origins;
    try {
      const build = () => this.build(target, '', undefined, depth + 1) as Record<string, unknown> | null;
      built = isAlias(node) ? this.throughAlias(build) : build();
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
    if (built === null) return; // a limit was hit (reported)
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

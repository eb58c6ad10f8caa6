// Merge stage: base Tree x override Tree -> merged Tree (tag-free), each value keeping the origin of the file that set it.
// The rules per path live in merge-rules.ts. Reports C401 (incompatible kinds) and C402 (`!reset` on a sequence item).
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic, Label } from '../diagnostics/diagnostic.js';
import { OverrideTag, ResetTag, type Origins, type Tree } from '../load/tree.js';
import { mergeCodes } from './codes.js';
import { describeNode, isNull, mapNode, nodeFromTree, seqNode, treeFromNode, type MapNode, type MergeNode } from './merge-node.js';
import { ruleFor, type EntryMerger, type MergeContext, type Path } from './merge-rules.js';

export interface MergeResult {
  readonly tree: Tree;
  readonly diagnostics: Diagnostic[];
}

/**
 * `override` merged onto `base` with the Compose merge rules. Tags are consumed: `!reset` removes the key (from the
 * base too), `!override x` replaces the base value with x; tags inside `base` are resolved first as `resolveTags`
 * does. Sequences with a uniqueness rule are deduplicated over the whole result, as docker compose does after every
 * file. Origins: a replaced or added value keeps the override's origin, appended items are re-indexed, a merged
 * mapping or sequence keeps the base's origin (where it was first declared).
 */
export function mergeTrees(base: Tree, override: Tree): MergeResult {
  return run((m) => m.merge(m.resolveRoot(nodeFromTree(base)), nodeFromTree(override), []) ?? emptyMap());
}

/**
 * For `extends`: two service mappings as Trees rooted at the service (pointers like `/image`), the base service
 * (its own extends already applied) under the local one. Same rules as `services.<name>` in `mergeTrees`; the
 * result has no `extends` key, since it is the extension applied. Pointers of the result are rooted at the service.
 */
export function mergeServices(base: Tree, local: Tree): MergeResult {
  return run((m) => {
    const merged = m.merge(m.resolve(nodeFromTree(base), SERVICE), nodeFromTree(local), SERVICE) ?? emptyMap();
    if (merged.kind !== 'map' || !merged.entries.has('extends')) return merged;
    return mapNode(new Map([...merged.entries].filter(([k]) => k !== 'extends')), merged.origin);
  }, SERVICE);
}

/**
 * One file on its own, as a merge onto nothing leaves it: tags resolved (`!reset` entries removed, `!override x`
 * is x) and uniqueness rules applied. Warnings (C402) go to `diagnostics` when given.
 */
export function resolveTags(tree: Tree, diagnostics?: Diagnostic[]): Tree {
  // Most files have neither: resolving them would rebuild the same tree and origins (a second copy of both).
  if (isResolved(tree.value, [])) return tree;
  const result = run((m) => m.resolveRoot(nodeFromTree(tree)));
  diagnostics?.push(...result.diagnostics);
  return result.tree;
}

/** Several files in order (the first is the base); an empty list gives an empty mapping. */
export function mergeAll(trees: readonly Tree[]): MergeResult {
  const [first, ...rest] = trees;
  const diagnostics: Diagnostic[] = [];
  if (!first) return { tree: treeFromNode(emptyMap()), diagnostics };
  let tree = resolveTags(first, diagnostics);
  for (const next of rest) {
    const m = mergeTrees(tree, next);
    diagnostics.push(...m.diagnostics);
    tree = m.tree;
  }
  return { tree, diagnostics };
}

/**
 * True when resolving `value` would change nothing: no `!reset` or `!override` anywhere, and no item of a
 * sequence under a uniqueness rule has the key of an earlier item. `path` is the value's path (mutated while
 * walking, restored on return).
 */
function isResolved(value: unknown, path: string[]): boolean {
  if (value instanceof ResetTag || value instanceof OverrideTag) return false;
  if (Array.isArray(value)) {
    const key = ruleFor(path)?.uniqueBy;
    const seen = new Set<string>();
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      const resolved = isResolved(value[i], path);
      path.pop();
      if (!resolved) return false;
      const k = key?.(nodeFromTree({ value: value[i], origins: NO_ORIGINS }));
      if (k === undefined) continue;
      if (seen.has(k)) return false;
      seen.add(k);
    }
    return true;
  }
  if (typeof value === 'object' && value !== null) {
    for (const k of Object.keys(value)) {
      path.push(k);
      const resolved = isResolved((value as Record<string, unknown>)[k], path);
      path.pop();
      if (!resolved) return false;
    }
  }
  return true;
}

const NO_ORIGINS: Origins = new Map();

/** Where a lone service sits for rule matching (`services.*.command` etc.). */
const SERVICE: Path = ['services', '*'];

function emptyMap(): MapNode {
  return mapNode(new Map(), undefined);
}

function run(body: (m: Merger) => MergeNode, root: Path = []): MergeResult {
  const m = new Merger();
  const merged = m.unique(body(m), root);
  return { tree: treeFromNode(merged), diagnostics: m.diagnostics };
}

class Merger implements MergeContext {
  readonly diagnostics: Diagnostic[] = [];

  report(d: Diagnostic): void {
    this.diagnostics.push(d);
  }

  /** A whole file: a `!reset` at the top leaves nothing. */
  resolveRoot(node: MergeNode): MergeNode {
    return node.kind === 'reset' ? emptyMap() : this.resolve(node, []);
  }

  resolve(node: MergeNode, path: Path): MergeNode {
    switch (node.kind) {
      case 'override':
        return this.resolve(node.inner, path);
      case 'map': {
        const entries = new Map<string, MergeNode>();
        for (const [k, v] of node.entries) if (v.kind !== 'reset') entries.set(k, this.resolve(v, [...path, k]));
        return mapNode(entries, node.origin);
      }
      case 'seq': {
        const items: MergeNode[] = [];
        for (const item of node.items) {
          if (item.kind === 'reset') this.reportResetItem(item, path);
          else items.push(this.resolve(item, [...path, String(items.length)]));
        }
        return seqNode(items, node.origin);
      }
      case 'reset':
        // Only reachable for a reset nested in an `!override` value at the top; nothing to keep.
        return emptyMap();
      default:
        return node;
    }
  }

  merge(base: MergeNode | undefined, over: MergeNode, path: Path): MergeNode | undefined {
    if (over.kind === 'reset') return undefined;
    if (over.kind === 'override') return this.resolve(over.inner, path);
    if (base === undefined) return this.resolve(over, path);
    const rule = ruleFor(path);
    if (isNull(over) && !rule?.nullReplaces) return base;
    if (isNull(base)) return this.resolve(over, path);
    return rule?.merge ? rule.merge(base, over, path, this) : this.mergeDefault(base, over, path);
  }

  mergeMaps(base: MapNode, over: MapNode, path: Path, entry?: EntryMerger): MapNode {
    const entries = new Map(base.entries);
    for (const [k, v] of over.entries) {
      const at = [...path, k];
      const b = entries.get(k);
      const merged = v.kind === 'reset' ? undefined : b === undefined ? this.resolve(v, at) : (entry ?? this.merge.bind(this))(b, v, at);
      if (merged === undefined) entries.delete(k);
      else entries.set(k, merged);
    }
    return mapNode(entries, base.origin);
  }

  mergeDefault(base: MergeNode, over: MergeNode, path: Path): MergeNode {
    if (base.kind === 'map' && over.kind === 'map') return this.mergeMaps(base, over, path);
    if (base.kind === 'seq' && over.kind === 'seq') {
      const added = this.resolve(over, path);
      return seqNode([...base.items, ...(added.kind === 'seq' ? added.items : [])], base.origin);
    }
    if (base.kind === 'map' || base.kind === 'seq') this.reportIncompatible(base, over, path);
    return this.resolve(over, path);
  }

  /** Sequences under a uniqueness rule: a later item with an earlier item's key takes that item's place. */
  unique(node: MergeNode, path: Path): MergeNode {
    if (node.kind === 'map') {
      const entries = new Map<string, MergeNode>();
      for (const [k, v] of node.entries) entries.set(k, this.unique(v, [...path, k]));
      return mapNode(entries, node.origin);
    }
    if (node.kind !== 'seq') return node;
    const items = node.items.map((item, i) => this.unique(item, [...path, String(i)]));
    const key = ruleFor(path)?.uniqueBy;
    if (!key) return seqNode(items, node.origin);
    const out: MergeNode[] = [];
    const seen = new Map<string, number>();
    for (const item of items) {
      const k = key(item);
      const at = k === undefined ? undefined : seen.get(k);
      if (at !== undefined) out[at] = item;
      else {
        if (k !== undefined) seen.set(k, out.length);
        out.push(item);
      }
    }
    return seqNode(out, node.origin);
  }

  private reportIncompatible(base: MergeNode, over: MergeNode, path: Path): void {
    const labels: Label[] = [];
    if (over.origin) labels.push({ span: over.origin.value, message: describeNode(over) });
    if (base.origin) labels.push({ span: base.origin.value, message: `${describeNode(base)} in an earlier file` });
    this.report(
      diagnostic(mergeCodes.incompatibleMerge, `cannot merge ${describeNode(over)} into ${describeNode(base)} at \`${path.join('.')}\``, labels, {
        help: 'write the same kind of value in both files, or tag the override with `!override` to replace the base value',
      }),
    );
  }

  private reportResetItem(item: MergeNode, path: Path): void {
    this.report(
      diagnostic(mergeCodes.resetSequenceItem, `\`!reset\` on an item of \`${path.join('.')}\` is not supported; the item is ignored`, item.origin ? [{ span: item.origin.value }] : [], {
        help: 'to drop items of a base file, reset the whole sequence (`key: !override [...]`) and list the items to keep',
      }),
    );
  }
}

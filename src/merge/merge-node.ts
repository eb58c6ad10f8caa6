// Merge stage, representation: Tree (value + origins by pointer) <-> MergeNode (each value carries its origin).
// Merging moves values between positions; keeping the origin on the value makes re-indexing free. No diagnostics.
import { OverrideTag, pointerJoin, ResetTag, setEntry, type Origin, type Origins, type Pointer, type Tree } from '../load/tree.js';

export type Scalar = string | number | boolean | null;

export type MergeNode =
  | { readonly kind: 'map'; readonly entries: ReadonlyMap<string, MergeNode>; readonly origin?: Origin }
  | { readonly kind: 'seq'; readonly items: readonly MergeNode[]; readonly origin?: Origin }
  | { readonly kind: 'scalar'; readonly value: Scalar; readonly origin?: Origin }
  | { readonly kind: 'reset'; readonly origin?: Origin }
  | { readonly kind: 'override'; readonly inner: MergeNode; readonly origin?: Origin };

export type MapNode = Extract<MergeNode, { kind: 'map' }>;
export type SeqNode = Extract<MergeNode, { kind: 'seq' }>;
export type ScalarNode = Extract<MergeNode, { kind: 'scalar' }>;

export function mapNode(entries: ReadonlyMap<string, MergeNode>, origin: Origin | undefined): MapNode {
  return origin ? { kind: 'map', entries, origin } : { kind: 'map', entries };
}

export function seqNode(items: readonly MergeNode[], origin: Origin | undefined): SeqNode {
  return origin ? { kind: 'seq', items, origin } : { kind: 'seq', items };
}

export function scalarNode(value: Scalar, origin: Origin | undefined): ScalarNode {
  return origin ? { kind: 'scalar', value, origin } : { kind: 'scalar', value };
}

export function isNull(node: MergeNode): boolean {
  return node.kind === 'scalar' && node.value === null;
}

/** The scalar's text as a merge key would see it (`80` and `"80"` compare equal), or undefined for containers. */
export function scalarText(node: MergeNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

export function describeNode(node: MergeNode): string {
  switch (node.kind) {
    case 'map':
      return 'a mapping';
    case 'seq':
      return 'a sequence';
    case 'scalar':
      return node.value === null ? 'null' : `a ${typeof node.value}`;
    default:
      return `a \`${node.kind === 'reset' ? '!reset' : '!override'}\` tag`;
  }
}

export function nodeFromTree(tree: Tree): MergeNode {
  return fromValue(tree.value, '', tree.origins);
}

function fromValue(value: unknown, pointer: Pointer, origins: Origins): MergeNode {
  const origin = origins.get(pointer);
  if (value instanceof ResetTag) return origin ? { kind: 'reset', origin } : { kind: 'reset' };
  if (value instanceof OverrideTag) {
    const inner = fromValue(value.value, pointer, origins);
    return origin ? { kind: 'override', inner, origin } : { kind: 'override', inner };
  }
  if (Array.isArray(value)) return seqNode(value.map((v, i) => fromValue(v, pointerJoin(pointer, i), origins)), origin);
  if (typeof value === 'object' && value !== null) {
    const entries = new Map<string, MergeNode>();
    for (const [k, v] of Object.entries(value)) entries.set(k, fromValue(v, pointerJoin(pointer, k), origins));
    return mapNode(entries, origin);
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return scalarNode(value, origin);
  return scalarNode(null, origin);
}

/** Back to plain data; origins are re-addressed by the values' final positions. Tags are written back as tag objects. */
export function treeFromNode(node: MergeNode): Tree {
  const origins: Origins = new Map();
  const value = toValue(node, '', origins);
  return { value, origins };
}

function toValue(node: MergeNode, pointer: Pointer, origins: Origins): unknown {
  if (node.origin) origins.set(pointer, node.origin);
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map((item, i) => toValue(item, pointerJoin(pointer, i), origins));
    case 'map': {
      const out: Record<string, unknown> = {};
      // setEntry: a key such as `__proto__` must stay an ordinary key.
      for (const [k, v] of node.entries) setEntry(out, k, toValue(v, pointerJoin(pointer, k), origins));
      return out;
    }
    case 'reset':
      return new ResetTag();
    case 'override':
      return new OverrideTag(toValue(node.inner, pointer, origins));
  }
}

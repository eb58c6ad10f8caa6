// Provenance: which source span set each value of a (merged) tree, addressed by JSON pointer.
import type { Span } from './span.js';

/** RFC 6901 JSON pointer into a tree, e.g. `/services/web/ports/0`. The root is ``. */
export type Pointer = string;

export type ScalarStyle = 'plain' | 'single' | 'double' | 'block';

export interface Origin {
  /** The value node's source. */
  readonly value: Span;
  /** The key node's source, for values inside a mapping. */
  readonly key?: Span;
  /** For scalars: how it was written, to map a character index back to a source offset. */
  readonly style?: ScalarStyle;
  /**
   * For scalars whose value came (partly) from variables (`${DB_PASSWORD}`): their names. Such a value is not
   * public in the compose file, so it must not be written into a unit.
   */
  readonly variables?: readonly string[];
}

export type Origins = Map<Pointer, Origin>;

export function pointerJoin(base: Pointer, key: string | number): Pointer {
  return `${base}/${escapeSegment(key)}`;
}

/** One key as a segment of a pointer (`~` and `/` escaped). */
export function escapeSegment(key: string | number): string {
  const s = String(key);
  // Most keys need no escape; testing first spares two regex replacements per pointer built.
  return s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
}

export function pointerSegments(pointer: Pointer): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The source offset of character `index` of a scalar's value, as exactly as its style allows. */
export function offsetInScalar(origin: Origin, index: number): number {
  const quoted = origin.style === 'single' || origin.style === 'double';
  if (origin.style === 'plain' || quoted) {
    return Math.min(origin.value.start + (quoted ? 1 : 0) + index, Math.max(origin.value.start, origin.value.end - 1));
  }
  return origin.value.start;
}

/** The span of the value at `pointer`, or of its closest ancestor that has one. */
export function spanAt(origins: Origins, pointer: Pointer): Span | undefined {
  let p = pointer;
  for (;;) {
    const o = origins.get(p);
    if (o) return o.value;
    if (p === '') return undefined;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

/** The span of the key at `pointer` (falling back to the value, then ancestors). */
export function keySpanAt(origins: Origins, pointer: Pointer): Span | undefined {
  return origins.get(pointer)?.key ?? spanAt(origins, pointer);
}

/**
 * The origins below each child of `base`, re-rooted at that child (its own origin at ``), keyed by the
 * child's key as written (unescaped). One pass over `origins`: callers that handle many children (every
 * service, every included resource) index once instead of scanning all origins per child.
 */
export function originsByChild(origins: Origins, base: Pointer): Map<string, Origins> {
  const out = new Map<string, Origins>();
  const prefix = base + '/';
  for (const [p, o] of origins) {
    if (!p.startsWith(prefix)) continue;
    const end = p.indexOf('/', prefix.length);
    const segment = end < 0 ? p.slice(prefix.length) : p.slice(prefix.length, end);
    const key = segment.includes('~') ? segment.replace(/~1/g, '/').replace(/~0/g, '~') : segment;
    let child = out.get(key);
    if (!child) out.set(key, (child = new Map()));
    child.set(end < 0 ? '' : p.slice(end), o);
  }
  return out;
}

// The contract between loader stages: a compose file as plain data plus where each value came from.
// Values are JSON-like (objects, arrays, strings, numbers, booleans, null) with two YAML tag markers.
import type { SourceFile } from '../source/source-file.js';
import type { Origins } from '../source/origins.js';

/** `!reset`: the value (and whatever a base file set there) is removed. */
export class ResetTag {
  readonly tag = '!reset';
}

/** `!override value`: replaces the base value wholesale instead of merging with it. */
export class OverrideTag {
  readonly tag = '!override';
  constructor(readonly value: unknown) {}
}

export type { Origin, Origins, Pointer, ScalarStyle } from '../source/origins.js';
export { escapeSegment, keySpanAt, offsetInScalar, pointerJoin, pointerSegments, spanAt } from '../source/origins.js';

/** One parsed file, or a merge of several, with provenance. */
export interface Tree {
  readonly value: unknown;
  readonly origins: Origins;
}

export interface FileTree extends Tree {
  readonly source: SourceFile;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof ResetTag) && !(value instanceof OverrideTag);
}


/**
 * Sets an own, ordinary entry: `__proto__` is defined (an assignment would set the prototype instead); every
 * other key is assigned, which is several times faster than defining it, and the same for a fresh object.
 */
export function setEntry(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/**
 * A plain object from entries, set with setEntry: a key such as `__proto__` stays an ordinary key.
 * Collections keyed by user-chosen names are Maps while they are built, and become data through this.
 */
export function plainObjectOf(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) setEntry(out, k, v);
  return out;
}

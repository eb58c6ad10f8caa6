// Stage 4, validate: Tree -> schema diagnostics (C201-C207), with the compose-spec validator compiled at build time
// (scripts/build-validator.mjs). Callers run castInterpolatedTypes on an interpolated value first, then validateTree.
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { dedupeDiagnostics, sortDiagnostics } from '../diagnostics/render.js';
import { OverrideTag, ResetTag, isPlainObject, pointerJoin, setEntry, type Pointer, type Tree } from '../load/tree.js';
import { keySpanAt } from '../source/origins.js';
import { validateCodes } from './codes.js';
import { collapseLegacyServices, explainSchemaError } from './explain-error.js';
import { validate as validateCompose } from './generated/compose-validator.js';
import { reduceSchemaErrors } from './reduce-errors.js';

export { castInterpolatedTypes } from './cast-interpolated.js';

/** Every schema problem of `tree`, one diagnostic each, sorted by position. Empty when the tree is valid. */
export function validateTree(tree: Tree): Diagnostic[] {
  const shadowing: Pointer[] = [];
  const data = withoutTags(tree.value, '', false, shadowing);
  const own = shadowing.map((p) => {
    const span = keySpanAt(tree.origins, p);
    const key = p.slice(p.lastIndexOf('/') + 1);
    return diagnostic(validateCodes.unknownKey, `unknown key \`${key}\` in a list item`, span ? [{ span }] : [], { note: 'no compose key has this name' });
  });
  if (validateCompose(data)) return own;
  const errors = collapseLegacyServices(reduceSchemaErrors(validateCompose.errors ?? []), data);
  return sortDiagnostics(dedupeDiagnostics([...own, ...errors.map((e) => explainSchemaError(e, data, tree.origins))]));
}

/**
 * Keys that the schema's `uniqueItems` comparison (fast-deep-equal) calls as methods on list items: an item with a
 * key `toString: udp` made it throw. No compose key has these names; they are left out of the check and reported.
 */
const SHADOWING_KEYS = new Set(['toString', 'valueOf']);

/**
 * The value as the schema sees it: `!override v` is `v`, a `!reset` key is absent (it removes what a base file set).
 * A `!reset` list item is dropped too, which shifts the pointers of later items; compose files do not write that.
 */
function withoutTags(value: unknown, pointer: Pointer, inList: boolean, shadowing: Pointer[]): unknown {
  if (value instanceof OverrideTag) return withoutTags(value.value, pointer, inList, shadowing);
  if (Array.isArray(value)) return value.filter((v) => !(v instanceof ResetTag)).map((v, i) => withoutTags(v, pointerJoin(pointer, i), true, shadowing));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v instanceof ResetTag) continue;
      if (inList && SHADOWING_KEYS.has(k)) {
        shadowing.push(pointerJoin(pointer, k));
        continue;
      }
      setEntry(out, k, withoutTags(v, pointerJoin(pointer, k), inList, shadowing));
    }
    return out;
  }
  return value;
}

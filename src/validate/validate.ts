// Stage 4, validate: Tree -> schema diagnostics (C201-C207), with the compose-spec validator compiled at build time
// (scripts/build-validator.mjs). Callers run castInterpolatedTypes on an interpolated value first, then validateTree.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { dedupeDiagnostics, sortDiagnostics } from '../diagnostics/render.js';
import { OverrideTag, ResetTag, isPlainObject, setEntry, type Tree } from '../load/tree.js';
import { collapseLegacyServices, explainSchemaError } from './explain-error.js';
import { validate as validateCompose } from './generated/compose-validator.js';
import { reduceSchemaErrors } from './reduce-errors.js';

export { castInterpolatedTypes } from './cast-interpolated.js';

/** Every schema problem of `tree`, one diagnostic each, sorted by position. Empty when the tree is valid. */
export function validateTree(tree: Tree): Diagnostic[] {
  const data = withoutTags(tree.value);
  if (validateCompose(data)) return [];
  const errors = collapseLegacyServices(reduceSchemaErrors(validateCompose.errors ?? []), data);
  return sortDiagnostics(dedupeDiagnostics(errors.map((e) => explainSchemaError(e, data, tree.origins))));
}

/**
 * The value as the schema sees it: `!override v` is `v`, a `!reset` key is absent (it removes what a base file set).
 * A `!reset` list item is dropped too, which shifts the pointers of later items; compose files do not write that.
 */
function withoutTags(value: unknown): unknown {
  if (value instanceof OverrideTag) return withoutTags(value.value);
  if (Array.isArray(value)) return value.filter((v) => !(v instanceof ResetTag)).map(withoutTags);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v instanceof ResetTag) continue;
      setEntry(out, k, withoutTags(v));
    }
    return out;
  }
  return value;
}

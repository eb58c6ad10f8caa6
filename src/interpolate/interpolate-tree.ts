// Stage 3, interpolate: FileTree x variable lookup -> FileTree whose string values have `${...}` resolved.
// Mapping keys stay as written (compose-go interpolates values only); x- extensions and `!override` values are included.
// Reports C301 (syntax), C302 (required variable), C303 (unset variable, one warning per name and file), C307 (size).
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { isPlainObject, OverrideTag, ResetTag, setEntry, type FileTree, type Pointer } from '../load/tree.js';
import { offsetInScalar, pointerJoin, spanAt } from '../source/origins.js';
import type { Span } from '../source/span.js';
import { ExpansionBudget } from './expansion-budget.js';
import { interpolateTemplate, type Lookup } from './template.js';
import { locateUnset, templateErrorDiagnostics, unsetVariableWarnings, type LocateIndex, type UnsetAt } from './template-diagnostics.js';

export interface InterpolateTreeResult {
  readonly tree: FileTree;
  readonly diagnostics: Diagnostic[];
}

/** `budget`: shared by every file and env file of a run, so their expanded values are capped together. */
export function interpolateTree(tree: FileTree, lookup: Lookup, budget: ExpansionBudget = new ExpansionBudget()): InterpolateTreeResult {
  const errors: Diagnostic[] = [];
  const unset: UnsetAt[] = [];

  const locator = (pointer: Pointer): LocateIndex => {
    const origin = tree.origins.get(pointer);
    if (!origin) {
      const span: Span = spanAt(tree.origins, pointer) ?? tree.source.span(0, 0);
      return () => span;
    }
    return (index, length) => {
      const start = offsetInScalar(origin, index);
      const end = Math.max(start, offsetInScalar(origin, index + Math.max(1, length) - 1) + 1);
      return { file: origin.value.file, start, end };
    };
  };

  // The origins of values that came from variables learn which: later stages keep such values out of units.
  const origins = new Map(tree.origins);
  const interpolateString = (text: string, pointer: Pointer): string => {
    if (!text.includes('$')) return text;
    const result = interpolateTemplate(text, lookup);
    const origin = origins.get(pointer);
    if (result.variables.length > 0 && origin) origins.set(pointer, { ...origin, variables: result.variables });
    const over = budget.take(result.value.length, locator(pointer)(0, 1));
    if (over !== undefined) {
      if (over !== true) errors.push(over);
      return '';
    }
    if (result.errors.length === 0 && result.unset.length === 0) return result.value;
    const locate = locator(pointer);
    errors.push(...templateErrorDiagnostics(result, locate));
    unset.push(...locateUnset(result, locate));
    return result.value;
  };

  const walk = (value: unknown, pointer: Pointer): unknown => {
    if (typeof value === 'string') return interpolateString(value, pointer);
    if (Array.isArray(value)) return value.map((item, i) => walk(item, pointerJoin(pointer, i)));
    // the tag and the value it wraps share one pointer (see parse.ts)
    if (value instanceof OverrideTag) return new OverrideTag(walk(value.value, pointer));
    if (value instanceof ResetTag) return value;
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        // setEntry, so that a key named `__proto__` stays an ordinary key
        setEntry(out, key, walk(item, pointerJoin(pointer, key)));
      }
      return out;
    }
    return value;
  };

  const value = walk(tree.value, '');
  return {
    tree: { source: tree.source, origins, value },
    diagnostics: [...errors, ...unsetVariableWarnings(unset)],
  };
}

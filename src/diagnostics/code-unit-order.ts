// Ordering of strings by UTF-16 code units, the one comparison output may depend on. Pure; no codes.
// localeCompare and Intl.Collator follow LANG/LC_ALL (Danish puts `aa` after `z`), so output sorted with them
// would differ between machines.

/** Negative, zero or positive as `a` sorts before, with or after `b` in code-unit order. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// A misspelt name + the valid names -> the one the user most likely meant, if any is close (for help lines).
// Optimal string alignment distance, so a swapped pair of letters (`imgae`) costs one edit like a typo does.

/** Edits (insert, delete, substitute, swap neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i]![j] = best;
    }
  }
  return at(a.length, b.length);
}

/** Names longer than this get no suggestion: the distance costs length x length, and nobody misspells such names. */
export const MAX_SUGGESTED_LENGTH = 128;

/**
 * The candidate closest to `word` (case and `-`/`_` differences are free), or undefined when none is within
 * a third of the longer name's length: suggesting `init` for `x` helps nobody.
 */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_SUGGESTED_LENGTH) return undefined;
  const fold = (s: string) => s.toLowerCase().replace(/-/g, '_');
  const w = fold(word);
  let best: { name: string; distance: number } | undefined;
  for (const name of [...candidates].sort()) {
    if (name === word || name.length > MAX_SUGGESTED_LENGTH) continue;
    const n = fold(name);
    const limit = Math.max(1, Math.floor(Math.max(w.length, name.length) / 3));
    // the distance is at least the difference in length: no need to compute it when that is already too far
    if (Math.abs(w.length - n.length) > limit) continue;
    const distance = editDistance(w, n);
    if (distance > limit) continue;
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best?.name;
}

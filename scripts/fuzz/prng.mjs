// A small deterministic PRNG (mulberry32), seeded per case from (seed, case index), so any one case of a run
// can be regenerated on its own: `npm run fuzz -- --seed S --case I`.

/** 32-bit FNV-1a of a string: turns a seed and case index into a case seed. */
export function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function createRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return {
    next,
    /** An integer in [0, n). */
    int,
    /** An integer in [lo, hi]. */
    between: (lo, hi) => lo + int(hi - lo + 1),
    pick: (list) => list[int(list.length)],
    chance: (p) => next() < p,
  };
}

export function caseRng(seed, index) {
  return createRng(hash32(`${seed}:${index}`));
}

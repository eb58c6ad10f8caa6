import { describe, expect, it } from 'vitest';
import { restartSet } from '../../src/apply/restart-set.js';

// web -> api -> db, worker -> db, cache alone
const deps = new Map<string, string[]>([
  ['web', ['api']],
  ['api', ['db']],
  ['worker', ['db']],
  ['cache', []],
]);
const order = ['db', 'cache', 'api', 'worker', 'web'];

describe('restartSet', () => {
  it.each([
    { changed: [], expected: [] },
    { changed: ['web'], expected: ['web'] },
    { changed: ['api'], expected: ['api', 'web'] },
    { changed: ['db'], expected: ['db', 'api', 'worker', 'web'] },
    { changed: ['cache'], expected: ['cache'] },
    { changed: ['web', 'cache'], expected: ['cache', 'web'] },
    { changed: ['new'], expected: ['new'] },
  ])('changed $changed -> $expected', ({ changed, expected }) => {
    expect(restartSet(changed, deps, order)).toEqual(expected);
  });

  it('puts units missing from the order last, sorted by name, and survives cycles', () => {
    const cyclic = new Map([
      ['a', ['b']],
      ['b', ['a']],
      ['z', ['a']],
      ['y', ['a']],
    ]);
    expect(restartSet(['a'], cyclic, ['b', 'a'])).toEqual(['b', 'a', 'y', 'z']);
  });
});

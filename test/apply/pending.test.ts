import { describe, expect, it } from 'vitest';
import { coversPending, isPendingEmpty, mergePending, NO_PENDING_WORK, parsePending, pendingPath, serializePending } from '../../src/apply/pending.js';

describe('pending work', () => {
  it('round-trips, sorted and without duplicates', () => {
    const text = serializePending('shop', { reload: true, stop: ['b.service', 'a.service', 'a.service'], restart: ['c.service'] });
    expect(parsePending(text, 'shop')).toEqual({ reload: true, stop: ['a.service', 'b.service'], restart: ['c.service'] });
    expect(pendingPath('/u', 'shop')).toBe('/u/.compose2systemd/shop.pending.json');
  });

  it.each([
    ['absent', undefined, NO_PENDING_WORK],
    ['not JSON', '{"format":1,', { reload: true, stop: [], restart: [] }],
    ['another project', serializePending('other', { reload: false, stop: ['x'], restart: [] }), { reload: true, stop: [], restart: [] }],
    ['a wrong field', '{"format":1,"project":"shop","reload":"yes","stop":[],"restart":[]}', { reload: true, stop: [], restart: [] }],
  ])('%s reads as %j', (_what, text, expected) => {
    expect(parsePending(text, 'shop')).toEqual(expected);
  });

  it('merges, covers and tells empty', () => {
    const a = { reload: false, stop: ['x'], restart: [] };
    const b = { reload: true, stop: [], restart: ['y'] };
    const m = mergePending(a, b);
    expect(m).toEqual({ reload: true, stop: ['x'], restart: ['y'] });
    expect(coversPending(m, a)).toBe(true);
    expect(coversPending(a, m)).toBe(false);
    expect(coversPending(NO_PENDING_WORK, NO_PENDING_WORK)).toBe(true);
    expect(isPendingEmpty(NO_PENDING_WORK)).toBe(true);
    expect(isPendingEmpty(a)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/model/parse-duration.js';
import { parseSize } from '../../src/model/parse-size.js';

describe('parseDuration', () => {
  it.each([
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1h', 3_600_000],
    ['10s', 10_000],
    ['1.5h', 5_400_000],
    ['2h45m', 9_900_000],
    ['0', 0],
    ['0s', 0],
    ['+5s', 5000],
    ['1500us', 1.5],
    ['250µs', 0.25],
    ['100ns', 0.0001],
    ['.5s', 500],
    [0, 0],
  ] as const)('%s', (input, ms) => {
    const r = parseDuration(input);
    expect(r).toEqual({ ok: true, value: ms });
  });

  it('reads a bare number as seconds and says so', () => {
    expect(parseDuration(10)).toEqual({ ok: true, value: 10_000, warnings: [{ message: expect.stringContaining('read as 10 seconds') }] });
    expect(parseDuration('30')).toMatchObject({ ok: true, value: 30_000 });
  });

  it.each([
    ['', 'empty', 0],
    ['-5s', 'negative', 0],
    ['5', undefined, undefined],
    ['5x', 'unknown unit `x`', 1],
    ['1m30', 'expected a number followed by a unit', 2],
    ['1d', 'unknown unit `d`', 1],
    ['abc', 'expected a number followed by a unit', 0],
    ['1s2', 'expected a number followed by a unit', 2],
  ] as const)('rejects %j', (input, message, index) => {
    const r = parseDuration(input);
    if (message === undefined) return expect(r.ok).toBe(true);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toContain(message);
      expect(r.error.index).toBe(index);
    }
  });
});

describe('parseSize', () => {
  it.each([
    [1024, 1024],
    ['1024', 1024],
    ['512m', 512 * 1024 ** 2],
    ['512M', 512 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['1.5G', 1.5 * 1024 ** 3],
    ['1024k', 1024 ** 2],
    ['128mb', 128 * 1024 ** 2],
    ['1KiB', 1024],
    ['1 GB', 1024 ** 3],
    ['100b', 100],
    ['2t', 2 * 1024 ** 4],
    ['1.5k', 1536],
    ['0.3k', 307],
  ] as const)('%s', (input, bytes) => {
    expect(parseSize(input)).toEqual({ ok: true, value: bytes });
  });

  it.each([
    ['abc', 0],
    ['12q', 2],
    ['-1', 0],
    ['1.2.3m', 3],
    ['', 0],
  ] as const)('rejects %j', (input, index) => {
    const r = parseSize(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.index).toBe(index);
  });
  it('rejects negative numbers', () => expect(parseSize(-5).ok).toBe(false));
});

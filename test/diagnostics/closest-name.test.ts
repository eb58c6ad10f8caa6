import { describe, expect, test } from 'vitest';
import { MAX_SUGGESTED_LENGTH, closestName, editDistance } from '../../src/diagnostics/closest-name.js';

describe('editDistance', () => {
  test.each([
    ['image', 'image', 0],
    ['imagee', 'image', 1],
    ['imgae', 'image', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s -> %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('closestName', () => {
  const serviceKeys = ['image', 'init', 'ports', 'restart', 'environment', 'env_file', 'depends_on', 'healthcheck', 'volumes'];
  test.each([
    ['imagee', 'image'],
    ['imgae', 'image'],
    ['Image', 'image'],
    ['port', 'ports'],
    ['depends-on', 'depends_on'],
    ['dependson', 'depends_on'],
    ['enviroment', 'environment'],
    ['helthcheck', 'healthcheck'],
    ['x', undefined],
    ['frobnicate', undefined],
    ['command', undefined],
  ])('%s -> %s', (word, expected) => {
    expect(closestName(word, serviceKeys)).toBe(expected);
  });

  test('ties go to the alphabetically first name, so output is stable', () => {
    expect(closestName('bat', ['cat', 'bad'])).toBe('bad');
    expect(closestName('bat', ['bad', 'cat'])).toBe('bad');
  });

  test('no suggestion for names over the length cap, however close (the distance would cost length squared)', () => {
    const long = 'a'.repeat(MAX_SUGGESTED_LENGTH);
    expect(closestName(long + 'b', [long + 'c'])).toBeUndefined();
    expect(closestName('a'.repeat(1_000_000), ['a'.repeat(999_999)])).toBeUndefined();
    expect(closestName(long.slice(1) + 'b', [long.slice(1) + 'c'])).toBe(long.slice(1) + 'c');
  });

  test('a candidate much longer or shorter than the word is never suggested', () => {
    expect(closestName('db', ['d'.repeat(MAX_SUGGESTED_LENGTH + 1), 'dbb'])).toBe('dbb');
    expect(closestName('database', ['data', 'databse'])).toBe('databse');
  });
});

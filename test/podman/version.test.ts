import { describe, expect, it } from 'vitest';
import { compareVersions, formatPodmanVersion, parsePodmanVersion, podmanVersionFromOutput } from '../../src/podman/version.js';

describe('parsePodmanVersion', () => {
  it.each([
    ['4.3', { major: 4, minor: 3, patch: 0 }],
    ['4.3.1', { major: 4, minor: 3, patch: 1 }],
    ['5.10.0', { major: 5, minor: 10, patch: 0 }],
    [' 5.0 ', { major: 5, minor: 0, patch: 0 }],
    ['0.9', { major: 0, minor: 9, patch: 0 }],
  ])('%j -> %j', (text, expected) => {
    expect(parsePodmanVersion(text)).toEqual(expected);
  });

  it.each([[''], ['4'], ['4.'], ['v4.3'], ['4.3.1.2'], ['4.3-dev'], ['04.3'], ['4.03'], ['a.b'], ['4.3.x'], ['99999.1']])('rejects %j', (text) => {
    expect(parsePodmanVersion(text)).toBeUndefined();
  });
});

describe('podmanVersionFromOutput', () => {
  it.each([
    ['podman version 4.3.1\n', '4.3.1'],
    ['podman version 5.4.2', '5.4.2'],
    ['podman version 5.6.0-dev', '5.6'],
  ])('%j -> %s', (output, expected) => {
    expect(formatPodmanVersion(podmanVersionFromOutput(output)!)).toBe(expected);
  });

  it('returns undefined without a version', () => {
    expect(podmanVersionFromOutput('command not found')).toBeUndefined();
  });
});

describe('compareVersions', () => {
  const v = (s: string) => parsePodmanVersion(s)!;
  it.each([
    ['4.3', '4.3.0', 0],
    ['4.3', '4.3.1', -1],
    ['4.10', '4.9', 1],
    ['5.0', '4.9.9', 1],
    ['4.4', '4.6', -1],
  ] as const)('%s vs %s -> %i', (a, b, expected) => {
    expect(compareVersions(v(a), v(b))).toBe(expected);
    expect(compareVersions(v(b), v(a))).toBe(-expected || 0);
  });
});

describe('formatPodmanVersion', () => {
  it('omits a zero patch', () => {
    expect(formatPodmanVersion({ major: 4, minor: 3, patch: 0 })).toBe('4.3');
    expect(formatPodmanVersion({ major: 4, minor: 3, patch: 1 })).toBe('4.3.1');
  });
});

import { describe, expect, it } from 'vitest';
import { detectPodmanVersion, parseClientVersion, PODMAN_VERSION_ARGV } from '../../src/apply/podman-version.js';
import { FakeHost } from './fake-host.js';

describe('parseClientVersion', () => {
  it.each([
    ['4.3.1\n', '4.3.1'],
    ['5.4.0-dev\n', '5.4'],
    ['5.0.0-rc1', '5.0'],
    ['4.9', '4.9'],
    ['', undefined],
    ['podman version 4.3.1', undefined],
    ['Error: cannot connect', undefined],
  ])('%j -> %s', (text, expected) => {
    expect(parseClientVersion(text)).toBe(expected);
  });
});

describe('detectPodmanVersion', () => {
  it('uses what podman says', async () => {
    const host = new FakeHost().onRun([...PODMAN_VERSION_ARGV], { code: 0, stdout: '5.2.3\n', stderr: '' });
    expect(await detectPodmanVersion(host, 'install')).toEqual({ version: '5.2.3', detected: true, diagnostics: [] });
  });

  it('a review falls back on the default with C810; an install stops with C811', async () => {
    const host = new FakeHost().onRun(['podman'], { code: 127, stdout: '', stderr: 'spawn podman ENOENT' });
    const review = await detectPodmanVersion(host, 'review');
    expect(review).toMatchObject({ version: '4.3', detected: false });
    expect(review.diagnostics.map((d) => [d.code, d.severity])).toEqual([['C810', 'warning']]);
    const install = await detectPodmanVersion(host, 'install');
    expect(install.diagnostics.map((d) => [d.code, d.severity])).toEqual([['C811', 'error']]);
  });
});

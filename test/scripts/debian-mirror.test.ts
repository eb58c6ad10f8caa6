// scripts/debian-mirror.sh: which archive it takes from an apt configuration (deb822 first, then the one-line
// format), and that it fails with a message naming where it looked when there is none. The archives here are
// addresses of the documentation range (RFC 5737), never a real host.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';

const SCRIPT = resolve(import.meta.dirname, '..', '..', 'scripts', 'debian-mirror.sh');
const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function aptEtc(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'c2s-apt-etc-'));
  made.push(dir);
  mkdirSync(join(dir, 'sources.list.d'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function mirrorOf(dir: string, override = ''): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('sh', [SCRIPT], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', C2S_APT_ETC: dir, C2S_E2E_MIRROR: override } });
  return { code: r.status ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

describe('debian-mirror.sh', () => {
  test('deb822: the first enabled deb stanza with a bare release suite, trailing slash dropped', () => {
    const dir = aptEtc({
      'sources.list.d/a.sources': [
        'Types: deb-src',
        'URIs: http://192.0.2.1/archive',
        'Suites: bookworm',
        '',
        'Types: deb',
        'URIs: http://192.0.2.2/updates-archive',
        'Suites: bookworm-security',
        '',
        'Types: deb',
        'Enabled: no',
        'URIs: http://192.0.2.3/archive',
        'Suites: bookworm',
        '',
        'Types: deb',
        '# a comment inside the stanza',
        'URIs: http://192.0.2.4/archive/',
        'Suites: bookworm bookworm-updates',
        'Components: main',
        '',
      ].join('\n'),
      'sources.list': 'deb http://192.0.2.5/archive bookworm main\n',
    });
    expect(mirrorOf(dir)).toMatchObject({ code: 0, stdout: 'http://192.0.2.4/archive\n' });
  });

  test('one-line format when no deb822 stanza fits, options and comments skipped', () => {
    const dir = aptEtc({
      'sources.list.d/sec.sources': 'Types: deb\nURIs: http://192.0.2.2/updates-archive\nSuites: bookworm-security\n',
      'sources.list': [
        '# deb http://192.0.2.6/archive bookworm main',
        'deb-src http://192.0.2.1/archive bookworm main',
        'deb http://192.0.2.2/updates-archive bookworm-security main',
        'deb [signed-by=/usr/share/keyrings/k.gpg] https://192.0.2.5/archive bookworm main',
        '',
      ].join('\n'),
    });
    expect(mirrorOf(dir)).toMatchObject({ code: 0, stdout: 'https://192.0.2.5/archive\n' });
  });

  test('no archive: exit 1 with a message that names the files read and the override', () => {
    const dir = aptEtc({ 'sources.list': 'deb-src http://192.0.2.1/archive bookworm main\n' });
    const r = mirrorOf(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`no Debian archive found in this machine's apt sources (${dir}/sources.list.d/*.sources, ${dir}/sources.list)`);
    expect(r.stderr).toContain('C2S_E2E_MIRROR');
  });

  test('C2S_E2E_MIRROR wins over the apt sources', () => {
    const dir = aptEtc({ 'sources.list': 'deb http://192.0.2.5/archive bookworm main\n' });
    expect(mirrorOf(dir, 'http://192.0.2.7/archive')).toMatchObject({ code: 0, stdout: 'http://192.0.2.7/archive\n' });
  });
});

import { describe, expect, test } from 'vitest';
import { discoverFiles } from '../../src/load/discover.js';
import { memoryFs } from '../../src/load/loader-fs.js';
import { isValidProjectName, normalizeProjectName } from '../../src/load/project-name.js';

const fs = memoryFs({
  '/p/compose.yaml': 'services: {}',
  '/p/compose.override.yaml': 'services: {}',
  '/p/docker-compose.yml': 'services: {}',
  '/q/docker-compose.yml': 'services: {}',
  '/q/docker-compose.override.yml': 'services: {}',
  '/q/compose.override.yaml': 'services: {}',
  '/r/a.yaml': '',
  '/r/b.yaml': '',
});

describe('discoverFiles', () => {
  test('-f paths resolve against cwd; the project directory is the first file\'s', () => {
    const r = discoverFiles({ files: ['a.yaml', '/r/b.yaml'], cwd: '/r' }, fs);
    expect(r.discovered).toEqual({ files: ['/r/a.yaml', '/r/b.yaml'], projectDir: '/r' });
  });

  test('-f - is standard input and the project directory is cwd', () => {
    expect(discoverFiles({ files: ['-'], cwd: '/r' }, fs).discovered).toEqual({ files: ['-'], projectDir: '/r' });
  });

  test('--project-directory wins over the first file\'s directory', () => {
    expect(discoverFiles({ files: ['/r/a.yaml'], cwd: '/', projectDirectory: 'p' }, fs).discovered?.projectDir).toBe('/p');
  });

  test('COMPOSE_FILE lists files with the path separator', () => {
    const r = discoverFiles({ files: [], cwd: '/r', composeFileVar: 'a.yaml;b.yaml', pathSeparator: ';' }, fs);
    expect(r.discovered?.files).toEqual(['/r/a.yaml', '/r/b.yaml']);
  });

  test('-f wins over COMPOSE_FILE', () => {
    expect(discoverFiles({ files: ['b.yaml'], cwd: '/r', composeFileVar: 'a.yaml' }, fs).discovered?.files).toEqual(['/r/b.yaml']);
  });

  test('default files: compose.yaml first, with its override; a second candidate is C118', () => {
    const r = discoverFiles({ files: [], cwd: '/p' }, fs);
    expect(r.discovered?.files).toEqual(['/p/compose.yaml', '/p/compose.override.yaml']);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['C118', 'warning']]);
  });

  test('default files: docker-compose.yml pairs with docker-compose.override.yml', () => {
    expect(discoverFiles({ files: [], cwd: '/q' }, fs).discovered?.files).toEqual(['/q/docker-compose.yml', '/q/docker-compose.override.yml']);
  });

  test('default files are searched in parent directories', () => {
    const r = discoverFiles({ files: [], cwd: '/p/sub/dir' }, fs);
    expect(r.discovered).toEqual({ files: ['/p/compose.yaml', '/p/compose.override.yaml'], projectDir: '/p' });
  });

  test('a missing -f file is C101, no default file is C109', () => {
    expect(discoverFiles({ files: ['nope.yaml'], cwd: '/r' }, fs).diagnostics.map((d) => d.code)).toEqual(['C101']);
    expect(discoverFiles({ files: [], cwd: '/r' }, fs).diagnostics.map((d) => d.code)).toEqual(['C109']);
  });
});

describe('project names', () => {
  test.each([
    ['myapp', true],
    ['my-app_2', true],
    ['9lives', true],
    ['MyApp', false],
    ['-app', false],
    ['_app', false],
    ['my.app', false],
    ['', false],
  ])('%j valid: %s', (name, valid) => expect(isValidProjectName(name)).toBe(valid));

  test.each([
    ['My.App', 'myapp'],
    ['__web-Site', 'web-site'],
    ['docker', 'docker'],
    ['...', ''],
  ])('directory %j normalises to %j', (dir, name) => expect(normalizeProjectName(dir)).toBe(name));
});

// Each class of bad input is a located diagnostic and exit 1, never a crash: code and line:col are asserted.
import { describe, expect, test } from 'vitest';
import { memoryFs } from '../../src/load/loader-fs.js';
import { runCliCaptured } from '../support/cli.js';

interface JsonDiag {
  code: string;
  severity: string;
  file?: string;
  line?: number;
  column?: number;
}

async function validate(files: Record<string, string | Uint8Array>, args: string[] = [], env: Record<string, string> = {}) {
  const r = await runCliCaptured(['validate', '--format', 'json', '-f', '/p/compose.yaml', ...args], { fs: memoryFs(files), cwd: '/p', env });
  const out = JSON.parse(r.stdout) as { valid: boolean; diagnostics: JsonDiag[] };
  const errors = out.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}@${d.file?.replace('/p/', '') ?? '-'}:${d.line ?? 0}:${d.column ?? 0}`);
  return { code: r.code, errors, valid: out.valid };
}

const svc = (body: string) => `services:\n  web:\n    image: nginx\n${body}`;

describe('bad input is located and exits 1', () => {
  test.each([
    ['malformed YAML', { '/p/compose.yaml': 'services:foo\n  web: {}\n' }, 'C103@compose.yaml:1:1'],
    ['a document that is not a mapping', { '/p/compose.yaml': '- web\n' }, 'C105@compose.yaml:1:1'],
    ['an empty file', { '/p/compose.yaml': '' }, 'C106@compose.yaml:1:1'],
    ['services: null', { '/p/compose.yaml': 'services:\n' }, 'C202@compose.yaml:1:10'],
    ['services missing', { '/p/compose.yaml': 'name: x\nvolumes: {}\n' }, 'C117@compose.yaml:1:1'],
    ['a wrong type', { '/p/compose.yaml': svc('    ports: 80\n') }, 'C202@compose.yaml:4:12'],
    ['an unknown key', { '/p/compose.yaml': svc('    imagee: x\n') }, 'C201@compose.yaml:4:5'],
    ['a required variable unset', { '/p/compose.yaml': 'services:\n  web:\n    image: ${TAG:?set TAG}\n' }, 'C302@compose.yaml:3:12'],
    [
      'an extends cycle',
      { '/p/compose.yaml': 'services:\n  a:\n    image: x\n    extends: b\n  b:\n    extends: a\n' },
      'C413@compose.yaml:6:14',
    ],
    [
      'an include cycle',
      { '/p/compose.yaml': 'include: [b.yaml]\nservices:\n  web: {image: x}\n', '/p/b.yaml': 'include: [compose.yaml]\nservices:\n  db: {image: y}\n' },
      'C115@b.yaml:1:11',
    ],
    ['a missing extends target', { '/p/compose.yaml': svc('    extends: {service: base}\n') }, 'C411@compose.yaml:4:14'],
    ['a missing extends file', { '/p/compose.yaml': svc('    extends: {file: nope.yaml, service: base}\n') }, 'C412@compose.yaml:4:21'],
    ['a missing included file', { '/p/compose.yaml': 'include:\n  - nope.yaml\nservices:\n  web: {image: x}\n' }, 'C114@compose.yaml:2:5'],
    ['a missing required env_file', { '/p/compose.yaml': svc('    env_file: [missing.env]\n') }, 'C508@compose.yaml:4:16'],
    ['binary garbage', { '/p/compose.yaml': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]) }, 'C102@-:0:0'],
    ['an invalid service name', { '/p/compose.yaml': 'services:\n  "web app":\n    image: x\n' }, 'C205@compose.yaml:2:3'],
    ['an invalid project name', { '/p/compose.yaml': 'name: My.App\nservices:\n  web: {image: x}\n' }, 'C110@compose.yaml:1:7'],
    ['depends_on an unknown service', { '/p/compose.yaml': svc('    depends_on: [dbb]\n  db: {image: y}\n') }, 'C601@compose.yaml:4:18'],
    [
      'depends_on an inactive service',
      { '/p/compose.yaml': svc('    depends_on: [db]\n  db:\n    image: y\n    profiles: [extra]\n') },
      'C602@compose.yaml:4:18',
    ],
    ['a depends_on cycle', { '/p/compose.yaml': 'services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, depends_on: [a]}\n' }, 'C603@compose.yaml:2:30'],
  ])('%s', async (_name, files, expected) => {
    const r = await validate(files);
    expect(r.code).toBe(1);
    expect(r.valid).toBe(false);
    expect(r.errors).toContain(expected);
  });

  test('-p with an invalid name is an error without a location', async () => {
    const r = await validate({ '/p/compose.yaml': svc('') }, ['-p', 'Bad Name']);
    expect(r.code).toBe(1);
    expect(r.errors).toEqual(['C110@-:0:0']);
  });

  test('all problems of a run are reported together, sorted', async () => {
    const r = await validate({ '/p/compose.yaml': 'services:\n  web:\n    imagee: x\n    ports: 80\n  db:\n    restartt: always\n' });
    expect(r.errors).toEqual(['C201@compose.yaml:3:5', 'C202@compose.yaml:4:12', 'C201@compose.yaml:6:5']);
  });

  test('a usage error exits 2', async () => {
    const r = await runCliCaptured(['validate', '--no-such-flag']);
    expect(r.code).toBe(2);
    expect((await runCliCaptured(['frobnicate'])).code).toBe(2);
  });

  test('an error in an override points at the file that set the value', async () => {
    const r = await runCliCaptured(['validate', '--format', 'json', '-f', '/p/compose.yaml', '-f', '/p/override.yaml'], {
      fs: memoryFs({ '/p/compose.yaml': svc(''), '/p/override.yaml': 'services:\n  web:\n    ports: {a: 1}\n' }),
      cwd: '/p',
    });
    const d = (JSON.parse(r.stdout) as { diagnostics: JsonDiag[] }).diagnostics.find((x) => x.severity === 'error');
    expect(d).toMatchObject({ code: 'C202', file: '/p/override.yaml', line: 3, column: 12 });
  });
});

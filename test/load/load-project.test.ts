// The loader end to end on in-memory files: environment precedence, project names, profiles, include, extends.
import { describe, expect, test } from 'vitest';
import { loadProject, type LoadOptions } from '../../src/load/load-project.js';
import { memoryFs } from '../../src/load/loader-fs.js';

function load(files: Record<string, string>, options: Partial<LoadOptions> = {}) {
  const r = loadProject({ files: ['/p/compose.yaml'], cwd: '/p', env: {}, homeDir: '/home/u', ...options }, memoryFs(files));
  return { ...r, codes: r.diagnostics.map((d) => d.code) };
}
const env = (r: ReturnType<typeof load>, service = 'web') => Object.fromEntries(r.project!.services.get(service)!.environment);

describe('environment and interpolation', () => {
  const files = {
    '/p/compose.yaml': 'services:\n  web:\n    image: nginx:${TAG:-latest}\n    environment:\n      FROM: ${FROM}\n      NAME: ${COMPOSE_PROJECT_NAME}\n',
    '/p/.env': 'TAG=1.27\nFROM=dotenv\n',
    '/p/other.env': 'FROM=other\n',
  };

  test('.env in the project directory feeds interpolation', () => {
    const r = load(files);
    expect(r.project!.services.get('web')!.image).toBe('nginx:1.27');
    expect(env(r)).toEqual({ FROM: 'dotenv', NAME: 'p' });
  });

  test('the OS environment wins over .env', () => {
    expect(env(load(files, { env: { FROM: 'os' } })).FROM).toBe('os');
  });

  test('--env-file replaces .env', () => {
    const r = load(files, { envFiles: ['/p/other.env'] });
    expect(env(r).FROM).toBe('other');
    expect(r.project!.services.get('web')!.image).toBe('nginx:latest');
  });

  test('a missing --env-file is C111', () => {
    expect(load(files, { envFiles: ['/p/nope.env'] }).codes).toContain('C111');
  });

  test('an unset variable is a warning naming it, and becomes empty', () => {
    const r = load({ '/p/compose.yaml': 'services:\n  web:\n    image: nginx\n    environment:\n      X: "a${UNSET}b"\n' });
    expect(r.codes).toEqual(['C303']);
    expect(r.diagnostics[0]!.message).toContain('`UNSET`');
    expect(env(r).X).toBe('ab');
  });

  test('env_file values come first, environment wins; required: false tolerates a missing file', () => {
    const r = load({
      '/p/compose.yaml': 'services:\n  web:\n    image: x\n    env_file:\n      - a.env\n      - path: missing.env\n        required: false\n    environment: [B=env]\n',
      '/p/a.env': '# comment\nexport A=1\nB="from file"\n',
    });
    expect(r.codes).toEqual([]);
    expect(env(r)).toEqual({ A: '1', B: 'env' });
  });
});

describe('label_file', () => {
  test('labels come from the files (dotenv syntax, relative to the file that names them), `labels:` wins', () => {
    const r = load({
      '/p/compose.yaml': 'include: [sub/compose.yaml]\nservices:\n  web:\n    image: x\n    label_file: web.labels\n    labels: [tier=front]\n',
      '/p/web.labels': '# labels\ntier=back\ncom.example.team="core"\n',
      '/p/sub/compose.yaml': 'services:\n  job:\n    image: x\n    label_file: [job.labels]\n',
      '/p/sub/job.labels': 'kind=batch\n',
    });
    expect(r.codes).toEqual([]);
    expect(Object.fromEntries(r.project!.services.get('web')!.labels)).toEqual({ tier: 'front', 'com.example.team': 'core' });
    expect(Object.fromEntries(r.project!.services.get('job')!.labels)).toEqual({ kind: 'batch' });
    expect(r.project!.services.get('job')!.labelFiles.map((f) => f.path)).toEqual(['/p/sub/job.labels']);
  });

  test('a missing label file is C519', () => {
    expect(load({ '/p/compose.yaml': 'services:\n  web:\n    image: x\n    label_file: nope.labels\n' }).codes).toEqual(['C519']);
  });
});

describe('project name', () => {
  const f = { '/p/compose.yaml': 'name: fromfile\nservices:\n  web: {image: x}\n' };
  test('-p wins, then COMPOSE_PROJECT_NAME, then name:, then the directory', () => {
    expect(load(f, { projectName: 'flag', env: { COMPOSE_PROJECT_NAME: 'envname' } }).project!.name).toBe('flag');
    expect(load(f, { env: { COMPOSE_PROJECT_NAME: 'envname' } }).project!.name).toBe('envname');
    expect(load(f).project!.name).toBe('fromfile');
    expect(load({ '/My.Dir/compose.yaml': 'services:\n  web: {image: x}\n' }, { files: ['/My.Dir/compose.yaml'], cwd: '/My.Dir' }).project!.name).toBe('mydir');
  });
  test('an invalid explicit name is an error, never fixed silently', () => {
    expect(load(f, { env: { COMPOSE_PROJECT_NAME: 'Bad' } }).codes).toEqual(['C110']);
  });
});

describe('profiles', () => {
  const f = { '/p/compose.yaml': 'services:\n  web: {image: x}\n  debug: {image: y, profiles: [dev]}\n  tools: {image: z, profiles: [ops, dev]}\n' };
  const names = (r: ReturnType<typeof load>) => [...r.project!.services.keys()];
  test('services with profiles are inactive unless enabled', () => {
    expect(names(load(f))).toEqual(['web']);
    expect(names(load(f, { profiles: ['ops'] }))).toEqual(['tools', 'web']);
    expect(names(load(f, { env: { COMPOSE_PROFILES: 'dev' } }))).toEqual(['debug', 'tools', 'web']);
    expect(names(load(f, { profiles: ['*'] }))).toEqual(['debug', 'tools', 'web']);
  });
  test('a service named on the command line enables itself', () => {
    expect(names(load(f, { services: ['debug'] }))).toEqual(['debug', 'web']);
  });
});

describe('several files, extends and include', () => {
  test('files merge in order and the override wins', () => {
    const r = load(
      { '/p/compose.yaml': 'services:\n  web:\n    image: x\n    ports: ["80:80"]\n', '/p/o.yaml': 'services:\n  web:\n    image: y\n    ports: ["443:443"]\n' },
      { files: ['/p/compose.yaml', '/p/o.yaml'] },
    );
    const web = r.project!.services.get('web')!;
    expect(web.image).toBe('y');
    expect(web.ports.map((p) => p.target)).toEqual([80, 443]);
  });

  test('-f - reads standard input', () => {
    const r = loadProject({ files: ['-'], cwd: '/p', env: {}, homeDir: '/h', stdin: 'services:\n  web: {image: fromstdin}\n' }, memoryFs({}));
    expect(r.project!.services.get('web')!.image).toBe('fromstdin');
  });

  test('extends from another file resolves that file\'s relative paths against its own directory', () => {
    const r = load({
      '/p/compose.yaml': 'services:\n  web:\n    extends: {file: common/base.yaml, service: base}\n    environment: [B=local]\n',
      '/p/common/base.yaml': 'services:\n  base:\n    image: x\n    env_file: base.env\n    volumes: ["./data:/data"]\n    environment: [A=base, B=base]\n',
      '/p/common/base.env': 'C=file\n',
    });
    expect(r.codes).toEqual([]);
    const web = r.project!.services.get('web')!;
    expect(Object.fromEntries(web.environment)).toEqual({ C: 'file', A: 'base', B: 'local' });
    expect(web.volumes[0]!.source).toBe('/p/common/data');
  });

  test('!reset in a service that extends another removes the inherited value', () => {
    const r = load({ '/p/compose.yaml': 'services:\n  base:\n    image: x\n    command: echo hi\n  web:\n    extends: base\n    command: !reset null\n' });
    expect(r.project!.services.get('web')!.command).toBeUndefined();
    expect(r.project!.services.get('base')!.command).toEqual(['echo', 'hi']);
  });

  test('an included project loads with its own directory and .env', () => {
    const r = load({
      '/p/compose.yaml': 'include:\n  - sub/db.yaml\nservices:\n  web: {image: x, depends_on: [db]}\n',
      '/p/sub/db.yaml': 'services:\n  db:\n    image: postgres:${PG}\n    volumes: ["./init:/init"]\n',
      '/p/sub/.env': 'PG=16\n',
    });
    expect(r.codes).toEqual([]);
    const db = r.project!.services.get('db')!;
    expect(db.image).toBe('postgres:16');
    expect(db.volumes[0]!.source).toBe('/p/sub/init');
  });

  test('an include that redefines a local service is C116', () => {
    const r = load({ '/p/compose.yaml': 'include: [db.yaml]\nservices:\n  db: {image: x}\n', '/p/db.yaml': 'services:\n  db: {image: y}\n' });
    expect(r.codes).toContain('C116');
  });

  test('a service named `__proto__` survives a file where another service extends', () => {
    const r = load({ '/p/compose.yaml': 'services:\n  __proto__: {image: x}\n  base: {image: y}\n  web: {extends: base}\n' });
    expect(r.codes).toEqual([]);
    expect([...r.project!.services.keys()].sort()).toEqual(['__proto__', 'base', 'web']);
    expect(r.project!.services.get('__proto__')!.image).toBe('x');
    expect(r.project!.services.get('web')!.image).toBe('y');
  });

  test('names such as `toString` and `__proto__` are services, not properties: extends finds them only when defined', () => {
    const ok = load({ '/p/compose.yaml': 'services:\n  toString: {image: x}\n  __proto__: {image: y}\n  a: {extends: toString}\n  b: {extends: __proto__}\n' });
    expect(ok.codes).toEqual([]);
    expect(ok.project!.services.get('a')!.image).toBe('x');
    expect(ok.project!.services.get('b')!.image).toBe('y');
    for (const missing of ['toString', 'constructor', '__proto__']) {
      expect(load({ '/p/compose.yaml': `services:\n  web: {image: x, extends: ${missing}}\n` }).codes).toEqual(['C411']);
    }
  });

  test('an included service named `toString` (or `__proto__`) joins the project without a false C116', () => {
    const r = load({
      '/p/compose.yaml': 'include: [sub.yaml]\nservices:\n  web: {image: x, depends_on: [toString, __proto__]}\n',
      '/p/sub.yaml': 'services:\n  toString: {image: y}\n  __proto__: {image: z}\nnetworks:\n  constructor: {}\n',
    });
    expect(r.codes).toEqual([]);
    expect([...r.project!.services.keys()].sort()).toEqual(['__proto__', 'toString', 'web']);
    expect(r.project!.services.get('toString')!.image).toBe('y');
    expect([...r.project!.networks.keys()]).toContain('constructor');
  });

  test('an include that redefines a local `toString` is still C116', () => {
    const r = load({ '/p/compose.yaml': 'include: [sub.yaml]\nservices:\n  toString: {image: x}\n', '/p/sub.yaml': 'services:\n  toString: {image: y}\n' });
    expect(r.codes).toEqual(['C116']);
  });

  test('keys named `__proto__` inside a service stay ordinary keys through parse, interpolation, merge and casting', () => {
    const r = load(
      {
        '/p/compose.yaml': 'x-d: &d\n  labels: {__proto__: from-anchor}\nservices:\n  web:\n    <<: *d\n    image: x\n    environment: {__proto__: "${V:-1}"}\n',
        '/p/o.yaml': 'services:\n  web:\n    environment: {toString: "2"}\n',
      },
      { files: ['/p/compose.yaml', '/p/o.yaml'] },
    );
    expect(r.codes).toEqual([]);
    const web = r.project!.services.get('web')!;
    expect([...web.environment.entries()]).toEqual([['__proto__', '1'], ['toString', '2']]);
    expect([...web.labels.entries()]).toEqual([['__proto__', 'from-anchor']]);
  });
});

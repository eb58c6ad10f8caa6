// Names can never leave their directory: hostile service, project, network, volume, secret and config names are
// either refused with an exact code, or become unit files with a known (escaped) name inside `convert -o DIR`, and no
// file appears anywhere else. The CLI runs in-process on a real temp folder (convert -o writes to disk).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCliCaptured } from '../support/cli.js';
import { Machine, UNIT_DIR } from './harness.js';

const root = mkdtempSync(join(tmpdir(), 'c2s-names-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

interface Outcome {
  code: number;
  errors: string[];
  /** Files convert wrote into DIR. */
  written: string[];
  /** Files that appeared anywhere under the temp root but outside DIR. */
  outside: string[];
  /** The output folder. */
  dir: string;
}

/** `convert -o out` in a fresh project folder `proj` (with sibling folders a hostile path could aim at). */
async function convert(compose: string, args: string[] = [], env: Record<string, string> = {}): Promise<Outcome> {
  const base = join(root, `case${counter++}`);
  const proj = join(base, 'work', 'proj');
  mkdirSync(proj, { recursive: true });
  writeFileSync(join(proj, 'compose.yaml'), compose);
  const before = new Set(listFiles(root));
  const r = await runCliCaptured(['convert', '--format', 'json', '-o', 'out', ...args], { cwd: proj, env: { HOME: base, ...env }, homeDir: base });
  const after = listFiles(root).filter((f) => !before.has(f));
  const out = relative(root, join(proj, 'out'));
  const json = JSON.parse(r.stdout) as { diagnostics: { code: string; severity: string }[] };
  return {
    code: r.code,
    errors: json.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code),
    written: after.filter((f) => f.startsWith(out + '/')).map((f) => f.slice(out.length + 1)),
    outside: after.filter((f) => !f.startsWith(out + '/')),
    dir: join(proj, 'out'),
  };
}

async function config(compose: string, args: string[] = []): Promise<{ code: number; errors: string[] }> {
  const proj = join(root, `case${counter++}`, 'proj');
  mkdirSync(proj, { recursive: true });
  writeFileSync(join(proj, 'compose.yaml'), compose);
  const r = await runCliCaptured(['config', '--format', 'json', ...args], { cwd: proj, env: {}, homeDir: proj });
  const json = JSON.parse(r.stdout) as { diagnostics: { code: string; severity: string }[] };
  return { code: r.code, errors: json.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code) };
}

const HOSTILE = ['../evil', 'a/b', '..', '%n', 'a@b', 'a\\b', 'web.service', 'x.target', 'x.container', '-rf'];
const svc = (name: string) => `services:\n  ${JSON.stringify(name)}:\n    image: alpine\n`;

describe('project names', () => {
  test.each(HOSTILE)('-p %j is refused (C110), nothing is written', async (name) => {
    const r = await convert(svc('web'), ['-p', name]);
    expect({ code: r.code, errors: r.errors, written: r.written, outside: r.outside }).toEqual({ code: 1, errors: ['C110'], written: [], outside: [] });
  });

  test.each(HOSTILE)('name: %j in the file and COMPOSE_PROJECT_NAME are refused (C110)', async (name) => {
    expect(await config(`name: ${JSON.stringify(name)}\n${svc('web')}`)).toEqual({ code: 1, errors: ['C110'] });
    const r = await convert(svc('web'), [], { COMPOSE_PROJECT_NAME: name });
    expect({ code: r.code, errors: r.errors, outside: r.outside }).toEqual({ code: 1, errors: ['C110'], outside: [] });
  });
});

describe('service names', () => {
  test.each(['../evil', 'a/b', '%n', 'a@b', 'a\\b'])('%j is refused by the schema (C205), in config and convert', async (name) => {
    expect(await config(svc(name))).toEqual({ code: 1, errors: ['C205'] });
    const r = await convert(svc(name));
    expect({ code: r.code, errors: r.errors, written: r.written, outside: r.outside }).toEqual({ code: 1, errors: ['C205'], written: [], outside: [] });
  });

  test.each([
    ['..', 'proj-...service'],
    ['-x', 'proj--x.service'],
    ['web.service', 'proj-web.service.service'],
    ['x.target', 'proj-x.target.service'],
    ['x.container', 'proj-x.container.service'],
  ])('%j stays a name inside DIR: %s', async (name, unit) => {
    const r = await convert(svc(name));
    expect(r.code).toBe(0);
    expect(r.outside).toEqual([]);
    expect(r.written).toContain(unit);
    expect(r.written).toContain('proj.target');
    // every unit of the project starts with its name: none can stand for another project's unit or a bare type
    for (const f of r.written) expect(f.startsWith('proj-') || f === 'proj.target').toBe(true);
  });

  test('a service whose unit would clash with another unit of the project is refused (C703)', async () => {
    for (const other of ['web-image', 'default-network', 'secret-s']) {
      const r = await convert(`services:\n  web:\n    image: alpine\n    secrets: [s]\n  ${other}:\n    image: alpine\nsecrets:\n  s: {file: ./s}\n`);
      expect({ code: r.code, errors: r.errors, written: r.written, outside: r.outside }, other).toEqual({ code: 1, errors: ['C703'], written: [], outside: [] });
    }
  });

  // Unit names join project and service with `-`, which both may contain: project `a` with service `b-web` and
  // project `a-b` with service `web` both name `a-b-web.service` (as docker compose names both containers
  // `a-b-web-1`). What keeps them apart is the ownership marker: no project writes or deletes another's unit.
  test('a unit name two projects share is never taken over: up of the second refuses (C802), down of either keeps the other\'s', async () => {
    const m = new Machine('services:\n  b-web:\n    image: x\n');
    try {
      expect((await m.run(['up', '-p', 'a', '--format', 'units'])).code).toBe(0);
      const first = m.host.peek(`${UNIT_DIR}/a-b-web.service`);
      m.compose('services:\n  web:\n    image: y\n');
      const second = await m.run(['up', '-p', 'a-b', '--format', 'units']);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('error[C802]: `a-b-web.service` belongs to project `a`; refusing to overwrite it');
      expect(m.host.peek(`${UNIT_DIR}/a-b-web.service`)).toBe(first);
      expect((await m.run(['down', '-p', 'a-b'])).code).toBe(0);
      expect(m.host.peek(`${UNIT_DIR}/a-b-web.service`)).toBe(first);
    } finally {
      m.cleanup();
    }
  });
});

describe('network, volume, secret and config names', () => {
  test.each([
    ['volume', 'a%b', 'C205'],
    ['volume', 'a/b', 'C205'],
    ['secret', 'a@b', 'C205'],
    ['secret', '../x', 'C205'],
    ['config', 'a\\b', 'C205'],
    ['config', '..x/y', 'C205'],
  ])('a %s key %j is refused (%s)', async (kind, key, code) => {
    const body = kind === 'volume' ? '{}' : '{file: ./x}';
    const r = await convert(`${svc('web')}${kind}s:\n  ${JSON.stringify(key)}: ${body}\n`);
    expect({ code: r.code, errors: r.errors, written: r.written, outside: r.outside }).toEqual({ code: 1, errors: [code], written: [], outside: [] });
  });

  test.each(['a/b', '../x', 'a\\b'])('a network key %j (which the schema lets through) is refused: its podman name is invalid (C520)', async (key) => {
    const compose = `services:\n  web:\n    image: alpine\n    networks: [${JSON.stringify(key)}]\nnetworks:\n  ${JSON.stringify(key)}: {}\n`;
    expect(await config(compose)).toEqual({ code: 1, errors: ['C520'] });
    const r = await convert(compose);
    expect({ code: r.code, errors: r.errors, written: r.written, outside: r.outside }).toEqual({ code: 1, errors: ['C520'], written: [], outside: [] });
  });

  test.each(['..', '-x', 'x.service'])('a network and a volume keyed %j stay inside DIR with the key in the unit name', async (key) => {
    const r = await convert(`services:\n  web:\n    image: alpine\n    networks: [${JSON.stringify(key)}]\n    volumes: [{type: volume, source: ${JSON.stringify(key)}, target: /data}]\nnetworks:\n  ${JSON.stringify(key)}: {}\nvolumes:\n  ${JSON.stringify(key)}: {}\n`);
    expect(r.code).toBe(0);
    expect(r.outside).toEqual([]);
    expect(r.written).toEqual(expect.arrayContaining([`proj-${key}-network.service`, `proj-${key}-volume.service`]));
  });

  test.each(['../../net', '-rf /', 'a b', '%n'])('a network or volume `name:` of %j is refused (C520): podman could not take it', async (name) => {
    for (const kind of ['networks', 'volumes']) {
      const use = kind === 'networks' ? 'networks: [n]' : 'volumes: ["n:/data"]';
      const r = await convert(`services:\n  web:\n    image: alpine\n    ${use}\n${kind}:\n  n: {name: ${JSON.stringify(name)}}\n`);
      expect({ code: r.code, errors: r.errors, written: r.written, outside: r.outside }, kind).toEqual({ code: 1, errors: ['C520'], written: [], outside: [] });
    }
  });

  // A config's content is written when the unit starts, under %t/compose2systemd/P/configs/: the file is named after
  // the config's key (which the schema restricts), never its `name:`, which could hold `../` or be shared.
  test('a config `name:` never becomes a path, and two configs with the same `name:` never share a file', async () => {
    const r = await convert(
      `services:\n  web:\n    image: alpine\n    configs: [evil, twin]\nconfigs:\n  evil: {content: x, name: ../../../../home/x/.bashrc}\n  twin: {content: y, name: ../../../../home/x/.bashrc}\n`,
    );
    expect(r.code).toBe(0);
    expect(r.outside).toEqual([]);
    const texts = r.written.map((f) => readFileSync(join(r.dir, f), 'utf8'));
    const paths = texts.flatMap((t) => [...t.matchAll(/%t\/compose2systemd\/[^\s:"]*/g)].map((m) => m[0]));
    const configFiles = new Set(paths.filter((p) => p.includes('/configs/')));
    expect(configFiles.size).toBeGreaterThan(0);
    expect([...configFiles].filter((p) => p.includes('..') || p.includes('.bashrc'))).toEqual([]);
    expect(configFiles.size).toBe(2);
  });
});

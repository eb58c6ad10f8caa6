// The packed tarball as a user gets it: `npm pack`, installed into an empty directory (dependencies from the
// local npm cache when it has them), then its library entry imported and typechecked and its bin run there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'c2s-pack-'));
const app = join(work, 'app');
const project = join(work, 'project');

const COMPOSE = `name: packdemo
services:
  web:
    image: docker.io/library/nginx:1.27
    ports: ["8080:80"]
    depends_on: [db]
  db:
    image: docker.io/library/postgres:16
    environment:
      POSTGRES_PASSWORD: example
`;

const run = (cmd: string, args: readonly string[], cwd: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'api', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
  // --ignore-scripts: `npm test` has built dist already, and `prepare` would rebuild it.
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], root)) as { filename: string }[];
  execFileSync('mkdir', ['-p', app, project]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-consumer', private: true, type: 'module' }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, packed!.filename)], app);
  writeFileSync(join(project, 'compose.yaml'), COMPOSE);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the installed package', () => {
  test('its library entry loads, plans, renders and converts a project', () => {
    const script = `
import * as api from 'compose2systemd';
const cwd = ${JSON.stringify(project)};
const env = {};
const loaded = api.load({ cwd, env, homeDir: '/home/u' });
const planned = api.plan({ cwd, env, homeDir: '/home/u', podmanVersion: '5.4' });
const rendered = api.render(planned.plan, { format: 'quadlet' });
const units = api.convert({ cwd, env, homeDir: '/home/u' });
const quadlet = api.convert({ cwd, env, homeDir: '/home/u', format: 'quadlet', podmanVersion: '5.4' });
const bad = api.convert({ content: 'services:\\n  web:\\n    image: x\\n    restart: sometimes\\n', cwd, env, homeDir: '/home/u' });
let thrown = '';
try { api.convert({ cwd, env, podmanVersion: 'latest' }); } catch (e) { thrown = e.constructor.name + ': ' + e.message; }
console.log(JSON.stringify({
  exports: Object.keys(api).sort(),
  formats: api.OUTPUT_FORMATS,
  load: { ok: loaded.ok, name: loaded.project.name, services: [...loaded.project.services.keys()].sort(), order: loaded.graph.startOrder },
  plan: { ok: planned.ok, services: planned.plan.services.map((s) => s.service.name).sort(), podman: planned.plan.options.podmanVersion },
  render: rendered.files.map((f) => f.name),
  units: { ok: units.ok, files: units.files.map((f) => f.name), web: units.files.find((f) => f.name === 'packdemo-web.service').content },
  quadlet: quadlet.files.map((f) => f.root + '/' + f.name),
  bad: { ok: bad.ok, files: bad.files.length, codes: bad.diagnostics.map((d) => d.code), json: api.formatDiagnostics(bad.diagnostics, bad.sources, { format: 'json' }), text: api.formatDiagnostics(bad.diagnostics, bad.sources) },
  thrown,
}));
`;
    writeFileSync(join(app, 'use.mjs'), script);
    const out = JSON.parse(run('node', ['use.mjs'], app));
    expect(out.exports).toEqual(['OUTPUT_FORMATS', 'convert', 'formatDiagnostics', 'load', 'memoryFs', 'plan', 'render']);
    expect(out.formats).toContain('units');
    expect(out.formats).toContain('quadlet');
    expect(out.load).toEqual({ ok: true, name: 'packdemo', services: ['db', 'web'], order: ['db', 'web'] });
    expect(out.plan).toEqual({ ok: true, services: ['db', 'web'], podman: '5.4' });
    expect(out.render).toEqual(expect.arrayContaining(['packdemo-web.container', 'packdemo-db.container', 'packdemo.target']));
    expect(out.units.ok).toBe(true);
    expect(out.units.files).toEqual(expect.arrayContaining(['packdemo-web.service', 'packdemo-db.service', 'packdemo.target']));
    expect(out.units.web).toMatch(/^ExecStart=.*podman run/m);
    expect(out.units.web).toContain('8080:80');
    expect(out.units.web).toMatch(/^After=packdemo-db\.service$/m);
    expect(out.quadlet).toEqual(expect.arrayContaining(['quadlet/packdemo-web.container', 'units/packdemo.target']));
    expect(out.bad.ok).toBe(false);
    expect(out.bad.files).toBe(0);
    expect(out.bad.codes.length).toBeGreaterThan(0);
    expect(out.bad.codes).toEqual(['C510']);
    expect(out.bad.json[0]).toMatchObject({ code: 'C510', severity: 'error', file: '-', line: 4, column: 14 });
    expect(out.bad.text).toContain(`error[${out.bad.codes[0]}]`);
    expect(out.thrown).toMatch(/^TypeError: .*podmanVersion/);
  });

  test('its declarations typecheck a consumer written in TypeScript', { timeout: 180_000 }, () => {
    writeFileSync(
      join(app, 'check.ts'),
      `import { convert, load, plan, render, type ConvertResult, type OutputFile, type ProjectPlan } from 'compose2systemd';
const r: ConvertResult = convert({ cwd: '/p', format: 'quadlet', podmanVersion: '5.4', pod: false, scope: 'system' });
const names: string[] = r.files.map((f: OutputFile) => f.name);
const p: ProjectPlan | undefined = plan({ files: ['compose.yaml'] }).plan;
if (p) render(p, { format: 'units' });
const n: string | undefined = load().project?.name;
// @ts-expect-error: an unknown output format is a type error
convert({ format: 'docker' });
export { names, n };
`,
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['check.ts', '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', join(root, 'node_modules', '@types')];
    // and a wrong use is caught (the declarations are read, not \`any\`); one tsc run for both files, as it is slow
    writeFileSync(join(app, 'wrong.ts'), `import { convert } from 'compose2systemd';\nconst x: number = convert({}).files;\nexport { x };\n`);
    let report = '';
    try {
      run('node', [tsc, 'wrong.ts', ...args], app);
    } catch (error) {
      report = String((error as { stdout?: string }).stdout);
    }
    expect(report.trim().split('\n').filter((l) => /error TS/.test(l))).toEqual([expect.stringMatching(/^wrong\.ts\(2,7\): error TS2322/)]);
  });

  test('its bin converts the project and reports a version', { timeout: 60_000 }, () => {
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules', 'compose2systemd', 'package.json'), 'utf8')) as { version: string };
    const bin = join(app, 'node_modules', '.bin', 'compose2systemd');
    expect(run(bin, ['--version'], project).trim()).toBe(pkg.version);
    const out = run(bin, ['convert', '--podman-version', '5.4'], project);
    expect(out).toContain('# ==> packdemo-web.service <==');
    expect(out).toMatch(/^ExecStart=.*podman run/m);
    const cfg = run(bin, ['config'], project);
    expect(cfg).toContain('POSTGRES_PASSWORD');
  });

  test('the CI check of docs/api.md passes on fresh units and fails on stale ones', { timeout: 60_000 }, () => {
    const docs = readFileSync(join(root, 'docs', 'api.md'), 'utf8');
    const example = /```js\n(\/\/ ci\/check-units\.mjs[^]*?)```/.exec(docs)?.[1];
    expect(example, 'docs/api.md has the ci/check-units.mjs example').toBeDefined();
    execFileSync('mkdir', ['-p', join(app, 'ci')]);
    writeFileSync(join(app, 'ci', 'check-units.mjs'), example!);
    const bin = join(app, 'node_modules', '.bin', 'compose2systemd');
    run(bin, ['convert', '-o', 'deploy/units', '--podman-version', '5.4'], project);
    const check = () => {
      try {
        execFileSync('node', [join(app, 'ci', 'check-units.mjs')], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        return { code: 0, stderr: '' };
      } catch (error) {
        const e = error as { status: number; stderr: string };
        return { code: e.status, stderr: e.stderr };
      }
    };
    expect(check()).toEqual({ code: 0, stderr: '' });
    writeFileSync(join(project, 'compose.yaml'), COMPOSE.replace('8080:80', '8081:80'));
    const stale = check();
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('packdemo-web.service: out of date');
    expect(stale.stderr).not.toContain('packdemo-db.service');
    writeFileSync(join(project, 'compose.yaml'), COMPOSE.replace('restart', 'x').replace('    depends_on: [db]\n', '    depends_on: [db]\n    restart: sometimes\n'));
    const invalid = check();
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('error[C510]');
    writeFileSync(join(project, 'compose.yaml'), COMPOSE);
  });
});

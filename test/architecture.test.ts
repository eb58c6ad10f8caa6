// The import rules of docs/architecture.md, checked on the source: stages import only the layers below them,
// and only cli/ and apply/ touch the machine.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

interface SourceImports {
  readonly file: string;
  readonly folder: string;
  readonly imports: { readonly spec: string; readonly folder?: string }[];
  readonly text: string;
}

const files: SourceImports[] = sources(SRC).map((path) => {
  // line comments may mention what the code must not do; only code counts
  const text = readFileSync(path, 'utf8').replace(/^\s*\/\/.*$/gm, '');
  const folder = relative(SRC, dirname(path)).split('/')[0] || '.';
  const imports = [...text.matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => {
    const spec = m[1]!;
    if (!spec.startsWith('.')) return { spec };
    return { spec, folder: relative(SRC, dirname(resolve(dirname(path), spec))).split('/')[0] || '.' };
  });
  return { file: relative(SRC, path), folder, imports, text };
});

/** Which folders each folder may import from (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  source: [],
  diagnostics: ['source', '*codes'],
  systemd: ['source', 'diagnostics'],
  load: ['source', 'diagnostics', 'interpolate', 'validate', 'merge', 'model', 'graph'],
  interpolate: ['source', 'diagnostics', 'load'],
  validate: ['source', 'diagnostics', 'load'],
  merge: ['source', 'diagnostics', 'load'],
  model: ['source', 'diagnostics', 'load', 'podman'],
  graph: ['source', 'diagnostics', 'load', 'model'],
  podman: ['source', 'diagnostics', 'model'],
  plan: ['source', 'diagnostics', 'model', 'graph', 'systemd', 'podman'],
  output: ['source', 'diagnostics', 'model', 'graph', 'systemd', 'podman', 'plan'],
  '.': ['source', 'diagnostics', 'load', 'model', 'graph', 'plan', 'systemd', 'podman', 'output'],
  apply: ['source', 'diagnostics', 'load', 'model', 'graph', 'plan', 'systemd', 'podman', 'output', '.'],
  cli: ['*'],
};

describe('import direction', () => {
  test.each(files.map((f) => [f.file, f] as const))('%s imports only what its layer may', (_name, f) => {
    const allowed = ALLOWED[f.folder];
    expect(allowed, `no rule for folder ${f.folder}`).toBeDefined();
    if (allowed!.includes('*')) return;
    for (const imp of f.imports) {
      if (imp.folder === undefined || imp.folder === f.folder) continue;
      // the catalogue gathers every stage's codes.ts, and nothing else of them
      if (allowed!.includes('*codes') && /codes\.js$/.test(imp.spec)) continue;
      expect(allowed, `${f.file} imports ${imp.spec}`).toContain(imp.folder);
    }
  });

  test('only cli/ reads the process, only cli/ and apply/ touch files or run commands', () => {
    for (const f of files) {
      if (f.folder !== 'cli') expect(f.text, f.file).not.toMatch(/\bprocess\.(env|argv|exit|cwd|stdout|stderr|stdin)\b/);
      if (f.folder !== 'cli' && f.folder !== 'apply') {
        expect(f.imports.map((i) => i.spec).filter((s) => /^node:(fs|child_process)/.test(s) || s === 'fs' || s === 'child_process'), f.file).toEqual([]);
      }
    }
  });

  test('no output format imports another: what two formats share lives in output/shared', () => {
    const formatOf = (path: string) => /^output\/(units|quadlet|kube)\//.exec(path)?.[1];
    for (const f of files) {
      const own = formatOf(f.file);
      if (own === undefined) continue;
      for (const imp of f.imports) {
        if (!imp.spec.startsWith('.')) continue;
        const target = relative(SRC, resolve(dirname(join(SRC, f.file)), imp.spec));
        const other = formatOf(target);
        expect(other === undefined || other === own, `${f.file} imports ${imp.spec}`).toBe(true);
      }
    }
  });

  test('the yaml package stays in the loader (and the config printer)', () => {
    const users = files.filter((f) => f.imports.some((i) => i.spec === 'yaml')).map((f) => f.file);
    for (const u of users) expect(u).toMatch(/^(load|interpolate|validate|merge)\/|^cli\/commands\/config\.ts$/);
  });
});

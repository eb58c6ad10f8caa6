import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { interpolateTree } from '../../src/interpolate/interpolate-tree.js';
import { parseComposeFile } from '../../src/load/parse.js';
import { OverrideTag, ResetTag, type FileTree } from '../../src/load/tree.js';
import { SourceFile } from '../../src/source/source-file.js';

function load(yaml: string): FileTree {
  const parsed = parseComposeFile(new SourceFile('compose.yaml', yaml));
  expect(parsed.diagnostics).toEqual([]);
  return parsed.tree!;
}

function run(yaml: string, vars: Record<string, string> = {}) {
  const tree = load(yaml);
  const result = interpolateTree(tree, (n) => (Object.hasOwn(vars, n) ? vars[n] : undefined));
  return { tree, result };
}

/** code@line:col of each diagnostic's primary label, in source order. */
function where(tree: FileTree, diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .map((d) => {
      const p = tree.source.positionOf(d.labels[0]!.span.start);
      return { key: d.labels[0]!.span.start, text: `${d.code}@${p.line}:${p.column}` };
    })
    .sort((a, b) => a.key - b.key)
    .map((x) => x.text);
}

describe('interpolateTree values', () => {
  it('interpolates every string value, never keys, including x- extensions', () => {
    const { result } = run(
      [
        'services:',
        '  web:',
        '    image: "nginx:${TAG:-latest}"',
        '    environment:',
        '      HOME_DIR: $HOME_DIR',
        '      LITERAL: $$HOME',
        '    labels:',
        '      ${KEY}: ${VALUE}',
        '    command: [echo, "${GREETING}", 3]',
        'x-extra:',
        '  note: ${NOTE}',
        '  count: 5',
        '  on: true',
        '  nothing: null',
      ].join('\n'),
      { HOME_DIR: '/home/u', KEY: 'k', VALUE: 'v', GREETING: 'hi', NOTE: 'n' },
    );
    expect(result.tree.value).toEqual({
      services: {
        web: {
          image: 'nginx:latest',
          environment: { HOME_DIR: '/home/u', LITERAL: '$HOME' },
          labels: { '${KEY}': 'v' },
          command: ['echo', 'hi', 3],
        },
      },
      'x-extra': { note: 'n', count: 5, on: true, nothing: null },
    });
    expect(result.diagnostics).toEqual([]);
  });

  it('interpolates inside !override and keeps !reset', () => {
    const { result } = run(['services:', '  web:', '    ports: !override ["${PORT}:80"]', '    volumes: !reset []'].join('\n'), { PORT: '8080' });
    const web = (result.tree.value as { services: { web: Record<string, unknown> } }).services.web;
    expect(web['ports']).toBeInstanceOf(OverrideTag);
    expect((web['ports'] as OverrideTag).value).toEqual(['8080:80']);
    expect(web['volumes']).toBeInstanceOf(ResetTag);
  });

  it('returns a new value and leaves the input tree and its origins as they were', () => {
    const { tree, result } = run('services:\n  web:\n    image: ${IMAGE}\n', { IMAGE: 'busybox' });
    expect((tree.value as { services: { web: { image: string } } }).services.web.image).toBe('${IMAGE}');
    expect(tree.origins.get('/services/web/image')?.variables).toBeUndefined();
    expect(result.tree.source).toBe(tree.source);
  });

  it('marks the origin of each value that came from variables with their names, and no other', () => {
    const { result } = run('services:\n  web:\n    image: busybox\n    environment:\n      PW: ${DB_PASSWORD}-${SUFFIX:-x}\n      PLAIN: $$literal\n', { DB_PASSWORD: 's3cret' });
    expect(result.tree.origins.get('/services/web/environment/PW')?.variables).toEqual(['DB_PASSWORD', 'SUFFIX']);
    expect(result.tree.origins.get('/services/web/environment/PLAIN')?.variables).toBeUndefined();
    expect(result.tree.origins.get('/services/web/image')?.variables).toBeUndefined();
  });

  it('interpolates values that came in through a merge key', () => {
    const { result } = run(['x-base: &base', '  image: ${IMAGE}', 'services:', '  web:', '    <<: *base'].join('\n'), { IMAGE: 'redis' });
    expect((result.tree.value as { services: { web: { image: string } } }).services.web.image).toBe('redis');
  });
});

describe('interpolateTree diagnostics', () => {
  it('locates syntax errors at the character, for plain, double- and single-quoted scalars', () => {
    const yaml = [
      'services:', //
      '  web:',
      '    image: nginx:${TAG',
      '    command: echo ${ foo}',
      '    entrypoint: "a${}b"',
      "    working_dir: '/x/${foo!}'",
    ].join('\n');
    const { tree, result } = run(yaml);
    expect(where(tree, result.diagnostics)).toEqual(['C301@3:18', 'C301@4:21', 'C301@5:21', 'C301@6:27']);
    expect(result.diagnostics.every((d) => d.severity === 'error')).toBe(true);
  });

  it('reports a required variable as an error spanning the whole reference', () => {
    const yaml = 'services:\n  db:\n    environment:\n      PASSWORD: "x${DB_PASSWORD:?set the password}"\n';
    const { tree, result } = run(yaml);
    expect(where(tree, result.diagnostics)).toEqual(['C302@4:19']);
    const d = result.diagnostics[0]!;
    expect(d.severity).toBe('error');
    expect(d.message).toContain('set the password');
    const span = d.labels[0]!.span;
    expect(yaml.slice(span.start, span.end)).toBe('${DB_PASSWORD:?set the password}');
  });

  it('warns once per unset variable, at its first use', () => {
    const yaml = [
      'services:',
      '  web:',
      '    image: ${REGISTRY}/web:${TAG}',
      '    labels:',
      '      - "a=$REGISTRY"',
      '  db:',
      '    image: ${REGISTRY}/db',
    ].join('\n');
    const { tree, result } = run(yaml, { TAG: '1' });
    expect(where(tree, result.diagnostics)).toEqual(['C303@3:12']);
    const d = result.diagnostics[0]!;
    expect(d.severity).toBe('warning');
    expect(d.message).toContain('REGISTRY');
    expect(d.note).toContain('3 times');
    expect(yaml.slice(d.labels[0]!.span.start, d.labels[0]!.span.end)).toBe('${REGISTRY}');
  });

  it('gives each unset variable its own warning', () => {
    const { tree, result } = run('services:\n  web:\n    image: $A\n    command: $B $A\n');
    expect(where(tree, result.diagnostics)).toEqual(['C303@3:12', 'C303@4:14']);
  });

  it('reports nothing when every variable is set or defaulted', () => {
    const { result } = run('services:\n  web:\n    image: ${IMAGE:-busybox}\n    command: ${CMD-true} $$X\n');
    expect(result.diagnostics).toEqual([]);
  });
});

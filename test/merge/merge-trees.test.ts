// Provenance, tags, diagnostics and the extends entry point of the merge stage.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeAll, mergeServices, mergeTrees, resolveTags } from '../../src/merge/merge-trees.js';
import { offsetInScalar } from '../../src/source/origins.js';
import { data, lineCol, sources, textAt, treeOf } from './merge-helpers.js';

const BASE = 'base.yaml';
const OVER = 'override.yaml';

describe('provenance', () => {
  const base = treeOf(BASE, 'services:\n  web:\n    image: nginx\n    ports:\n      - "8080:80"\n      - "9000:9000"\n    environment: [A=1, B=2]\n');
  const over = treeOf(OVER, 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "8443:443"\n      - {target: 9000, published: 9000}\n    environment: {B: "3"}\n');
  const { tree } = mergeTrees(base, over);
  const o = tree.origins;

  it('a replaced scalar points at the override', () => {
    expect(o.get('/services/web/image')?.value.file).toBe(OVER);
    expect(textAt(o.get('/services/web/image')?.value)).toBe('nginx:1.27');
    expect(textAt(o.get('/services/web/image')?.key)).toBe('image');
  });

  it('base items keep their origin, appended items get their new index', () => {
    expect(tree.value).toMatchObject(data('services:\n  web:\n    ports: ["8080:80", {target: 9000, published: 9000}, "8443:443"]\n') as object);
    expect(textAt(o.get('/services/web/ports/0')?.value)).toBe('"8080:80"');
    expect(o.get('/services/web/ports/0')?.value.file).toBe(BASE);
    expect(o.get('/services/web/ports/2')?.value.file).toBe(OVER);
    expect(textAt(o.get('/services/web/ports/2')?.value)).toBe('"8443:443"');
    expect(lineCol(o.get('/services/web/ports/2')?.value)).toBe('5:9');
  });

  it('an item replacing a duplicate takes its place and keeps its own origin, children included', () => {
    expect(o.get('/services/web/ports/1')?.value.file).toBe(OVER);
    expect(textAt(o.get('/services/web/ports/1/target')?.value)).toBe('9000');
    expect(lineCol(o.get('/services/web/ports/1/published')?.value)).toBe('6:35');
  });

  it('a merged mapping keeps the base origin; no stale pointers remain', () => {
    expect(o.get('/services/web')?.value.file).toBe(BASE);
    expect(o.has('/services/web/ports/3')).toBe(false);
    for (const pointer of o.keys()) expect(pointer === '' || resolvePointer(tree.value, pointer) !== undefined, pointer).toBe(true);
  });

  it('list entries turned into a mapping point inside the original item, key and value apart', () => {
    const a = o.get('/services/web/environment/A')!;
    expect(a.value.file).toBe(BASE);
    expect(textAt(a.key)).toBe('A');
    expect(sources.get(BASE)!.text[offsetInScalar(a, 0)]).toBe('1');
    const b = o.get('/services/web/environment/B')!;
    expect(b.value.file).toBe(OVER);
    expect(textAt(b.value)).toBe('"3"');
  });

  it('a quoted list entry maps value offsets through the quote', () => {
    const r = mergeTrees(treeOf(BASE, 'services:\n  s:\n    labels: ["com.x=hello"]\n'), treeOf(OVER, 'services:\n  s:\n    labels: {b: c}\n'));
    const origin = r.tree.origins.get('/services/s/labels/com.x')!;
    expect(textAt(origin.key)).toBe('com.x');
    expect(sources.get(BASE)!.text.slice(offsetInScalar(origin, 0), offsetInScalar(origin, 4) + 1)).toBe('hello');
  });

  it('an !override value keeps the override file origins', () => {
    const r = mergeTrees(treeOf(BASE, 'services:\n  s:\n    ports: ["1:1"]\n'), treeOf(OVER, 'services:\n  s:\n    ports: !override ["2:2"]\n'));
    expect(r.tree.origins.get('/services/s/ports/0')?.value.file).toBe(OVER);
    expect(textAt(r.tree.origins.get('/services/s/ports/0')?.value)).toBe('"2:2"');
  });
});

function resolvePointer(value: unknown, pointer: string): unknown {
  let v: unknown = value;
  for (const seg of pointer.slice(1).split('/')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

describe('corpus: podman-compose override_tag_attribute', () => {
  const dir = '/work/shared/corpus/public/containers/podman-compose/tests/integration/merge/reset_and_override_tags/override_tag_attribute';
  const basePath = `${dir}/docker-compose.yaml`;
  const overPath = `${dir}/docker-compose.override_attribute.yaml`;

  it('replaces ports and depends_on wholesale, replaces command, adds other_db', () => {
    const r = mergeTrees(treeOf(basePath, readFileSync(basePath, 'utf8')), treeOf(overPath, readFileSync(overPath, 'utf8')));
    expect(r.diagnostics).toEqual([]);
    expect(r.tree.value).toEqual(
      data(`version: "3"
services:
  app:
    image: busybox
    command: ["/bin/busybox", "echo", "One"]
    ports: ["8111:81"]
    depends_on: [other_db]
  other_db:
    image: busybox
    command: ["/bin/busybox", "sleep", "10"]
`),
    );
    expect(r.tree.origins.get('/services/app/depends_on/0')?.value.file).toBe(overPath);
    expect(lineCol(r.tree.origins.get('/services/app/ports/0')?.value)).toBe('7:15');
  });
});

describe('resolveTags (one file)', () => {
  it('removes !reset entries and unwraps !override, also inside sequences', () => {
    const t = resolveTags(treeOf(BASE, 'services:\n  s:\n    image: a\n    command: !reset\n    cap_add: [!override NET_ADMIN]\n    environment: !override {A: "1", B: !reset}\n'));
    expect(t.value).toEqual(data('services:\n  s:\n    image: a\n    cap_add: [NET_ADMIN]\n    environment: {A: "1"}\n'));
  });

  it('applies the uniqueness rules within a single file, as docker compose does', () => {
    const t = resolveTags(treeOf(BASE, 'services:\n  s:\n    environment: [A=1, B=2, A=3]\n    ports: ["80:80", {target: 80, published: 80}]\n'));
    expect(t.value).toEqual(data('services:\n  s:\n    environment: [A=3, B=2]\n    ports: [{target: 80, published: 80}]\n'));
    expect(lineCol(t.origins.get('/services/s/environment/0')?.value)).toBe('3:29');
  });

  it('hands back a file with nothing to resolve as it is, without a copy of its tree and origins', () => {
    const plain = treeOf(BASE, 'services:\n  s:\n    image: a\n    environment: [A=1, B=2]\n    ports: ["80:80", "81:80"]\n    dns: 1.1.1.1\n');
    expect(resolveTags(plain)).toBe(plain);
    // a repeated key deep in a sequence, or a tag anywhere, still means work
    const cases = [
      ['services:\n  s:\n    cap_add: [A, B, A]\n', 'services:\n  s:\n    cap_add: [A, B]\n'],
      ['services:\n  s:\n    networks:\n      n:\n        aliases: [x, x]\n', 'services:\n  s:\n    networks:\n      n:\n        aliases: [x]\n'],
      ['x:\n  - [!override a]\n', 'x:\n  - [a]\n'],
    ];
    for (const [yaml, resolved] of cases) expect(resolveTags(treeOf(BASE, yaml!)).value).toEqual(data(resolved!));
  });

  it('a top-level !reset leaves an empty mapping', () => {
    expect(resolveTags(treeOf(BASE, '!reset {services: {}}\n')).value).toEqual({});
  });
});

describe('mergeAll', () => {
  it('merges files in order, the last one winning', () => {
    const r = mergeAll([treeOf('1.yaml', 'services:\n  s: {image: a, dns: 1.1.1.1}\n'), treeOf('2.yaml', 'services:\n  s: {image: b}\n'), treeOf('3.yaml', 'services:\n  s: {dns: 8.8.8.8}\n')]);
    expect(r.tree.value).toEqual(data('services:\n  s: {image: b, dns: [1.1.1.1, 8.8.8.8]}\n'));
    expect(r.tree.origins.get('/services/s/image')?.value.file).toBe('2.yaml');
    expect(r.tree.origins.get('/services/s/dns/1')?.value.file).toBe('3.yaml');
  });

  it('of nothing is an empty mapping', () => {
    expect(mergeAll([]).tree.value).toEqual({});
  });

  it('kompose fixture: a partial override file adds to a service', () => {
    const dir = '/work/shared/corpus/public/kubernetes/kompose/script/test/fixtures/multiple-files';
    const files = ['first.yaml', 'second.yaml'].map((f) => treeOf(`${dir}/${f}`, readFileSync(`${dir}/${f}`, 'utf8')));
    expect(mergeAll(files).tree.value).toEqual(data('services:\n  foo: {image: foo, deploy: {replicas: 3}}\n  bar: {image: bar, deploy: {replicas: 99}}\n'));
  });
});

describe('mergeServices (extends)', () => {
  it('merges the base service under the local one and drops extends', () => {
    const base = treeOf('common.yaml', 'image: alpine\ncommand: sleep infinity\nenvironment: [A=1]\nports: ["80:80"]\n');
    const local = treeOf(BASE, 'extends: {service: init, file: common.yaml}\ncommand: [run]\nenvironment: {B: "2"}\nports: ["443:443"]\n');
    const r = mergeServices(base, local);
    expect(r.diagnostics).toEqual([]);
    expect(r.tree.value).toEqual(data('image: alpine\ncommand: [run]\nenvironment: {A: "1", B: "2"}\nports: ["80:80", "443:443"]\n'));
    expect(r.tree.origins.get('/image')?.value.file).toBe('common.yaml');
    expect(r.tree.origins.get('/command')?.value.file).toBe(BASE);
    expect(r.tree.origins.get('/ports/1')?.value.file).toBe(BASE);
  });

  it('a !reset in the extending service removes the inherited value (compose-go testdata/extends/reset.yaml)', () => {
    const r = mergeServices(treeOf('init.yaml', 'image: alpine:latest\ncommand: "sleep infinity"\n'), treeOf(BASE, 'extends: {service: init}\ncommand: !reset\n'));
    expect(r.tree.value).toEqual({ image: 'alpine:latest' });
  });
});

describe('diagnostics', () => {
  it('C401: a mapping merged with a sequence is an error at the override value; the override wins', () => {
    const r = mergeTrees(treeOf(BASE, 'services:\n  s:\n    deploy: {replicas: 2}\n'), treeOf(OVER, 'services:\n  s:\n    deploy: [x]\n'));
    expect(r.diagnostics.map((d) => [d.code, d.severity, lineCol(d.labels[0]?.span), lineCol(d.labels[1]?.span)])).toEqual([['C401', 'error', '3:13', '3:13']]);
    expect(r.diagnostics[0]?.labels.map((l) => l.span.file)).toEqual([OVER, BASE]);
    expect(r.tree.value).toEqual(data('services:\n  s:\n    deploy: [x]\n'));
  });

  it('C401 also where a rule cannot convert the shapes (environment as a string)', () => {
    const r = mergeTrees(treeOf(BASE, 'services:\n  s:\n    environment: [A=1]\n'), treeOf(OVER, 'services:\n  s:\n    environment: A=2\n'));
    expect(r.diagnostics.map((d) => [d.code, lineCol(d.labels[0]?.span)])).toEqual([['C401', '3:18']]);
  });

  it('no diagnostic where a scalar meets a container: the override simply replaces', () => {
    const r = mergeTrees(treeOf(BASE, 'services:\n  s:\n    healthcheck: x\n    command: [a]\n'), treeOf(OVER, 'services:\n  s:\n    healthcheck: {test: [NONE]}\n    command: b\n'));
    expect(r.diagnostics).toEqual([]);
    expect(r.tree.value).toEqual(data('services:\n  s:\n    healthcheck: {test: [NONE]}\n    command: b\n'));
  });

  it('C402: !reset on a sequence item is a warning and the item is dropped', () => {
    const r = mergeTrees(treeOf(BASE, 'services:\n  s:\n    ports: ["80:80"]\n'), treeOf(OVER, 'services:\n  s:\n    ports:\n      - !reset "80:80"\n      - "81:81"\n'));
    expect(r.diagnostics.map((d) => [d.code, d.severity, lineCol(d.labels[0]?.span)])).toEqual([['C402', 'warning', '4:16']]);
    expect(r.tree.value).toEqual(data('services:\n  s:\n    ports: ["80:80", "81:81"]\n'));
  });

  it('resolveTags reports C402 to the given sink', () => {
    const sink: import('../../src/diagnostics/diagnostic.js').Diagnostic[] = [];
    resolveTags(treeOf(BASE, 'services:\n  s:\n    dns: [!reset x]\n'), sink);
    expect(sink.map((d) => [d.code, lineCol(d.labels[0]?.span)])).toEqual([['C402', '3:18']]);
  });
});

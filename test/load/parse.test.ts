import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { decodeText, parseComposeFile } from '../../src/load/parse.js';
import { OverrideTag, ResetTag } from '../../src/load/tree.js';
import { SourceFile } from '../../src/source/source-file.js';

function parse(text: string) {
  const file = new SourceFile('c.yaml', text);
  const r = parseComposeFile(file);
  const where = r.diagnostics.map((d) => {
    const p = d.labels[0] ? file.positionOf(d.labels[0].span.start) : { line: 0, column: 0 };
    return `${d.code}@${p.line}:${p.column}`;
  });
  return { ...r, where, file };
}

describe('parseComposeFile: values and origins', () => {
  test('merge keys: explicit keys win, earlier sources win over later ones', () => {
    const r = parse('x-a: &a {image: a, user: ua}\nx-b: &b {image: b, user: ub, tty: true}\nservices:\n  web:\n    <<: [*a, *b]\n    user: mine\n');
    expect((r.tree?.value as any).services.web).toEqual({ user: 'mine', image: 'a', tty: true });
  });

  test('merge key with a single alias, nested aliases expand', () => {
    const r = parse('x-env: &env {A: "1"}\nx-s: &s\n  environment: *env\nservices:\n  web:\n    <<: *s\n    image: x\n');
    expect((r.tree?.value as any).services.web).toEqual({ image: 'x', environment: { A: '1' } });
  });

  test('origins of merged-in keys point at the anchor, keys keep their spans', () => {
    const r = parse('x-a: &a\n  image: nginx\nservices:\n  web:\n    <<: *a\n    user: u\n');
    const o = r.tree!.origins;
    expect(r.file.positionOf(o.get('/services/web/image')!.value.start)).toEqual({ line: 2, column: 10 });
    expect(r.file.positionOf(o.get('/services/web/user')!.key!.start)).toEqual({ line: 6, column: 5 });
  });

  test('!reset and !override become markers', () => {
    const r = parse('services:\n  web:\n    ports: !override ["80:80"]\n    command: !reset null\n');
    const web = (r.tree?.value as any).services.web;
    expect(web.ports).toBeInstanceOf(OverrideTag);
    expect(web.ports.value).toEqual(['80:80']);
    expect(web.command).toBeInstanceOf(ResetTag);
  });

  test('scalars keep YAML 1.2 types; keys become strings', () => {
    const r = parse('services:\n  web:\n    ports: [8080]\n    read_only: true\n    sysctls: {1: yes}\n');
    expect((r.tree?.value as any).services.web).toEqual({ ports: [8080], read_only: true, sysctls: { '1': 'yes' } });
  });
});

describe('parseComposeFile: bad input is located', () => {
  test.each([
    ['malformed (services:foo then a block)', 'services:foo\n  bar: 1\n', 'C103@1:1'],
    ['duplicate key', 'services:\n  a: {}\n  a: {}\n', 'C103@3:3'],
    ['two documents', 'services: {}\n---\nservices: {}\n', 'C104@2:1'],
    ['a list at the top', '- a\n- b\n', 'C105@1:1'],
    ['a scalar at the top', 'hello\n', 'C105@1:1'],
    ['an empty file', '', 'C106@1:1'],
    ['only comments', '# nothing\n', 'C106@1:1'],
    ['a merge key on a scalar', 'x: &x 1\nservices:\n  a:\n    <<: *x\n', 'C108@4:9'],
    ['an unknown tag', 'services:\n  a:\n    image: !secret x\n', 'C113@3:12'],
    ['an unclosed quote', 'services:\n  a:\n    image: "x\n', 'C103@3:12'],
  ])('%s', (_name, text, expected) => {
    const r = parse(text);
    expect(r.tree).toBeUndefined();
    expect(r.where).toContain(expected);
  });

  test('a billion laughs is refused, not expanded', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const r = parse(levels.join('\n') + '\n');
    expect(r.tree).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['C107']);
  });

  test('binary data is not text', () => {
    expect(decodeText(new Uint8Array([0x73, 0x00, 0x01]))).toBeUndefined();
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x41]))).toBeUndefined();
    expect(decodeText(new TextEncoder().encode('services: {}'))).toBe('services: {}');
  });
});

describe('parseComposeFile: duplicate keys', () => {
  const DUPLICATE = 'Map keys must be unique';
  /** What the YAML parser's own check (uniqueKeys) reports: message and span of each error. */
  const parserErrors = (text: string) =>
    parseAllDocuments(text, { merge: false, uniqueKeys: true, prettyErrors: false, strict: true })
      .flatMap((d) => ('errors' in d ? d.errors : []))
      .map((e) => ({ message: e.message, start: e.pos[0], end: e.pos[1] }))
      .filter((e) => e.message === DUPLICATE);
  const ours = (text: string) =>
    parse(text)
      .diagnostics.filter((d) => d.code === 'C103' && d.message === DUPLICATE)
      .map((d) => ({ message: d.message, start: d.labels[0]!.span.start, end: d.labels[0]!.span.end }));

  test.each([
    ['block keys', 'services:\n  a: {}\n  b: {}\n  a: {}\n  a: {}\n'],
    ['flow keys', 'services: {a: {}, b: {}, a: {}}\n'],
    ['quoted and plain keys are one key', 'services:\n  "a": {}\n  a: {}\n  \'a\': {}\n'],
    ['a number and a string are different keys', 'x:\n  1: a\n  "1": b\n  1: c\n'],
    ['null keys', 'x:\n  ? \n  : a\n  ~: b\n  null: c\n'],
    ['keys with anchors and tags', 'x:\n  &k a: 1\n  !!str a: 2\n  *k : 3\n'],
    ['explicit keys', 'x:\n  ? a\n  : 1\n  ? a\n  : 2\n'],
    ['merge keys repeat like any key', 'x: &x {a: 1}\ny:\n  <<: *x\n  <<: *x\n'],
    ['.nan never equals itself', 'x:\n  .nan: 1\n  .nan: 2\n'],
    ['nested and next to a syntax error', 'a:\n  b: 1\n  b: 2\nc: "open\n'],
  ])('%s: as the YAML parser reports them', (_name, text) => {
    expect(ours(text)).toEqual(parserErrors(text));
  });

  test('random mappings: the same errors as the YAML parser', () => {
    const key = fc.constantFrom('a', '"a"', "'a'", 'b', '1', '"1"', '~', 'null', '&k a', '!!str b', '.nan', 'true', '"true"');
    const mapping = fc.array(key, { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(mapping, fc.boolean(), (keys, flow) => {
        const text = flow ? `x: {${keys.map((k, i) => `${k}: ${i}`).join(', ')}}\n` : `x:\n${keys.map((k, i) => `  ${k}: ${i}\n`).join('')}`;
        expect(ours(text)).toEqual(parserErrors(text));
      }),
      { numRuns: 300 },
    );
  });

  test('a repeated key among 5,000 is found, at the repetition', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `  k${i}: ${i}\n`);
    const r = parse(`x:\n${keys.join('')}  k7: dup\n`);
    expect(r.where).toEqual(['C103@5002:3']);
  });
});


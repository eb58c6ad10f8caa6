import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { interpolateTree } from '../../src/interpolate/interpolate-tree.js';
import { parseComposeFile } from '../../src/load/parse.js';
import type { Tree } from '../../src/load/tree.js';
import { SourceFile } from '../../src/source/source-file.js';
import { castInterpolatedTypes, validateTree } from '../../src/validate/validate.js';
import { CORPUS, readManifest } from '../corpus/manifest.js';

function parse(text: string, path = 'compose.yaml') {
  const source = new SourceFile(path, text);
  const parsed = parseComposeFile(source);
  expect(parsed.diagnostics).toEqual([]);
  return { source, tree: parsed.tree! };
}

/** Validates as the loader does (cast, then validate) and returns `code@line:col` per diagnostic, plus the rest. */
function check(text: string, path?: string) {
  const { source, tree } = parse(text, path);
  const diagnostics = validateTree({ value: castInterpolatedTypes(tree.value), origins: tree.origins });
  const at = (offset: number) => {
    const p = source.positionOf(offset);
    return `${p.line}:${p.column}`;
  };
  const where = diagnostics.map((d) => `${d.code}@${d.labels[0] ? at(d.labels[0].span.start) : '-'}`);
  const related = diagnostics.map((d) => d.labels.slice(1).map((l) => at(l.span.start)));
  return { diagnostics, where, related };
}

describe('validateTree: each problem is one located diagnostic', () => {
  test('unknown service key points at the key and suggests the close one', () => {
    const r = check('services:\n  web:\n    imagee: nginx\n');
    expect(r.where).toEqual(['C201@3:5']);
    expect(r.diagnostics[0]?.help).toContain('`image`');
  });

  test('an unknown key with no close match gets no guess, only the x- rule', () => {
    const r = check('services:\n  web:\n    image: nginx\n    frobnicate: 1\n');
    expect(r.where).toEqual(['C201@4:5']);
    expect(r.diagnostics[0]?.help).toBeUndefined();
    expect(r.diagnostics[0]?.note).toContain('x-');
  });

  test('a key written one level too high names where it belongs', () => {
    const r = check('services:\n  web:\n    image: nginx\n    replicas: 2\n');
    expect(r.where).toEqual(['C201@4:5']);
    expect(r.diagnostics[0]?.help).toContain('`deploy`');
  });

  test('wrong type points at the value: ports: 80', () => {
    const r = check('services:\n  web:\n    image: nginx\n    ports: 80\n');
    expect(r.where).toEqual(['C202@4:12']);
  });

  test('a number where only a string is allowed: user: 1000', () => {
    const r = check('services:\n  web:\n    image: nginx\n    user: 1000\n');
    expect(r.where).toEqual(['C202@4:11']);
    expect(r.diagnostics[0]?.help).toContain('"1000"');
  });

  test('bad enum value: depends_on condition', () => {
    const r = check('services:\n  web:\n    image: nginx\n    depends_on:\n      db:\n        condition: service_bogus\n  db:\n    image: pg\n');
    expect(r.where).toEqual(['C203@6:20']);
    expect(r.diagnostics[0]?.help).toContain('service_healthy');
  });

  test('invalid service name points at the name', () => {
    const r = check('services:\n  "my service":\n    image: nginx\n');
    expect(r.where).toEqual(['C205@2:3']);
  });

  test('value pattern: pull_policy', () => {
    const r = check('services:\n  web:\n    image: nginx\n    pull_policy: sometimes\n');
    expect(r.where).toEqual(['C203@4:18']);
  });

  test('range: cpu_count below 0', () => {
    expect(check('services:\n  web:\n    image: nginx\n    cpu_count: -1\n').where).toEqual(['C203@4:16']);
  });

  test.each([
    ['build: string or mapping, mapping with a bad field', 'services:\n  web:\n    build: {context: 1}\n', ['C202@3:22']],
    ['build: neither string nor mapping', 'services:\n  web:\n    build: 5\n', ['C202@3:12']],
    ['environment: list_or_dict gets a scalar', 'services:\n  web:\n    image: x\n    environment: 5\n', ['C202@4:18']],
    ['environment: dict value that is a list', 'services:\n  web:\n    image: x\n    environment:\n      A: [1]\n', ['C202@5:10']],
    ['networks: oneOf inside oneOf, unknown key deep inside', 'services:\n  web:\n    image: x\n    networks:\n      front:\n        aliasses: [a]\n', ['C201@6:9']],
    ['ports item of no accepted type', 'services:\n  web:\n    image: x\n    ports:\n      - true\n', ['C202@5:9']],
    ['command: number', 'services:\n  web:\n    image: x\n    command: 5\n', ['C202@4:14']],
  ])('oneOf cascade reduced to one diagnostic: %s', (_name, text, expected) => {
    expect(check(text).where).toEqual(expected);
  });

  test('nested key inside healthcheck', () => {
    const r = check('services:\n  web:\n    image: x\n    healthcheck:\n      test: ["CMD", "true"]\n      retrys: 3\n');
    expect(r.where).toEqual(['C201@6:7']);
    expect(r.diagnostics[0]?.help).toContain('`retries`');
  });

  test('long-syntax volume without type points at the item', () => {
    const r = check('services:\n  web:\n    image: x\n    volumes:\n      - source: ./data\n        target: /data\n');
    expect(r.where).toEqual(['C204@5:9']);
    expect(r.diagnostics[0]?.help).toContain('type: bind');
  });

  test('missing required key in a mapping points at the mapping key', () => {
    const r = check('services:\n  web:\n    image: x\n    depends_on:\n      db:\n        restart: true\n');
    expect(r.where).toEqual(['C204@5:7']);
  });

  test('duplicate list items point at the repeat and at the first', () => {
    const r = check('services:\n  web:\n    image: x\n    cap_add:\n      - NET_ADMIN\n      - SYS_TIME\n      - NET_ADMIN\n');
    expect(r.where).toEqual(['C206@7:9']);
    expect(r.related).toEqual([['5:9']]);
  });

  test('services: with no value is a type error (the schema wants a mapping)', () => {
    expect(check('services:\n').where).toEqual(['C202@1:10']);
  });

  test('a file without services is valid for the schema (overrides, include)', () => {
    expect(check('volumes:\n  data:\nnetworks:\n  front:\n').where).toEqual([]);
  });

  test('several problems come out sorted by position', () => {
    const r = check('services:\n  web:\n    tty: 3\n    imagee: x\n  db:\n    ports: 5\n');
    expect(r.where).toEqual(['C202@3:10', 'C201@4:5', 'C202@6:12']);
  });

  test('x- keys are accepted where the schema allows them', () => {
    const text = 'x-common: &c {a: 1}\nservices:\n  web:\n    x-note: hi\n    image: x\n    build:\n      context: .\n      x-cache: on\n    healthcheck: {test: "true", x-h: 1}\nnetworks:\n  front:\n    x-n: 1\n';
    expect(check(text).where).toEqual([]);
  });

  test('pre_start steps (schemas/compose-additions.json): hook fields plus image and per_replica, and a command', () => {
    expect(check('services:\n  web:\n    image: x\n    pre_start:\n      - command: echo hi\n').where).toEqual([]);
    expect(check('services:\n  web:\n    image: x\n    pre_start:\n      - image: busybox\n        command: [chown, "1000", /data]\n        user: root\n        privileged: true\n        working_dir: /\n        environment: [A=1]\n        per_replica: true\n        x-note: ok\n').where).toEqual([]);
    expect(check('services:\n  web:\n    image: x\n    pre_start:\n      - user: root\n').where).toEqual(['C204@5:9']);
    expect(check('services:\n  web:\n    image: x\n    pre_start:\n      - command: x\n        volumes: [a:/a]\n').where).toEqual(['C201@6:9']);
    expect(check('services:\n  web:\n    image: x\n    pre_start:\n      - command: x\n        image: 3\n').where).toEqual(['C202@6:16']);
    // post_start hooks run in the service's own container: no image there
    expect(check('services:\n  web:\n    image: x\n    post_start:\n      - command: x\n        image: busybox\n').where).toEqual(['C201@6:9']);
  });

  test('develop.watch.initial_sync is accepted (schemas/compose-additions.json)', () => {
    expect(check('services:\n  web:\n    build: .\n    develop:\n      watch:\n        - path: ./src\n          action: sync\n          target: /app\n          initial_sync: true\n').where).toEqual([]);
    expect(check('services:\n  web:\n    build: .\n    develop:\n      watch:\n        - path: ./src\n          action: sync\n          initial_sync: [1]\n').where).toEqual(['C202@8:25']);
  });

  test('the newest keys that dclint\'s schema already has are accepted', () => {
    const text = `services:
  web:
    image: x
    label_file: [./a.labels]
    use_api_socket: true
    pull_policy: refresh
    networks:
      front:
        gw_priority: 10
        interface_name: eth1
networks:
  front:
    enable_ipv4: false
`;
    expect(check(text).where).toEqual([]);
  });

  test('a version-1 file (services at the top level) is one diagnostic', () => {
    const r = check('web:\n  image: nginx\ndb:\n  image: pg\ncache:\n  image: redis\n');
    expect(r.where).toEqual(['C201@1:1']);
    expect(r.diagnostics[0]?.help).toContain('services:');
    expect(r.diagnostics[0]?.note).toContain('`db`');
  });

  test('!reset removes a value before validation, !override validates the value it wraps', () => {
    expect(check('services:\n  web:\n    image: x\n    ports: !reset 80\n').where).toEqual([]);
    expect(check('services:\n  web:\n    image: x\n    build: !override {context: 1}\n').where).toEqual(['C202@4:32']);
  });
});

describe('validateTree after interpolation', () => {
  function interpolated(text: string, vars: Record<string, string>): Tree {
    const { tree } = parse(text);
    const r = interpolateTree(tree, (name) => vars[name]);
    expect(r.diagnostics).toEqual([]);
    return { value: castInterpolatedTypes(r.tree.value), origins: r.tree.origins };
  }

  test('read_only: "${RO}" with RO=true becomes the boolean true and passes', () => {
    const tree = interpolated('services:\n  web:\n    image: x\n    read_only: "${RO}"\n', { RO: 'true' });
    expect((tree.value as { services: { web: { read_only: unknown } } }).services.web.read_only).toBe(true);
    expect(validateTree(tree)).toEqual([]);
  });

  test('a strictly typed key needs the cast: use_api_socket: ${SOCK}', () => {
    const text = 'services:\n  web:\n    image: x\n    use_api_socket: ${SOCK}\n';
    expect(validateTree(interpolated(text, { SOCK: 'false' }))).toEqual([]);
    const { tree } = parse(text);
    const raw = interpolateTree(tree, () => 'false').tree;
    expect(validateTree({ value: raw.value, origins: raw.origins }).map((d) => d.code)).toEqual(['C202']);
  });
});

describe('validateTree on the corpus', () => {
  const rows = readManifest();
  const standalone = rows.filter((r) => r.expected === 'valid' && r.combineWith.length === 0);

  test('the corpus is there', () => {
    expect(standalone.length).toBeGreaterThan(10);
  });

  test.each(standalone.map((r) => [r.file]))('valid file %s has no schema errors (variables left as written)', (file) => {
    expect(check(readFileSync(join(CORPUS, 'public', file), 'utf8'), file).where).toEqual([]);
  });

  test('docker compose e2e fixture wrong-composefile: unknown wrongField', () => {
    const file = 'docker/compose/pkg/e2e/fixtures/wrong-composefile/compose.yaml';
    expect(check(readFileSync(join(CORPUS, 'public', file), 'utf8'), file).where).toEqual(['C201@4:5']);
  });
});

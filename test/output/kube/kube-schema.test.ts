// Every Kubernetes manifest compose2systemd writes is valid for the Kubernetes API: the golden cases' YAML, the
// examples' manifests and the conversion of every `valid` corpus file are checked against the OpenAPI schema of
// Kubernetes 1.33.0 with the kubernetes-models package (its validators are generated from that schema). YAML is
// read as YAML 1.1, as kubectl and podman read it, and must read the same under 1.2. No secret value is in them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { isKubeYaml } from '../../../src/output/kube/emit-kube.js';
import { convertProject } from '../../../src/pipeline.js';
import { cases, readTree, ROOT } from '../../golden/golden-cases.js';
import { filesFor, readManifest } from '../../corpus/manifest.js';
import { diskFs } from '../../support/cli.js';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');

interface Validating {
  validate(): void;
}
const MODELS: Readonly<Record<string, new (data: never) => Validating>> = {
  'apps/v1 Deployment': Deployment,
  'v1 Service': Service,
  'v1 PersistentVolumeClaim': PersistentVolumeClaim,
  'v1 ConfigMap': ConfigMap,
  'v1 Secret': Secret,
};

/** The objects of a YAML text; each must read the same under YAML 1.1 and 1.2. */
function objectsOf(text: string): Record<string, unknown>[] {
  const read = (version: '1.1' | '1.2') => parseAllDocuments(text, { version }).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as Record<string, unknown>;
  });
  const objects = read('1.1');
  expect(read('1.2')).toEqual(objects);
  return objects.filter((o) => o !== null);
}

/** Validation errors of each object against its kind's schema ([] when all are valid). */
function schemaErrors(text: string): string[] {
  const errors: string[] = [];
  for (const o of objectsOf(text)) {
    const kind = `${String(o['apiVersion'])} ${String(o['kind'])}`;
    const Model = MODELS[kind];
    if (!Model) {
      errors.push(`${kind}: not a kind compose2systemd writes`);
      continue;
    }
    try {
      new Model(o as never).validate();
    } catch (e) {
      errors.push(`${kind} ${String((o['metadata'] as { name?: string } | undefined)?.name)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return errors;
}

describe('the schema check itself', () => {
  test('refuses a Deployment without a selector, a string containerPort and an unknown kind', () => {
    const bad = [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers: [{name: x, image: i}]\n',
      'apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  ports: [{port: "http"}]\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n',
    ];
    for (const text of bad) expect(schemaErrors(text)).toHaveLength(1);
  });
});

describe('golden cases', () => {
  const withKube = cases.filter((name) => [...readTree(join(ROOT, name, 'expected-kube'))].some(([f]) => f.endsWith('.yaml')));
  test('cover the mapping families', () => expect(withKube.length).toBeGreaterThanOrEqual(10));
  test.each(withKube)('%s: every object is valid', (name) => {
    for (const [f, text] of readTree(join(ROOT, name, 'expected-kube'))) if (f.endsWith('.yaml')) expect(schemaErrors(text), f).toEqual([]);
  });
});

describe('examples', () => {
  const dirs = readdirSync(EXAMPLES).filter((n) => existsSync(join(EXAMPLES, n, 'kube')));
  test('have manifests', () => expect(dirs.length).toBeGreaterThanOrEqual(2));
  test.each(dirs)('%s: every manifest is valid', (name) => {
    const dir = join(EXAMPLES, name, 'kube');
    for (const f of readdirSync(dir)) expect(schemaErrors(readFileSync(join(dir, f), 'utf8')), f).toEqual([]);
  });
});

const valid = readManifest().filter((r) => r.expected === 'valid');
describe.skipIf(valid.length === 0)('every valid corpus file', () => {
  test.each(valid.map((r) => [r.file, r] as const))('%s converts without error to valid objects, with no secret value in them', (_name, row) => {
    const files = filesFor(row);
    const r = convertProject({ files, cwd: dirname(files[0]!), env: {}, homeDir: '/home/user' }, { format: 'kube', podmanVersion: '5.4' }, diskFs);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual([]);
    const yaml = r.files!.find(isKubeYaml)!;
    expect(schemaErrors(yaml.content)).toEqual([]);
    for (const m of r.output!.manifests ?? []) expect(schemaErrors(m.content), m.name).toEqual([]);
    for (const s of r.project!.secrets.values()) {
      const value = s.source.kind === 'environment' ? s.source.value : s.source.kind === 'file' && existsSync(s.source.path) ? readFileSync(s.source.path, 'utf8').trim() : undefined;
      if (value !== undefined && value.length >= 4) expect(yaml.content).not.toContain(value);
    }
  });
});

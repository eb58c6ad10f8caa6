// The build output: scripts/build-validator.mjs generates it, finish-build.mjs copies it to dist (npm test builds first).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { composeSchema, schemaOrigin, validate } from '../../src/validate/generated/compose-validator.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('generated compose validator', () => {
  test('comes from the pinned dclint schema plus the project additions', () => {
    expect(schemaOrigin.upstream).toBe('dclint@3.1.0 schemas/compose.schema.json');
    expect(schemaOrigin.additions).toContain('/definitions/service/properties/pre_start');
  });

  test('pre_start is merged into the service schema: the hook fields of post_start plus image and per_replica', () => {
    const service = (composeSchema as any).properties.services.patternProperties['^[a-zA-Z0-9._-]+$'];
    const step = service.properties.pre_start.items;
    const hook = service.properties.post_start.items;
    expect(Object.keys(step.properties).sort()).toEqual([...Object.keys(hook.properties), 'image', 'per_replica'].sort());
    for (const k of Object.keys(hook.properties)) expect(step.properties[k], k).toEqual(hook.properties[k]);
    expect(step.required).toEqual(['command']);
    expect(service.properties.develop.properties.watch.items.properties.initial_sync).toEqual({ type: ['boolean', 'string'] });
  });

  test('has no $ref left and no descriptions (schemaPaths are absolute; the module stays small)', () => {
    const text = JSON.stringify(composeSchema);
    expect(text).not.toContain('"$ref"');
    expect(text).not.toContain('"description"');
  });

  test('validates without compiling anything at run time', () => {
    expect(validate({ services: { web: { image: 'nginx', pre_start: [{ command: 'true' }] } } })).toBe(true);
    expect(validate({ services: { web: { image: 'nginx', cap_add: ['A', 'A'] } } })).toBe(false);
    expect(validate.errors?.[0]?.keyword).toBe('uniqueItems');
  });

  test('dist/ holds the validator and plain Node resolves its ajv runtime imports from there', () => {
    const dist = join(root, 'dist', 'validate', 'validate.js');
    expect(existsSync(join(root, 'dist', 'validate', 'generated', 'compose-validator.js'))).toBe(true);
    const script = `const m = await import(${JSON.stringify(pathToFileURL(dist).href)});
const d = m.validateTree({ value: { services: { web: { image: 'x', cap_add: ['A', 'A'] } } }, origins: new Map() });
console.log(d.map((x) => x.code).join(','));`;
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }).trim()).toBe('C206');
  });
});

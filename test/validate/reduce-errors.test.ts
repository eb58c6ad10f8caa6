import { describe, expect, test } from 'vitest';
import { reduceSchemaErrors, wantedTypes, type SchemaError } from '../../src/validate/reduce-errors.js';

const S = '#/properties/services/patternProperties/x/properties/build';
const err = (keyword: string, instancePath: string, schemaPath: string, params: Record<string, unknown> = {}): SchemaError => ({ keyword, instancePath, schemaPath, params });

describe('reduceSchemaErrors', () => {
  test('keeps the errors of the branch that fits the value type, drops the oneOf and the other branch', () => {
    const fits = err('type', '/b/context', `${S}/oneOf/1/properties/context/type`, { type: 'string' });
    const errors = [err('type', '/b', `${S}/oneOf/0/type`, { type: 'string' }), fits, err('oneOf', '/b', `${S}/oneOf`, { passingSchemas: null })];
    expect(reduceSchemaErrors(errors)).toEqual([fits]);
  });

  test('no branch fits: one type error listing every accepted type, at the oneOf parent', () => {
    const errors = [
      err('type', '/c', `${S}/oneOf/0/type`, { type: 'null' }),
      err('type', '/c', `${S}/oneOf/1/type`, { type: 'string' }),
      err('type', '/c', `${S}/oneOf/2/type`, { type: 'array' }),
      err('oneOf', '/c', `${S}/oneOf`, { passingSchemas: null }),
    ];
    expect(reduceSchemaErrors(errors)).toEqual([err('type', '/c', `${S}/type`, { type: ['null', 'string', 'array'] })]);
  });

  test('union types in a branch are split', () => {
    expect(wantedTypes(err('type', '', '', { type: 'boolean,string' }))).toEqual(['boolean', 'string']);
  });

  test('several branches passing keeps only the oneOf error', () => {
    const one = err('oneOf', '/p', `${S}/oneOf`, { passingSchemas: [0, 1] });
    expect(reduceSchemaErrors([err('type', '/p', `${S}/oneOf/2/type`, { type: 'object' }), one])).toEqual([one]);
  });

  test('an inner oneOf is reduced first, then judged by the outer one', () => {
    const o = `${S}/oneOf/1/patternProperties/n`;
    const deep = err('additionalProperties', '/n/front', `${o}/oneOf/0/additionalProperties`, { additionalProperty: 'aliasses' });
    const errors = [
      err('type', '/n', `${S}/oneOf/0/type`, { type: 'array' }),
      deep,
      err('type', '/n/front', `${o}/oneOf/1/type`, { type: 'null' }),
      err('oneOf', '/n/front', `${o}/oneOf`, { passingSchemas: null }),
      err('oneOf', '/n', `${S}/oneOf`, { passingSchemas: null }),
    ];
    expect(reduceSchemaErrors(errors)).toEqual([deep]);
  });

  test('errors outside any oneOf pass through; exact repeats are dropped', () => {
    const a = err('required', '/v/0', '#/required', { missingProperty: 'type' });
    const b = err('additionalProperties', '', '#/additionalProperties', { additionalProperty: 'web' });
    expect(reduceSchemaErrors([a, b, { ...a }])).toEqual([a, b]);
  });

  test('among fitting branches the one with fewest errors wins', () => {
    const few = err('required', '/d', `${S}/oneOf/1/required`, { missingProperty: 'driver' });
    const errors = [
      err('required', '/d', `${S}/oneOf/0/required`, { missingProperty: 'capabilities' }),
      err('additionalProperties', '/d', `${S}/oneOf/0/additionalProperties`, { additionalProperty: 'x' }),
      few,
      err('oneOf', '/d', `${S}/oneOf`, { passingSchemas: null }),
    ];
    expect(reduceSchemaErrors(errors)).toEqual([few]);
  });
});

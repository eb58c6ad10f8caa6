import { describe, expect, it } from 'vitest';
import { dependencyClosure, fileOfUnit, isTemplateFile, unitsOfFile, unitsOfFiles } from '../../src/apply/unit-instances.js';

const order = ['p-default-network.service', 'p-web@1.service', 'p-web@2.service', 'p-db.service', 'p.target'];

describe('unit instances', () => {
  it.each([
    ['p-web@.service', true, 'p-web@.service'],
    ['p-web@2.service', false, 'p-web@.service'],
    ['p-db.service', false, 'p-db.service'],
    ['p.target', false, 'p.target'],
  ])('%s: template %s, file %s', (name, template, file) => {
    expect(isTemplateFile(name)).toBe(template);
    expect(fileOfUnit(name)).toBe(file);
  });

  it.each([
    ['p-web@.service', ['p-web@1.service', 'p-web@2.service']],
    ['p-db.service', ['p-db.service']],
    ['p-gone.service', []],
    ['p-idle@.service', []],
  ])('%s runs %j', (file, units) => {
    expect(unitsOfFile(file, order)).toEqual(units);
  });

  it('keeps the known order for several files', () => {
    expect(unitsOfFiles(['p-db.service', 'p-web@.service'], order)).toEqual(['p-web@1.service', 'p-web@2.service', 'p-db.service']);
  });

  it('closes over dependencies, in order', () => {
    const deps = new Map([
      ['p-web@1.service', ['p-db.service', 'p-default-network.service']],
      ['p-db.service', ['p-default-network.service']],
    ]);
    expect(dependencyClosure(['p-web@1.service'], deps, order)).toEqual(['p-default-network.service', 'p-web@1.service', 'p-db.service']);
    expect(dependencyClosure(['p-db.service'], deps, order)).toEqual(['p-default-network.service', 'p-db.service']);
  });
});

import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUnitName, isValidUnitName, unitNameEscape, unitNameUnescape, UNIT_NAME_MAX } from '../../src/systemd/unit-name.js';

describe('checkUnitName', () => {
  it.each([
    ['myapp-web.service', 'plain'],
    ['myapp.target', 'plain'],
    ['a:b_c.d-e\\x20.service', 'plain'],
    ['getty@.service', 'template'],
    ['getty@tty1.service', 'instance'],
    ['a@b@c.service', 'instance'],
    ['x.timer', 'plain'],
  ])('accepts %s as %s', (name, kind) => {
    expect(checkUnitName(name)).toEqual({ ok: true, kind });
  });

  it.each([
    [''],
    ['service'],
    ['.service'],
    ['web'],
    ['web.container'],
    ['web.services'],
    ['my app.service'],
    ['my/app.service'],
    ['ü.service'],
    ['@x.service'],
    ['x%.service'],
    [`${'a'.repeat(UNIT_NAME_MAX - 7)}.service`],
  ])('rejects %j', (name) => {
    const r = checkUnitName(name);
    expect(r.ok).toBe(false);
  });

  it('accepts names of exactly the maximum length', () => {
    expect(isValidUnitName(`${'a'.repeat(UNIT_NAME_MAX - 8)}.service`)).toBe(true);
  });

  it('accepts Quadlet file names only when asked', () => {
    for (const name of ['web.container', 'data.volume', 'net.network', 'app.kube', 'p.pod', 'i.image', 'b.build']) {
      expect(isValidUnitName(name)).toBe(false);
      expect(isValidUnitName(name, { quadlet: true })).toBe(true);
    }
    expect(isValidUnitName('web.service', { quadlet: true })).toBe(true);
  });
});

describe('unitNameEscape', () => {
  it.each([
    ['web', 'web'],
    ['a/b', 'a-b'],
    ['/', '-'],
    ['.hidden', '\\x2ehidden'],
    ['..', '\\x2e.'],
    ['a.b', 'a.b'],
    ['x-y', 'x\\x2dy'],
    ['a\\b', 'a\\x5cb'],
    ['ü', '\\xc3\\xbc'],
    ['a b', 'a\\x20b'],
    [':_', ':_'],
    ['', ''],
  ])('%j -> %s', (input, expected) => {
    expect(unitNameEscape(input)).toBe(expected);
  });

  it('produces valid unit name characters and unescapes back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }), (s) => {
        const escaped = unitNameEscape(s);
        expect(isValidUnitName(`x@${escaped}.service`)).toBe(escaped.length + 12 <= UNIT_NAME_MAX);
        expect(unitNameUnescape(escaped)).toBe(s);
      }),
    );
  });

  it('rejects malformed escapes when unescaping', () => {
    expect(unitNameUnescape('a\\x4')).toBeUndefined();
    expect(unitNameUnescape('a\\y41')).toBeUndefined();
    expect(unitNameUnescape('\\xff')).toBeUndefined();
    expect(unitNameUnescape('a\\x2Db')).toBe('a-b');
  });

  const tool = spawnSync('systemd-escape', ['--version'], { encoding: 'utf8' });
  it.skipIf(tool.status !== 0)('agrees with systemd-escape (skipped when systemd-escape is absent)', () => {
    const samples = ['web', 'a/b/c', '.dot', 'x-y z', 'ünï/cødé', 'tab\there', 'semi;colon', 'a\\b', ':x_y.z', '-lead'];
    samples.push(...fc.sample(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).filter((s) => !s.includes('\0')), { seed: 42, numRuns: 40 }));
    // One call: systemd-escape prints the escaped arguments separated by spaces (escaped text has none).
    const out = spawnSync('systemd-escape', ['--', ...samples], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(out.stdout.replace(/\n$/, '').split(' ')).toEqual(samples.map(unitNameEscape));
  });
});

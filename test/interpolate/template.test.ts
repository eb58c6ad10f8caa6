import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolateTemplate, MAX_TEMPLATE_DEPTH } from '../../src/interpolate/template.js';

const env: Record<string, string> = { SET: 'val', EMPTY: '', A: 'a', B: 'b', lower_1: 'low' };
const lookup = (name: string) => (Object.hasOwn(env, name) ? env[name] : undefined);

describe('interpolateTemplate values', () => {
  it.each([
    ['plain text', 'plain text'],
    ['$SET', 'val'],
    ['${SET}', 'val'],
    ['x${SET}y', 'xvaly'],
    ['$SET.x', 'val.x'],
    ['$SET-x', 'val-x'],
    ['${lower_1}', 'low'],
    ['$A$B', 'ab'],
    // default when unset or empty
    ['${NOPE:-d}', 'd'],
    ['${EMPTY:-d}', 'd'],
    ['${SET:-d}', 'val'],
    // default when unset only
    ['${NOPE-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${SET-d}', 'val'],
    // replacement when set and non-empty
    ['${NOPE:+r}', ''],
    ['${EMPTY:+r}', ''],
    ['${SET:+r}', 'r'],
    // replacement when set
    ['${NOPE+r}', ''],
    ['${EMPTY+r}', 'r'],
    ['${SET+r}', 'r'],
    // required, satisfied
    ['${SET:?m}', 'val'],
    ['${SET?m}', 'val'],
    ['${EMPTY?m}', ''],
    // escapes and lone dollars
    ['$$', '$'],
    ['$$SET', '$SET'],
    ['$${SET}', '${SET}'],
    ['$$$SET', '$val'],
    ['$$$$', '$$'],
    ['$', '$'],
    ['a $ b', 'a $ b'],
    ['$1', '$1'],
    ['5$', '5$'],
    ['$-x', '$-x'],
    ['${SET}}', 'val}'],
    // nesting
    ['${NOPE:-${A:-x}}', 'a'],
    ['${NOPE:-${NOPE2:-x}}', 'x'],
    ['${NOPE:-$A}', 'a'],
    ['${NOPE:-${A}b}', 'ab'],
    ['${SET:+[$A]}', '[a]'],
    ['${NOPE:-$$A}', '$A'],
    ['${NOPE:-a:-b}', 'a:-b'],
    ['${NOPE:-a b}', 'a b'],
    ['${NOPE:-}', ''],
    ['${NOPE-}', ''],
    ['${NOPE:-x} and ${B}', 'x and b'],
    // compose counts every brace inside an argument
    ['${NOPE:-{"k":1}}', '{"k":1}'],
  ])('%s -> %s', (text, value) => {
    const r = interpolateTemplate(text, lookup);
    expect(r.errors).toEqual([]);
    expect(r.value).toBe(value);
  });
});

describe('interpolateTemplate unset variables', () => {
  it.each([
    ['$NOPE', [{ name: 'NOPE', index: 0, length: 5 }]],
    ['x ${NOPE}', [{ name: 'NOPE', index: 2, length: 7 }]],
    ['$SETx', [{ name: 'SETx', index: 0, length: 5 }]],
    [
      '$NOPE ${NOPE} $OTHER',
      [
        { name: 'NOPE', index: 0, length: 5 },
        { name: 'NOPE', index: 6, length: 7 },
        { name: 'OTHER', index: 14, length: 6 },
      ],
    ],
    // the argument is expanded even when the variable is set, as compose does
    ['${SET:-$NOPE}', [{ name: 'NOPE', index: 7, length: 5 }]],
    ['${NOPE:-d}', []],
    ['${NOPE-d}', []],
    ['${NOPE:+r}', []],
    ['${NOPE+r}', []],
    ['$$NOPE', []],
    ['${EMPTY}', []],
  ])('%s', (text, unset) => {
    const r = interpolateTemplate(text, lookup);
    expect(r.unset).toEqual(unset);
    expect(r.errors).toEqual([]);
  });

  it('replaces an unset variable with the empty string', () => {
    expect(interpolateTemplate('a${NOPE}b$NOPE', lookup).value).toBe('ab');
  });
});

describe('interpolateTemplate syntax errors', () => {
  it.each([
    ['${', 0, 2],
    ['ab${', 2, 2],
    ['${}', 2, 1],
    ['${ foo}', 2, 1],
    ['${foo!}', 5, 1],
    ['${foo:-bar', 0, 2],
    ['x ${foo:-bar', 2, 2],
    ['${foo:bar}', 6, 1],
    ['${foo:}', 6, 1],
    ['${1}', 2, 1],
    ['${foo-${}}', 8, 1],
    ['${A:-${B}', 0, 2],
    ['${SET}${', 6, 2],
    ['${foo bar}', 5, 1],
  ])('%s: error at %i (length %i)', (text, index, length) => {
    const r = interpolateTemplate(text, lookup);
    expect(r.errors).toEqual([expect.objectContaining({ kind: 'syntax', index, length })]);
  });

  it('reports every independent error in one string and drops the broken parts', () => {
    const r = interpolateTemplate('${}-${ x}-$A', lookup);
    expect(r.errors.map((e) => e.index)).toEqual([2, 6]);
    expect(r.value).toBe('--a');
  });

  it('leaves `$${` alone', () => {
    expect(interpolateTemplate('$${', lookup)).toEqual({ value: '${', errors: [], unset: [], variables: [] });
  });

  it('stops at a nesting depth limit instead of overflowing the stack', () => {
    const depth = MAX_TEMPLATE_DEPTH + 5;
    const text = '${N:-'.repeat(depth) + 'x' + '}'.repeat(depth);
    const r = interpolateTemplate(text, lookup);
    expect(r.errors).toEqual([expect.objectContaining({ kind: 'syntax', index: MAX_TEMPLATE_DEPTH * 5 })]);
    expect(interpolateTemplate('${N:-'.repeat(10) + 'x' + '}'.repeat(10), lookup).value).toBe('x');
  });
});

describe('interpolateTemplate required variables', () => {
  it.each([
    ['${NOPE:?need it}', 0, 16, 'NOPE', 'required variable `NOPE` is missing a value: need it'],
    ['${EMPTY:?}', 0, 10, 'EMPTY', 'required variable `EMPTY` is missing a value'],
    ['${NOPE?}', 0, 8, 'NOPE', 'required variable `NOPE` is missing a value'],
    ['a ${NOPE?x}', 2, 9, 'NOPE', 'required variable `NOPE` is missing a value: x'],
    ['${NOPE:?${A} missing}', 0, 21, 'NOPE', 'required variable `NOPE` is missing a value: a missing'],
    // compose expands a default even when it is not used, so its required check fires
    ['${SET:-${NOPE:?m}}', 7, 10, 'NOPE', 'required variable `NOPE` is missing a value: m'],
  ])('%s', (text, index, length, name, message) => {
    const r = interpolateTemplate(text, lookup);
    expect(r.errors).toEqual([{ kind: 'required', index, length, name, message }]);
  });

  it('an empty value satisfies `?` but not `:?`', () => {
    expect(interpolateTemplate('${EMPTY?m}', lookup).errors).toEqual([]);
    expect(interpolateTemplate('${EMPTY:?m}', lookup).errors).toHaveLength(1);
  });
});

describe('interpolateTemplate properties', () => {
  it('returns text without `$` unchanged', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('$')),
        (s) => {
          expect(interpolateTemplate(s, () => 'X')).toEqual({ value: s, errors: [], unset: [], variables: [] });
        },
      ),
    );
  });

  it('doubling every `$` gives the text back literally', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(interpolateTemplate(s.replaceAll('$', () => '$$'), () => undefined)).toEqual({ value: s, errors: [], unset: [], variables: [] });
      }),
    );
  });

  it('does not re-interpret a substituted value', () => {
    fc.assert(
      fc.property(fc.string(), (v) => {
        expect(interpolateTemplate('${V}', (n) => (n === 'V' ? v : undefined)).value).toBe(v);
      }),
    );
  });

  it('never throws and reports errors inside the text', () => {
    const chars = fc.constantFrom('$', '{', '}', ':', '-', '+', '?', 'A', 'b', '_', '1', ' ');
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 40 }), (s) => {
        const r = interpolateTemplate(s, (n) => (n === 'A' ? '' : undefined));
        for (const e of [...r.errors, ...r.unset]) {
          expect(e.index).toBeGreaterThanOrEqual(0);
          expect(e.index + e.length).toBeLessThanOrEqual(s.length);
        }
      }),
    );
  });
});

describe('interpolateTemplate: where the value came from', () => {
  it('names every variable the template refers to, set or not, once, in first-use order', () => {
    const lookup = (name: string) => (name === 'A' ? 'a' : undefined);
    expect(interpolateTemplate('x-${A}-$B-${C:-${A}}-$$D', lookup).variables).toEqual(['A', 'B', 'C']);
    expect(interpolateTemplate('no variables, $$ and $1', lookup).variables).toEqual([]);
  });
});

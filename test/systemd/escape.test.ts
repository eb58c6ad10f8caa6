import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { directiveValue, environmentAssignment, escapeSpecifiers, execLine, quoteExecArg, utf8Length } from '../../src/systemd/escape.js';
import { arbitraryText } from './arbitraries.js';
import { expandSpecifiers, readCommandLine, readEnvironment, strip } from './systemd-syntax.js';

const ok = (r: { ok: boolean; text?: string }) => {
  expect(r.ok).toBe(true);
  return r.text!;
};

describe('escapeSpecifiers', () => {
  it.each([
    ['', ''],
    ['plain', 'plain'],
    ['100%', '100%%'],
    ['%n%%', '%%n%%%%'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeSpecifiers(input)).toBe(expected);
  });
});

describe('quoteExecArg', () => {
  it.each([
    ['plain', 'plain'],
    ['--name=web', '--name=web'],
    ['/usr/bin/podman', '/usr/bin/podman'],
    ['', '""'],
    ['a b', '"a b"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["it's", `"it's"`],
    ['C:\\path', '"C:\\\\path"'],
    ['50%', '50%%'],
    ['$HOME', '$$HOME'],
    ['${HOME}', '$${HOME}'],
    ['a b $X 5%', '"a b $$X 5%%"'],
    ['line1\nline2', '"line1\\nline2"'],
    ['tab\there', '"tab\\there"'],
    ['cr\r', '"cr\\r"'],
    ['\x01\x1b\x7f', '"\\x01\\x1b\\x7f"'],
    ['\u0007\b\f\v', '"\\a\\b\\f\\v"'],
    [';', '";"'],
    [';x', '";x"'],
    ['x;y', 'x;y'],
    ['#tag', '"#tag"'],
    ['a#b', 'a#b'],
    ['über', 'über'],
    ['😀 x', '"😀 x"'],
  ])('%j -> %s', (input, expected) => {
    expect(ok(quoteExecArg(input))).toBe(expected);
  });

  it.each([
    ['a\0b', 'NUL'],
    ['\ud800', 'surrogate'],
    ['x\udc00', 'surrogate'],
    // systemd refuses these as "not UTF-8 clean" and then loads no part of the unit (checked in the e2e bed)
    ['a\ufdd0', 'noncharacter U+FDD0'],
    ['\ufdef', 'noncharacter U+FDEF'],
    ['\ufffe', 'noncharacter U+FFFE'],
    ['x\uffffy', 'noncharacter U+FFFF'],
    ['\u{1fffe}', 'noncharacter U+1FFFE'],
    ['\u{10ffff}', 'noncharacter U+10FFFF'],
  ])('rejects %j (%s)', (input) => {
    const r = quoteExecArg(input);
    expect(r.ok).toBe(false);
  });

  it.each([['\ufdcf'], ['\ufdf0'], ['\ufffd'], ['\u{1fffd}'], ['\u{10fffd}']])('accepts %j, a neighbour of the noncharacters', (input) => {
    expect(ok(quoteExecArg(input))).toBe(input);
  });

  it('reads back as exactly the original argument (man-page rules)', () => {
    fc.assert(
      fc.property(arbitraryText, (arg) => {
        expect(readCommandLine(ok(quoteExecArg(arg)))).toEqual([arg]);
      }),
      { numRuns: 2000 },
    );
  });

  it('never leaves a raw line break, and never ends a line in a backslash', () => {
    fc.assert(
      fc.property(arbitraryText, (arg) => {
        const text = ok(quoteExecArg(arg));
        expect(text).not.toMatch(/[\n\r]/);
        expect(text.endsWith('\\')).toBe(false);
      }),
    );
  });
});

describe('execLine', () => {
  it('joins quoted words with single spaces', () => {
    expect(ok(execLine(['/usr/bin/podman', 'run', '--name', 'my app', '-e', 'A=$B', 'img']))).toBe('/usr/bin/podman run --name "my app" -e A=$$B img');
  });

  it('puts a prefix before the program', () => {
    expect(ok(execLine(['/bin/rm', '-f', '%t/x'], { prefix: '-' }))).toBe('-/bin/rm -f %%t/x');
  });

  it.each([
    [[], {}, undefined],
    [[''], {}, 0],
    [['-/bin/rm'], {}, 0],
    [['@x'], {}, 0],
    [['/bin/$X'], {}, 0],
    [['/bin/a\nb'], {}, 0],
    [['/bin/echo', 'ok', 'bad\0'], {}, 2],
    [['/bin/echo'], { prefix: 'x' }, undefined],
  ] as const)('rejects %j %j (argIndex %s)', (argv, options, argIndex) => {
    const r = execLine(argv, options);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.argIndex).toBe(argIndex);
  });

  it('refuses a line over systemd\'s length limit', () => {
    expect(execLine(['/bin/echo', 'x'.repeat(1_000_001)]).ok).toBe(false);
  });

  it('reads back as the original argv', () => {
    fc.assert(
      fc.property(fc.array(arbitraryText, { maxLength: 8 }), (args) => {
        const argv = ['/usr/bin/podman', ...args];
        expect(readCommandLine(ok(execLine(argv)))).toEqual(argv);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('environmentAssignment', () => {
  it.each([
    ['A', 'b', '"A=b"'],
    ['PODMAN_SYSTEMD_UNIT', '%n', '"PODMAN_SYSTEMD_UNIT=%%n"'],
    ['X', '', '"X="'],
    ['X', 'a "b" c\\d', '"X=a \\"b\\" c\\\\d"'],
    ['X', '$HOME stays', '"X=$HOME stays"'],
    ['X', 'two\nlines', '"X=two\\nlines"'],
  ])('%s=%j -> %s', (key, value, expected) => {
    expect(ok(environmentAssignment(key, value))).toBe(expected);
  });

  it.each([['1A'], ['A-B'], ['A.B'], [''], ['A B'], ['Ä']])('rejects the name %j', (key) => {
    expect(environmentAssignment(key, 'v').ok).toBe(false);
  });

  it('rejects NUL and unpaired surrogates in the value', () => {
    expect(environmentAssignment('A', 'x\0').ok).toBe(false);
    expect(environmentAssignment('A', '\udfff').ok).toBe(false);
  });

  it('reads back as one KEY=value item', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/), arbitraryText, (key, value) => {
        expect(readEnvironment(ok(environmentAssignment(key, value)))).toEqual([`${key}=${value}`]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('directiveValue', () => {
  it.each([
    ['web service', undefined, 'web service'],
    ['100% up', undefined, '100%% up'],
    ['100% up', { specifiers: false }, '100% up'],
    ['C:\\dir\\\\', undefined, 'C:\\dir\\\\'],
    ['"quoted" stays', undefined, '"quoted" stays'],
    ['', undefined, ''],
  ])('%j %j -> %j', (input, options, expected) => {
    expect(ok(directiveValue(input, options))).toBe(expected);
  });

  it.each([['a\nb'], ['a\rb'], ['x\x01'], [' lead'], ['trail '], ['tab\t'], ['ends\\'], ['ends\\\\\\'], ['\0'], ['\ud800']])('rejects %j', (input) => {
    const r = directiveValue(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
  });

  it('accepted values read back unchanged (after specifier expansion)', () => {
    fc.assert(
      fc.property(arbitraryText, (value) => {
        const r = directiveValue(value);
        if (!r.ok) return;
        expect(r.text).not.toMatch(/[\n\r]/);
        expect(expandSpecifiers(strip(r.text))).toBe(value);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('utf8Length', () => {
  it.each([
    ['', 0],
    ['a', 1],
    ['é', 2],
    ['€', 3],
    ['😀', 4],
  ])('%j is %i bytes', (s, n) => {
    expect(utf8Length(s)).toBe(n);
  });
});

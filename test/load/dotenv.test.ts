import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { parseDotenv } from '../../src/load/dotenv.js';
import { SourceFile } from '../../src/source/source-file.js';

const FILE = 'project/.env';

function lookupOf(vars: Record<string, string>) {
  return (n: string) => (Object.hasOwn(vars, n) ? vars[n] : undefined);
}

function parse(text: string, outside: Record<string, string> = {}, raw = false) {
  return parseDotenv(text, FILE, lookupOf(outside), { raw });
}

/** code@line:col of each diagnostic's primary label, in source order. */
function where(text: string, diagnostics: readonly Diagnostic[]): string[] {
  const source = new SourceFile(FILE, text);
  return [...diagnostics]
    .sort((a, b) => a.labels[0]!.span.start - b.labels[0]!.span.start)
    .map((d) => {
      expect(d.labels[0]!.span.file).toBe(FILE);
      const p = source.positionOf(d.labels[0]!.span.start);
      return `${d.code}@${p.line}:${p.column}`;
    });
}

describe('parseDotenv values', () => {
  it.each<[string, string, [string, string][]]>([
    ['plain', 'A=1', [['A', '1']]],
    ['export', 'export A=1', [['A', '1']]],
    ['export with a tab', 'export\tA=1', [['A', '1']]],
    ['indented export', '  export A=1', [['A', '1']]],
    ['a name that starts with export', 'exportA=1\nexport_B=2', [['exportA', '1'], ['export_B', '2']]],
    ['empty value', 'A=', [['A', '']]],
    ['blank value', 'A=   ', [['A', '']]],
    ['spaces around =', 'A = 1', [['A', '1']]],
    ['yaml style', 'A: 1', [['A', '1']]],
    ['colon in a value', 'A=1:B', [['A', '1:B']]],
    ['= in a value', 'A=b=c', [['A', 'b=c']]],
    ['comments and blank lines', '# comment\n\n   \n  # indented\nA=1\n\n', [['A', '1']]],
    ['inline comment', 'A=b # c', [['A', 'b']]],
    ['# without a space is data', 'A=b# c', [['A', 'b# c']]],
    ['unquoted values are trimmed', 'A=  spaced out  ', [['A', 'spaced out']]],
    ['comment after a double-quoted value', 'A="b # c" # d', [['A', 'b # c']]],
    ['comment after a single-quoted value', "A='b#c' # d", [['A', 'b#c']]],
    ['single quotes are literal', "A='$B ${C} \\n'", [['A', '$B ${C} \\n']]],
    ['escaped single quote', "A='it\\'s'", [['A', "it's"]]],
    ['double-quote escapes', 'A="a\\nb\\tc\\rd"', [['A', 'a\nb\tc\rd']]],
    ['escaped double quote', 'A="q\\"x"', [['A', 'q"x']]],
    ['escaped backslash', 'A="back\\\\slash"', [['A', 'back\\slash']]],
    ['escaped dollar', 'A="\\$B \\${B}"', [['A', '$B ${B}']]],
    ['octal escape', 'A="\\0101"', [['A', 'A']]],
    ['unknown escapes stay', 'A="\\x41 \\\' \\q"', [['A', "\\x41 \\' \\q"]]],
    ['single quotes inside double', 'A="\'d\'"', [['A', "'d'"]]],
    ['unquoted backslashes stay', 'A=a\\tb', [['A', 'a\\tb']]],
    ['expansion, unquoted and double-quoted', 'B=x\nA="$B-${B}"\nC=${B}y', [['B', 'x'], ['A', 'x-x'], ['C', 'xy']]],
    ['$$ is a literal dollar', 'A=$$B\nB="$$C"', [['A', '$B'], ['B', '$C']]],
    ['defaults', 'A=${X:-def}\nB="${X-d2}"', [['A', 'def'], ['B', 'd2']]],
    ['multi-line double-quoted', 'A="line1\nline2"\nB=2', [['A', 'line1\nline2'], ['B', '2']]],
    ['multi-line single-quoted', "A='l1\nl2'", [['A', 'l1\nl2']]],
    ['CRLF', 'A=1\r\nB="2"\r\n\r\nC=3 # c\r\n', [['A', '1'], ['B', '2'], ['C', '3']]],
    ['BOM', '\uFEFFA=1', [['A', '1']]],
    ['a key defined twice keeps its place and takes the later value', 'A=1\nB=2\nA=3', [['A', '3'], ['B', '2']]],
    ['names with . - [ ] and letters beyond ASCII', 'FOO.BAR=1\nFOO-BAR=2\nA[0]=3\nÜBER=4', [['FOO.BAR', '1'], ['FOO-BAR', '2'], ['A[0]', '3'], ['ÜBER', '4']]],
    ['value after a tab', 'A=\tb', [['A', 'b']]],
  ])('%s', (_name, text, vars) => {
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.vars).toEqual(vars);
  });

  it('a bare KEY passes the outside value through, or is left out', () => {
    expect(parse('A\nB\r\nexport C', { A: 'outside', C: 'c' })).toEqual({ vars: [['A', 'outside'], ['C', 'c']], diagnostics: [] });
  });

  it('asks the outside lookup before earlier variables of the file, as compose-go does', () => {
    expect(parse('A=1\nB=$A', { A: 'os' }).vars).toEqual([['A', '1'], ['B', 'os']]);
    expect(parse('A=1\nB=$A').vars).toEqual([['A', '1'], ['B', '1']]);
  });

  it('does not see variables defined later in the file', () => {
    const text = 'B=$A\nA=1';
    const r = parse(text);
    expect(r.vars).toEqual([['B', ''], ['A', '1']]);
    expect(where(text, r.diagnostics)).toEqual(['C303@1:3']);
    expect(r.diagnostics[0]!.severity).toBe('warning');
  });
});

describe('parseDotenv diagnostics', () => {
  it.each<[string, string, string[]]>([
    ['space in a name', 'FOO BAR=1', ['C304@1:4']],
    ['bad character in a name', 'A=1\nlol$wut', ['C304@2:4']],
    ['missing name', 'A=1\n=x', ['C304@2:1']],
    ['unterminated double quote', 'A="abc\nB=1', ['C305@1:3']],
    ['unterminated single quote', "X=1\nA='abc", ['C305@2:3']],
    ['backslash at the very end', 'A="abc\\', ['C305@1:3']],
    ['text after a closing quote', 'A="x" y', ['C306@1:7']],
    ['interpolation syntax error, unquoted', 'A=${B', ['C301@1:3']],
    ['interpolation syntax error after escapes', 'A="x\\n${ B}"', ['C301@1:9']],
    ['interpolation syntax error after \\$', 'A="\\$x ${}"', ['C301@1:10']],
    ['syntax error on a later line of a multi-line value', 'A="one\ntwo ${}"', ['C301@2:7']],
    ['required variable', 'A=${NOPE:?need it}', ['C302@1:3']],
    ['unset variable, once per name', 'A=$NOPE\nB="x $NOPE"', ['C303@1:3']],
  ])('%s', (_name, text, expected) => {
    expect(where(text, parse(text).diagnostics)).toEqual(expected);
  });

  it('keeps parsing after a bad line', () => {
    const r = parse('FOO BAR=1\nC=2\nlol$wut\nD=3');
    expect(r.vars).toEqual([['C', '2'], ['D', '3']]);
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['error', 'error']);
  });

  it('reads text after a closing quote as a new statement, as compose does', () => {
    const r = parse('A="x" B=2', {});
    expect(r.vars).toEqual([['A', 'x'], ['B', '2']]);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['C306', 'warning']]);
  });

  it('reports the user message of a required variable', () => {
    const r = parse('A=${NOPE:?set NOPE first}');
    expect(r.diagnostics[0]!.message).toContain('set NOPE first');
    expect(r.diagnostics[0]!.severity).toBe('error');
  });
});

describe('parseDotenv raw format', () => {
  it.each<[string, string, [string, string][]]>([
    ['value verbatim', 'A="q" $B # x', [['A', '"q" $B # x']]],
    ['leading space trimmed, trailing kept', '  A=1  ', [['A', '1  ']]],
    ['CRLF', 'A=1\r\nB=2\r\n', [['A', '1'], ['B', '2']]],
    ['comments and blank lines', '# c\n\n  # d\nA=1', [['A', '1']]],
    ['BOM', '\uFEFFA=1', [['A', '1']]],
    ['empty value', 'A=', [['A', '']]],
    ['bare key looked up', 'A\nB', [['A', 'outside']]],
  ])('%s', (_name, text, vars) => {
    const r = parse(text, { A: 'outside' }, true);
    expect(r.diagnostics).toEqual([]);
    expect(r.vars).toEqual(vars);
  });

  it.each<[string, string, string[]]>([
    ['space in a name', 'A B=1', ['C304@1:2']],
    ['space before =', 'X=1\nA =1', ['C304@2:2']],
    ['missing name', '=1', ['C304@1:1']],
  ])('%s', (_name, text, expected) => {
    expect(where(text, parse(text, {}, true).diagnostics)).toEqual(expected);
  });
});

describe('parseDotenv properties', () => {
  const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/);

  it('a single-quoted value comes back as written', () => {
    const value = fc.string().filter((s) => !s.includes("'") && !s.includes('\\'));
    fc.assert(
      fc.property(name, value, (k, v) => {
        expect(parse(`${k}='${v}'`)).toEqual({ vars: [[k, v]], diagnostics: [] });
      }),
    );
  });

  it('a plain unquoted value comes back as written', () => {
    const value = fc.stringMatching(/^[A-Za-z0-9_./:,@+-]*$/);
    fc.assert(
      fc.property(name, value, (k, v) => {
        expect(parse(`export ${k}=${v}\r\n`)).toEqual({ vars: [[k, v]], diagnostics: [] });
      }),
    );
  });

  it('raw lines keep any value after the first =', () => {
    const value = fc.string().filter((s) => !/[\r\n]/.test(s));
    fc.assert(
      fc.property(name, value, (k, v) => {
        expect(parse(`${k}=${v}\n`, {}, true)).toEqual({ vars: [[k, v]], diagnostics: [] });
      }),
    );
  });
});

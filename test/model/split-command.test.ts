import { describe, expect, it } from 'vitest';
import { splitCommand } from '../../src/model/split-command.js';

describe('splitCommand', () => {
  it.each([
    ['echo hello', ['echo', 'hello']],
    ['  spaced   out\targs\n', ['spaced', 'out', 'args']],
    ['', []],
    ['sh -c "echo $HOME && ls"', ['sh', '-c', 'echo $HOME && ls']],
    ["sh -c 'echo \"hi\"'", ['sh', '-c', 'echo "hi"']],
    ['a"b c"d', ['ab cd']],
    ['x\\ y z', ['x y', 'z']],
    ['"a\\"b" "c\\d" "e\\\\f" "g\\$h"', ['a"b', 'c\\d', 'e\\f', 'g$h']],
    ["'no \\ escapes'", ['no \\ escapes']],
    ['"" \'\'', ['', '']],
    ['a \\\n b', ['a', 'b']],
    ['echo a && echo b; ls | wc', ['echo', 'a', '&&', 'echo', 'b;', 'ls', '|', 'wc']],
    ['trailing\\', ['trailing\\']],
    ['--flag=$VAR', ['--flag=$VAR']],
  ] as const)('%j', (input, words) => {
    expect(splitCommand(input)).toEqual({ ok: true, value: words });
  });

  it.each([
    ["it's fine", 'unterminated single quote', 2],
    ['say "hi', 'unterminated double quote', 4],
    ['"a\\"', 'unterminated double quote', 0],
  ] as const)('rejects %j', (input, message, index) => {
    expect(splitCommand(input)).toEqual({ ok: false, error: { message: `${message} in command`, index } });
  });
});

import { describe, expect, it } from 'vitest';
import { followFlagOfLogs } from '../../src/cli/program.js';

describe('followFlagOfLogs', () => {
  it.each([
    [['logs', '-f', 'web'], ['logs', '--follow', 'web']],
    [['-f', 'compose.yaml', 'logs', '-f'], ['-f', 'compose.yaml', 'logs', '--follow']],
    [['--format', 'json', '-p', 'shop', 'logs', '-n', '5', '-f'], ['--format', 'json', '-p', 'shop', 'logs', '-n', '5', '--follow']],
    [['logs', '--file', '-f', 'web'], ['logs', '--file', '-f', 'web']],
    [['up', '-f', 'compose.yaml'], ['up', '-f', 'compose.yaml']],
    [['-f', 'logs', 'up'], ['-f', 'logs', 'up']],
    [['logs', '--', '-f'], ['logs', '--', '-f']],
  ])('%j -> %j', (argv, expected) => {
    expect(followFlagOfLogs(argv)).toEqual(expected);
  });
});

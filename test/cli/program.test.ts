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

describe('the program', () => {
  it('--help shows examples, the exit codes and the commands', async () => {
    const { runCliCaptured } = await import('../support/cli.js');
    const r = await runCliCaptured(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toMatch(/Exit codes: 0 ok/);
    for (const c of ['config', 'validate', 'convert', 'graph', 'up', 'diff', 'down', 'status', 'logs', 'enable', 'disable', 'completion']) expect(r.stdout).toMatch(new RegExp(`\\n  ${c}\\b`));
  });

  it('a bug is one line with exit code 3, not a stack trace', async () => {
    const { runCliCaptured } = await import('../support/cli.js');
    const broken = { readFile: () => { throw new TypeError('disk exploded'); }, isFile: () => true };
    const r = await runCliCaptured(['validate', '-f', '/p/compose.yaml'], { fs: broken });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^internal error: disk exploded \(at .+\)\nThis is a bug in compose2systemd/);
    expect(r.stderr.split('\n').length).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { NO_PENDING_WORK, pendingPath } from '../../src/apply/pending.js';
import { commandsOf, executeSteps, shellQuote, type Step } from '../../src/apply/steps.js';
import { FakeHost } from './fake-host.js';

describe('shellQuote', () => {
  it.each([
    [['systemctl', '--user', 'start', '--no-block', 'a@1.service'], 'systemctl --user start --no-block a@1.service'],
    [['podman', 'version', '--format', '{{.Client.Version}}'], "podman version --format '{{.Client.Version}}'"],
    [['echo', "it's", ''], "echo 'it'\\''s' ''"],
    [['x', 'a b', '$HOME'], "x 'a b' '$HOME'"],
  ])('%j -> %s', (argv, text) => {
    expect(shellQuote(argv)).toBe(text);
  });
});

describe('executeSteps', () => {
  const ctx = { unitDir: '/u', project: 'p' };

  it('runs in order, accepts the listed exit codes, and stops at the first failure with C807', async () => {
    const host = new FakeHost().onRun(['systemctl', 'stop'], { code: 5, stdout: '', stderr: 'Unit a.service not loaded.' }).onRun(['systemctl', 'daemon-reload'], { code: 1, stdout: '', stderr: 'Failed to connect to bus' });
    const steps: Step[] = [
      { kind: 'owe', work: { reload: true, stop: ['a.service'], restart: [] } },
      { kind: 'command', argv: ['systemctl', 'stop', 'a.service'], okCodes: [5] },
      { kind: 'command', argv: ['systemctl', 'daemon-reload'] },
      { kind: 'settle' },
    ];
    const seen: string[] = [];
    const result = await executeSteps(host, steps, { ...ctx, onCommand: (argv) => seen.push(argv.join(' ')) });
    expect(result.completed).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['C807']);
    expect(result.diagnostics[0]!.message).toBe('`systemctl daemon-reload` failed with exit code 1:\nFailed to connect to bus');
    expect(seen).toEqual(['systemctl stop a.service', 'systemctl daemon-reload']);
    // The pending work stays for the next run.
    expect(host.peek(pendingPath('/u', 'p'))).toContain('"reload": true');
    expect(commandsOf(steps)).toEqual([['systemctl', 'stop', 'a.service'], ['systemctl', 'daemon-reload']]);
  });

  it('settling removes the pending file and a temp file a killed write left', async () => {
    const host = new FakeHost().seedFile('/u/.compose2systemd/p.pending.json', '{}').seedFile('/u/.compose2systemd/.p.pending.json.c2s-tmp', '{');
    const result = await executeSteps(host, [{ kind: 'settle' }], ctx);
    expect(result.completed).toBe(true);
    expect(host.snapshot('/u')).toEqual({});
  });

  it('a failed pending write is C806 and nothing runs after it', async () => {
    const host = new FakeHost().failMutation(2, 'error');
    const result = await executeSteps(host, [{ kind: 'owe', work: { ...NO_PENDING_WORK, reload: true } }, { kind: 'command', argv: ['systemctl', 'daemon-reload'] }], ctx);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['C806']);
    expect(host.calls.some((c) => c.op === 'run')).toBe(false);
  });
});

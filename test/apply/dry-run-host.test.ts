import { describe, expect, it } from 'vitest';
import { createDryRunHost, isReadOnlyCommand } from '../../src/apply/dry-run-host.js';
import { InternalError } from '../../src/diagnostics/diagnostic.js';
import { FakeHost } from './fake-host.js';

describe('isReadOnlyCommand', () => {
  it.each([
    [['systemctl', '--user', 'show', '--property=Id', 'a.service'], true],
    [['systemctl', 'is-enabled', 'a.target'], true],
    [['systemctl', '--user', 'start', '--no-block', 'a.target'], false],
    [['systemctl', '--user', 'daemon-reload'], false],
    [['systemctl', '--user', 'stop', 'a.service'], false],
    [['systemctl', 'enable', 'a.target'], false],
    [['systemctl', '--user'], false],
    [['journalctl', '--no-pager', '--user-unit=a.service'], true],
    [['journalctl', '--vacuum-time=1s'], false],
    [['journalctl', '--rotate'], false],
    [['loginctl', 'show-user', 'alice', '--property=Linger'], true],
    [['loginctl', 'enable-linger', 'alice'], false],
    [['podman', 'version', '--format', '{{.Client.Version}}'], true],
    [['podman', 'inspect', '--format', '{{.State.Health.Status}}', 'c'], true],
    [['podman', 'network', 'exists', 'n'], true],
    [['podman', 'network', 'ls', '--filter', 'label=x'], true],
    [['podman', 'volume', 'exists', 'v'], true],
    [['podman', 'network', 'rm', 'n'], false],
    [['podman', 'volume', 'rm', 'v'], false],
    [['podman', 'volume', 'create', 'v'], false],
    [['podman', 'run', 'x'], false],
    [['podman', 'healthcheck', 'run', 'c'], false],
    [['sh', '-c', 'true'], false],
    [[], false],
  ])('%j -> %s', (argv, expected) => {
    expect(isReadOnlyCommand(argv)).toBe(expected);
  });
});

describe('createDryRunHost', () => {
  it('passes reads through and refuses every change without touching the wrapped host', async () => {
    const fake = new FakeHost().seedFile('/u/a.service', 'A');
    const host = createDryRunHost(fake);
    expect(await host.readFile('/u/a.service')).toBe('A');
    expect((await host.listDir('/u'))?.map((e) => e.name)).toEqual(['a.service']);
    await expect(host.writeFileAtomic('/u/a.service', 'B')).rejects.toBeInstanceOf(InternalError);
    await expect(host.writeFilesAtomic('/u', [{ name: 'a.service', content: 'B' }])).rejects.toBeInstanceOf(InternalError);
    await expect(host.removeFile('/u/a.service')).rejects.toBeInstanceOf(InternalError);
    await expect(host.mkdirp('/u/x')).rejects.toBeInstanceOf(InternalError);
    await expect(host.run(['systemctl', '--user', 'daemon-reload'])).rejects.toBeInstanceOf(InternalError);
    await expect(host.run(['podman', 'volume', 'rm', 'v'])).rejects.toBeInstanceOf(InternalError);
    // A read-only program fed standard input could still be made to do anything: refused too.
    await expect(host.run(['systemctl', 'show'], { stdin: 'x' })).rejects.toBeInstanceOf(InternalError);
    expect((await host.run(['systemctl', '--user', 'show', 'a.service'])).code).toBe(0);
    expect(fake.snapshot()).toEqual({ '/u/a.service': 'A' });
    expect(fake.mutatingCalls().map((c) => (c.op === 'run' ? c.argv.join(' ') : c.op))).toEqual(['systemctl --user show a.service']);
  });
});

import { describe, expect, it } from 'vitest';
import { parseDevice } from '../../src/model/parse-device.js';
import { parseExtraHost } from '../../src/model/parse-extra-host.js';
import { parseFileMode } from '../../src/model/parse-file-mode.js';
import { parseHealthTest } from '../../src/model/parse-health-test.js';
import { parseRestart } from '../../src/model/parse-restart.js';
import { resolveHostPath } from '../../src/model/resolve-host-path.js';

describe('parseExtraHost', () => {
  it.each([
    ['db:10.0.0.5', { host: 'db', ip: '10.0.0.5' }],
    ['db=10.0.0.5', { host: 'db', ip: '10.0.0.5' }],
    ['v6host:::1', { host: 'v6host', ip: '::1' }],
    ['v6host=::1', { host: 'v6host', ip: '::1' }],
    ['v6host=[2001:db8::1]', { host: 'v6host', ip: '2001:db8::1' }],
    ['host.docker.internal:host-gateway', { host: 'host.docker.internal', ip: 'host-gateway' }],
  ] as const)('%s', (input, expected) => {
    expect(parseExtraHost(input)).toEqual({ ok: true, value: expected });
  });
  it.each([
    ['nohost', 0],
    [':1.2.3.4', 0],
    ['db:', 2],
    ['db:not-an-ip', 3],
    ['db=1.2.3', 3],
  ] as const)('rejects %j', (input, index) => {
    const r = parseExtraHost(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.index).toBe(index);
  });
});

describe('parseRestart', () => {
  it.each([
    ['no', { policy: 'no' }],
    ['always', { policy: 'always' }],
    ['unless-stopped', { policy: 'unless-stopped' }],
    ['on-failure', { policy: 'on-failure' }],
    ['on-failure:5', { policy: 'on-failure', maxRetries: 5 }],
  ] as const)('%s', (input, expected) => expect(parseRestart(input)).toEqual({ ok: true, value: expected }));
  it.each([
    ['sometimes', 0],
    ['on-failure:x', 11],
    ['on-failure:', 11],
  ] as const)('rejects %j', (input, index) => {
    const r = parseRestart(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.index).toBe(index);
  });
});

describe('parseDevice', () => {
  it.each([
    ['/dev/fuse', { source: '/dev/fuse' }],
    ['/dev/sda:/dev/xvda', { source: '/dev/sda', target: '/dev/xvda' }],
    ['/dev/sda:/dev/xvda:rwm', { source: '/dev/sda', target: '/dev/xvda', permissions: 'rwm' }],
    ['/dev/snd:r', { source: '/dev/snd', permissions: 'r' }],
    ['nvidia.com/gpu=all', { source: 'nvidia.com/gpu=all' }],
  ] as const)('%s', (input, expected) => expect(parseDevice(input)).toEqual({ ok: true, value: expected }));
  it.each([
    ['', 0],
    ['dev/sda', 0],
    ['/dev/a:xyz', 7],
    ['/dev/a:/dev/b:rr', 14],
    ['/dev/a:/b:r:x', 12],
  ] as const)('rejects %j', (input, index) => {
    const r = parseDevice(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.index).toBe(index);
  });
});

describe('parseHealthTest', () => {
  it.each([
    ['curl -f http://localhost', { ok: true, test: { kind: 'shell', command: 'curl -f http://localhost' }, disable: false }],
    ['', { ok: true, disable: false }],
    [[], { ok: true, disable: false }],
    [['NONE'], { ok: true, disable: true }],
    [['CMD', 'pg_isready', '-U', 'app'], { ok: true, test: { kind: 'exec', argv: ['pg_isready', '-U', 'app'] }, disable: false }],
    [['CMD-SHELL', 'pg_isready || exit 1'], { ok: true, test: { kind: 'shell', command: 'pg_isready || exit 1' }, disable: false }],
    [['CMD-SHELL', 'a', 'b'], { ok: true, test: { kind: 'shell', command: 'a b' }, disable: false }],
  ] as const)('%j', (input, expected) => expect(parseHealthTest(input)).toEqual(expected));
  it.each([[['CMD']], [['CMD-SHELL']], [['curl', 'x']]] as const)('rejects %j', (input) => {
    expect(parseHealthTest(input)).toMatchObject({ ok: false, element: 0 });
  });
});

describe('parseFileMode', () => {
  it.each([
    [0o440, undefined, 0o440],
    [440, '0440', 0o440],
    [440, '440', 440],
    ['0440', undefined, 0o440],
    ['0o600', undefined, 0o600],
    ['292', undefined, 292],
  ] as const)('%j (raw %j)', (value, raw, mode) => expect(parseFileMode(value, raw)).toEqual({ ok: true, value: mode }));
  it.each([['rw-r--r--'], ['0999'], [-1], [0o10000]] as const)('rejects %j', (value) => expect(parseFileMode(value).ok).toBe(false));
});

describe('resolveHostPath', () => {
  it.each([
    ['./a', '/srv/p/a'],
    ['a/../b', '/srv/p/b'],
    ['/abs//x/', '/abs/x'],
    ['~', '/home/u'],
    ['~/x', '/home/u/x'],
    ['..', '/srv'],
  ] as const)('%s', (input, out) => expect(resolveHostPath(input, '/srv/p', '/home/u')).toEqual({ ok: true, value: out }));
  it('refuses another user home', () => expect(resolveHostPath('~bob', '/srv/p', '/home/u').ok).toBe(false));
});

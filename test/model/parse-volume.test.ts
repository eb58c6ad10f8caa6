import { describe, expect, it } from 'vitest';
import { parseVolumeShort } from '../../src/model/parse-volume.js';

const paths = { workingDir: '/srv/app', homeDir: '/home/me' };

describe('parseVolumeShort', () => {
  it.each([
    ['/data', { type: 'volume', target: '/data', readOnly: false }],
    ['dbdata:/var/lib/db', { type: 'volume', source: 'dbdata', target: '/var/lib/db', readOnly: false }],
    ['dbdata:/var/lib/db:ro', { type: 'volume', source: 'dbdata', target: '/var/lib/db', readOnly: true }],
    ['dbdata:/db:nocopy', { type: 'volume', source: 'dbdata', target: '/db', readOnly: false, volume: { nocopy: true } }],
    ['dbdata:/db:Z', { type: 'volume', source: 'dbdata', target: '/db', readOnly: false, bind: { selinux: 'Z' } }],
    ['./conf:/etc/conf', { type: 'bind', source: '/srv/app/conf', target: '/etc/conf', readOnly: false, bind: { createHostPath: true } }],
    ['../shared:/s:ro,z', { type: 'bind', source: '/srv/shared', target: '/s', readOnly: true, bind: { selinux: 'z', createHostPath: true } }],
    ['.:/app', { type: 'bind', source: '/srv/app', target: '/app', readOnly: false, bind: { createHostPath: true } }],
    ['~/cache:/cache:rw', { type: 'bind', source: '/home/me/cache', target: '/cache', readOnly: false, bind: { createHostPath: true } }],
    ['~:/h', { type: 'bind', source: '/home/me', target: '/h', readOnly: false, bind: { createHostPath: true } }],
    ['/var/run/docker.sock:/var/run/docker.sock:ro', { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: true, bind: { createHostPath: true } }],
    ['/mnt:/mnt:rshared', { type: 'bind', source: '/mnt', target: '/mnt', readOnly: false, bind: { propagation: 'rshared', createHostPath: true } }],
    ['/a:/b:cached', { type: 'bind', source: '/a', target: '/b', readOnly: false, consistency: 'cached', bind: { createHostPath: true } }],
  ] as const)('%s', (input, expected) => {
    expect(parseVolumeShort(input, paths)).toEqual({ ok: true, value: expected });
  });

  it('warns about options compose would drop silently', () => {
    const r = parseVolumeShort('data:/d:ro,bogus', paths);
    expect(r.ok && r.value.readOnly).toBe(true);
    expect(r.ok && r.warnings).toEqual([{ message: 'unknown volume option `bogus` is ignored', index: 11, length: 5 }]);
    const n = parseVolumeShort('./x:/x:nocopy', paths);
    expect(n.ok && n.warnings?.[0]?.message).toContain('nocopy');
  });

  it.each([
    ['', 'cannot be empty', 0],
    ['data:', 'empty section', 4],
    [':/x', 'empty section', 0],
    ['a:/b:ro:x', 'too many colons', 7],
    ['data:relative', 'must be absolute', 5],
    ['relative', 'must be absolute', 0],
    ['~bob/x:/x', 'only `~`', 0],
  ] as const)('rejects %j', (input, message, index) => {
    const r = parseVolumeShort(input, paths);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toContain(message);
      expect(r.error.index).toBe(index);
    }
  });
});

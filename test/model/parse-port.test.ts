import { describe, expect, it } from 'vitest';
import { parsePortRange, parsePortShort } from '../../src/model/parse-port.js';

describe('parsePortShort', () => {
  it.each([
    ['80', { target: 80, protocol: 'tcp' }],
    [80, { target: 80, protocol: 'tcp' }],
    ['8080:80', { target: 80, published: '8080', protocol: 'tcp' }],
    ['8080:80/udp', { target: 80, published: '8080', protocol: 'udp' }],
    ['5000/SCTP', { target: 5000, protocol: 'sctp' }],
    ['127.0.0.1:8080:80', { target: 80, published: '8080', hostIp: '127.0.0.1', protocol: 'tcp' }],
    ['127.0.0.1::80', { target: 80, hostIp: '127.0.0.1', protocol: 'tcp' }],
    [':80', { target: 80, protocol: 'tcp' }],
    // an empty host address means all addresses (immich's `${EXPOSE_PORT-:2283:2283}` yields this)
    [':2283:2283', { target: 2283, published: '2283', protocol: 'tcp' }],
    ['[::1]:8080:80', { target: 80, published: '8080', hostIp: '::1', protocol: 'tcp' }],
    ['[::1]::80/udp', { target: 80, hostIp: '::1', protocol: 'udp' }],
    ['::1:8080:80', { target: 80, published: '8080', hostIp: '::1', protocol: 'tcp' }],
    ['3000-3005', { target: 3000, targetEnd: 3005, protocol: 'tcp' }],
    ['9090-9091:8080-8081', { target: 8080, targetEnd: 8081, published: '9090-9091', protocol: 'tcp' }],
    ['8000-8010:80', { target: 80, published: '8000-8010', protocol: 'tcp' }],
    ['0:80', { target: 80, published: '0', protocol: 'tcp' }],
  ] as const)('%s', (input, expected) => {
    expect(parsePortShort(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'cannot be empty', 0],
    ['80/foo', 'unknown protocol `foo`', 3],
    ['abc', 'not a port', 0],
    ['8080:abc', 'not a port', 5],
    ['70000', 'out of range', 0],
    ['80:70000', 'out of range', 3],
    ['8081-8080:80', 'ends before it starts', 0],
    ['9090-9092:8080-8081', 'different lengths', 0],
    ['1.2.3:8080:80', 'not an IP address', 0],
    ['[::1:8080:80', 'unterminated', 0],
    ['[1.2.3.4]:80:80', 'not an IPv6 address', 1],
    ['[::1]:80', 'expected `:HOST_PORT:CONTAINER_PORT`', 5],
    ['8080:', 'container port is missing', 5],
    ['8080:0', 'cannot be 0', 5],
    [0, 'not a valid container port', 0],
  ] as const)('rejects %j', (input, message, index) => {
    const r = parsePortShort(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toContain(message);
      expect(r.error.index).toBe(index);
    }
  });
});

describe('parsePortRange', () => {
  it('reads single ports and ranges', () => {
    expect(parsePortRange('8080')).toEqual({ ok: true, value: { start: 8080, end: 8080 } });
    expect(parsePortRange('1-65535')).toEqual({ ok: true, value: { start: 1, end: 65535 } });
    expect(parsePortRange('-1').ok).toBe(false);
  });
});

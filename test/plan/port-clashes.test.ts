import { describe, expect, it } from 'vitest';
import type { Port } from '../../src/model/types.js';
import { findPortClashes, hasFixedHostPort } from '../../src/plan/port-clashes.js';

const port = (published: string | undefined, hostIp?: string, protocol: Port['protocol'] = 'tcp'): Port => ({
  pointer: '/services/x/ports/0',
  target: 80,
  protocol,
  ...(published !== undefined ? { published } : {}),
  ...(hostIp !== undefined ? { hostIp } : {}),
});

describe('findPortClashes', () => {
  it.each([
    ['same port, all addresses', port('8080'), port('8080'), 8080],
    ['wildcard address against a specific one', port('8080', '0.0.0.0'), port('8080', '127.0.0.1'), 8080],
    ['IPv6 wildcard against a specific one', port('8080', '::'), port('8080', '::1'), 8080],
    ['overlapping ranges', port('8000-8010'), port('8005-8020'), 8005],
    ['a port inside a range', port('9000'), port('8990-9000'), 9000],
    ['different protocols', port('53', undefined, 'udp'), port('53', undefined, 'tcp'), undefined],
    ['different specific addresses', port('80', '10.0.0.1'), port('80', '10.0.0.2'), undefined],
    ['any free port never clashes', port(undefined), port(undefined), undefined],
    ['disjoint ranges', port('8000-8010'), port('8011-8020'), undefined],
  ])('%s', (_, a, b, clashAt) => {
    const clashes = findPortClashes([
      { service: 'a', port: a },
      { service: 'b', port: b },
    ]);
    expect(clashes.map((c) => c.hostPort)).toEqual(clashAt === undefined ? [] : [clashAt]);
    if (clashAt !== undefined) expect([clashes[0]!.first.service, clashes[0]!.second.service]).toEqual(['a', 'b']);
  });

  it('finds the same pairs, in the same order, as comparing every pair', () => {
    // A seeded mix of single ports, ranges, wildcard and specific addresses, and both protocols.
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const ports = Array.from({ length: 400 }, (_, i) => {
      const lo = 8000 + next(60);
      const published = next(4) === 0 ? `${lo}-${lo + next(30)}` : next(10) === 0 ? undefined : String(lo);
      const ip = [undefined, '0.0.0.0', '127.0.0.1', '10.0.0.1', '::'][next(5)];
      return { service: `s${i}`, port: port(published, ip, next(3) === 0 ? 'udp' : 'tcp') };
    });
    const expected: [string, string, number][] = [];
    for (let i = 0; i < ports.length; i++) {
      for (let j = i + 1; j < ports.length; j++) {
        const [a, b] = [ports[i]!.port, ports[j]!.port];
        if (a.published === undefined || b.published === undefined || a.protocol !== b.protocol) continue;
        const wild = (ip: string | undefined) => ip === undefined || ip === '0.0.0.0' || ip === '::';
        if (!wild(a.hostIp) && !wild(b.hostIp) && a.hostIp !== b.hostIp) continue;
        const [alo, ahi = alo] = a.published.split('-').map(Number) as [number, number?];
        const [blo, bhi = blo] = b.published.split('-').map(Number) as [number, number?];
        if (Math.max(alo, blo) <= Math.min(ahi, bhi)) expected.push([ports[i]!.service, ports[j]!.service, Math.max(alo, blo)]);
      }
    }
    expect(expected.length).toBeGreaterThan(100);
    expect(findPortClashes(ports).map((c) => [c.first.service, c.second.service, c.hostPort])).toEqual(expected);
  });

  it.each([
    [port('8080'), true],
    [port('8080-8081'), false],
    [port(undefined), false],
  ])('hasFixedHostPort(%j) = %s', (p, fixed) => expect(hasFixedHostPort(p)).toBe(fixed));
});

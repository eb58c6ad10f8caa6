import { describe, expect, it } from 'vitest';
import { hasHostGateway, passesExtraHost } from '../../src/model/host-gateway.js';
import { parsePodmanVersion } from '../../src/podman/version.js';

const v = (text: string) => parsePodmanVersion(text)!;

describe('host-gateway by podman version', () => {
  it.each([
    ['4.3', false],
    ['4.3.1', false],
    ['4.6.2', false],
    ['4.7', true],
    ['4.7.0', true],
    ['5.4', true],
  ])('podman %s resolves host-gateway: %s', (version, expected) => {
    expect(hasHostGateway(v(version))).toBe(expected);
  });

  it('passes every entry but host-gateway ones to a podman older than 4.7', () => {
    const hosts = [
      { host: 'host.docker.internal', ip: 'host-gateway' },
      { host: 'db', ip: '10.0.0.5' },
      { host: 'v6', ip: '::1' },
    ];
    expect(hosts.filter((h) => passesExtraHost(h, v('4.3'))).map((h) => h.host)).toEqual(['db', 'v6']);
    expect(hosts.filter((h) => passesExtraHost(h, v('4.7'))).map((h) => h.host)).toEqual(['host.docker.internal', 'db', 'v6']);
  });
});

import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/diagnostics/diagnostic.js';
import {
  CAPABILITIES,
  DEFAULT_PODMAN_VERSION,
  OLDEST_DESCRIBED_VERSION,
  minimumVersion,
  missingFeatures,
  quadletKeyFeature,
  supports,
  supportsQuadletKey,
  type Feature,
} from '../../src/podman/capabilities.js';
import { compareVersions, formatPodmanVersion, parsePodmanVersion } from '../../src/podman/version.js';

describe('the capability table', () => {
  it('holds a valid X.Y version and a description for every feature, none older than the oldest described', () => {
    const oldest = parsePodmanVersion(OLDEST_DESCRIBED_VERSION)!;
    for (const [name, cap] of Object.entries(CAPABILITIES)) {
      const v = parsePodmanVersion(cap.since);
      expect(v, name).toBeDefined();
      expect(formatPodmanVersion(v!), name).toBe(cap.since);
      expect(compareVersions(v!, oldest), name).toBeGreaterThanOrEqual(0);
      expect(cap.what.length, name).toBeGreaterThan(0);
    }
  });

  it('names Quadlet keys as quadlet:Section.Key', () => {
    for (const name of Object.keys(CAPABILITIES).filter((n) => n.startsWith('quadlet:'))) {
      expect(name).toMatch(/^quadlet:(Container|Volume|Network|Kube|Pod|Image|Build|Quadlet)\.[A-Z][A-Za-z0-9]*$/);
    }
  });

  it('defaults to Debian 12 podman', () => {
    expect(DEFAULT_PODMAN_VERSION).toBe('4.3');
  });
});

describe('supports', () => {
  // The reference table in shared/reference/podman-and-systemd.md, edge by edge.
  it.each([
    ['run-sdnotify-conmon', '4.3', true],
    ['healthcheck-run', '4.3', true],
    ['run-sdnotify-healthy', '4.9.4', false],
    ['run-sdnotify-healthy', '5.0', true],
    ['wait-condition-healthy', '4.5', false],
    ['wait-condition-healthy', '4.6', true],
    ['network-create-ignore', '4.3.1', false],
    ['network-create-ignore', '4.4', true],
    ['volume-create-ignore', '4.3', false],
    ['volume-create-ignore', '4.4.0', true],
    ['quadlet', '4.3', false],
    ['quadlet', '4.4', true],
    ['quadlet:Container.HealthCmd', '4.4', false],
    ['quadlet:Container.HealthCmd', '4.5', true],
    ['quadlet:Container.LogDriver', '4.5', true],
    ['quadlet:Container.WorkingDir', '4.5', false],
    ['quadlet:Container.WorkingDir', '4.6', true],
    ['quadlet:Network.NetworkName', '4.6', false],
    ['quadlet:Volume.VolumeName', '4.7', true],
    ['quadlet-image', '4.8', true],
    ['quadlet:Container.GlobalArgs', '4.7', false],
    ['quadlet-pod', '4.9', false],
    ['quadlet-pod', '5.0', true],
    ['quadlet:Container.Pod', '5.0', true],
    ['quadlet-notify-healthy', '5.0', true],
    ['quadlet:Container.GroupAdd', '5.0', false],
    ['quadlet:Container.GroupAdd', '5.1', true],
    ['quadlet-build', '5.1', false],
    ['quadlet:Container.NetworkAlias', '5.2', true],
    ['quadlet:Container.AddHost', '5.2', false],
    ['quadlet:Quadlet.DefaultDependencies', '5.3', true],
    ['quadlet:Container.Memory', '5.4.2', false],
    ['quadlet-after-container-rewrite', '5.5', true],
    ['quadlet-install', '5.5', false],
    ['quadlet-install', '5.6', true],
  ] as const)('%s on %s -> %s', (feature, version, expected) => {
    expect(supports(version, feature)).toBe(expected);
    expect(supports(parsePodmanVersion(version)!, feature)).toBe(expected);
  });

  it('throws InternalError for a version text that was not validated', () => {
    expect(() => supports('four', 'quadlet')).toThrow(InternalError);
  });
});

describe('minimumVersion', () => {
  it('parses the table entry', () => {
    expect(minimumVersion('wait-condition-healthy')).toEqual({ major: 4, minor: 6, patch: 0 });
  });
});

describe('Quadlet keys', () => {
  it('maps section and key to a feature, or undefined when unknown', () => {
    expect(quadletKeyFeature('Container', 'Image')).toBe('quadlet:Container.Image');
    expect(quadletKeyFeature('Container', 'NoSuchKey')).toBeUndefined();
    expect(quadletKeyFeature('Volume', 'HealthCmd')).toBeUndefined();
    expect(quadletKeyFeature('Container', 'toString')).toBeUndefined();
  });

  it.each([
    ['Container', 'Image', '4.4', true],
    ['Container', 'Secret', '4.4', false],
    ['Container', 'Secret', '4.5', true],
    ['Pod', 'PublishPort', '4.9', false],
    ['Container', 'Unknown', '9.9', false],
  ] as const)('[%s] %s= on %s -> %s', (sectionName, key, version, expected) => {
    expect(supportsQuadletKey(version, sectionName, key)).toBe(expected);
  });
});

describe('missingFeatures', () => {
  it('lists what a version lacks, in order', () => {
    const wanted: Feature[] = ['quadlet', 'wait-condition-healthy', 'run-sdnotify-conmon', 'run-sdnotify-healthy'];
    expect(missingFeatures('4.3', wanted)).toEqual(['quadlet', 'wait-condition-healthy', 'run-sdnotify-healthy']);
    expect(missingFeatures('5.0', wanted)).toEqual([]);
  });
});

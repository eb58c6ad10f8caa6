// Podman facts: which Quadlet [Container] key carries which `podman run` option, and how Quadlet reads its value.
// Pure data. The first version of each key is in capabilities.ts (`quadlet:Container.<Key>`); an option without a
// key here, or on a podman that lacks the key, travels in `PodmanArgs=` (4.4) as it would on the command line.
import { quadletKeyFeature, supports, type Feature } from './capabilities.js';

/**
 * How Quadlet reads a key's value (tried with podman 5.4.2's and 5.8.6's generators; the same parsers since 4.4):
 * `raw`, the whole value as one argument; `list`, words split at whitespace (quotes group, no escapes);
 * `words`, split as systemd splits a command line (quotes group, C escapes decoded).
 */
export type QuadletValueMode = 'raw' | 'list' | 'words';

export interface QuadletKey {
  readonly key: string;
  /** `switch`: a flag without a value, written `Key=true` (or `Key=<value>` when given). */
  readonly mode: QuadletValueMode | 'switch';
  /** For a switch: the value to write instead of `true` (`--no-healthcheck` is `HealthCmd=none`). */
  readonly value?: string;
}

const key = (k: string, mode: QuadletKey['mode'], value?: string): QuadletKey => ({ key: k, mode, ...(value !== undefined ? { value } : {}) });

/** `podman run` flag -> the [Container] key that carries it. Modes tried with podman 5.4.2's generator. */
export const CONTAINER_KEYS: ReadonlyMap<string, QuadletKey> = new Map([
  ['--add-host', key('AddHost', 'raw')],
  ['--annotation', key('Annotation', 'words')],
  ['--cap-add', key('AddCapability', 'list')],
  ['--cap-drop', key('DropCapability', 'list')],
  ['--device', key('AddDevice', 'list')],
  ['--dns', key('DNS', 'raw')],
  ['--dns-option', key('DNSOption', 'raw')],
  ['--dns-search', key('DNSSearch', 'raw')],
  ['--entrypoint', key('Entrypoint', 'raw')],
  ['--env', key('Environment', 'words')],
  ['--env-file', key('EnvironmentFile', 'words')],
  ['--expose', key('ExposeHostPort', 'raw')],
  ['--group-add', key('GroupAdd', 'raw')],
  ['--health-cmd', key('HealthCmd', 'raw')],
  ['--health-interval', key('HealthInterval', 'raw')],
  ['--health-retries', key('HealthRetries', 'raw')],
  ['--health-start-period', key('HealthStartPeriod', 'raw')],
  ['--health-startup-cmd', key('HealthStartupCmd', 'raw')],
  ['--health-startup-interval', key('HealthStartupInterval', 'raw')],
  ['--health-startup-timeout', key('HealthStartupTimeout', 'raw')],
  ['--health-timeout', key('HealthTimeout', 'raw')],
  ['--hostname', key('HostName', 'raw')],
  ['--init', key('RunInit', 'switch')],
  ['--label', key('Label', 'words')],
  ['--log-driver', key('LogDriver', 'raw')],
  ['--log-opt', key('LogOpt', 'list')],
  ['--memory', key('Memory', 'raw')],
  ['--mount', key('Mount', 'words')],
  ['--name', key('ContainerName', 'raw')],
  ['--network', key('Network', 'raw')],
  ['--no-healthcheck', key('HealthCmd', 'switch', 'none')],
  ['--pids-limit', key('PidsLimit', 'raw')],
  ['--publish', key('PublishPort', 'raw')],
  ['--pull', key('Pull', 'raw')],
  ['--read-only', key('ReadOnly', 'switch')],
  ['--secret', key('Secret', 'words')],
  ['--shm-size', key('ShmSize', 'raw')],
  ['--stop-signal', key('StopSignal', 'raw')],
  ['--stop-timeout', key('StopTimeout', 'raw')],
  ['--sysctl', key('Sysctl', 'list')],
  ['--tmpfs', key('Tmpfs', 'raw')],
  ['--ulimit', key('Ulimit', 'raw')],
  ['--user', key('User', 'raw')],
  ['--userns', key('UserNS', 'raw')],
  ['--volume', key('Volume', 'raw')],
  ['--workdir', key('WorkingDir', 'raw')],
]);

/** Keys whose generator checks the value's syntax itself, on every version (ExposeHostPort) or until a version. */
const VALUE_RULES: ReadonlyMap<string, (value: string, podmanVersion: string) => boolean> = new Map([
  // validated against `\d+(-\d+)?(/udp|/tcp)?`
  ['ExposeHostPort', (v: string) => /^\d+(-\d+)?(\/(udp|tcp))?$/.test(v)],
  // parsed and rebuilt before 5.3, which an address in brackets does not survive
  ['PublishPort', (v: string, version: string) => supports(version, 'quadlet-publish-raw') || !v.includes('[')],
  ['Tmpfs', (v: string) => v.split(':').length <= 2],
]);

/**
 * The [Container] key that carries `flag` with `value` on `podmanVersion`, or undefined when the option must go
 * into PodmanArgs= (no key, a key newer than the target, or a value the key's parser would change).
 */
export function containerKeyFor(flag: string, value: string | undefined, podmanVersion: string): QuadletKey | undefined {
  const k = CONTAINER_KEYS.get(flag);
  if (!k) return undefined;
  const feature: Feature | undefined = quadletKeyFeature('Container', k.key);
  if (feature === undefined || !supports(podmanVersion, feature)) return undefined;
  if (k.key === 'Ulimit' && !supports(podmanVersion, 'quadlet-ulimit-repeat')) return undefined;
  const rule = VALUE_RULES.get(k.key);
  return value !== undefined && rule !== undefined && !rule(value, podmanVersion) ? undefined : k;
}

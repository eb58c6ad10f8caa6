// Podman facts: which Quadlet [Container] key carries which `podman run` option, and how Quadlet reads its value.
// Pure data. The first version of each key is in capabilities.ts (`quadlet:Container.<Key>`); an option without a
// key here, or on a podman that lacks the key, travels in `PodmanArgs=` (4.4) as it would on the command line.
import { quadletKeyFeature, supports, type Feature } from './capabilities.js';

/**
 * How Quadlet reads a key's value (tried with podman 5.4.2's generator): `raw`, the whole value as one argument;
 * `list`, words split at whitespace (quotes group, no escapes); `words`, split as systemd splits a command line.
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
  ['--mount', key('Mount', 'raw')],
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

/** The [Container] key for `flag` on `podmanVersion`, or undefined when the option must go into PodmanArgs=. */
export function containerKeyFor(flag: string, podmanVersion: string): QuadletKey | undefined {
  const k = CONTAINER_KEYS.get(flag);
  if (!k) return undefined;
  const feature: Feature | undefined = quadletKeyFeature('Container', k.key);
  return feature !== undefined && supports(podmanVersion, feature) ? k : undefined;
}

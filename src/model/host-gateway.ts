// Stage 7 rule, shared by the support check and the podman flag builders: which `extra_hosts` entries podman is
// given on a podman version. podman 4.7 added `host-gateway`; an older podman refuses the whole `podman run`, so
// such an entry is left out there and check-support.ts says so (C558). Pure; no codes of its own.
import { compareVersions, parsePodmanVersion, type PodmanVersion } from '../podman/version.js';
import { HOST_GATEWAY_SINCE } from '../podman/run-facts.js';
import type { ExtraHost } from './types.js';

/** The name podman itself writes into every container's /etc/hosts, with the address `host-gateway` stands for. */
export const PODMAN_HOST_NAME = 'host.containers.internal';

const SINCE = parsePodmanVersion(HOST_GATEWAY_SINCE)!;

/** Whether this podman resolves `--add-host NAME:host-gateway`. */
export function hasHostGateway(version: PodmanVersion): boolean {
  return compareVersions(version, SINCE) >= 0;
}

/**
 * Whether the flag builders pass this entry as `--add-host` on this podman: every entry, except a `host-gateway`
 * entry on a podman older than 4.7.
 */
export function passesExtraHost(host: ExtraHost, version: PodmanVersion): boolean {
  return host.ip !== 'host-gateway' || hasHostGateway(version);
}

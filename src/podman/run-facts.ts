// Podman facts that both the support check (src/model/check-support.ts) and the run flags builder need.
// Pure data; no codes. Versions were checked against podman's release notes and a podman 4.3.1 binary.

/** Log drivers `podman run --log-driver` accepts (`json-file` is podman's alias of `k8s-file`). */
export const PODMAN_LOG_DRIVERS: readonly string[] = ['json-file', 'k8s-file', 'journald', 'none', 'passthrough'];

/** `--add-host NAME:host-gateway` (containers/podman#19152). */
export const HOST_GATEWAY_SINCE = '4.7';

/** Network drivers `podman network create --driver` accepts. */
export const PODMAN_NETWORK_DRIVERS: readonly string[] = ['bridge', 'macvlan', 'ipvlan'];

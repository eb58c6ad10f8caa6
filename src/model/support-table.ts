// Stage 7 data: the fate of every key of the compose schema (services, networks, volumes, secrets, configs,
// top level) and of podman-compose's `x-podman` extensions under podman + systemd, as one table.
// check-support.ts reports from it (C550-C557) and docs/compose-support.md is rendered from it by renderSupportMarkdown().

/**
 * mapped: honoured as compose means it. partial: honoured with a stated difference.
 * ignored: dropped with a warning that says why. unsupported: refused with an error.
 */
export type SupportStatus = 'mapped' | 'partial' | 'ignored' | 'unsupported';

/** A different fate that applies only with `--pod` (containers share the pod's namespaces). */
export interface PodFate {
  readonly status: 'ignored' | 'unsupported';
  readonly notes: string;
}

export interface SupportRow {
  /**
   * Path of schema keys from the top of the file; `*` stands for a name chosen by the user
   * (a service, a network, a ulimit ...). Sequence items add no segment: `services.*.ports.host_ip`.
   */
  readonly key: string;
  readonly status: SupportStatus;
  /** The podman flag, unit directive or step the key becomes; empty when it becomes nothing. */
  readonly becomes: string;
  /** The first podman version whose flags honour the key, when that is newer than every version we target. */
  readonly sincePodman?: string;
  /** The fate on an older podman than `sincePodman`: refused (the default) or dropped with a warning. */
  readonly olderPodman?: 'ignored' | 'unsupported';
  readonly inPod?: PodFate;
  /** For ignored and unsupported keys: the reason, shown in the diagnostic. Otherwise caveats. */
  readonly notes: string;
}

type Extra = Pick<SupportRow, 'sincePodman' | 'olderPodman' | 'inPod'>;

function row(key: string, status: SupportStatus, becomes: string, notes = '', extra: Extra = {}): SupportRow {
  return { key, status, becomes, notes, ...extra };
}

/** The same fate for a key and every key below it (the diagnostic names only the outermost one set). */
function subtree(key: string, children: readonly string[], status: SupportStatus, becomes: string, notes: string): SupportRow[] {
  return [row(key, status, becomes, notes), ...children.map((c) => row(`${key}.${c}`, status, becomes, notes))];
}

const S = 'services.*';
const PER_NETWORK_IN_POD: PodFate = { status: 'ignored', notes: 'containers of a pod share the network namespace the pod joined' };
const POST_START_NOTE = 'a failing hook fails the unit\'s start, so systemd stops the container (docker compose leaves it running and reports the error); not run for a one-shot job (C730)';
const PRE_STOP_NOTE = 'a failing hook is logged and the container stops all the same (docker compose reports the error and does not stop it); not run for a one-shot job (C730)';
const PRE_START_NOTE = 'run at every start of the unit, also after a restart (docker compose skips a step that succeeded before); with replicas, before each replica (C731); a failing step fails the start';
const SWARM_UPDATE = ['parallelism', 'delay', 'failure_action', 'monitor', 'max_failure_ratio', 'order'];
const HOOK_KEYS = ['command', 'user', 'privileged', 'working_dir', 'environment'];
const PRE_START_KEYS = ['image', ...HOOK_KEYS, 'per_replica'];
const GPU_KEYS = ['capabilities', 'count', 'device_ids', 'driver', 'options'];
const MODELS_NOTE = 'models run in Docker Model Runner, which podman does not have: run the model server as a service of its own (an inference server image) and pass its URL in `environment:`';

export const SUPPORT_TABLE: readonly SupportRow[] = [
  // ---- top level ------------------------------------------------------------------------------
  row('version', 'ignored', '', 'obsolete: compose itself ignores it'),
  row('name', 'mapped', 'project name: prefix of unit, network and volume names'),
  row('include', 'mapped', 'merged when the files are loaded'),
  row('include.path', 'mapped', 'merged when the files are loaded'),
  row('include.env_file', 'mapped', 'merged when the files are loaded'),
  row('include.project_directory', 'mapped', 'merged when the files are loaded'),
  row('services', 'mapped', 'one `<project>-<service>.service` unit per active service'),
  ...subtree('models', ['*.name', '*.model', '*.context_size', '*.runtime_flags'], 'unsupported', '', MODELS_NOTE),
  row('networks', 'mapped', '`podman network create` before the containers that use a network'),
  row('volumes', 'mapped', '`podman volume create` before the containers that use a volume'),
  row('secrets', 'mapped', '`podman secret create` before the containers that use a secret'),
  row('configs', 'mapped', 'files bind-mounted read-only into the containers that use them'),

  // ---- services: image and process ------------------------------------------------------------
  row(`${S}.image`, 'mapped', 'the image argument of `podman run`', 'passed as written; podman resolves short names through registries.conf'),
  row(`${S}.build`, 'partial', '`podman build` step before the container starts', 'without `image:` the result is tagged `<project>-<service>`'),
  row(`${S}.build.context`, 'mapped', 'build context of `podman build`'),
  row(`${S}.build.dockerfile`, 'mapped', '`podman build --file`'),
  row(`${S}.build.dockerfile_inline`, 'mapped', '`podman build --file -`, the text on standard input (`StandardInputText=`)'),
  row(`${S}.build.entitlements`, 'ignored', '', 'BuildKit entitlements have no podman build equivalent'),
  row(`${S}.build.args`, 'mapped', '`podman build --build-arg K=V`'),
  row(`${S}.build.ssh`, 'ignored', '', 'SSH agent forwarding needs an agent socket that a systemd unit does not have'),
  row(`${S}.build.labels`, 'mapped', '`podman build --label K=V`'),
  row(`${S}.build.cache_from`, 'partial', '`podman build --cache-from`', 'podman takes a repository, not a BuildKit `type=...` cache specification'),
  row(`${S}.build.cache_to`, 'partial', '`podman build --cache-to`', 'podman takes a repository, not a BuildKit `type=...` cache specification'),
  row(`${S}.build.no_cache`, 'mapped', '`podman build --no-cache`'),
  row(`${S}.build.additional_contexts`, 'mapped', '`podman build --build-context NAME=VALUE`'),
  row(`${S}.build.network`, 'partial', '`podman build --network`', '`host` and `none`; podman build cannot join a named network'),
  row(`${S}.build.pull`, 'mapped', '`podman build --pull`'),
  row(`${S}.build.target`, 'mapped', '`podman build --target`'),
  row(`${S}.build.shm_size`, 'mapped', '`podman build --shm-size`'),
  row(`${S}.build.extra_hosts`, 'mapped', '`podman build --add-host`', '`host-gateway` needs podman 4.7: before it the entry is left out with a warning (C558)'),
  row(`${S}.build.isolation`, 'ignored', '', 'Windows isolation modes have no podman equivalent'),
  row(`${S}.build.privileged`, 'ignored', '', '`podman build` has no privileged mode'),
  row(`${S}.build.secrets`, 'partial', '`podman build --secret id=<name>,src=<file>`', 'file and environment secrets; uid, gid and mode do not apply to build secrets'),
  row(`${S}.build.secrets.source`, 'mapped', '`id=` of `podman build --secret`'),
  row(`${S}.build.secrets.target`, 'ignored', '', 'a build secret is addressed by its id in the Containerfile'),
  row(`${S}.build.secrets.uid`, 'ignored', '', 'uid, gid and mode do not apply to build secrets'),
  row(`${S}.build.secrets.gid`, 'ignored', '', 'uid, gid and mode do not apply to build secrets'),
  row(`${S}.build.secrets.mode`, 'ignored', '', 'uid, gid and mode do not apply to build secrets'),
  row(`${S}.build.tags`, 'mapped', '`podman build --tag`'),
  row(`${S}.build.ulimits`, 'ignored', '', 'not passed to `podman build` yet; the build runs with podman\'s default limits'),
  row(`${S}.build.ulimits.*.hard`, 'ignored', '', 'see `build.ulimits`'),
  row(`${S}.build.ulimits.*.soft`, 'ignored', '', 'see `build.ulimits`'),
  row(`${S}.build.platforms`, 'partial', '`podman build --platform`', 'the container runs one image: the platform of `platform:` (or the first) is built'),
  row(`${S}.build.provenance`, 'ignored', '', 'BuildKit attestations have no podman build equivalent'),
  row(`${S}.build.sbom`, 'ignored', '', 'BuildKit attestations have no podman build equivalent'),
  row(`${S}.pull_policy`, 'partial', '`podman pull` step before start', '`always`, `missing`/`if_not_present`, `never` and `build`; `daily`, `weekly`, `every_*` and `refresh` pull only when the image is missing'),
  row(`${S}.pull_refresh_after`, 'ignored', '', 'periodic image refresh is not converted'),
  row(`${S}.platform`, 'mapped', '`--platform`'),
  row(`${S}.profiles`, 'mapped', 'services of inactive profiles get no unit'),
  row(`${S}.command`, 'mapped', 'the arguments after the image'),
  row(`${S}.entrypoint`, 'mapped', '`--entrypoint`'),
  row(`${S}.working_dir`, 'mapped', '`--workdir`'),
  row(`${S}.user`, 'mapped', '`--user`'),
  row(`${S}.group_add`, 'mapped', '`--group-add`'),
  row(`${S}.environment`, 'mapped', '`--env K=V`'),
  row(`${S}.env_file`, 'mapped', '`--env K=V`', 'read when converting: convert again after editing the file'),
  row(`${S}.env_file.path`, 'mapped', '`--env K=V`', 'read when converting: convert again after editing the file'),
  row(`${S}.env_file.format`, 'mapped', '`--env K=V`'),
  row(`${S}.env_file.required`, 'mapped', 'a missing optional file is skipped'),
  row(`${S}.label_file`, 'mapped', '`--label K=V`', 'read when converting, like `env_file`; `labels:` wins over a file: convert again after editing the file'),
  row(`${S}.labels`, 'mapped', '`--label K=V`', 'plus `com.docker.compose.project` and `com.docker.compose.service`'),
  row(`${S}.annotations`, 'mapped', '`--annotation K=V`'),
  row(`${S}.container_name`, 'mapped', '`--name`'),
  row(`${S}.extends`, 'mapped', 'merged when the files are loaded'),
  row(`${S}.extends.service`, 'mapped', 'merged when the files are loaded'),
  row(`${S}.extends.file`, 'mapped', 'merged when the files are loaded'),
  ...subtree(`${S}.provider`, ['type', 'options'], 'unsupported', '', 'a provider service is set up by a plugin of docker compose (`docker <type> compose up`), which neither podman nor systemd can run: create the resource outside the project and pass its address in `environment:`'),
  ...subtree(`${S}.develop`, ['watch', 'watch.ignore', 'watch.include', 'watch.path', 'watch.action', 'watch.target', 'watch.initial_sync', 'watch.exec', 'watch.exec.command', 'watch.exec.user', 'watch.exec.privileged', 'watch.exec.working_dir', 'watch.exec.environment'], 'ignored', '', '`compose watch` is an interactive development loop; a unit has no use for it'),
  row(`${S}.attach`, 'ignored', '', 'log attachment of `docker compose up`; under systemd every container logs to the journal'),
  ...subtree(`${S}.models`, ['*.endpoint_var', '*.model_var'], 'unsupported', '', MODELS_NOTE),
  row(`${S}.use_api_socket`, 'unsupported', '', 'it mounts the Docker Engine socket; mount podman\'s socket with `volumes:` if the service needs one'),

  // ---- services: lifecycle ---------------------------------------------------------------------
  row(`${S}.depends_on`, 'mapped', '`After=` plus `Requires=` or `Wants=` on the dependency\'s unit'),
  row(`${S}.depends_on.*.condition`, 'mapped', 'what "started" means: READY (started), healthy, or exited 0 (`Type=oneshot`)'),
  row(`${S}.depends_on.*.required`, 'mapped', '`Requires=` (true) or `Wants=` (false)'),
  row(`${S}.depends_on.*.restart`, 'mapped', 'restart propagation from the dependency (`PartOf=`)'),
  row(`${S}.restart`, 'mapped', '`Restart=` with start limits', '`unless-stopped` behaves as `always` (systemd remembers a manual stop)'),
  row(`${S}.scale`, 'mapped', 'N instances of a template unit `<project>-<service>@.service`'),
  row(`${S}.healthcheck`, 'mapped', '`--health-*` flags'),
  row(`${S}.healthcheck.test`, 'mapped', '`--health-cmd`'),
  row(`${S}.healthcheck.disable`, 'mapped', '`--no-healthcheck`'),
  row(`${S}.healthcheck.interval`, 'mapped', '`--health-interval`', 'podman applies the timings only together with `test`: without it the image\'s timings stay (warning)'),
  row(`${S}.healthcheck.timeout`, 'mapped', '`--health-timeout`', 'podman applies the timings only together with `test`: without it the image\'s timings stay (warning)'),
  row(`${S}.healthcheck.retries`, 'mapped', '`--health-retries`', 'podman applies the timings only together with `test`: without it the image\'s timings stay (warning)'),
  row(`${S}.healthcheck.start_period`, 'mapped', '`--health-start-period`', 'podman applies the timings only together with `test`: without it the image\'s timings stay (warning)'),
  row(`${S}.healthcheck.start_interval`, 'partial', '`--health-startup-cmd` (the same test) and `--health-startup-interval`', 'podman\'s startup check runs at this interval until it first passes, also after `start_period`; it needs `test`', {
    sincePodman: '4.4',
    olderPodman: 'ignored',
  }),
  row(`${S}.stop_signal`, 'mapped', '`--stop-signal`'),
  row(`${S}.stop_grace_period`, 'mapped', '`--stop-timeout` (whole seconds, rounded up) and `TimeoutStopSec=` above it'),
  row(`${S}.init`, 'mapped', '`--init`'),
  row(`${S}.tty`, 'mapped', '`--tty`'),
  row(`${S}.stdin_open`, 'mapped', '`--interactive`'),
  ...subtree(`${S}.post_start`, HOOK_KEYS, 'partial', '`ExecStartPost=` runs `podman exec` in the running container', POST_START_NOTE),
  ...subtree(`${S}.pre_stop`, HOOK_KEYS, 'partial', '`ExecStop=-` runs `podman exec` before the stop command', PRE_STOP_NOTE),
  ...subtree(`${S}.pre_start`, PRE_START_KEYS, 'partial', '`ExecStartPre=` runs `podman run --rm` with the service\'s volumes, networks and environment', PRE_START_NOTE),
  row(`${S}.logging`, 'partial', '`--log-driver`, `--log-opt`'),
  row(`${S}.logging.driver`, 'partial', '`--log-driver`', '`json-file`, `k8s-file`, `journald`, `none` and `passthrough`; other drivers are ignored with a warning (podman then logs to its default)'),
  row(`${S}.logging.options`, 'mapped', '`--log-opt K=V`'),

  // ---- services: deploy ------------------------------------------------------------------------
  row(`${S}.deploy`, 'partial', 'see the `deploy.*` rows', 'outside swarm only resources, replicas and restart_policy have an effect'),
  row(`${S}.deploy.mode`, 'partial', '`replicated`: instances of a template unit', '`global` (one task per swarm node) is ignored with a warning: one container runs'),
  row(`${S}.deploy.replicas`, 'mapped', 'N instances of a template unit `<project>-<service>@.service`'),
  row(`${S}.deploy.endpoint_mode`, 'ignored', '', 'swarm service discovery (vip or dnsrr); podman resolves containers by name'),
  row(`${S}.deploy.labels`, 'ignored', '', 'labels of the swarm service, not of its containers: use `labels:`'),
  ...subtree(`${S}.deploy.rollback_config`, SWARM_UPDATE, 'ignored', '', 'swarm rolling updates have no podman equivalent'),
  ...subtree(`${S}.deploy.update_config`, SWARM_UPDATE, 'ignored', '', 'swarm rolling updates have no podman equivalent'),
  row(`${S}.deploy.resources`, 'mapped', 'see limits and reservations'),
  row(`${S}.deploy.resources.limits`, 'mapped', 'see cpus, memory, pids'),
  row(`${S}.deploy.resources.limits.cpus`, 'mapped', '`--cpus`', 'used instead of `cpus:`; two different values are an error, as in compose'),
  row(`${S}.deploy.resources.limits.memory`, 'mapped', '`--memory`', 'used instead of `mem_limit:`; two different values are an error, as in compose'),
  row(`${S}.deploy.resources.limits.pids`, 'mapped', '`--pids-limit`', 'used instead of `pids_limit:`; two different values are an error, as in compose'),
  row(`${S}.deploy.resources.reservations`, 'partial', 'see memory and devices'),
  row(`${S}.deploy.resources.reservations.cpus`, 'ignored', '', 'a CPU reservation is a swarm scheduling hint; podman has none'),
  row(`${S}.deploy.resources.reservations.memory`, 'mapped', '`--memory-reservation`', 'used instead of `mem_reservation:`'),
  ...subtree(`${S}.deploy.resources.reservations.generic_resources`, ['discrete_resource_spec', 'discrete_resource_spec.kind', 'discrete_resource_spec.value'], 'ignored', '', 'swarm generic resources have no podman equivalent'),
  row(`${S}.deploy.resources.reservations.devices`, 'partial', '`--device nvidia.com/gpu=...` (CDI)', 'GPU requests only, as CDI devices: the host needs an NVIDIA CDI specification (`nvidia-ctk cdi generate`); other requests are ignored with a warning'),
  row(`${S}.deploy.resources.reservations.devices.capabilities`, 'partial', 'requests with `gpu` become CDI devices', 'other capabilities are ignored with a warning'),
  row(`${S}.deploy.resources.reservations.devices.count`, 'mapped', '`all`: `nvidia.com/gpu=all`; N: GPUs 0 to N-1'),
  row(`${S}.deploy.resources.reservations.devices.device_ids`, 'mapped', '`nvidia.com/gpu=<id>`'),
  row(`${S}.deploy.resources.reservations.devices.driver`, 'partial', 'CDI vendor `nvidia.com`', '`nvidia` or unset; other drivers are ignored with a warning'),
  row(`${S}.deploy.resources.reservations.devices.options`, 'ignored', '', 'driver options have no CDI equivalent'),
  row(`${S}.deploy.restart_policy`, 'mapped', '`Restart=` and start limits', 'overrides `restart:`, as in docker compose'),
  row(`${S}.deploy.restart_policy.condition`, 'mapped', '`Restart=`: none -> no, on-failure -> on-failure, any -> always'),
  row(`${S}.deploy.restart_policy.delay`, 'mapped', '`RestartSec=`'),
  row(`${S}.deploy.restart_policy.max_attempts`, 'mapped', '`StartLimitBurst=` (attempts + 1)'),
  row(`${S}.deploy.restart_policy.window`, 'mapped', '`StartLimitIntervalSec=`'),
  ...subtree(`${S}.deploy.placement`, ['constraints', 'preferences', 'preferences.spread', 'max_replicas_per_node'], 'ignored', '', 'swarm placement: every container runs on this machine'),

  // ---- services: networking --------------------------------------------------------------------
  row(`${S}.ports`, 'mapped', '`--publish [host_ip:][published:]target[/protocol]`', 'with `--pod` the ports are published on the pod'),
  row(`${S}.ports.target`, 'mapped', 'container port (or range) of `--publish`'),
  row(`${S}.ports.published`, 'mapped', 'host port (or range) of `--publish`; unset: any free port'),
  row(`${S}.ports.host_ip`, 'mapped', 'host address of `--publish` (IPv6 in brackets)'),
  row(`${S}.ports.protocol`, 'mapped', '`/udp`, `/sctp` suffix of `--publish`'),
  row(`${S}.ports.mode`, 'mapped', '`host` and `ingress` both publish on this machine (there is no routing mesh)'),
  row(`${S}.ports.name`, 'ignored', '', 'a port name is descriptive only'),
  row(`${S}.ports.app_protocol`, 'ignored', '', 'an application protocol is descriptive only'),
  row(`${S}.expose`, 'mapped', '`--expose`'),
  row(`${S}.networks`, 'mapped', '`--network <name>:alias=<service>,...` per network', 'the service name is an alias on every network, for DNS; with `--pod` the pod joins the networks'),
  row(`${S}.networks.*.aliases`, 'mapped', '`alias=` option of `--network`', 'with `--pod` the aliases resolve to 127.0.0.1 through the pod'),
  row(`${S}.networks.*.ipv4_address`, 'mapped', '`ip=` option of `--network`', '', { inPod: PER_NETWORK_IN_POD }),
  row(`${S}.networks.*.ipv6_address`, 'mapped', '`ip6=` option of `--network`', '', { inPod: PER_NETWORK_IN_POD }),
  row(`${S}.networks.*.mac_address`, 'mapped', '`mac=` option of `--network`', '', { inPod: PER_NETWORK_IN_POD }),
  row(`${S}.networks.*.interface_name`, 'mapped', '`interface_name=` option of `--network`', '', { inPod: PER_NETWORK_IN_POD }),
  row(`${S}.networks.*.link_local_ips`, 'ignored', '', 'podman cannot assign link-local addresses'),
  row(`${S}.networks.*.driver_opts`, 'ignored', '', 'per-endpoint options of docker\'s network drivers have no podman equivalent'),
  row(`${S}.networks.*.priority`, 'partial', 'order of the `--network` flags (highest first)', 'podman does not promise which network gives the default route'),
  row(`${S}.networks.*.gw_priority`, 'ignored', '', 'podman chooses the default route itself'),
  row(`${S}.network_mode`, 'mapped', '`--network host|none|bridge|container:<name>`', '`service:<name>` becomes `container:<its container name>` and starts after it', {
    inPod: { status: 'unsupported', notes: 'containers of a pod share the pod\'s network namespace' },
  }),
  row(`${S}.mac_address`, 'mapped', '`mac=` option of the first `--network`', '', { inPod: PER_NETWORK_IN_POD }),
  row(`${S}.hostname`, 'mapped', '`--hostname`', '', { inPod: { status: 'ignored', notes: 'containers of a pod share the pod\'s UTS namespace and host name' } }),
  row(`${S}.domainname`, 'ignored', '', 'podman has no domain name option: write `hostname: name.domain` for a fully qualified name'),
  row(`${S}.dns`, 'mapped', '`--dns`', 'with `--pod` set on the pod'),
  row(`${S}.dns_search`, 'mapped', '`--dns-search`', 'with `--pod` set on the pod'),
  row(`${S}.dns_opt`, 'mapped', '`--dns-option`', 'with `--pod` set on the pod'),
  row(`${S}.extra_hosts`, 'mapped', '`--add-host name:ip`', 'with `--pod` set on the pod. `host-gateway` needs podman 4.7: before it the entry is left out with a warning (C558), and the container reaches the host as `host.containers.internal`, which podman adds itself'),
  row(`${S}.links`, 'partial', 'an alias of the linked service on the shared network, and start order', 'the alias is visible to every service on that network, not only to this one'),
  row(`${S}.external_links`, 'ignored', '', 'podman has no legacy links: containers on a shared network reach each other by name'),

  // ---- services: storage -----------------------------------------------------------------------
  row(`${S}.volumes`, 'mapped', '`--volume` (bind, named, anonymous) or `--mount` (tmpfs, image)', 'an anonymous volume lives only as long as its container: a warning says so'),
  row(`${S}.volumes.type`, 'partial', 'bind, volume, tmpfs and image', '`npipe` and `cluster` are refused'),
  row(`${S}.volumes.source`, 'mapped', 'host path, or the real name of the named volume'),
  row(`${S}.volumes.target`, 'mapped', 'container path'),
  row(`${S}.volumes.read_only`, 'mapped', '`ro` option'),
  row(`${S}.volumes.consistency`, 'ignored', '', 'a macOS file-sharing hint'),
  row(`${S}.volumes.bind`, 'mapped', 'bind options'),
  row(`${S}.volumes.bind.propagation`, 'mapped', 'propagation option (`rshared`, `rslave` ...)'),
  row(`${S}.volumes.bind.create_host_path`, 'mapped', 'a missing host directory is created before start'),
  row(`${S}.volumes.bind.recursive`, 'partial', '`enabled`: the default recursive bind; `disabled`: `bind` option', '`writable` and `readonly` are ignored with a warning'),
  row(`${S}.volumes.bind.selinux`, 'mapped', '`z` / `Z` option'),
  row(`${S}.volumes.volume`, 'mapped', 'volume options'),
  row(`${S}.volumes.volume.labels`, 'ignored', '', 'labels are set where the volume is declared, under the top-level `volumes:`'),
  row(`${S}.volumes.volume.nocopy`, 'mapped', '`nocopy` option'),
  row(`${S}.volumes.volume.subpath`, 'mapped', '`--mount type=volume,...,subpath=`', '', { sincePodman: '5.4' }),
  row(`${S}.volumes.tmpfs`, 'mapped', '`--mount type=tmpfs` options'),
  row(`${S}.volumes.tmpfs.size`, 'mapped', '`tmpfs-size=`'),
  row(`${S}.volumes.tmpfs.mode`, 'mapped', '`tmpfs-mode=`'),
  row(`${S}.volumes.image`, 'mapped', '`--mount type=image`'),
  row(`${S}.volumes.image.subpath`, 'mapped', '`subpath=` option of `--mount type=image`', '', { sincePodman: '5.1' }),
  row(`${S}.tmpfs`, 'mapped', '`--tmpfs`'),
  row(`${S}.volumes_from`, 'partial', '`--volumes-from`', 'the other service\'s container must exist when this one starts: this unit is ordered after it'),
  row(`${S}.secrets`, 'mapped', '`--secret <name>,type=mount,target=...` of a podman secret'),
  row(`${S}.secrets.source`, 'mapped', 'the podman secret (its real name)'),
  row(`${S}.secrets.target`, 'mapped', '`target=`', 'a path outside `/run/secrets` needs a podman that mounts secrets at absolute paths'),
  row(`${S}.secrets.uid`, 'mapped', '`uid=`', 'numeric ids only'),
  row(`${S}.secrets.gid`, 'mapped', '`gid=`', 'numeric ids only'),
  row(`${S}.secrets.mode`, 'mapped', '`mode=`'),
  row(`${S}.configs`, 'partial', '`--volume <file>:<target>:ro`', 'inline and environment configs are written to a file first'),
  row(`${S}.configs.source`, 'mapped', 'the config\'s file'),
  row(`${S}.configs.target`, 'mapped', 'container path of the bind mount'),
  row(`${S}.configs.uid`, 'ignored', '', 'a bind-mounted file keeps its owner on the host'),
  row(`${S}.configs.gid`, 'ignored', '', 'a bind-mounted file keeps its group on the host'),
  row(`${S}.configs.mode`, 'partial', 'mode of the written file', 'applies to inline and environment configs; a bind-mounted host file keeps its mode'),

  // ---- services: devices, security, namespaces --------------------------------------------------
  row(`${S}.devices`, 'mapped', '`--device source[:target[:permissions]]` (CDI names too)'),
  row(`${S}.devices.source`, 'mapped', '`--device`'),
  row(`${S}.devices.target`, 'mapped', '`--device`'),
  row(`${S}.devices.permissions`, 'mapped', '`--device`'),
  row(`${S}.device_cgroup_rules`, 'mapped', '`--device-cgroup-rule`'),
  ...subtree(`${S}.gpus`, GPU_KEYS, 'unsupported', '', 'not converted: write `devices: [nvidia.com/gpu=all]` (CDI) or `deploy.resources.reservations.devices`'),
  row(`${S}.read_only`, 'mapped', '`--read-only`'),
  row(`${S}.privileged`, 'mapped', '`--privileged`'),
  row(`${S}.cap_add`, 'mapped', '`--cap-add`'),
  row(`${S}.cap_drop`, 'mapped', '`--cap-drop`'),
  row(`${S}.security_opt`, 'mapped', '`--security-opt`'),
  row(`${S}.userns_mode`, 'mapped', '`--userns`', '', { inPod: { status: 'unsupported', notes: 'podman sets the user namespace of a pod on the pod, not on its containers' } }),
  row(`${S}.ipc`, 'mapped', '`--ipc`', '`service:<name>` becomes `container:<its container name>`'),
  row(`${S}.pid`, 'mapped', '`--pid`', '`service:<name>` becomes `container:<its container name>`'),
  row(`${S}.uts`, 'mapped', '`--uts`'),
  row(`${S}.cgroup`, 'mapped', '`--cgroupns`'),
  row(`${S}.cgroup_parent`, 'mapped', '`--cgroup-parent`'),
  row(`${S}.runtime`, 'mapped', '`--runtime`'),
  row(`${S}.isolation`, 'ignored', '', 'Windows isolation modes have no podman equivalent'),
  ...subtree(`${S}.credential_spec`, ['config', 'file', 'registry'], 'ignored', '', 'Windows credential specs have no podman equivalent'),

  // ---- services: resources ---------------------------------------------------------------------
  row(`${S}.sysctls`, 'mapped', '`--sysctl K=V`'),
  row(`${S}.ulimits`, 'mapped', '`--ulimit name=soft:hard`'),
  row(`${S}.ulimits.*.soft`, 'mapped', '`--ulimit name=soft:hard`'),
  row(`${S}.ulimits.*.hard`, 'mapped', '`--ulimit name=soft:hard`'),
  row(`${S}.storage_opt`, 'mapped', '`--storage-opt K=V`'),
  row(`${S}.shm_size`, 'mapped', '`--shm-size`'),
  row(`${S}.mem_limit`, 'mapped', '`--memory`'),
  row(`${S}.mem_reservation`, 'mapped', '`--memory-reservation`'),
  row(`${S}.memswap_limit`, 'mapped', '`--memory-swap`'),
  row(`${S}.mem_swappiness`, 'mapped', '`--memory-swappiness`'),
  row(`${S}.oom_kill_disable`, 'mapped', '`--oom-kill-disable`'),
  row(`${S}.oom_score_adj`, 'mapped', '`--oom-score-adj`'),
  row(`${S}.cpus`, 'mapped', '`--cpus`', 'cannot be combined with `cpu_period` or `cpu_quota` (error)'),
  row(`${S}.cpu_shares`, 'mapped', '`--cpu-shares`'),
  row(`${S}.cpu_quota`, 'mapped', '`--cpu-quota`'),
  row(`${S}.cpu_period`, 'mapped', '`--cpu-period`'),
  row(`${S}.cpu_rt_runtime`, 'mapped', '`--cpu-rt-runtime`', 'cgroup v1 only'),
  row(`${S}.cpu_rt_period`, 'mapped', '`--cpu-rt-period`', 'cgroup v1 only'),
  row(`${S}.cpuset`, 'mapped', '`--cpuset-cpus`'),
  row(`${S}.cpu_count`, 'ignored', '', 'Windows only'),
  row(`${S}.cpu_percent`, 'ignored', '', 'Windows only'),
  row(`${S}.pids_limit`, 'mapped', '`--pids-limit`'),
  row(`${S}.blkio_config`, 'mapped', '`--blkio-weight`, `--blkio-weight-device`, `--device-{read,write}-{bps,iops}`', 'needs the io cgroup controller (delegated, for rootless)'),
  row(`${S}.blkio_config.weight`, 'mapped', '`--blkio-weight`'),
  row(`${S}.blkio_config.weight_device`, 'mapped', '`--blkio-weight-device path:weight`'),
  row(`${S}.blkio_config.weight_device.path`, 'mapped', '`--blkio-weight-device path:weight`'),
  row(`${S}.blkio_config.weight_device.weight`, 'mapped', '`--blkio-weight-device path:weight`'),
  ...['device_read_bps', 'device_read_iops', 'device_write_bps', 'device_write_iops'].flatMap((k) => {
    const flag = `\`--${k.replace(/_/g, '-')} path:rate\``;
    return [row(`${S}.blkio_config.${k}`, 'mapped', flag), row(`${S}.blkio_config.${k}.path`, 'mapped', flag), row(`${S}.blkio_config.${k}.rate`, 'mapped', flag)];
  }),

  // ---- networks --------------------------------------------------------------------------------
  row('networks.*.name', 'mapped', 'the network\'s name'),
  row('networks.*.driver', 'partial', '`podman network create --driver`', '`bridge`, `macvlan` and `ipvlan`; others (such as `overlay`) are refused'),
  row('networks.*.driver_opts', 'mapped', '`podman network create --opt K=V`'),
  row('networks.*.ipam', 'mapped', 'see driver and config'),
  row('networks.*.ipam.driver', 'mapped', '`podman network create --ipam-driver`'),
  row('networks.*.ipam.config', 'mapped', 'one subnet per entry'),
  row('networks.*.ipam.config.subnet', 'mapped', '`podman network create --subnet`'),
  row('networks.*.ipam.config.ip_range', 'mapped', '`podman network create --ip-range`'),
  row('networks.*.ipam.config.gateway', 'mapped', '`podman network create --gateway`'),
  row('networks.*.ipam.config.aux_addresses', 'ignored', '', 'podman reserves no auxiliary addresses'),
  row('networks.*.ipam.options', 'ignored', '', 'IPAM driver options have no podman equivalent'),
  row('networks.*.external', 'mapped', 'required to exist; never created or removed'),
  row('networks.*.external.name', 'mapped', 'the existing network\'s name (deprecated form of `name:`)'),
  row('networks.*.internal', 'mapped', '`podman network create --internal`'),
  row('networks.*.enable_ipv4', 'ignored', '', 'podman networks always have IPv4'),
  row('networks.*.enable_ipv6', 'mapped', '`podman network create --ipv6`'),
  row('networks.*.attachable', 'ignored', '', 'a swarm option: every podman network is attachable'),
  row('networks.*.labels', 'mapped', '`podman network create --label K=V`'),

  // ---- volumes ---------------------------------------------------------------------------------
  row('volumes.*.name', 'mapped', 'the volume\'s name'),
  row('volumes.*.driver', 'mapped', '`podman volume create --driver`', 'a driver other than `local` must be installed as a podman volume plugin'),
  row('volumes.*.driver_opts', 'mapped', '`podman volume create --opt K=V`'),
  row('volumes.*.external', 'mapped', 'required to exist; never created or removed'),
  row('volumes.*.external.name', 'mapped', 'the existing volume\'s name (deprecated form of `name:`)'),
  row('volumes.*.labels', 'mapped', '`podman volume create --label K=V`'),

  // ---- secrets ---------------------------------------------------------------------------------
  row('secrets.*.name', 'mapped', 'the podman secret\'s name'),
  row('secrets.*.file', 'mapped', '`podman secret create NAME FILE`'),
  row('secrets.*.environment', 'mapped', '`podman secret create` from the variable\'s value'),
  row('secrets.*.external', 'mapped', 'an existing podman secret; never created or removed'),
  row('secrets.*.external.name', 'mapped', 'the existing podman secret\'s name'),
  row('secrets.*.labels', 'mapped', '`podman secret create --label K=V`'),
  row('secrets.*.driver', 'ignored', '', 'swarm secret drivers have no podman equivalent'),
  row('secrets.*.driver_opts', 'ignored', '', 'swarm secret drivers have no podman equivalent'),
  row('secrets.*.template_driver', 'ignored', '', 'swarm templating has no podman equivalent'),

  // ---- configs ---------------------------------------------------------------------------------
  row('configs.*.name', 'mapped', 'the name of the written file'),
  row('configs.*.file', 'mapped', 'the host file, bind-mounted read-only'),
  row('configs.*.content', 'mapped', 'written to a file, bind-mounted read-only'),
  row('configs.*.environment', 'mapped', 'the variable\'s value written to a file, bind-mounted read-only'),
  row('configs.*.external', 'unsupported', '', 'podman has no config store to take an external config from'),
  row('configs.*.external.name', 'unsupported', '', 'podman has no config store to take an external config from'),
  row('configs.*.labels', 'ignored', '', 'a file has no labels'),
  row('configs.*.template_driver', 'ignored', '', 'swarm templating has no podman equivalent'),

  // ---- podman-compose's extensions (x-podman) ----------------------------------------------------
  // podman-compose reads these `x-` keys; any other `x-` key is the user's and never judged. Below a service,
  // a network or a secret podman-compose writes them as dotted keys (`x-podman.uidmaps:`); the rows read
  // `x-podman.uidmaps` either way, and an `x-podman:` mapping there is read the same.
  row('x-podman.in_pod', 'partial', 'none: one pod only with `--pod`', '`false` is how compose2systemd runs anyway; `true` (podman-compose\'s default) is ignored with a warning unless converting with `--pod`'),
  row('x-podman.pod_args', 'ignored', '', 'podman-compose\'s `podman pod create` arguments are not passed on: with `--pod` the pod is made from the services\' ports, networks, DNS and hosts'),
  ...['docker_compose_compat', 'name_separator_compat', 'default_net_name_compat', 'default_net_behavior_compat'].map((k) =>
    row(`x-podman.${k}`, 'partial', 'none: always as docker compose does', 'compose2systemd always names containers, networks and volumes and picks the default network as docker compose does, as `true` asks; `false` (podman-compose\'s own ways) is ignored with a warning'),
  ),
  row(`${S}.x-podman.uidmaps`, 'unsupported', '', 'user namespace mappings are not converted yet, and the container must not run without them: use `userns_mode:` (`--userns`), or remove the key'),
  row(`${S}.x-podman.gidmaps`, 'unsupported', '', 'user namespace mappings are not converted yet, and the container must not run without them: use `userns_mode:` (`--userns`), or remove the key'),
  row(`${S}.x-podman.rootfs`, 'unsupported', '', 'a root file system in place of an image is not converted yet: give the service an `image:`'),
  row(`${S}.x-podman.no_hosts`, 'ignored', '', 'not converted yet: podman writes the container\'s /etc/hosts as usual'),
  row(`${S}.x-podman.passwd`, 'ignored', '', 'not converted yet: podman adds the user to /etc/passwd as it does by default'),
  row(`${S}.networks.*.x-podman.mac_address`, 'mapped', '`mac=` option of `--network`', 'podman-compose\'s older spelling of `mac_address`; `mac_address` wins when both are set', { inPod: PER_NETWORK_IN_POD }),
  row(`${S}.networks.*.x-podman.interface_name`, 'mapped', '`interface_name=` option of `--network`', 'podman-compose\'s older spelling of `interface_name`; `interface_name` wins when both are set', { inPod: PER_NETWORK_IN_POD }),
  row('networks.*.x-podman.disable_dns', 'ignored', '', 'not converted yet: the network is created with podman\'s DNS as usual'),
  row('networks.*.x-podman.dns', 'ignored', '', 'not converted yet: the network is created without its own DNS servers'),
  row('networks.*.x-podman.routes', 'ignored', '', 'not converted yet: the network is created without the extra routes'),
  row('secrets.*.x-podman.relabel', 'partial', 'nothing to do', 'podman-compose bind-mounts a file secret and relabels that mount; compose2systemd copies the secret into the container as a podman secret, which needs no relabeling'),
];

const BY_KEY: ReadonlyMap<string, SupportRow> = new Map(SUPPORT_TABLE.map((r) => [r.key, r]));

/** Every proper prefix of a row key: the keys that have keys below them. */
const PARENTS: ReadonlySet<string> = new Set(
  SUPPORT_TABLE.flatMap((r) => {
    const parts = r.key.split('.');
    return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
  }),
);

export function supportRow(key: string): SupportRow | undefined {
  return BY_KEY.get(key);
}

/** Whether the table has keys below `key` (so the next segment of a path is a key, not a value). */
export function hasKeysBelow(key: string): boolean {
  return PARENTS.has(key);
}


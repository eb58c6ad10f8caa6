// Stage 7 data: the fate of every compose key in the Kubernetes output (`--format kube`), beside the podman fates
// of support-table.ts. check-support.ts reports from it when converting to Kubernetes (C550, C551), and
// docs/compose-support.md renders it as its Kubernetes table. Pure data; no codes.
import type { SupportStatus } from './support-table.js';

export interface KubeFate {
  readonly status: SupportStatus;
  /** The Kubernetes field or object the key becomes; empty when it becomes nothing. */
  readonly becomes: string;
  /** For ignored and unsupported keys: the reason, shown in the diagnostic. Otherwise caveats. */
  readonly notes: string;
}

type Rule = readonly [key: string, status: SupportStatus, becomes: string, notes?: string];

const S = 'services.*';
const SWARM = 'a swarm setting with no Kubernetes field here';
const POD_ONLY = 'read by podman kube play only: a cluster ignores the annotation';
const NOT_IN_KUBE = 'the Kubernetes API has no field for it';
const HOST_ONLY = 'a setting of one host\'s kernel or runtime, which a pod spec does not carry';
const BUILD = 'a cluster runs images, it does not build them: `up --format kube` builds the image on this host (the build unit) before podman kube play; for a cluster push it to a registry';
const HEALTH = 'the probe\'s fields: periodSeconds, timeoutSeconds, failureThreshold; start_period is the liveness probe\'s initialDelaySeconds';

/** Keys below these prefixes share one fate (the diagnostic names only the outermost key set). */
const SUBTREES: readonly Rule[] = [
  ['models', 'unsupported', '', 'models run in Docker Model Runner, which neither podman nor Kubernetes has'],
  [`${S}.models`, 'unsupported', '', 'models run in Docker Model Runner, which neither podman nor Kubernetes has'],
  [`${S}.build`, 'partial', 'nothing in the manifests; the image of `image:` (or the generated name)', BUILD],
  [`${S}.provider`, 'unsupported', '', 'a provider service is set up by a plugin of docker compose'],
  [`${S}.develop`, 'ignored', '', '`compose watch` is an interactive development loop'],
  [`${S}.post_start`, 'partial', '`lifecycle.postStart.exec` (several hooks: one after the other through `sh -c`)', 'a hook with `user`, `privileged`, `working_dir` or a private environment value is left out (C753); not for a one-shot job (an init container)'],
  [`${S}.pre_stop`, 'partial', '`lifecycle.preStop.exec` (several hooks: one after the other through `sh -c`)', 'a hook with `user`, `privileged`, `working_dir` or a private environment value is left out (C753); not for a one-shot job (an init container)'],
  [`${S}.pre_start`, 'ignored', '', 'init steps are not converted: make each a service that this one depends on with `condition: service_completed_successfully` (it becomes an init container)'],
  [`${S}.deploy.rollback_config`, 'ignored', '', SWARM],
  [`${S}.deploy.update_config`, 'ignored', '', 'swarm rolling updates: the Deployment uses Kubernetes\' default rolling update (Recreate where a claim is mounted)'],
  [`${S}.deploy.placement`, 'ignored', '', 'swarm placement: use nodeSelector or affinity on the cluster'],
  [`${S}.deploy.resources.reservations.generic_resources`, 'ignored', '', SWARM],
  [`${S}.deploy.resources.reservations.devices`, 'ignored', '', 'device requests are not converted: request the device plugin\'s resource (e.g. `nvidia.com/gpu`) on the cluster'],
  [`${S}.gpus`, 'ignored', '', 'GPUs are not converted: request the device plugin\'s resource (e.g. `nvidia.com/gpu`) on the cluster'],
  [`${S}.credential_spec`, 'ignored', '', 'Windows credential specs'],
  [`${S}.blkio_config`, 'ignored', '', 'block IO weights and rates have no pod field'],
  [`${S}.ulimits`, 'partial', 'annotation `io.podman.annotations.ulimit` (name=soft:hard, ...)', POD_ONLY],
  [`${S}.x-podman`, 'ignored', '', 'podman-compose extensions are not converted to Kubernetes'],
  [`${S}.networks.*.x-podman`, 'ignored', '', 'podman-compose extensions are not converted to Kubernetes'],
  ['networks.*.x-podman', 'ignored', '', 'podman-compose extensions are not converted to Kubernetes'],
  ['secrets.*.x-podman', 'ignored', '', 'podman-compose extensions are not converted to Kubernetes'],
  ['x-podman', 'ignored', '', 'podman-compose extensions are not converted to Kubernetes'],
  [`${S}.env_file`, 'mapped', '`env` entries read through `valueFrom.secretKeyRef` from the Secret `<project>-<service>-env` (a document in a file of mode 0600)', 'read when converting: convert again after editing the file'],
  [`${S}.extends`, 'mapped', 'merged when the files are loaded'],
  ['include', 'mapped', 'merged when the files are loaded'],
  [`${S}.depends_on`, 'partial', 'a diagnostic (C751) and, for `service_healthy` and `service_completed_successfully`, init containers', 'Kubernetes starts pods in any order: see docs/kubernetes.md'],
  [`${S}.healthcheck`, 'mapped', 'livenessProbe and readinessProbe (exec)', HEALTH],
  [`${S}.logging`, 'ignored', '', 'the cluster (or podman) decides where container logs go'],
  [`${S}.networks.*`, 'ignored', '', 'a pod has one address on the cluster network; per-network settings do not apply'],
  [`${S}.secrets`, 'mapped', 'a `secret` volume mounted at the target (subPath), of the Secret `<project>-<secret>`'],
  [`${S}.configs`, 'mapped', 'a `configMap` volume mounted at the target (subPath), of the ConfigMap `<project>-<config>`'],
  [`${S}.devices`, 'partial', 'hostPath volume of type CharDevice', 'warning C752: the device must exist on the node, and a cluster lets only privileged containers use it'],
  ['networks.*', 'partial', 'nothing in the manifests', 'a cluster has one flat pod network; `up --format kube` creates the network as the other formats do and joins every pod to it'],
];

const RULES: readonly Rule[] = [
  // ---- top level ----
  ['version', 'ignored', '', 'obsolete: compose itself ignores it'],
  ['name', 'mapped', 'prefix of object names and the `app.kubernetes.io/part-of` label'],
  ['services', 'mapped', 'a Deployment per service (a one-shot job: an init container of the services waiting for it)'],
  ['networks', 'partial', 'nothing in the manifests', 'podman kube play joins every pod to the project\'s networks (`Network=` of the `.kube` unit); on a cluster every pod reaches every other'],
  ['volumes', 'mapped', 'a PersistentVolumeClaim per named volume'],
  ['secrets', 'mapped', 'references to Secrets, never their values in the manifests', 'a `file:` secret: create its Secret before applying (`up` creates it from the file at every start); an `environment:` secret: a Secret document in a file of mode 0600'],
  ['configs', 'mapped', 'a ConfigMap per config'],
  // ---- services ----
  [`${S}.image`, 'mapped', 'the container\'s `image`'],
  [`${S}.pull_policy`, 'partial', '`imagePullPolicy`', '`always`: Always, `never`: Never, anything else: IfNotPresent'],
  [`${S}.pull_refresh_after`, 'ignored', '', NOT_IN_KUBE],
  [`${S}.platform`, 'partial', '`nodeSelector` on kubernetes.io/os and kubernetes.io/arch', 'the cluster schedules the pod on a matching node; podman kube play ignores it'],
  [`${S}.profiles`, 'mapped', 'services of inactive profiles get no objects'],
  [`${S}.command`, 'mapped', 'the container\'s `args`', '`$` is written `$$`, so Kubernetes and podman keep it literal'],
  [`${S}.entrypoint`, 'mapped', 'the container\'s `command`', '`$` is written `$$`, so Kubernetes and podman keep it literal'],
  [`${S}.working_dir`, 'mapped', '`workingDir`'],
  [`${S}.user`, 'partial', '`securityContext.runAsUser` and `runAsGroup`', 'numeric ids only: a user name is dropped with a warning (C753)'],
  [`${S}.group_add`, 'partial', 'pod `securityContext.supplementalGroups`', 'numeric ids only: a group name is dropped with a warning (C753)'],
  [`${S}.environment`, 'mapped', '`env` entries: a value written in the compose file as it is, one from `.env`, `--env-file` or the OS environment through `valueFrom.secretKeyRef` of the Secret `<project>-<service>-env` (a document in a file of mode 0600)', 'a value with `$$` or `$(NAME)` is read differently by Kubernetes and podman (warning C760)'],
  [`${S}.label_file`, 'mapped', 'labels of the pod template', 'read when converting, like `env_file`'],
  [`${S}.labels`, 'mapped', 'labels of the pod template', 'a label that is not a valid Kubernetes label becomes an annotation (warning C753)'],
  [`${S}.annotations`, 'mapped', 'annotations of the pod template'],
  [`${S}.container_name`, 'ignored', '', 'Kubernetes names the containers of a pod itself (podman: `<deployment>-pod-<service>`)'],
  [`${S}.attach`, 'ignored', '', 'log attachment of `docker compose up`'],
  [`${S}.use_api_socket`, 'unsupported', '', 'it mounts the Docker Engine socket'],
  [`${S}.restart`, 'partial', 'Deployment pods always restart (`restartPolicy: Always`)', '`no` and `on-failure` become Always with a warning (C761): a Deployment allows no other policy'],
  [`${S}.scale`, 'mapped', '`replicas`', 'podman kube play runs one pod of a Deployment (warning C756)'],
  [`${S}.stop_signal`, 'ignored', '', 'the stop signal comes from the image'],
  [`${S}.stop_grace_period`, 'mapped', '`terminationGracePeriodSeconds` (whole seconds, rounded up)'],
  [`${S}.init`, 'partial', 'annotation `io.podman.annotations.init/<container>`', POD_ONLY],
  [`${S}.tty`, 'mapped', '`tty`'],
  [`${S}.stdin_open`, 'mapped', '`stdin`'],
  [`${S}.deploy`, 'partial', 'see the `deploy.*` rows'],
  [`${S}.deploy.mode`, 'partial', '`replicated`: a Deployment', '`global` (one pod per node, a DaemonSet) is ignored with a warning'],
  [`${S}.deploy.replicas`, 'mapped', '`replicas`', 'podman kube play runs one pod of a Deployment (warning C756)'],
  [`${S}.deploy.endpoint_mode`, 'ignored', '', 'the Service resolves to its pods by DNS'],
  [`${S}.deploy.labels`, 'mapped', 'labels of the Deployment'],
  [`${S}.deploy.resources`, 'mapped', 'the container\'s `resources`'],
  [`${S}.deploy.resources.limits`, 'mapped', '`resources.limits`'],
  [`${S}.deploy.resources.limits.cpus`, 'mapped', '`resources.limits.cpu`'],
  [`${S}.deploy.resources.limits.memory`, 'mapped', '`resources.limits.memory`'],
  [`${S}.deploy.resources.limits.pids`, 'ignored', '', 'a pids limit is set per node by the kubelet'],
  [`${S}.deploy.resources.reservations`, 'mapped', '`resources.requests`'],
  [`${S}.deploy.resources.reservations.cpus`, 'mapped', '`resources.requests.cpu`'],
  [`${S}.deploy.resources.reservations.memory`, 'mapped', '`resources.requests.memory`'],
  [`${S}.deploy.restart_policy`, 'partial', 'Deployment pods always restart', 'condition `none` and `on-failure` become Always with a warning (C761); delay, attempts and window are Kubernetes\' back-off'],
  [`${S}.deploy.restart_policy.condition`, 'partial', 'Deployment pods always restart'],
  [`${S}.deploy.restart_policy.delay`, 'ignored', '', 'Kubernetes restarts with its own back-off'],
  [`${S}.deploy.restart_policy.max_attempts`, 'ignored', '', 'Kubernetes restarts with its own back-off'],
  [`${S}.deploy.restart_policy.window`, 'ignored', '', 'Kubernetes restarts with its own back-off'],
  [`${S}.ports`, 'mapped', '`containerPort` with `hostPort`/`hostIP`, and a port of the service\'s Service', 'a port without a fixed host port is not published (warning C753); a Service of type ClusterIP: see docs/kubernetes.md for reaching it from outside a cluster'],
  [`${S}.ports.target`, 'mapped', '`containerPort`, and the Service\'s `port` and `targetPort`'],
  [`${S}.ports.published`, 'partial', '`hostPort`', 'ranges are expanded port by port; unset: not published'],
  [`${S}.ports.host_ip`, 'mapped', '`hostIP`'],
  [`${S}.ports.protocol`, 'mapped', '`protocol` (TCP, UDP, SCTP)'],
  [`${S}.ports.mode`, 'mapped', 'both modes publish on the node running the pod'],
  [`${S}.ports.name`, 'mapped', 'the port\'s `name`', 'when it is a valid port name (up to 15 characters)'],
  [`${S}.ports.app_protocol`, 'mapped', 'the Service port\'s `appProtocol`'],
  [`${S}.expose`, 'mapped', '`containerPort` and a port of the Service'],
  [`${S}.networks`, 'partial', 'nothing in the manifests', 'the service name resolves on every network (the Service on a cluster, the container name with podman); network isolation is lost'],
  [`${S}.networks.*.aliases`, 'partial', 'a Service per alias (cluster only)', 'podman kube play resolves only the service name'],
  [`${S}.network_mode`, 'partial', '`host`: `hostNetwork: true`', 'other modes are ignored with a warning (C753)'],
  [`${S}.mac_address`, 'ignored', '', 'a pod gets its address from the cluster network'],
  [`${S}.hostname`, 'mapped', 'pod `hostname`', 'a name that is not a DNS label is dropped with a warning'],
  [`${S}.domainname`, 'ignored', '', 'Kubernetes derives the domain from the namespace'],
  [`${S}.dns`, 'mapped', 'pod `dnsConfig.nameservers`'],
  [`${S}.dns_search`, 'mapped', 'pod `dnsConfig.searches`'],
  [`${S}.dns_opt`, 'mapped', 'pod `dnsConfig.options`'],
  [`${S}.extra_hosts`, 'partial', 'pod `hostAliases`', '`host-gateway` has no pod equivalent and is dropped with a warning (C753)'],
  [`${S}.links`, 'partial', 'a Service per link alias (cluster only)', 'podman kube play resolves only the service name'],
  [`${S}.external_links`, 'ignored', '', 'pods reach each other through Services'],
  [`${S}.volumes`, 'mapped', 'pod `volumes` and `volumeMounts`: named volumes are claims, binds hostPath (warning C752), tmpfs and anonymous volumes emptyDir, images image volumes'],
  [`${S}.volumes.type`, 'partial', 'bind: hostPath, volume: persistentVolumeClaim (anonymous: emptyDir), tmpfs: emptyDir (Memory), image: image', '`npipe` and `cluster` are refused'],
  [`${S}.volumes.source`, 'mapped', 'the hostPath, the claim, or the image'],
  [`${S}.volumes.target`, 'mapped', '`mountPath`'],
  [`${S}.volumes.read_only`, 'mapped', '`readOnly`'],
  [`${S}.volumes.consistency`, 'ignored', '', 'a macOS file-sharing hint'],
  [`${S}.volumes.bind`, 'partial', 'hostPath options'],
  [`${S}.volumes.bind.propagation`, 'partial', '`mountPropagation`', '`rshared`: Bidirectional, `rslave`: HostToContainer; others are left out'],
  [`${S}.volumes.bind.create_host_path`, 'mapped', 'hostPath `type: DirectoryOrCreate` (else unset)'],
  [`${S}.volumes.bind.recursive`, 'ignored', '', NOT_IN_KUBE],
  [`${S}.volumes.bind.selinux`, 'ignored', '', 'podman kube play relabels hostPath volumes itself; a cluster uses seLinuxOptions'],
  [`${S}.volumes.volume`, 'mapped', 'claim mount options'],
  [`${S}.volumes.volume.labels`, 'ignored', '', 'labels are set where the volume is declared'],
  [`${S}.volumes.volume.nocopy`, 'ignored', '', 'a claim starts empty'],
  [`${S}.volumes.volume.subpath`, 'mapped', '`subPath`'],
  [`${S}.volumes.tmpfs`, 'mapped', 'emptyDir options'],
  [`${S}.volumes.tmpfs.size`, 'mapped', 'emptyDir `sizeLimit`'],
  [`${S}.volumes.tmpfs.mode`, 'ignored', '', NOT_IN_KUBE],
  [`${S}.volumes.image`, 'mapped', 'image volume options'],
  [`${S}.volumes.image.subpath`, 'mapped', '`subPath`'],
  [`${S}.tmpfs`, 'mapped', 'emptyDir volume with `medium: Memory`', 'a `size=` option becomes `sizeLimit`; other options are dropped'],
  [`${S}.volumes_from`, 'ignored', '', 'pods share no volumes with each other: mount the same claim'],
  [`${S}.device_cgroup_rules`, 'ignored', '', HOST_ONLY],
  [`${S}.read_only`, 'mapped', '`securityContext.readOnlyRootFilesystem`'],
  [`${S}.privileged`, 'mapped', '`securityContext.privileged`'],
  [`${S}.cap_add`, 'mapped', '`securityContext.capabilities.add`'],
  [`${S}.cap_drop`, 'mapped', '`securityContext.capabilities.drop`'],
  [`${S}.security_opt`, 'partial', 'the container\'s securityContext: `no-new-privileges`: `allowPrivilegeEscalation: false`; `label=user|role|type|level:X`: `seLinuxOptions`, `label=disable`: `seLinuxOptions.type: spc_t`; `seccomp=unconfined` or a profile in /var/lib/kubelet/seccomp/: `seccompProfile` (Unconfined, Localhost) and the pod annotation podman kube play reads; `apparmor=X`: `appArmorProfile` (Unconfined, Localhost)', 'podman kube play ignores appArmorProfile (C762); `label=filetype`, `label=nested`, `mask`, `unmask`, `systempaths`, `proc-opts` and other seccomp profiles are dropped with a warning (C753)'],
  [`${S}.userns_mode`, 'ignored', '', HOST_ONLY],
  [`${S}.ipc`, 'partial', '`host`: pod `hostIPC: true`', 'other modes are dropped with a warning (C753)'],
  [`${S}.pid`, 'partial', '`host`: pod `hostPID: true`', 'other modes are dropped with a warning (C753)'],
  [`${S}.uts`, 'ignored', '', HOST_ONLY],
  [`${S}.cgroup`, 'ignored', '', HOST_ONLY],
  [`${S}.cgroup_parent`, 'ignored', '', HOST_ONLY],
  [`${S}.runtime`, 'partial', 'pod `runtimeClassName`', 'the cluster needs a RuntimeClass of that name; podman kube play ignores it'],
  [`${S}.isolation`, 'ignored', '', 'Windows isolation modes'],
  [`${S}.sysctls`, 'mapped', 'pod `securityContext.sysctls`', 'a cluster allows only safe sysctls unless the kubelet allows more'],
  [`${S}.storage_opt`, 'ignored', '', HOST_ONLY],
  [`${S}.shm_size`, 'mapped', 'an emptyDir with `medium: Memory` and `sizeLimit` at /dev/shm'],
  [`${S}.mem_limit`, 'mapped', '`resources.limits.memory`'],
  [`${S}.mem_reservation`, 'mapped', '`resources.requests.memory`'],
  [`${S}.memswap_limit`, 'ignored', '', 'swap is set per node by the kubelet'],
  [`${S}.mem_swappiness`, 'ignored', '', HOST_ONLY],
  [`${S}.oom_kill_disable`, 'ignored', '', HOST_ONLY],
  [`${S}.oom_score_adj`, 'ignored', '', 'the kubelet sets it from the pod\'s QoS class'],
  [`${S}.cpus`, 'mapped', '`resources.limits.cpu`'],
  [`${S}.cpu_shares`, 'ignored', '', 'use `deploy.resources.reservations.cpus` (requests.cpu)'],
  [`${S}.cpu_quota`, 'ignored', '', 'use `cpus` (limits.cpu)'],
  [`${S}.cpu_period`, 'ignored', '', 'use `cpus` (limits.cpu)'],
  [`${S}.cpu_rt_runtime`, 'ignored', '', HOST_ONLY],
  [`${S}.cpu_rt_period`, 'ignored', '', HOST_ONLY],
  [`${S}.cpuset`, 'ignored', '', 'the kubelet\'s CPU manager pins CPUs'],
  [`${S}.cpu_count`, 'ignored', '', 'Windows only'],
  [`${S}.cpu_percent`, 'ignored', '', 'Windows only'],
  [`${S}.pids_limit`, 'ignored', '', 'a pids limit is set per node by the kubelet'],
  // ---- volumes, secrets, configs ----
  ['volumes.*.name', 'partial', 'the claim\'s name', 'made a valid Kubernetes name (`<project>-<key>` unless `name:` is set)'],
  ['volumes.*.driver', 'partial', 'annotation `volume.podman.io/driver`', 'read by podman kube play; a cluster uses the storage class'],
  ['volumes.*.driver_opts', 'partial', 'annotations `volume.podman.io/type`, `device`, `mount-options` (for type, device, o)', 'read by podman kube play; other options are dropped with a warning (C753)'],
  ['volumes.*.external', 'mapped', 'a claim that must exist; no PersistentVolumeClaim is written'],
  ['volumes.*.external.name', 'mapped', 'the existing claim\'s name'],
  ['volumes.*.labels', 'mapped', 'labels of the claim', 'invalid Kubernetes labels become annotations'],
  ['secrets.*.name', 'partial', 'the Secret\'s name', 'made a valid Kubernetes name'],
  ['secrets.*.file', 'mapped', 'the Secret\'s value: `up` creates the podman secret from the file at every start; on a cluster `kubectl create secret generic --from-file`'],
  ['secrets.*.environment', 'mapped', 'the Secret `<project>-<secret>`, a document in a file of mode 0600', '`up` installs it in the private folder and the `.kube` unit stores it at every start; `convert -o DIR` writes it beside the manifests, never into them'],
  ['secrets.*.external', 'mapped', 'a Secret that must exist', 'podman kube play reads only secrets created from a Kubernetes Secret document'],
  ['secrets.*.external.name', 'mapped', 'the existing Secret\'s name'],
  ['secrets.*.labels', 'ignored', '', 'the Secret of a `file:` secret is not written, only referenced; that of an `environment:` secret carries the recommended labels only'],
  ['secrets.*.driver', 'ignored', '', SWARM],
  ['secrets.*.driver_opts', 'ignored', '', SWARM],
  ['secrets.*.template_driver', 'ignored', '', SWARM],
  ['configs.*.name', 'partial', 'the ConfigMap\'s name', 'made a valid Kubernetes name'],
  ['configs.*.file', 'mapped', 'the ConfigMap\'s data, read when converting', 'convert again after editing the file; binary files go to binaryData'],
  ['configs.*.content', 'mapped', 'the ConfigMap\'s data', 'a content made from variables becomes a Secret of the same name (a document in a file of mode 0600) instead'],
  ['configs.*.environment', 'mapped', 'a Secret of the ConfigMap\'s name, a document in a file of mode 0600', 'the value is not written in the compose file, so it is never in the manifests'],
  ['configs.*.external', 'unsupported', '', 'podman has no config store to take an external config from'],
  ['configs.*.external.name', 'unsupported', '', 'podman has no config store to take an external config from'],
  ['configs.*.labels', 'mapped', 'labels of the ConfigMap'],
  ['configs.*.template_driver', 'ignored', '', SWARM],
];

const EXACT: ReadonlyMap<string, KubeFate> = new Map(RULES.map(([key, status, becomes, notes = '']) => [key, { status, becomes, notes }]));

/**
 * The fate of a support-table key in the Kubernetes output: its own rule, else the rule of the closest
 * subtree it is in. Undefined when no rule decides it (a test checks that every table row has a fate).
 */
export function kubeFate(key: string): KubeFate | undefined {
  const own = EXACT.get(key);
  if (own) return own;
  let best: Rule | undefined;
  for (const rule of SUBTREES) {
    const [prefix] = rule;
    if ((key === prefix || key.startsWith(`${prefix}.`)) && (!best || prefix.length > best[0].length)) best = rule;
  }
  if (!best) return undefined;
  const [, status, becomes, notes = ''] = best;
  return { status, becomes, notes };
}

// Diagnostic codes of this stage (7xx planning units). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const planCodes = {
  healthyWithoutHealthcheck: { id: 'C701', severity: 'error', title: '`service_healthy` dependency on a service without a healthcheck' },
  unrepresentableValue: { id: 'C702', severity: 'error', title: 'value cannot be written into a unit file' },
  unitNameProblem: { id: 'C703', severity: 'error', title: 'invalid or clashing unit name' },
  portClash: { id: 'C704', severity: 'error', title: 'two containers would bind the same port in one pod' },
  podConflict: { id: 'C705', severity: 'error', title: 'key cannot be honoured in pod mode' },
  podAdjusted: { id: 'C706', severity: 'warning', title: 'key moved to the pod or ignored in pod mode' },
  jobRestart: { id: 'C707', severity: 'warning', title: 'restart policy of a one-shot job changed' },
  buildWithoutImage: { id: 'C708', severity: 'warning', title: '`build` without `image`: the built image gets a generated name' },
  conflictingConditions: { id: 'C709', severity: 'error', title: 'a service is waited on as healthy and as completed' },
  containerNameWithReplicas: { id: 'C710', severity: 'error', title: '`container_name` on a service with several replicas' },
  replicasMismatch: { id: 'C711', severity: 'error', title: '`scale` and `deploy.replicas` disagree' },
  pullPolicyApproximated: { id: 'C712', severity: 'warning', title: '`pull_policy` approximated' },
  buildSecretIgnored: { id: 'C713', severity: 'warning', title: 'build secret that is not a file is not passed to podman build' },
  hostPortReused: { id: 'C714', severity: 'warning', title: 'a fixed host port is published more than once' },
  invalidPodmanPath: { id: 'C715', severity: 'error', title: 'the podman path cannot be used in a unit' },
  noImage: { id: 'C716', severity: 'error', title: 'service has neither `image` nor `build`' },
  scaledToZero: { id: 'C717', severity: 'warning', title: 'service scaled to 0: its unit is generated but not started' },
  quadletNeedsNewerPodman: { id: 'C719', severity: 'error', title: 'the Quadlet output needs a newer podman' },
  podmanVersionUndescribed: { id: 'C720', severity: 'warning', title: 'the target podman is outside the versions compose2systemd describes' },
  systemdExtensionRefused: { id: 'C722', severity: 'error', title: '`x-systemd` section or directive the unit cannot take' },
  unknownSystemdDirective: { id: 'C723', severity: 'warning', title: '`x-systemd` directive systemd does not know, left out' },
  crashRestartPropagates: { id: 'C724', severity: 'warning', title: 'a crash restart of a dependency also restarts its `restart: true` dependents' },
  privateValueUnwritable: { id: 'C721', severity: 'error', title: 'a value that must stay out of the units cannot be written to its private file' },
} as const satisfies Record<string, Code>;

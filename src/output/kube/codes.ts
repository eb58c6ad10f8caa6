// Diagnostic codes of the Kubernetes output (C750-C769, part of the 7xx output range). Each is documented in
// docs/diagnostics.md.
import type { Code } from '../../diagnostics/code.js';

export const kubeCodes = {
  kubeNeedsPodman: { id: 'C750', severity: 'error', title: 'the `.kube` unit needs podman 4.4 or newer' },
  dependsOn: { id: 'C751', severity: 'warning', title: '`depends_on` has no Kubernetes equivalent' },
  hostPath: { id: 'C752', severity: 'warning', title: 'a bind mount or device becomes a hostPath volume' },
  valueDropped: { id: 'C753', severity: 'warning', title: 'a value has no Kubernetes equivalent' },
  nameChanged: { id: 'C754', severity: 'warning', title: 'a name is changed to fit Kubernetes' },
  nameClash: { id: 'C755', severity: 'error', title: 'two objects would get the same Kubernetes name' },
  replicasOnPodman: { id: 'C756', severity: 'warning', title: 'podman kube play runs one pod of a Deployment' },
  notWithKube: { id: 'C757', severity: 'error', title: 'option cannot be used with the Kubernetes output' },
  configUnreadable: { id: 'C759', severity: 'error', title: 'a config file cannot be read for its ConfigMap' },
  dollarInEnvironment: { id: 'C760', severity: 'warning', title: 'an environment value reads differently in Kubernetes and podman' },
  restartAlways: { id: 'C761', severity: 'warning', title: 'the restart policy becomes Always' },
  clusterOnly: { id: 'C762', severity: 'warning', title: 'a security option is applied on a cluster, not by podman kube play' },
} as const satisfies Record<string, Code>;

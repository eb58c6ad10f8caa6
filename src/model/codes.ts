// Diagnostic codes of this stage (5xx model, normalisation and support). Each is documented in docs/diagnostics.md.
// C501-C520 belong to normalisation (normalize.ts and the parse-* files); the support table and checks start at C550.
// C561 (undeclared references) is reported by check-references.ts during normalisation.
import type { Code } from '../diagnostics/code.js';

export const modelCodes = {
  invalidPort: { id: 'C501', severity: 'error', title: 'invalid port specification' },
  invalidVolume: { id: 'C502', severity: 'error', title: 'invalid volume specification' },
  ignoredVolumeOption: { id: 'C503', severity: 'warning', title: 'volume option ignored' },
  invalidDuration: { id: 'C504', severity: 'error', title: 'invalid duration' },
  invalidSize: { id: 'C505', severity: 'error', title: 'invalid size' },
  invalidCommand: { id: 'C506', severity: 'error', title: 'command string cannot be split' },
  invalidHealthcheck: { id: 'C507', severity: 'error', title: 'invalid healthcheck test' },
  envFileMissing: { id: 'C508', severity: 'error', title: 'required env_file not found' },
  invalidExtraHost: { id: 'C509', severity: 'error', title: 'invalid extra_hosts entry' },
  invalidRestart: { id: 'C510', severity: 'error', title: 'invalid restart policy' },
  invalidUlimit: { id: 'C511', severity: 'error', title: 'invalid ulimit' },
  invalidDevice: { id: 'C512', severity: 'error', title: 'invalid device specification' },
  invalidNumber: { id: 'C513', severity: 'error', title: 'invalid number' },
  unexpectedValue: { id: 'C514', severity: 'error', title: 'value of an unexpected type' },
  invalidKeyValue: { id: 'C515', severity: 'error', title: 'invalid KEY=VALUE entry' },
  invalidFileMode: { id: 'C516', severity: 'error', title: 'invalid file mode' },
  unitlessDuration: { id: 'C517', severity: 'warning', title: 'duration without a unit' },
  invalidAddress: { id: 'C518', severity: 'error', title: 'invalid IP address' },
  labelFileMissing: { id: 'C519', severity: 'error', title: 'label_file not found' },
  invalidResourceName: { id: 'C520', severity: 'error', title: 'invalid network or volume name' },
  // C550-C562: the support table and checks (check-support.ts), the podman run flags (src/podman/) and, for C561,
  // the reference check of normalisation (check-references.ts).
  ignoredKey: { id: 'C550', severity: 'warning', title: 'key ignored' },
  unsupportedKey: { id: 'C551', severity: 'error', title: 'key not supported' },
  needsNewerPodman: { id: 'C552', severity: 'error', title: 'needs a newer podman' },
  ignoredOnOlderPodman: { id: 'C553', severity: 'warning', title: 'key ignored on this podman version' },
  conflictsWithPod: { id: 'C554', severity: 'error', title: 'key conflicts with --pod' },
  ignoredInPod: { id: 'C555', severity: 'warning', title: 'key ignored with --pod' },
  conflictingLimits: { id: 'C556', severity: 'error', title: 'conflicting resource limits' },
  unsupportedValue: { id: 'C557', severity: 'error', title: 'value not supported' },
  ignoredValue: { id: 'C558', severity: 'warning', title: 'value ignored' },
  anonymousVolume: { id: 'C559', severity: 'warning', title: 'anonymous volume does not outlive its container' },
  unrepresentableValue: { id: 'C560', severity: 'error', title: 'value cannot be passed to podman' },
  unknownReference: { id: 'C561', severity: 'error', title: 'reference to an undeclared resource' },
  unknownKey: { id: 'C562', severity: 'warning', title: 'key unknown to the support table' },
} as const satisfies Record<string, Code>;

// Diagnostic codes of this stage (5xx model, normalisation and support). Each is documented in docs/diagnostics.md.
// C501-C519 belong to normalisation (normalize.ts and the parse-* files); the support table and checks start at C520.
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
} as const satisfies Record<string, Code>;

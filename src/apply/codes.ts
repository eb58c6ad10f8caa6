// Diagnostic codes of this stage (8xx applying a plan to a machine). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const applyCodes = {
  foreignFile: { id: 'C801', severity: 'error', title: 'a file not written by compose2systemd is in the way' },
  otherProject: { id: 'C802', severity: 'error', title: 'the file belongs to another project' },
  handEdited: { id: 'C803', severity: 'error', title: 'a generated file was edited by hand' },
  badRecord: { id: 'C804', severity: 'warning', title: 'unreadable ownership record' },
  forced: { id: 'C805', severity: 'warning', title: 'overwriting or deleting a file because of --force' },
  writeFailed: { id: 'C806', severity: 'error', title: 'could not change a file in the unit directory' },
  commandFailed: { id: 'C807', severity: 'error', title: 'a systemctl or podman command failed' },
  unitFailed: { id: 'C808', severity: 'error', title: 'a unit failed to start' },
  startTimeout: { id: 'C809', severity: 'error', title: 'a unit was still starting when the timeout ran out' },
  podmanVersionGuessed: { id: 'C810', severity: 'warning', title: 'the installed podman version could not be read; the default is used' },
  podmanVersionUnknown: { id: 'C811', severity: 'error', title: 'the installed podman version could not be read' },
  notInstalled: { id: 'C812', severity: 'error', title: 'the project is not installed in the unit directory' },
  quadletRejected: { id: 'C813', severity: 'error', title: 'podman\'s Quadlet generator made no unit of an installed file' },
} as const satisfies Record<string, Code>;

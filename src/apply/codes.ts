// Diagnostic codes of this stage (8xx applying a plan to a machine). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const applyCodes = {
  foreignFile: { id: 'C801', severity: 'error', title: 'a file not written by compose2systemd is in the way' },
  otherProject: { id: 'C802', severity: 'error', title: 'the file belongs to another project' },
  handEdited: { id: 'C803', severity: 'error', title: 'a generated file was edited by hand' },
  badRecord: { id: 'C804', severity: 'warning', title: 'unreadable ownership record' },
  forced: { id: 'C805', severity: 'warning', title: 'overwriting or deleting a file because of --force' },
  writeFailed: { id: 'C806', severity: 'error', title: 'could not change a file in the unit directory' },
} as const satisfies Record<string, Code>;

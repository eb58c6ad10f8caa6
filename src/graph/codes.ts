// Diagnostic codes of this stage (6xx dependency graph). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const graphCodes = {
  unknownDependency: { id: 'C601', severity: 'error', title: 'depends_on names an unknown service' },
  inactiveDependency: { id: 'C602', severity: 'error', title: 'depends_on names a service whose profile is not enabled' },
  dependencyCycle: { id: 'C603', severity: 'error', title: 'depends_on cycle' },
  unknownServiceArgument: { id: 'C604', severity: 'error', title: 'unknown service named on the command line' },
} as const satisfies Record<string, Code>;

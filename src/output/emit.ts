// Stage 10, output: the one place that knows every output format: ProjectPlan x format -> EmitResult.
// Codes: those of each format's emitter.
import type { ProjectPlan } from '../plan/plan.js';
import type { EmitResult, OutputFormat } from './output.js';
import { emitQuadlet } from './quadlet/emit-quadlet.js';
import { emitUnits } from './units/emit-units.js';

export function emitOutput(format: OutputFormat, plan: ProjectPlan): EmitResult {
  switch (format) {
    case 'units':
      return emitUnits(plan);
    case 'quadlet':
      return emitQuadlet(plan);
  }
}

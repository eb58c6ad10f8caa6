// Stage 10, output: the one place that knows every output format: ProjectPlan x format -> EmitResult.
// Codes: those of each format's emitter.
import type { ProjectPlan } from '../plan/plan.js';
import { emitKube } from './kube/emit-kube.js';
import type { KubeInputs } from './kube/kube-context.js';
import type { EmitResult, OutputFormat } from './output.js';
import { emitQuadlet } from './quadlet/emit-quadlet.js';
import { emitUnits } from './units/emit-units.js';

/** What a format reads besides the plan (only the Kubernetes output reads anything: config files' content). */
export type EmitInputs = KubeInputs;

export function emitOutput(format: OutputFormat, plan: ProjectPlan, inputs: EmitInputs = {}): EmitResult {
  switch (format) {
    case 'units':
      return emitUnits(plan);
    case 'quadlet':
      return emitQuadlet(plan);
    case 'kube':
      return emitKube(plan, inputs);
  }
}

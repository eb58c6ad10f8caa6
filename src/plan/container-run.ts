// Stage 9, plan: one service -> what its `podman run` line carries besides the lifecycle flags
// (service-unit.ts): the flags from src/podman/run-args.ts, the image, the command, and the steps before.
// Codes: none of its own.
import type { Service } from '../model/types.js';
import { pointerJoin } from '../source/origins.js';
import type { PlanContext } from './plan-context.js';
import type { ServiceRole } from './service-roles.js';
import type { ContainerRun } from './service-unit.js';
import type { ArgGroup } from './unit-draft.js';

export interface ContainerRunInput {
  /** The image the image unit makes present (a built image's tag when the service names none). */
  readonly image: string;
  readonly pod: boolean;
  readonly externalChecks: readonly { readonly args: readonly ArgGroup[]; readonly what: string }[];
}

export function containerRun(ctx: PlanContext, service: Service, role: ServiceRole, input: ContainerRunInput): ContainerRun {
  void ctx;
  void role;
  const command: ArgGroup[] = (service.command ?? []).map((a, i) => ({ args: [a], pointer: pointerJoin(pointerJoin(service.pointer, 'command'), i) }));
  return { flags: [], image: input.image, command, before: input.externalChecks };
}

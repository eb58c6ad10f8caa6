// Stage 9, plan: the planner's input options and its output, a Plan of unit files (no behaviour here besides
// filling in option defaults). Codes: none.
import { DEFAULT_PODMAN_VERSION } from '../podman/capabilities.js';
import type { UnitFile } from '../systemd/unit-file.js';

export interface PlanOptions {
  /** The podman version the units must run on, `X.Y` or `X.Y.Z`; already validated by the caller. */
  readonly podmanVersion: string;
  /** Run every service in one pod (`P-pod.service`). */
  readonly pod: boolean;
  /** User units (`WantedBy=default.target`) or system units (`WantedBy=multi-user.target`). */
  readonly scope: 'user' | 'system';
  /** Compose file names relative to the project directory, for unit headers. */
  readonly sources: readonly string[];
  /** Absolute path of the podman binary written into every command. */
  readonly podman: string;
}

export const DEFAULT_PODMAN_PATH = '/usr/bin/podman';

/** Options with defaults for the ones not given (podman 4.3, no pod, user scope, /usr/bin/podman). */
export function planOptions(options: Partial<PlanOptions> = {}): PlanOptions {
  return {
    podmanVersion: options.podmanVersion ?? DEFAULT_PODMAN_VERSION,
    pod: options.pod ?? false,
    scope: options.scope ?? 'user',
    sources: options.sources ?? [],
    podman: options.podman ?? DEFAULT_PODMAN_PATH,
  };
}

/** One unit and the units of the same project it depends on (Requires=, Wants=, BindsTo=), targets excluded. */
export interface UnitDependency {
  readonly unit: string;
  readonly requires: readonly string[];
}

export interface Plan {
  readonly project: string;
  /** The project's target unit, e.g. `myapp.target`: one handle to start, stop and enable the project. */
  readonly target: string;
  /** Every generated unit, sorted by name. */
  readonly units: readonly UnitFile[];
  /**
   * Unit names, dependencies first (networks, volumes, images, pod, then services in dependency order),
   * the target last. Template units appear as their instances (`P-web@1.service`).
   */
  readonly startOrder: readonly string[];
  /** Unit-level edges, so `apply` can restart the dependents of a changed unit. Sorted by unit. */
  readonly dependencies: readonly UnitDependency[];
}

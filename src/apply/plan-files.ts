// Stage 11, apply: the input contract between the planner and the apply stage (no behaviour here).
// Kept minimal so apply can be built and tested before src/plan/ exists; the planner maps its Plan onto it.

/** One file the planner wants in the unit directory, without our ownership marker (apply adds it). */
export interface PlannedFile {
  /** A plain file name relative to the unit directory, e.g. `myapp-web.service`; never a path. */
  readonly path: string;
  readonly content: string;
}

/** Everything `apply` needs to install one project. */
export interface ApplyInput {
  /** The compose project name; it names the ownership record, so it must be a valid compose project name. */
  readonly project: string;
  /** The compose file path(s), written into each marker so a reader knows where a unit came from. */
  readonly source: string;
  readonly files: readonly PlannedFile[];
  /** Unit names, dependencies first. */
  readonly startOrder: readonly string[];
  /** The project's target unit, e.g. `myapp.target`. */
  readonly target: string;
}

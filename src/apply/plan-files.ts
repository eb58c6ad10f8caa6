// Stage 11, apply: the input contract between the output and the apply stage (no behaviour here), and how a
// project's files spread over the directories they are installed in. Codes: none.

/** One file the output wants installed, without our ownership marker (apply adds it). */
export interface PlannedFile {
  /** A plain file name relative to its directory, e.g. `myapp-web.service`; never a path. */
  readonly path: string;
  readonly content: string;
  /** The absolute directory it goes in; the unit directory when not given. */
  readonly dir?: string;
  /** The file mode (0644 when not given). */
  readonly mode?: number;
  /** For a file of a private directory: what a review shows instead of its content. */
  readonly redacted?: string;
  /** For a file that is not a unit: the units (file names) that read it and restart when it changes. */
  readonly readers?: readonly string[];
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

/** The input of one directory: the files planned there (each directory keeps its own ownership record). */
export function inputForDir(input: ApplyInput, dir: string, unitDir: string): ApplyInput {
  return { ...input, files: input.files.filter((f) => (f.dir ?? unitDir) === dir).map(({ dir: _dir, ...f }) => f) };
}

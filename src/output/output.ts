// Stage 10, output: the contract every output format fulfils. ProjectPlan -> files to install (each with the
// place it goes and the systemd unit it makes) plus the order in which the units start. Codes: none.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { UnitFile } from '../systemd/unit-file.js';

export const OUTPUT_FORMATS = ['units', 'quadlet', 'kube'] as const;
/** `units`: plain `podman run` services; `quadlet`: Quadlet files; `kube`: Kubernetes YAML run by a Quadlet `.kube` unit. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * Where a file is installed: `units`, the systemd unit directory; `quadlet`, the project's folder of Quadlet
 * files; `private`, a folder only the owner of the units can read (files holding secret values).
 */
export type FileRoot = 'units' | 'quadlet' | 'private';

export interface OutputFile {
  readonly root: FileRoot;
  /** A plain file name within its root, e.g. `myapp-web.service` or `myapp-web.container`; never a path. */
  readonly name: string;
  readonly content: string;
  /**
   * The systemd unit this file makes: its own name for a unit file, the service Quadlet generates for a
   * Quadlet file (`P-web.container` -> `P-web.service`; a template `P-web@.service`). Undefined for files
   * that are not units (YAML, data files).
   */
  readonly unit?: string;
  /** The file as sections and entries, for files written from the unit model (tests and `explain` read it). */
  readonly model?: UnitFile;
  /** The file mode to install it with (0644 when not given). */
  readonly mode?: number;
  /**
   * The content holds values that are not public in the compose file (root `private`): installed without an
   * ownership marker (it would become part of the value), never hashed into a record, and shown as `redacted`
   * unless the user asks for the values.
   */
  readonly sensitive?: boolean;
  /** The content to show instead of a sensitive one: each value replaced by where it came from. */
  readonly redacted?: string;
  /** For a file that is not a unit: the units (by file name) that read it, restarted when it changes. */
  readonly readers?: readonly string[];
}

/** One unit and the units of the same project it depends on (Requires=, Wants=, BindsTo=), targets excluded. */
export interface UnitDependency {
  readonly unit: string;
  readonly requires: readonly string[];
  /** Of `requires`, the units whose failure does not keep this one from starting (depends_on with required: false). */
  readonly optional?: readonly string[];
}

export interface Output {
  readonly format: OutputFormat;
  /** Sorted by root, then name. */
  readonly files: readonly OutputFile[];
  /** The project's target unit, e.g. `myapp.target`: one handle to start, stop and enable the project. */
  readonly target: string;
  /**
   * Unit names, dependencies first, the target last. Template units appear as their instances
   * (`P-web@1.service`).
   */
  readonly startOrder: readonly string[];
  /** Unit-level edges, so `apply` can restart the dependents of a changed unit. Sorted by unit. */
  readonly dependencies: readonly UnitDependency[];
  /**
   * The Kubernetes output only: the objects of its YAML one file each (`<name>-<kind>.yaml`, sorted), for
   * `convert -o DIR` and `kubectl apply -f DIR`. Never installed: `files` holds them as one multi-document file.
   */
  readonly manifests?: readonly OutputFile[];
}

export interface EmitResult {
  /** Absent when an error was reported. */
  readonly output?: Output;
  readonly diagnostics: readonly Diagnostic[];
}

/** Code-unit order: the same bytes on every machine, whatever the locale. */
export function compareFiles(a: OutputFile, b: OutputFile): number {
  const ka = `${a.root}\0${a.name}`;
  const kb = `${b.root}\0${b.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

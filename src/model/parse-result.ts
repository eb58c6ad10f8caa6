// Stage 6 helper type: what every pure parse-* function returns; normalize.ts turns failures into 5xx diagnostics.
// `index` is a character offset into the parsed string, so a diagnostic can point inside the scalar.

export interface ParseProblem {
  readonly message: string;
  /** Offset of the offending character in the input string, when one can be named. */
  readonly index?: number;
  /** Length of the offending part (defaults to 1 when `index` is set). */
  readonly length?: number;
}

export type Parsed<T> =
  | { readonly ok: true; readonly value: T; readonly warnings?: readonly ParseProblem[] }
  | { readonly ok: false; readonly error: ParseProblem };

export function parsedOk<T>(value: T, warnings?: readonly ParseProblem[]): Parsed<T> {
  return warnings && warnings.length > 0 ? { ok: true, value, warnings } : { ok: true, value };
}

export function parsedError<T>(message: string, index?: number, length?: number): Parsed<T> {
  return { ok: false, error: { message, ...(index !== undefined ? { index } : {}), ...(length !== undefined ? { length } : {}) } };
}

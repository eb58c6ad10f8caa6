// Where a value came from: byte offsets into one source file. Line and column are computed only when printed.
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

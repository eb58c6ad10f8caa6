// A loaded text with its path, and offset -> line:col (1-based, columns counted in UTF-16 units of the line).
import type { Position, Span } from './span.js';

export class SourceFile {
  private readonly lineStarts: readonly number[];

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    this.lineStarts = starts;
  }

  positionOf(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - (this.lineStarts[lo] ?? 0) + 1 };
  }

  /** The text of a 1-based line, without its newline. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, '');
  }

  span(start: number, end: number): Span {
    return { file: this.path, start, end };
  }
}

/** Every file a run has read, by path, so diagnostics can be printed with excerpts. */
export class SourceRegistry {
  private readonly files = new Map<string, SourceFile>();

  add(file: SourceFile): SourceFile {
    this.files.set(file.path, file);
    return file;
  }

  get(path: string): SourceFile | undefined {
    return this.files.get(path);
  }
}

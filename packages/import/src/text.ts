import type { Problem, ProblemCode } from '@foresight/core';
import type { Offset } from './model.js';

/** Offsets to 1-based lines and columns, for problems that point into a model file. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // \r\n, \n and a lone \r (classic Mac files in the suite) each end a line.
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  position(offset: Offset): { line: number; column: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - this.starts[lo]! + 1 };
  }
}

/** Problems of one model file, each positioned by its offset. */
export class Problems {
  readonly list: Problem[] = [];
  private readonly lines: LineIndex;

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.lines = new LineIndex(text);
  }

  add(code: ProblemCode, message: string, at: Offset, path: readonly (string | number)[] = []): void {
    const { line, column } = this.lines.position(at);
    this.list.push({ code, message, file: this.file, path, line, column });
  }

  /** A problem at a known line and column (the XML validator's answer). */
  addAt(code: ProblemCode, message: string, line: number, column: number): void {
    this.list.push({ code, message, file: this.file, path: [], line, column });
  }

  where(at: Offset): { line: number; column: number } {
    return this.lines.position(at);
  }

  get count(): number {
    return this.list.length;
  }
}

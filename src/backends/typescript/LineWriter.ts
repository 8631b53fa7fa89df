/**
 * Builds source text line by line with indentation — all the emitter needs, so no template
 * engine (the architecture guide leaves one out on purpose).
 */
export class LineWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  /** Adds one line at the current indentation (an empty call adds a blank line). */
  line(text = ''): this {
    this.lines.push(text === '' ? '' : `${'  '.repeat(this.depth)}${text}`);
    return this;
  }

  /** Writes `open`, the body one level deeper, then `close`. */
  block(open: string, body: () => void, close = '}'): this {
    this.line(open);
    this.depth++;
    body();
    this.depth--;
    return this.line(close);
  }

  /** The text, ending with one newline. */
  toString(): string {
    return `${this.lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd()}\n`;
  }
}

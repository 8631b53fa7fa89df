/** One target of the benchmark: a ratio against a baseline measured in the same run. */
export interface Target {
  /** What is compared, e.g. "optimized vs hand-written Keras InceptionV3, batch 1". */
  measure: string;
  /** The measured ratio as text, e.g. "1.21x faster". */
  result: string;
  /** The goal as text, e.g. "≥ 1.15x faster". */
  goal: string;
  met: boolean;
  /** Why a missed target is missed, or what the number means. */
  note?: string;
}

type Cell = string | number;

/**
 * What `npm run bench` prints and writes to bench/RESULTS.md: sections of text lines and
 * tables, printed to the console as they come (aligned columns) and kept as Markdown, plus the
 * targets, which open the file.
 */
export class BenchReport {
  private readonly markdown: string[] = [];
  readonly targets: Target[] = [];

  /** Starts a section. */
  section(title: string, description?: string): void {
    console.log(`\n${title}${description ? `: ${description}` : ''}`);
    this.markdown.push(`## ${title}`, '');
    if (description) this.markdown.push(description, '');
  }

  /** A sentence under the current section. */
  line(text: string): void {
    console.log(text);
    this.markdown.push(text, '');
  }

  /** A table under the current section; the first column is a label, the rest are numbers. */
  table(headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>): void {
    const widths = headers.map((h, i) =>
      Math.max(i === 0 ? 26 : 12, ...[h, ...rows.map((r) => r[i] ?? '')].map((c) => String(c).length + 2)),
    );
    const text = (cells: readonly Cell[]) =>
      cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('');
    console.log(text(headers));
    for (const r of rows) console.log(text(r));
    this.markdown.push(
      `| ${headers.join(' | ')} |`,
      `|${headers.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    );
    for (const r of rows) this.markdown.push(`| ${r.join(' | ')} |`);
    this.markdown.push('');
  }

  /** Records a target (shown in the summary at the top of the file) and prints it. */
  target(t: Target): void {
    this.targets.push(t);
    console.log(
      `target: ${t.measure}: ${t.result} (goal ${t.goal}) ${t.met ? 'met' : 'NOT MET'}${t.note ? ` — ${t.note}` : ''}`,
    );
  }

  /** The whole report as Markdown, under `header` (machine, versions, date). */
  toMarkdown(header: readonly string[]): string {
    const summary = [
      '## Targets',
      '',
      '| measure | result | goal | met |',
      '| --- | ---: | ---: | :---: |',
      ...this.targets.map(
        (t) =>
          `| ${t.measure}${t.note ? ` (${t.note})` : ''} | ${t.result} | ${t.goal} | ${t.met ? 'yes' : '**no**'} |`,
      ),
      '',
    ];
    return [...header, ...summary, ...this.markdown].join('\n').replace(/\n+$/, '\n');
  }
}

import type { StepLog } from '../train/trainModel.js';
import type { OutputStream } from './CliIO.js';

/** Back to column 0 and erase the line: the progress line is redrawn in place. */
const CLEAR = '\r\x1b[2K';
/** At most ten redraws a second: a fast model steps hundreds of times a second, and terminals lag behind. */
const REDRAW_MS = 100;
const BAR_WIDTH = 20;
const DEFAULT_COLUMNS = 80;

/** Where the timing of the current epoch starts: rates and ETA count only what happened since. */
interface Baseline {
  time: number;
  step: number;
  images: number;
}

/**
 * The live display of `incep train`. On a terminal, `step` redraws one line in place (bar, rate,
 * running loss and accuracy, learning rate, ETA); everywhere, `epochEnd` leaves one summary line
 * per epoch, so logs and pipes get exactly those lines and no control characters.
 */
export class TrainingProgress {
  private readonly tty: boolean;
  private readonly now: () => number;
  /** When the current epoch began: construction, then each `epochEnd`. */
  private epochStart: number;
  private epoch = 0;
  private baseline: Baseline = { time: 0, step: 0, images: 0 };
  /** Whether a progress line is on screen, to be cleared before anything else is written. */
  private drawn = false;
  private lastDraw = -Infinity;

  /**
   * @param stream where to write (stderr, so stdout stays for `--json`); `isTTY` turns the live
   *   line on and `columns` (read at every redraw, so resizes count) bounds its width.
   * @param options `epochs` in the run; `steps` per epoch, 0 when unknown (no bar, no ETA);
   *   `images` per epoch, accepted for the caller's convenience but not displayed; `now`, a
   *   millisecond clock (default `performance.now`), for tests.
   */
  constructor(
    private readonly stream: OutputStream & { columns?: number },
    private readonly options: { epochs: number; steps: number; images?: number; now?: () => number },
  ) {
    this.tty = stream.isTTY === true;
    this.now = options.now ?? (() => performance.now());
    this.epochStart = this.now();
  }

  /** After every training step: redraws the progress line on a terminal (throttled), else nothing. */
  step(s: StepLog): void {
    if (!this.tty) return;
    const time = this.now();
    if (s.epoch !== this.epoch) {
      this.epoch = s.epoch;
      // A run resumed mid-epoch reports its first step as a later one, with the earlier images
      // counted: time only the steps run here, or the rate and ETA would be far too optimistic.
      this.baseline =
        s.step <= 1 ? { time: this.epochStart, step: 0, images: 0 } : { time, step: s.step, images: s.images };
      this.lastDraw = -Infinity;
    }
    // The epoch's last step always shows, so the bar is seen full before the summary replaces it.
    const last = this.options.steps > 0 && s.step >= this.options.steps;
    if (!last && time - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = time;
    this.stream.write(CLEAR + this.fit(this.line(s, time)));
    this.drawn = true;
  }

  /** At the end of an epoch: replaces the progress line with `line`, the epoch's summary. */
  epochEnd(line: string): void {
    this.writeLine(line);
    this.epochStart = this.now();
  }

  /** A line of its own (a warning, a notice), above the progress line, which the next step redraws. */
  message(text: string): void {
    this.writeLine(text);
  }

  /** Clears a progress line left on screen; call it when training ends or fails. */
  finish(): void {
    if (this.drawn) this.stream.write(CLEAR);
    this.drawn = false;
  }

  private writeLine(text: string): void {
    this.stream.write(`${this.drawn ? CLEAR : ''}${text}\n`);
    this.drawn = false;
    this.lastDraw = -Infinity;
  }

  /** The progress line for step `s` at `time`, before fitting it to the terminal. */
  private line(s: StepLog, time: number): string {
    const { epochs, steps } = this.options;
    const seconds = (time - this.baseline.time) / 1000;
    const done = s.step - this.baseline.step;
    const head = `epoch ${s.epoch}/${epochs}`;
    const parts = [steps > 0 ? `${head} ${bar(s.step / steps)} ${s.step}/${steps}` : `${head} step ${s.step}`];
    const images = s.images - this.baseline.images;
    if (seconds > 0 && images > 0) parts.push(`${formatNumber(images / seconds, (x) => x.toFixed(1))} img/s`);
    parts.push(
      `loss ${formatNumber(s.loss, (x) => x.toFixed(4))}`,
      `acc ${formatNumber(100 * s.accuracy, (x) => x.toFixed(1))}%`,
      `lr ${formatNumber(s.lr, (x) => x.toExponential(2))}`,
    );
    if (steps > 0 && done > 0 && seconds >= 0) {
      const eta = (seconds / done) * Math.max(0, steps - s.step);
      if (Number.isFinite(eta)) parts.push(`ETA ${clock(eta)}`);
    }
    return parts.join('  ');
  }

  /**
   * `text` cut to one column less than the terminal's width: a line that fills the last column
   * makes some terminals wrap, and the next `\r` then redraws below it instead of over it.
   */
  private fit(text: string): string {
    const columns = this.stream.columns;
    const width = columns !== undefined && Number.isFinite(columns) && columns > 0 ? columns : DEFAULT_COLUMNS;
    return text.length < width ? text : text.slice(0, Math.max(0, width - 1));
  }
}

/** A `[=====>    ]` bar filled to `fraction` (clamped to 0..1). */
function bar(fraction: number): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  if (f >= 1) return `[${'='.repeat(BAR_WIDTH)}]`;
  const filled = Math.floor(f * BAR_WIDTH);
  return `[${'='.repeat(filled)}>${' '.repeat(BAR_WIDTH - filled - 1)}]`;
}

/** `show(x)`, or `nan` / `inf` / `-inf`: a diverging run must still be displayed, not crash the display. */
function formatNumber(x: number, show: (x: number) => string): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return show(x);
}

/** `seconds` as m:ss, or h:mm:ss from an hour on. */
function clock(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const ss = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

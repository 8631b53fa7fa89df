import { expect } from 'chai';
import { TrainingProgress } from '../../src/cli/TrainingProgress.js';

const CLEAR = '\r\x1b[2K';

/** A stream that keeps what is written, and a clock the test moves by hand. */
function setup(options: { isTTY?: boolean; columns?: number; epochs?: number; steps?: number }) {
  const writes: string[] = [];
  const clock = { ms: 0 };
  const stream = {
    write: (text: string) => writes.push(text),
    ...(options.isTTY === undefined ? {} : { isTTY: options.isTTY }),
    ...(options.columns === undefined ? {} : { columns: options.columns }),
  };
  const progress = new TrainingProgress(stream, {
    epochs: options.epochs ?? 10,
    steps: options.steps ?? 40,
    images: 1280,
    now: () => clock.ms,
  });
  return { writes, clock, progress };
}

/** A step of epoch `epoch` with 32-image batches and made-up running metrics. */
function stepLog(epoch: number, step: number) {
  return { epoch, step, loss: 1.5, accuracy: 0.25, lr: 0.01, images: 32 * step };
}

/** The progress lines drawn: writes after a clear that are not whole lines, without the clear. */
function drawn(writes: string[]): string[] {
  return writes
    .filter((w) => w.startsWith(CLEAR) && w.length > CLEAR.length && !w.endsWith('\n'))
    .map((w) => w.slice(CLEAR.length));
}

describe('cli/TrainingProgress', () => {
  describe('not a terminal: only whole lines', () => {
    for (const isTTY of [false, undefined]) {
      it(`isTTY=${String(isTTY)}`, () => {
        const { writes, clock, progress } = setup({ ...(isTTY === undefined ? {} : { isTTY }), steps: 3 });
        for (let epoch = 1; epoch <= 2; epoch++) {
          for (let step = 1; step <= 3; step++) {
            clock.ms += 1000;
            progress.step(stepLog(epoch, step));
          }
          progress.epochEnd(`epoch ${epoch}/10  done`);
        }
        progress.message('2 files skipped');
        progress.finish();
        expect(writes).to.deep.equal(['epoch 1/10  done\n', 'epoch 2/10  done\n', '2 files skipped\n']);
      });
    }
  });

  it('draws the line of the example', () => {
    const { writes, clock, progress } = setup({ isTTY: true, columns: 200 });
    // 12 steps in 10 s, 412 images: 41.2 img/s, and 28 steps left at 10/12 s each.
    for (let step = 1; step <= 12; step++) {
      clock.ms = (10_000 * step) / 12;
      progress.step({ epoch: 3, step, loss: 1.23451, accuracy: 0.456, lr: 0.045, images: step === 12 ? 412 : 0 });
    }
    expect(drawn(writes).at(-1)).to.equal(
      'epoch 3/10 [======>             ] 12/40  41.2 img/s  loss 1.2345  acc 45.6%  lr 4.50e-2  ETA 0:23',
    );
  });

  describe('throttles redraws to ten a second', () => {
    const cases: Array<{ name: string; steps: number; times: number[]; draws: number[] }> = [
      { name: 'the first step and then every 100 ms', steps: 40, times: [0, 50, 99, 100, 150, 250], draws: [1, 4, 6] },
      { name: 'the last step of an epoch always', steps: 3, times: [0, 10, 20], draws: [1, 3] },
      { name: 'no last step when the steps are unknown', steps: 0, times: [0, 10, 20], draws: [1] },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const { writes, clock, progress } = setup({ isTTY: true, columns: 200, steps: c.steps });
        c.times.forEach((ms, i) => {
          clock.ms = ms;
          progress.step(stepLog(1, i + 1));
        });
        expect(
          drawn(writes).map((line) => /(\d+)\/\d+ {2}|step (\d+)/.exec(line)!.slice(1).find(Boolean)),
        ).to.deep.equal(c.draws.map(String));
      });
    }

    it('redraws at once after a message and in a new epoch', () => {
      const { writes, clock, progress } = setup({ isTTY: true, steps: 40 });
      progress.step(stepLog(1, 1));
      clock.ms = 10;
      progress.message('stopping after this step');
      progress.step(stepLog(1, 2));
      clock.ms = 20;
      progress.epochEnd('epoch 1/10');
      progress.step(stepLog(2, 1));
      clock.ms = 30;
      progress.step(stepLog(2, 2));
      expect(drawn(writes).map((line) => line.slice(0, 10))).to.deep.equal(['epoch 1/10', 'epoch 1/10', 'epoch 2/10']);
    });
  });

  describe('fills the bar in proportion', () => {
    const cases: Array<{ step: number; steps: number; bar: string }> = [
      { step: 1, steps: 40, bar: '[>                   ]' },
      { step: 10, steps: 40, bar: '[=====>              ]' },
      { step: 20, steps: 40, bar: '[==========>         ]' },
      { step: 39, steps: 40, bar: '[===================>]' },
      { step: 40, steps: 40, bar: '[====================]' },
      // The data had more batches than counted: full, not overflowing.
      { step: 45, steps: 40, bar: '[====================]' },
      { step: 1, steps: 1, bar: '[====================]' },
    ];
    for (const c of cases) {
      it(`${c.step}/${c.steps} → ${c.bar}`, () => {
        const { writes, progress } = setup({ isTTY: true, columns: 200, steps: c.steps });
        progress.step(stepLog(1, c.step));
        expect(drawn(writes)[0]).to.include(`${c.bar} ${c.step}/${c.steps}`);
      });
    }
  });

  describe('estimates the time left in the epoch', () => {
    const cases: Array<{ steps: number; step: number; seconds: number; eta: string }> = [
      { steps: 40, step: 12, seconds: 10.2, eta: '0:24' },
      { steps: 40, step: 40, seconds: 30, eta: '0:00' },
      { steps: 14, step: 1, seconds: 5, eta: '1:05' },
      { steps: 1000, step: 1, seconds: 3.6, eta: '59:56' },
      { steps: 1000, step: 1, seconds: 10, eta: '2:46:30' },
      { steps: 361, step: 1, seconds: 10, eta: '1:00:00' },
    ];
    for (const c of cases) {
      it(`step ${c.step}/${c.steps} after ${c.seconds} s → ETA ${c.eta}`, () => {
        const { writes, clock, progress } = setup({ isTTY: true, columns: 200, steps: c.steps });
        // Only step 1 (at the start) and the step of interest are reported, as if the rest were throttled.
        if (c.step > 1) progress.step(stepLog(1, 1));
        clock.ms = 1000 * c.seconds;
        progress.step(stepLog(1, c.step));
        expect(drawn(writes).at(-1)).to.match(new RegExp(`  ETA ${c.eta}$`));
      });
    }

    it('times a resumed epoch from its first reported step', () => {
      const { writes, clock, progress } = setup({ isTTY: true, columns: 200, steps: 40 });
      clock.ms = 60_000;
      progress.step(stepLog(1, 6));
      clock.ms = 61_000;
      progress.step(stepLog(1, 7));
      const [first, second] = drawn(writes);
      expect(first).not.to.match(/img\/s|ETA/);
      expect(second)
        .to.include('  32.0 img/s  ')
        .and.match(/ {2}ETA 0:33$/);
    });

    it('times later epochs from the previous epoch end', () => {
      const { writes, clock, progress } = setup({ isTTY: true, columns: 200, steps: 10 });
      clock.ms = 100_000;
      progress.epochEnd('epoch 1/10');
      clock.ms = 102_000;
      progress.step(stepLog(2, 1));
      expect(drawn(writes)[0])
        .to.include('  16.0 img/s  ')
        .and.match(/ {2}ETA 0:18$/);
    });
  });

  describe('fits the line to the terminal', () => {
    // Step 123 of 500, 122 s after step 1 (at the epoch's start): 377 steps left at 122/123 s each.
    const full = 'epoch 10/10 [====>               ] 123/500  32.0 img/s  loss 1.5000  acc 25.0%  lr 1.00e-2  ETA 6:14';
    const cases: Array<{ columns: number | undefined; length: number }> = [
      { columns: 40, length: 39 },
      { columns: undefined, length: 79 },
      { columns: 0, length: 79 },
      { columns: 1, length: 0 },
      { columns: 200, length: full.length },
      { columns: full.length + 1, length: full.length },
      { columns: full.length, length: full.length - 1 },
    ];
    for (const c of cases) {
      it(`columns=${String(c.columns)} → ${c.length} characters`, () => {
        const { writes, clock, progress } = setup({
          isTTY: true,
          steps: 500,
          ...(c.columns === undefined ? {} : { columns: c.columns }),
        });
        progress.step({ ...stepLog(10, 1), images: 0 });
        clock.ms = 122_000;
        progress.step({ ...stepLog(10, 123), images: 122 * 32 });
        expect(writes.at(-1)).to.equal(CLEAR + full.slice(0, c.length));
      });
    }
  });

  it('shows the step without a bar or ETA when the steps are unknown', () => {
    const { writes, clock, progress } = setup({ isTTY: true, steps: 0, epochs: 5 });
    for (let step = 1; step <= 12; step++) {
      clock.ms = 1000 * step;
      progress.step(stepLog(2, step));
    }
    expect(drawn(writes).at(-1)).to.equal('epoch 2/5 step 12  32.0 img/s  loss 1.5000  acc 25.0%  lr 1.00e-2');
  });

  describe('shows numbers that are not finite', () => {
    const cases: Array<{ name: string; change: Partial<ReturnType<typeof stepLog>>; text: string }> = [
      { name: 'NaN loss', change: { loss: NaN }, text: 'loss nan' },
      { name: 'infinite loss', change: { loss: Infinity }, text: 'loss inf' },
      { name: '-infinite loss', change: { loss: -Infinity }, text: 'loss -inf' },
      { name: 'NaN accuracy (no images yet)', change: { accuracy: NaN }, text: 'acc nan%' },
      { name: 'NaN learning rate', change: { lr: NaN }, text: 'lr nan' },
      { name: 'infinite learning rate', change: { lr: Infinity }, text: 'lr inf' },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const { writes, clock, progress } = setup({ isTTY: true, columns: 200 });
        clock.ms = 1000;
        progress.step({ ...stepLog(1, 1), ...c.change });
        expect(drawn(writes)[0]).to.include(`  ${c.text}`);
      });
    }
  });

  describe('on a terminal, whole lines replace the progress line', () => {
    const cases: Array<{ name: string; act: (p: TrainingProgress) => void; written: string }> = [
      { name: 'epochEnd', act: (p) => p.epochEnd('epoch 1/10  loss 1.0'), written: `${CLEAR}epoch 1/10  loss 1.0\n` },
      { name: 'message', act: (p) => p.message('3 files skipped'), written: `${CLEAR}3 files skipped\n` },
      { name: 'finish', act: (p) => p.finish(), written: CLEAR },
    ];
    for (const c of cases) {
      it(`${c.name} clears a drawn line`, () => {
        const { writes, progress } = setup({ isTTY: true });
        progress.step(stepLog(1, 1));
        c.act(progress);
        expect(writes).to.have.length(2);
        expect(writes[1]).to.equal(c.written);
      });

      it(`${c.name} clears nothing when no line is drawn`, () => {
        const { writes, progress } = setup({ isTTY: true });
        c.act(progress);
        c.act(progress);
        const once = c.written.replace(CLEAR, '');
        expect(writes).to.deep.equal(once === '' ? [] : [once, once]);
      });
    }
  });
});

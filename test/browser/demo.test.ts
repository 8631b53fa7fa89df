import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'puppeteer-core';

import { buildDemo } from '../../examples/browser/buildDemo.js';
import { serveDirectory, type DirectoryServer } from '../../examples/browser/serveDirectory.js';
import { buildModel } from '../../src/backends/tfjs/buildModel.js';
import { compile } from '../../src/compile.js';
import { imagenetClasses } from '../../src/predict/imagenetClasses.js';
import { saveModelDir } from '../../src/runtime/saveModelDir.js';
import { selectBackend } from '../../src/runtime/selectBackend.js';
import { greyDeviation, launchChromium } from '../support/chromium.js';

/** A small classifier with both custom layers (ScaledAdd, LocalResponseNorm), to load as model.json. */
const TINY = `
model Tiny {
  input 32x32x3
  classes 10
  block Res residual(scale=0.2) {
    branch a { conv 4 1x1 same relu }
    branch b { conv 4 1x1 same relu; lrn; conv 4 3x3 same relu }
  }
  stem { conv 8 3x3 /2 valid relu }
  body { Res as res1 }
  head { globalavgpool; dense classes softmax }
}
`;

/** What the page shows, read in the page (a string, as the test is compiled without the DOM lib). */
interface PageReport {
  state: string;
  status: string;
  /** The random-weights notice's text, when it is shown. */
  notice: string | null;
  rows: Array<{ label: string; probability: number; shown: string }>;
  time: string;
  backend: string;
}
const READ_PAGE = `(() => {
  const text = (id) => document.getElementById(id).textContent.trim();
  return {
    state: document.body.dataset.state,
    status: text('status'),
    notice: document.getElementById('notice').hidden ? null : text('notice'),
    rows: [...document.querySelectorAll('#predictions tr')].map((row) => ({
      label: row.cells[0].textContent,
      probability: row.querySelector('meter').value,
      shown: row.cells[2].textContent,
    })),
    time: text('time'),
    backend: text('backend'),
  };
})()`;

/** Makes the page's browser one without WebGL, as many are, before any of its scripts run. */
const NO_WEBGL = `for (const Canvas of [HTMLCanvasElement, OffscreenCanvas]) {
  const getContext = Canvas.prototype.getContext;
  Canvas.prototype.getContext = function (type, ...rest) {
    return /webgl/.test(type) ? null : getContext.call(this, type, ...rest);
  };
}`;

/** A 64x48 PNG with stripes and a gradient: something to classify. */
function testImage(): Buffer {
  const png = new PNG({ width: 64, height: 48 });
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      png.data.set([(x * 4) % 256, y % 8 < 4 ? 220 : 30, y * 5, 255], (y * png.width + x) * 4);
    }
  }
  return PNG.sync.write(png);
}

/**
 * The browser demo (examples/browser) end to end: bundled with esbuild, served over HTTP, driven
 * in headless Chromium. InceptionV3 with random weights on wasm (WebGL taken away, so the page
 * falls back), and a saved model.json with incep's custom layers on WebGL (SwiftShader).
 */
describe('examples/browser demo in headless Chromium', function () {
  this.timeout(60_000);
  let dir: string;
  let server: DirectoryServer | undefined;
  let browser: Browser | undefined;
  const image = testImage();

  before(async () => {
    browser = await launchChromium();
    dir = await mkdtemp(join(tmpdir(), 'incep-demo-'));
    const built = await buildDemo(join(dir, 'demo'));
    expect(built.ok ? [] : built.messages, 'esbuild').to.deep.equal([]);
    // The real runtime is in the bundle, and nothing reached for a Node built-in.
    const inputs = built.ok ? Object.keys(built.metafile.inputs) : [];
    expect(inputs).to.include.members(['src/runtime/index.ts', 'compiled/inception_v3.ts']);
    expect(inputs.filter((i) => i.startsWith('node:'))).to.deep.equal([]);

    await writeFile(join(dir, 'image.png'), image);
    await writeFile(join(dir, 'notes.txt'), 'not an image\n');
    expect((await selectBackend('cpu')).ok).to.equal(true);
    const tiny = compile(TINY, { filename: 'tiny.incep' });
    expect(tiny.diagnostics.map((d) => d.message)).to.deep.equal([]);
    const model = buildModel(tiny.ir!);
    await saveModelDir(model, join(dir, 'tiny'));
    model.dispose();

    const served = await serveDirectory(dir, 0);
    if (served instanceof Error) throw served;
    server = served;
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Opens the demo; every console error, page error and failed request lands in `errors`. */
  async function open(query: string, errors: string[], init?: string): Promise<Page> {
    const page = await browser!.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page: ${String(e)}`));
    page.on('requestfailed', (r) => errors.push(`request: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`response: ${r.url()} ${r.status()}`);
    });
    if (init !== undefined) await page.evaluateOnNewDocument(init);
    await page.goto(`${server!.url}demo/${query}`);
    await page.waitForSelector('body[data-state=ready], body[data-state=error]', { timeout: 40_000 });
    return page;
  }

  /** Waits for the page to finish with the image it was given; returns what it shows. */
  async function settle(page: Page): Promise<PageReport> {
    await page.waitForSelector('body[data-state=done], body[data-state=error]', { timeout: 20_000 });
    return (await page.evaluate(READ_PAGE)) as PageReport;
  }

  function expectTop5(report: PageReport, labels: (label: string) => boolean): void {
    expect(report.state, report.status).to.equal('done');
    expect(report.rows).to.have.length(5);
    const probabilities = report.rows.map((r) => r.probability);
    for (const row of report.rows) {
      expect(labels(row.label), row.label).to.be.true;
      expect(row.probability).to.be.within(0, 1);
      expect(row.shown).to.equal(`${(row.probability * 100).toFixed(2)}%`);
    }
    expect(probabilities).to.deep.equal([...probabilities].sort((a, b) => b - a));
    expect(probabilities.reduce((a, b) => a + b, 0)).to.be.at.most(1);
    expect(report.time).to.match(/^\d+ ms$/);
  }

  it('classifies a chosen image with random-weight InceptionV3, falling back to wasm without WebGL', async () => {
    const errors: string[] = [];
    const page = await open('', errors, NO_WEBGL);
    const input = await page.$('#file');
    await input!.uploadFile(join(dir, 'image.png'));
    const report = await settle(page);

    expectTop5(report, (label) => imagenetClasses.includes(label));
    expect(report.backend).to.equal('wasm');
    expect(report.notice, 'random-weights notice').to.contain('random').and.to.contain('meaningless');
    expect(report.notice).to.contain('--emit tfjs').and.to.contain('?model=');

    // The page is drawn, results included: neither the screenshot nor the results region is blank.
    const shot = PNG.sync.read(Buffer.from(await page.screenshot({ fullPage: true })));
    const box = await (await page.$('#result'))!.boundingBox();
    expect(box?.width).to.be.above(100);
    expect(box?.height).to.be.above(50);
    expect(greyDeviation(shot, { x: 0, y: 0, width: shot.width, height: shot.height })).to.be.above(10);
    expect(greyDeviation(shot, box!)).to.be.above(10);

    // A file that is no image gets a plain message, not an exception.
    await input!.uploadFile(join(dir, 'notes.txt'));
    const refused = await settle(page);
    expect(refused.state).to.equal('error');
    expect(refused.status).to.contain('notes.txt is not an image');
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('loads ?model=URL (custom layers included) and classifies a dropped image on WebGL', async () => {
    const errors: string[] = [];
    const page = await open('?model=../tiny/model.json', errors);
    const report0 = (await page.evaluate(READ_PAGE)) as PageReport;
    expect(report0.state, report0.status).to.equal('ready');
    expect(report0.status).to.contain('Tiny');
    // A synthetic drop of the PNG's bytes, as a user dragging a file in.
    await page.evaluate(`(() => {
      const file = new File([Uint8Array.from(atob('${image.toString('base64')}'), (c) => c.charCodeAt(0))], 'dropped.png', { type: 'image/png' });
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(file);
      document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
    })()`);
    const report = await settle(page);

    expectTop5(report, (label) => /^class \d$/.test(label));
    expect(report.status).to.contain('dropped.png');
    expect(report.backend).to.equal('webgl');
    expect(report.notice, 'random-weights notice').to.equal(null);
    expect(errors).to.deep.equal([]);
    await page.close();
  });
});

// The root tsconfig has no DOM lib, so `npm run typecheck` leaves the page's code out; esbuild
// strips types without checking them.
describe('examples/browser type-checks', function () {
  this.timeout(60_000);
  it('tsc -p examples/browser/tsconfig.json --noEmit passes', async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const result = await promisify(execFile)(
      process.execPath,
      [tsc, '--noEmit', '-p', 'examples/browser/tsconfig.json'],
      {
        cwd: fileURLToPath(new URL('../../', import.meta.url)),
      },
    ).catch((error: unknown) => {
      // A failed run carries what tsc printed; one that printed nothing still fails, with why.
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      return { stdout, stderr: stdout || stderr ? stderr : `tsc failed without output: ${String(error)}` };
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(output.trim(), output).to.equal('');
  });
});

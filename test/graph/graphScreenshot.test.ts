import { expect } from 'chai';
import { PNG } from 'pngjs';
import type { Browser } from 'puppeteer-core';

import { compileFile } from '../../src/compile.js';
import { graphModel } from '../../src/graph/graphModel.js';
import { renderSvg } from '../../src/graph/renderSvg.js';
import { greyDeviation, launchChromium } from '../support/chromium.js';

/** What a browser shows of `incep graph`'s SVG: drawn, not blank, every instance named in the text. */
describe('graph: the SVG in headless Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser.close());

  const cases: Array<[string, boolean]> = [
    ['specs/inception_v3.incep', false],
    ['specs/inception_v4.incep', true],
  ];
  for (const [spec, expand] of cases) {
    it(`${spec}${expand ? ' --expand' : ''}: rendered with its boxes and labels, not blank`, async () => {
      const ir = compileFile(spec).ir!;
      const svg = await renderSvg(graphModel(ir, { expand }));
      if (!svg.ok) throw new Error(svg.message);
      const page = await browser.newPage();
      try {
        await page.setViewport({ width: 1000, height: 800 });
        await page.setContent(`<!doctype html><body style="margin:0;background:#fff">${svg.svg}</body>`);
        // The page's code as text: the tests are type-checked without the DOM library.
        const drawn = (await page.evaluate(`(() => {
          const root = document.querySelector('svg');
          const box = root.getBoundingClientRect();
          return { width: box.width, height: box.height, texts: [...root.querySelectorAll('text')].map((t) => t.textContent) };
        })()`)) as { width: number; height: number; texts: string[] };
        expect(drawn.width).to.be.greaterThan(100);
        expect(drawn.height).to.be.greaterThan(100);
        const instances = new Set(
          ir.layers.flatMap((l) => (l.scope.instance && l.scope.section !== 'aux' ? [l.scope.instance] : [])),
        );
        for (const instance of instances)
          expect(
            drawn.texts.some((t) => t.startsWith(instance)),
            instance,
          ).to.equal(true);
        const png = PNG.sync.read(Buffer.from(await page.screenshot({ type: 'png' })));
        // A white page is 0; boxes, text and edges make it vary.
        expect(greyDeviation(png, { x: 0, y: 0, width: png.width, height: png.height })).to.be.greaterThan(5);
      } finally {
        await page.close();
      }
    });
  }
});

import { access, constants } from 'node:fs/promises';
import type { PNG } from 'pngjs';
import puppeteer, { type Browser } from 'puppeteer-core';

/** The system's Chromium (Debian's package by default); nothing is downloaded. */
export const CHROMIUM = process.env['INCEP_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Headless Chromium for the browser tests, or an error that says how to get one: a test that
 * needs a browser fails without it rather than passing unseen.
 */
export async function launchChromium(): Promise<Browser> {
  const found = await access(CHROMIUM, constants.X_OK).then(
    () => true,
    () => false,
  );
  if (!found)
    throw new Error(
      `No Chromium at ${CHROMIUM}. Install it (\`apt-get install chromium\` on Debian/Ubuntu), ` +
        'or set INCEP_CHROMIUM to a Chromium or Chrome binary.',
    );
  // --no-sandbox: CI runs as root. --enable-unsafe-swiftshader: software WebGL, which Chromium
  // no longer falls back to by itself.
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--headless=new', '--enable-unsafe-swiftshader'],
  });
}

/** The standard deviation of the grey levels of a PNG's pixels inside a box: 0 for a blank one. */
export function greyDeviation(png: PNG, box: { x: number; y: number; width: number; height: number }): number {
  const values: number[] = [];
  for (let y = Math.max(0, Math.floor(box.y)); y < Math.min(png.height, box.y + box.height); y++) {
    for (let x = Math.max(0, Math.floor(box.x)); x < Math.min(png.width, box.x + box.width); x++) {
      const i = (y * png.width + x) * 4;
      values.push((png.data[i]! + png.data[i + 1]! + png.data[i + 2]!) / 3);
    }
  }
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

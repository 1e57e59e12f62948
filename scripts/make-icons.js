#!/usr/bin/env node
// Renders resources/icon.svg, the one source drawing, into the PNGs the installers take: a
// 1024 px resources/icon.png (electron-builder makes the macOS .icns and the Windows .ico from
// it) and resources/icons/NxN.png for Linux. The PNGs are checked in; run this after changing the
// drawing (`node scripts/make-icons.js`): a test compares the drawing with the one they were made from.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const RESOURCES = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

const svg = readFileSync(join(RESOURCES, 'icon.svg'));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  const render = async (size) => {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="data:image/svg+xml;base64,${svg.toString('base64')}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  };
  writeFileSync(join(RESOURCES, 'icon.png'), await render(1024));
  mkdirSync(join(RESOURCES, 'icons'), { recursive: true });
  for (const size of LINUX_SIZES) writeFileSync(join(RESOURCES, 'icons', `${size}x${size}.png`), await render(size));
  writeFileSync(join(RESOURCES, 'icons', 'source.sha256'), `${createHash('sha256').update(svg).digest('hex')}  icon.svg\n`);
} finally {
  await browser.close();
}

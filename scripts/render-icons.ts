/** Renders assets/icon.svg into the PNG sizes the manifests need (public/icon/<size>.png). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumPath, QUIET_FLAGS } from './chromium';

const svg = readFileSync(path.resolve('assets/icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: chromiumPath(), args: QUIET_FLAGS });
const page = await browser.newPage();
for (const size of [16, 32, 48, 96, 128]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
  await page.screenshot({ path: path.resolve(`public/icon/${size}.png`), omitBackground: true });
}
await browser.close();
console.info('Icons written to public/icon/');

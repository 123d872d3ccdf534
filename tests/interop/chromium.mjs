// What the browser tests share: Debian's Chromium, headless, in a throwaway
// profile, driven by playwright-core; and a check that logs what it checked.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ORIGIN = `http://127.0.0.1:${process.env.POCOWS_PORT}`;
export const OUTPUT = process.env.INTEROP_OUTPUT;
export const TIMEOUT_MS = 15000;

export function expect(condition, what) {
	if (!condition) throw new Error(`not true: ${what}`);
	console.log(`ok: ${what}`);
}

export async function withChromium(name, test) {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package (scripts/test does) or set CHROMIUM`);
	}
	console.log(`info: playwright-core ${require('playwright-core/package.json').version}`);
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pocows-chromium-'));
	const browser = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		timeout: TIMEOUT_MS,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
			'--disable-component-update', '--disable-sync'],
	});
	try {
		console.log(`info: ${await browser.browser()?.version() ?? 'Chromium'}`);
		await test(browser);
	} finally {
		await browser.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
	console.log(`${name}: all checks passed`);
}

export function run(name, test) {
	withChromium(name, test).catch((error) => {
		console.error(`${name}: ${error.stack || error}`);
		process.exit(1);
	});
}

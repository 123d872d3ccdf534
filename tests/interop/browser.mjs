// pocows against headless Chromium (Debian's), driven by playwright-core:
// the page htdocs/index.html connects to /echo, echoes what is typed, shows
// the subprotocol, the extensions (Chromium offers permessage-deflate) and
// the close code; a WebSocket without the subprotocol is refused. A
// screenshot goes to INTEROP_OUTPUT.

import path from 'node:path';
import { ORIGIN, OUTPUT, TIMEOUT_MS, expect, run } from './chromium.mjs';

async function deflatedMessages() {
	// What the server says it inflated and compressed, from its own metrics.
	const text = await (await fetch(`${ORIGIN}/metrics`)).text();
	const count = (direction) => Number(text.match(new RegExp(`pocows_websocket_deflate_messages_total\\{direction="${direction}"\\} (\\d+)`))[1]);
	return { in: count('in'), out: count('out') };
}

async function echoThroughPage(page, text, count, what) {
	await page.fill('#message', text);
	await page.click('#send');
	await page.waitForSelector(`#last-received[data-count="${count}"]`, { timeout: TIMEOUT_MS });
	const echoed = await page.textContent('#last-received');
	expect(echoed === text, `${what} echoed on the page`);
}

run('browser', async (browser) => {
	const page = browser.pages()[0] || await browser.newPage();
	const errors = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await page.goto(`${ORIGIN}/`, { timeout: TIMEOUT_MS });
	await page.waitForSelector('#state[data-state="open"]', { timeout: TIMEOUT_MS });
	expect(true, 'the page connected to /echo');
	expect(await page.textContent('#protocol') === 'echo', 'the browser reports the subprotocol echo');
	const extensions = await page.textContent('#extensions');
	expect(extensions === 'permessage-deflate; server_no_context_takeover; client_no_context_takeover',
		`the browser negotiated permessage-deflate (WebSocket.extensions: ${extensions})`);
	const before = await deflatedMessages();
	expect(await page.evaluate(() => performance.getEntriesByType('navigation')[0].responseStatus) === 200, 'the page was served with 200');

	await echoThroughPage(page, 'Hello from Chromium', 1, 'a short message');
	await echoThroughPage(page, 'long message '.repeat(20000).trim(), 2, 'a message of 259 999 characters');
	await echoThroughPage(page, 'emoji 😀🎉 and CJK 世界你好 and ünïcödé', 3, 'a non-ASCII message');
	await page.screenshot({ path: path.join(OUTPUT, 'browser.png'), fullPage: true });
	const after = await deflatedMessages();
	expect(after.in > before.in && after.out > before.out,
		`the long message went compressed both ways (server inflated ${after.in - before.in}, compressed ${after.out - before.out})`);

	await page.click('#disconnect');
	await page.waitForSelector('#state[data-state="closed"]', { timeout: TIMEOUT_MS });
	const code = await page.getAttribute('#close-info', 'data-code');
	const shown = await page.textContent('#close-info');
	expect(code === '1000' && shown.includes('code 1000') && shown.includes('(clean)'), `the page shows a clean close 1000 (${shown})`);
	await page.screenshot({ path: path.join(OUTPUT, 'browser-closed.png'), fullPage: true });

	const refused = await page.evaluate((url) => new Promise((resolve) => {
		const socket = new WebSocket(url);
		let opened = false;
		socket.onopen = () => { opened = true; };
		socket.onclose = (event) => resolve({ opened, code: event.code, clean: event.wasClean });
	}), `ws://127.0.0.1:${process.env.POCOWS_PORT}/echo`);
	expect(!refused.opened && refused.code === 1006 && !refused.clean,
		`a WebSocket without the subprotocol is refused (open: ${refused.opened}, close ${refused.code})`);
	expect(errors.length === 0, `no script errors on the page (${errors.join('; ')})`);
});

// The pages of the services that let sessions meet, in headless Chromium:
// two chat.html pages in one room see each other arrive and each other's
// messages, all in the same order, and a <script> message as plain text;
// dashboard.html plots points from the stats room. Screenshots go to
// INTEROP_OUTPUT.

import path from 'node:path';
import { ORIGIN, OUTPUT, TIMEOUT_MS, expect, run } from './chromium.mjs';

async function joinChat(browser, nick) {
	const page = await browser.newPage();
	const errors = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await page.goto(`${ORIGIN}/chat.html`, { timeout: TIMEOUT_MS });
	await page.fill('#nick', nick);
	await page.fill('#room', 'browsers');
	await page.click('#join');
	await page.waitForSelector('#state[data-state="open"]', { timeout: TIMEOUT_MS });
	await page.waitForFunction((name) => document.getElementById('me').textContent === name, nick, { timeout: TIMEOUT_MS });
	return { page, errors };
}

async function say(page, text) {
	await page.fill('#text', text);
	await page.press('#text', 'Enter');
}

async function messagesOn(page, count) {
	await page.waitForFunction((n) => document.querySelectorAll('#messages li.message').length >= n, count, { timeout: TIMEOUT_MS });
	return page.$$eval('#messages li.message', (items) => items.map((item) =>
		item.querySelector('.from').textContent + ': ' + item.querySelector('.text').textContent));
}

run('browser-rooms', async (browser) => {
	const ada = await joinChat(browser, 'ada');
	const bob = await joinChat(browser, 'bob');
	await ada.page.waitForFunction(() => document.getElementById('member-count').textContent === '2', null, { timeout: TIMEOUT_MS });
	const adaSees = await ada.page.$$eval('#members li', (items) => items.map((item) => item.textContent));
	expect(adaSees.join(',') === 'ada,bob', `ada's page lists both members (${adaSees})`);

	const markup = '<script>document.title = "owned"</script><b>bold?</b>';
	await say(ada.page, 'hello from ada');
	await say(bob.page, 'hello from bob');
	await say(ada.page, markup);
	await say(bob.page, 'ünïcödé 😀 and a long one ' + 'x'.repeat(1000));
	const seenByAda = await messagesOn(ada.page, 4);
	const seenByBob = await messagesOn(bob.page, 4);
	expect(seenByAda.length === 4 && seenByAda.join('\n') === seenByBob.join('\n'), 'both pages show the same four messages in the same order');
	expect(seenByAda.includes('ada: hello from ada') && seenByAda.includes('bob: hello from bob'), 'each page shows the other\'s message');
	expect(seenByAda.includes(`ada: ${markup}`), 'a <script> message appears as its text');
	expect(await ada.page.title() === 'pocows — chat' && await ada.page.$('#messages b') === null, 'and nothing of it ran or rendered');
	await ada.page.screenshot({ path: path.join(OUTPUT, 'browser-chat.png'), fullPage: true });

	await bob.page.click('#leave');
	await ada.page.waitForFunction(() => document.getElementById('member-count').textContent === '1', null, { timeout: TIMEOUT_MS });
	expect(true, 'ada\'s page sees bob leave');
	expect(ada.errors.length === 0 && bob.errors.length === 0, `no script errors on the chat pages (${ada.errors.concat(bob.errors).join('; ')})`);

	const dashboard = await browser.newPage();
	const errors = [];
	dashboard.on('pageerror', (error) => errors.push(error.message));
	await dashboard.goto(`${ORIGIN}/dashboard.html`, { timeout: TIMEOUT_MS });
	await dashboard.waitForSelector('#state[data-state="open"]', { timeout: TIMEOUT_MS });
	await dashboard.waitForFunction(() => Number(document.getElementById('sessions').dataset.points) >= 3, null, { timeout: TIMEOUT_MS });
	expect(true, 'the dashboard plotted three points from the stats room');
	const sessions = await dashboard.textContent('#sessions-now');
	expect(Number(sessions) >= 2, `the dashboard counts the open sessions (${sessions})`);
	const painted = await dashboard.$eval('#messages', (canvas) => {
		const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
		let coloured = 0;
		for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0) coloured += 1;
		return coloured;
	});
	expect(painted > 100, `the messages plot has something drawn on it (${painted} pixels)`);
	await dashboard.screenshot({ path: path.join(OUTPUT, 'browser-dashboard.png'), fullPage: true });
	expect(errors.length === 0, `no script errors on the dashboard (${errors.join('; ')})`);
});

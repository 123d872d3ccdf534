// pocows against Node's ws library, twice: with the client's default options
// (which offer permessage-deflate, which pocows accepts without context
// takeover) and with perMessageDeflate turned off.
//
// Every check compares exact bytes and codes; the first difference fails the
// run with a message saying what was expected and what came back.

import { once } from 'node:events';
import { createRequire } from 'node:module';
import WebSocket from 'ws';

const require = createRequire(import.meta.url);
const URL = `ws://127.0.0.1:${process.env.POCOWS_PORT}/echo`;
const SIZES = [0, 1, 125, 126, 65535, 65536, 4 * 1024 * 1024, 16 * 1024 * 1024];
const TIMEOUT_MS = 30000;

function expect(condition, what) {
	if (!condition) throw new Error(`not true: ${what}`);
	console.log(`ok: ${what}`);
}

function textOf(size) {
	// Multi-byte characters too, exactly size bytes of valid UTF-8.
	const pattern = Buffer.from('pocows ünïcödé 世界 😀 ');
	const bytes = Buffer.alloc(size);
	for (let i = 0; i < size; i += pattern.length) pattern.copy(bytes, i, 0, Math.min(pattern.length, size - i));
	let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
	// A character cut at the end decodes as U+FFFD: drop it and pad with ASCII.
	while (Buffer.byteLength(text) > size || text.endsWith('\uFFFD')) text = text.slice(0, -1);
	return text + 'x'.repeat(size - Buffer.byteLength(text));
}

function binaryOf(size) {
	const bytes = Buffer.alloc(size);
	for (let i = 0; i < size; ++i) bytes[i] = i % 256;
	return bytes;
}

function withTimeout(promise, what) {
	let timer;
	const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), TIMEOUT_MS); });
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function nextMessage(ws) {
	const [data, isBinary] = await withTimeout(once(ws, 'message'), 'a message');
	return { data, isBinary };
}

async function echoMatrix(ws) {
	for (const size of SIZES) {
		const text = textOf(size);
		expect(Buffer.byteLength(text) === size, `text payload of ${size} bytes built`);
		ws.send(text);
		let reply = await nextMessage(ws);
		expect(!reply.isBinary && reply.data.toString('utf8') === text, `text of ${size} bytes echoed as the same text`);
		const data = binaryOf(size);
		ws.send(data);
		reply = await nextMessage(ws);
		expect(reply.isBinary && Buffer.compare(reply.data, data) === 0, `binary of ${size} bytes echoed as the same bytes`);
	}
}

async function fragmented(ws) {
	// fin: false leaves the message open; the next send continues it.
	const parts = ['frag', 'mented ', '世界'];
	ws.send(parts[0], { fin: false });
	ws.send(parts[1], { fin: false });
	ws.send(parts[2], { fin: true });
	let reply = await nextMessage(ws);
	expect(!reply.isBinary && reply.data.toString('utf8') === parts.join(''), 'fragmented text echoed as one message');
	const chunks = [Buffer.from([0, 1]), Buffer.alloc(0), Buffer.alloc(70000, 0xff)];
	ws.send(chunks[0], { binary: true, fin: false });
	ws.send(chunks[1], { binary: true, fin: false });
	ws.send(chunks[2], { binary: true, fin: true });
	reply = await nextMessage(ws);
	expect(reply.isBinary && Buffer.compare(reply.data, Buffer.concat(chunks)) === 0, 'fragmented binary echoed as one message');
}

async function ping(ws) {
	for (const payload of [Buffer.alloc(0), Buffer.from('ping'), Buffer.alloc(125, 'p')]) {
		ws.ping(payload);
		const [pong] = await withTimeout(once(ws, 'pong'), 'a pong');
		expect(Buffer.compare(pong, payload) === 0, `ping of ${payload.length} bytes answered by a pong with the same payload`);
	}
}

async function closeWithCode(ws) {
	ws.close(4321, 'done here');
	const [code, reason] = await withTimeout(once(ws, 'close'), 'the close');
	expect(code === 4321, `close 4321 answered with 4321 (got ${code})`);
	console.log(`info: server's close reason: ${JSON.stringify(reason.toString())}`);
}

async function refusedWithoutSubprotocol(options) {
	const ws = new WebSocket(URL, options);
	const [, response] = await withTimeout(once(ws, 'unexpected-response'), 'the refusal');
	expect(response.statusCode === 400, `handshake without subprotocol refused with 400 (got ${response.statusCode})`);
	// Ending a connection that never opened makes ws emit an error: expected here.
	ws.on('error', () => {});
	ws.terminate();
}

const METRICS = `http://127.0.0.1:${process.env.POCOWS_PORT}/metrics`;

async function deflatedMessages() {
	// What the server says it inflated and compressed, from its own metrics.
	const text = await (await fetch(METRICS)).text();
	const count = (direction) => Number(text.match(new RegExp(`pocows_websocket_deflate_messages_total\\{direction="${direction}"\\} (\\d+)`))[1]);
	return { in: count('in'), out: count('out') };
}

async function run(name, options, extensions) {
	console.log(`info: ${name}`);
	const before = await deflatedMessages();
	const ws = new WebSocket(URL, 'echo', { ...options, maxPayload: 64 * 1024 * 1024 });
	let answered;
	ws.on('upgrade', (response) => { answered = response.headers['sec-websocket-extensions']; });
	await withTimeout(once(ws, 'open'), 'the open');
	expect(ws.protocol === 'echo', 'subprotocol echo selected');
	expect((answered || '') === extensions, `extensions "${extensions}" accepted (Sec-WebSocket-Extensions: ${answered})`);
	await echoMatrix(ws);
	await fragmented(ws);
	await ping(ws);
	await closeWithCode(ws);
	await refusedWithoutSubprotocol(options);
	const after = await deflatedMessages();
	const compressed = after.in > before.in && after.out > before.out;
	expect(compressed === (extensions !== ''), `messages compressed both ways: ${compressed} (server inflated ${after.in - before.in}, compressed ${after.out - before.out})`);
}

async function main() {
	console.log(`info: ws ${require('ws/package.json').version} on Node ${process.version}`);
	await run('default options (permessage-deflate offered)', {},
		'permessage-deflate; server_no_context_takeover; client_no_context_takeover');
	await run('perMessageDeflate: false', { perMessageDeflate: false }, '');
	console.log('node-ws: all checks passed');
}

main().catch((error) => {
	console.error(`node-ws: ${error.stack || error}`);
	process.exit(1);
});

// The compression benchmark's echo peer on Node's ws (the version
// tests/interop pins), with permessage-deflate on: every message goes back
// unchanged to its sender.
//
//   node scripts/bench/ws_echo_deflate.mjs PORT LEVEL takeover|no-takeover
//
// "takeover" is ws' default (a context per connection and direction);
// "no-takeover" answers server_no_context_takeover and
// client_no_context_takeover, as pocows does by default. The threshold is
// pocows' default, 128 bytes (ws' own default is 1024); zlib's level is LEVEL.

import { WebSocketServer } from '../../tests/interop/node_modules/ws/wrapper.mjs';

const [port, level, mode] = process.argv.slice(2);
const noTakeover = mode === 'no-takeover';
const server = new WebSocketServer({
	host: '127.0.0.1',
	port: Number(port),
	maxPayload: 16 * 1024 * 1024,
	perMessageDeflate: {
		zlibDeflateOptions: { level: Number(level) },
		threshold: 128,
		serverNoContextTakeover: noTakeover,
		clientNoContextTakeover: noTakeover,
	},
});
server.on('connection', (socket) => {
	socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
});

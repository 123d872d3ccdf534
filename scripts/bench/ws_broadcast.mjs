// The benchmark's broadcast peer on Node's ws (the version tests/interop
// pins): every text or binary message goes unchanged to every connection,
// the sender's included. Compression off, as pocows and Beast have none.
//
//   node scripts/bench/ws_broadcast.mjs PORT

import { WebSocketServer } from '../../tests/interop/node_modules/ws/wrapper.mjs';

const server = new WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[2]), perMessageDeflate: false });
server.on('connection', (socket) => {
	socket.on('message', (data, isBinary) => {
		for (const client of server.clients) client.send(data, { binary: isBinary });
	});
});

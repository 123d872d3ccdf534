"""The compression benchmark's echo peer on Python's websockets (Debian's
python3-websockets), with its default compression: permessage-deflate with
context takeover, 12-bit windows and memLevel 5; zlib's level is LEVEL.

    python3 scripts/bench/websockets_echo.py PORT LEVEL
"""

import asyncio
import sys

import websockets
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory


async def echo(socket, path=None):
    async for message in socket:
        await socket.send(message)


async def main(port, level):
    deflate = ServerPerMessageDeflateFactory(
        server_max_window_bits=12, client_max_window_bits=12,
        compress_settings={"memLevel": 5, "level": level})
    async with websockets.serve(echo, "127.0.0.1", port, subprotocols=["echo"], max_size=16 * 1024 * 1024,
                                extensions=[deflate], compression=None):
        await asyncio.Future()


asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))

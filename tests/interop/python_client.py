"""pocows against Python's websockets library (Debian's python3-websockets).

Every check compares exact bytes and codes; the first difference fails the
run with a message saying what was expected and what came back.
"""

import asyncio
import os
import re
import sys
import urllib.request

import websockets

URL = "ws://127.0.0.1:%s/echo" % os.environ["POCOWS_PORT"]
METRICS = "http://127.0.0.1:%s/metrics" % os.environ["POCOWS_PORT"]
SIZES = [0, 1, 125, 126, 65535, 65536, 4 * 1024 * 1024, 16 * 1024 * 1024]
TIMEOUT = 30


def text_of(size):
    # Multi-byte characters too, exactly size bytes of valid UTF-8: a
    # character cut at the end is dropped and made up for with ASCII.
    pattern = "pocows ünïcödé 世界 😀 ".encode()
    cut = (pattern * (size // len(pattern) + 1))[:size].decode("utf-8", errors="ignore")
    return cut + "x" * (size - len(cut.encode()))


def binary_of(size):
    return bytes(i % 256 for i in range(size))


def expect(condition, what):
    if not condition:
        raise AssertionError(what)
    print("ok:", what)


async def echo_matrix(ws):
    for size in SIZES:
        text = text_of(size)
        expect(len(text.encode()) == size, "text payload of %d bytes built" % size)
        await ws.send(text)
        reply = await ws.recv()
        expect(isinstance(reply, str) and reply == text, "text of %d bytes echoed as the same text" % size)
        data = binary_of(size)
        await ws.send(data)
        reply = await ws.recv()
        expect(isinstance(reply, bytes) and reply == data, "binary of %d bytes echoed as the same bytes" % size)


async def fragmented(ws):
    # An iterable makes websockets send one message in several frames.
    parts = ["frag", "mented ", "世界", ""]
    await ws.send(iter(parts))
    expect(await ws.recv() == "".join(parts), "fragmented text echoed as one message")
    chunks = [b"\x00\x01", b"", b"\xff" * 70000]
    await ws.send(iter(chunks))
    expect(await ws.recv() == b"".join(chunks), "fragmented binary echoed as one message")


async def ping(ws):
    for payload in [b"", b"ping", b"p" * 125]:
        pong = await ws.ping(payload)
        await asyncio.wait_for(pong, TIMEOUT)
        expect(True, "ping of %d bytes answered by a pong" % len(payload))


async def close_with_code(ws):
    await ws.close(code=4321, reason="done here")
    expect(ws.close_code == 4321, "close 4321 answered with 4321 (got %s)" % ws.close_code)
    print("info: server's close reason: %r" % ws.close_reason)


async def refused_without_subprotocol():
    try:
        async with websockets.connect(URL, open_timeout=TIMEOUT):
            pass
    except websockets.exceptions.InvalidStatusCode as error:
        expect(error.status_code == 400, "handshake without subprotocol refused with 400 (got %d)" % error.status_code)
        return
    raise AssertionError("handshake without the subprotocol was accepted")


def deflated_messages():
    # What the server says it inflated and compressed, from its own metrics.
    with urllib.request.urlopen(METRICS, timeout=TIMEOUT) as response:
        text = response.read().decode()
    return [int(re.search(r'pocows_websocket_deflate_messages_total\{direction="%s"\} (\d+)' % direction, text).group(1))
            for direction in ("in", "out")]


async def run(name, compression, expected_extension):
    print("info:", name)
    before = deflated_messages()
    async with websockets.connect(URL, subprotocols=["echo"], max_size=None, open_timeout=TIMEOUT,
                                  compression=compression) as ws:
        expect(ws.subprotocol == "echo", "subprotocol echo selected")
        answered = ws.response_headers.get("Sec-WebSocket-Extensions", "")
        expect(answered == expected_extension, "extensions %r accepted (got %r)" % (expected_extension, answered))
        expect(len(ws.extensions) == (1 if expected_extension else 0), "client runs %d extensions" % len(ws.extensions))
        await asyncio.wait_for(echo_matrix(ws), TIMEOUT)
        await asyncio.wait_for(fragmented(ws), TIMEOUT)
        await ping(ws)
        await asyncio.wait_for(close_with_code(ws), TIMEOUT)
    after = deflated_messages()
    compressed = after[0] > before[0] and after[1] > before[1]
    expect(compressed == bool(expected_extension), "messages compressed both ways: %s (server inflated %d, compressed %d)"
           % (compressed, after[0] - before[0], after[1] - before[1]))


async def main():
    print("info: websockets", websockets.__version__, "on Python", sys.version.split()[0])
    await run("default options (permessage-deflate offered)", "deflate",
              "permessage-deflate; server_no_context_takeover; client_no_context_takeover")
    await run("compression=None", None, "")
    await refused_without_subprotocol()
    print("python: all checks passed")


asyncio.run(main())

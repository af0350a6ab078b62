"""The stalled visitor of bench/lib/visitors-cost.mjs: WebSockets that join a socket.io room through
the playground server and then never read.

Python because Node cannot set a TCP socket's receive buffer (SO_RCVBUF): with Node's default one
(128 KB on Linux) this side's kernel would take in 30 times what a 4 KB buffer does before the
server has to queue anything.
Each socket also announces a maximum segment size of 1460 bytes (Ethernet's) in its SYN, as a
visitor across the Internet does: on loopback the server's kernel would otherwise size its send
buffer for 64 KB segments and hold megabytes for a socket that never reads, before the server
process sees any of it. Only the standard library. Driven over stdin/stdout, one JSON object a line:

  argv[1]  {"host", "port", "path", "localAddress", "origin", "token", "room", "sockets",
            "receiveBufferBytes", "mss", "drainMs", "lifetimeSeconds"}
  out      {"event": "connected", "receiveBufferBytes": [...], "localPorts": [...]}
                                   (the buffers as getsockopt reads them: Linux doubles what is asked)
           {"event": "drained", "sockets": [...]}   after "drain"; then it exits
           {"event": "error", "message": "..."}     and exits 1
  in       "drain": read whatever each socket can still be given, for drainMs, and report it

It exits by itself after lifetimeSeconds, whatever happens to the process that started it.
"""

import base64
import fcntl
import json
import os
import select
import signal
import socket
import struct
import sys
import termios
import time

HANDSHAKE_TIMEOUT_S = 10


def say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def recv_exact(sock, n):
    """Exactly n bytes, so that nothing past the handshake is read by accident."""
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed by the server during the handshake")
        data += chunk
    return data


def read_frame(sock):
    """One server frame (never masked): (opcode, payload)."""
    first, second = recv_exact(sock, 2)
    length = second & 0x7F
    if length == 126:
        length = struct.unpack("!H", recv_exact(sock, 2))[0]
    elif length == 127:
        length = struct.unpack("!Q", recv_exact(sock, 8))[0]
    return first & 0x0F, recv_exact(sock, length)


def text_frame(text):
    """A client text frame: clients must mask (RFC 6455 §5.3)."""
    payload = text.encode()
    n = len(payload)
    header = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack("!H", n))
    mask = os.urandom(4)
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def open_stalled(args):
    """A WebSocket-only socket.io client, connected to the default namespace with a token and a room."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # Before connect: the SYN carries the window scale (which follows the buffer) and the MSS.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, args["receiveBufferBytes"])
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, args["mss"])
    sock.bind((args["localAddress"], 0))
    sock.settimeout(HANDSHAKE_TIMEOUT_S)
    sock.connect((args["host"], args["port"]))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        (
            f"GET {args['path']}?EIO=4&transport=websocket HTTP/1.1\r\n"
            f"Host: {args['host']}:{args['port']}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: {args['origin']}\r\n\r\n"
        ).encode()
    )
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        head += recv_exact(sock, 1)
    status = head.split(b"\r\n", 1)[0].decode()
    if " 101 " not in f"{status} ":
        raise ConnectionError(f"upgrade refused: {status}")
    opcode, payload = read_frame(sock)
    if opcode != 1 or not payload.startswith(b"0{"):
        raise ConnectionError(f"expected engine.io's open packet, got {payload[:80]!r}")
    sock.sendall(text_frame("40" + json.dumps({"token": args["token"], "room": args["room"]})))
    while True:
        opcode, payload = read_frame(sock)
        if opcode == 1 and payload.startswith(b"40"):
            return sock
        if opcode == 8 or payload.startswith(b"44"):
            raise ConnectionError(f"socket.io connection refused: {payload[:200]!r}")


def queued_bytes(sock):
    """What the kernel holds for us, unread (FIONREAD)."""
    try:
        return struct.unpack("i", fcntl.ioctl(sock, termios.FIONREAD, b"\0\0\0\0"))[0]
    except OSError:
        return None


def frames_in(data):
    """The chat's broadcasts (`message` events) and the close frame's code, if one came, in what was read."""
    messages, close_code, at = 0, None, 0
    while at + 2 <= len(data):
        opcode, length, at = data[at] & 0x0F, data[at + 1] & 0x7F, at + 2
        if length == 126:
            if at + 2 > len(data):
                break
            length, at = struct.unpack("!H", data[at : at + 2])[0], at + 2
        elif length == 127:
            if at + 8 > len(data):
                break
            length, at = struct.unpack("!Q", data[at : at + 8])[0], at + 8
        payload = data[at : at + length]
        at += length
        if opcode == 1 and payload.startswith(b'42["message"'):
            messages += 1
        elif opcode == 8 and len(payload) >= 2:
            close_code = struct.unpack("!H", payload[:2])[0]
            break
    return messages, close_code


def drain(socks, drain_s):
    """Reads every socket until the server ends it or drain_s is over; what each got, and how it ended."""
    report = [{"unreadBytes": queued_bytes(s), "data": bytearray(), "end": "open"} for s in socks]
    for s in socks:
        s.setblocking(False)
    open_ = {s.fileno(): i for i, s in enumerate(socks)}
    deadline = time.monotonic() + drain_s
    while open_ and time.monotonic() < deadline:
        readable, _, _ = select.select([socks[i] for i in open_.values()], [], [], max(0, deadline - time.monotonic()))
        for s in readable:
            i = open_[s.fileno()]
            try:
                chunk = s.recv(1 << 16)
            except ConnectionResetError:
                report[i]["end"] = "reset"
                del open_[s.fileno()]
                continue
            except BlockingIOError:
                continue
            if chunk:
                report[i]["data"] += chunk
            else:
                report[i]["end"] = "fin"
                del open_[s.fileno()]
    for entry in report:
        data = entry.pop("data")
        entry["bytesRead"] = len(data)
        entry["messagesRead"], entry["closeCode"] = frames_in(data)
    return report


def main():
    args = json.loads(sys.argv[1])
    signal.signal(signal.SIGALRM, lambda *_: os._exit(2))
    signal.alarm(args["lifetimeSeconds"])
    socks = []
    try:
        for _ in range(args["sockets"]):
            socks.append(open_stalled(args))
    except (OSError, ConnectionError) as error:
        say({"event": "error", "message": f"socket {len(socks) + 1}: {error}"})
        sys.exit(1)
    say(
        {
            "event": "connected",
            "receiveBufferBytes": [s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) for s in socks],
            "localPorts": [s.getsockname()[1] for s in socks],
        }
    )
    # From here on nothing is read until "drain" (or until stdin closes: the bench is gone).
    while sys.stdin.readline().strip() not in ("drain", ""):
        pass
    say({"event": "drained", "sockets": drain(socks, args["drainMs"] / 1000)})
    for s in socks:
        s.close()


if __name__ == "__main__":
    main()

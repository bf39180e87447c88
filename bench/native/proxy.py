"""pyzmq for rxzmq's proxy benchmark (bench/proxy.ts runs it with Debian's /usr/bin/python3).

    proxy.py proxy <frontend> <backend>         PULL binds <frontend>, PUSH connects to
                                                <backend>, zmq.proxy() between them
    proxy.py send <endpoint> <size> <count>     the feeder, when there is no C compiler
    proxy.py recv <endpoint> <size> <count>     the receiver, when there is no C compiler

Prints JSON lines as bench/native/zmqbench.c does: {"event": "ready", ...} once listening,
{"event": "done", "rate": ...} with messages per second from the first message to the last.
"""
import json
import sys
import time

import zmq


def say(**event) -> None:
    print(json.dumps(event), flush=True)


def main() -> None:
    mode = sys.argv[1]
    ctx = zmq.Context()
    if mode == "proxy":
        frontend, backend = sys.argv[2], sys.argv[3]
        pull = ctx.socket(zmq.PULL)
        pull.bind(frontend)
        push = ctx.socket(zmq.PUSH)
        push.connect(backend)
        say(event="ready", endpoint=pull.getsockopt(zmq.LAST_ENDPOINT).decode())
        zmq.proxy(pull, push)  # until the process is killed
    elif mode == "send":
        endpoint, size, count = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        push = ctx.socket(zmq.PUSH)
        push.connect(endpoint)
        payload = b"\0" * size
        start = time.perf_counter()
        for _ in range(count):
            push.send(payload)
        push.close(linger=-1)
        say(event="done", count=count, seconds=time.perf_counter() - start)
    elif mode == "recv":
        endpoint, size, count = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        pull = ctx.socket(zmq.PULL)
        pull.bind(endpoint)
        say(event="ready", endpoint=pull.getsockopt(zmq.LAST_ENDPOINT).decode())
        pull.recv()
        start = time.perf_counter()
        for _ in range(count - 1):
            pull.recv(copy=False)
        elapsed = time.perf_counter() - start
        say(event="done", count=count, seconds=elapsed, rate=(count - 1) / elapsed)
    else:
        sys.exit(f"proxy.py: unknown mode {mode}")


if __name__ == "__main__":
    main()

"""pyzmq baseline for rxzmq's benchmarks (bench/run.ts runs it with Debian's /usr/bin/python3).

    zmqbench.py thr <endpoint> <size> <count>   PUSH thread -> PULL in one process

Prints one JSON line: messages per second from the first message received to the last.
"""
import json
import sys
import threading
import time

import zmq


def main() -> None:
    mode, endpoint, size, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if mode != "thr":
        sys.exit(f"zmqbench.py: unknown mode {mode}")
    ctx = zmq.Context()
    pull = ctx.socket(zmq.PULL)
    pull.bind(endpoint)
    bound = pull.getsockopt(zmq.LAST_ENDPOINT).decode()
    payload = b"\0" * size

    push = ctx.socket(zmq.PUSH)
    push.connect(bound)

    def send() -> None:
        for _ in range(count):
            push.send(payload, copy=size > 256)

    thread = threading.Thread(target=send)
    thread.start()
    pull.recv()
    start = time.perf_counter()
    for _ in range(count - 1):
        pull.recv(copy=False)
    elapsed = time.perf_counter() - start
    thread.join()
    push.close()  # only now: on ipc a close right after the last send may lose messages
    pull.close()
    ctx.term()
    print(json.dumps({"event": "done", "count": count, "seconds": elapsed, "rate": (count - 1) / elapsed}))


if __name__ == "__main__":
    main()

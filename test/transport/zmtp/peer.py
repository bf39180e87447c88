# A libzmq peer for the ZMTP interop tests, driven over stdin/stdout with JSON lines:
# each request {"seq": n, "op": ..., ...} gets one reply {"seq": n, ...} or {"seq": n, "error": ...}.
# Run with Debian's /usr/bin/python3 (python3-zmq, libzmq 4.3.4).
import json
import sys

import zmq

ctx = zmq.Context()
sockets = {}
authenticator = None


def reply(seq, **fields):
    fields["seq"] = seq
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def option_value(value):
    return value.encode() if isinstance(value, str) else value


for line in sys.stdin:
    request = json.loads(line)
    seq = request["seq"]
    op = request["op"]
    sid = request.get("id")
    try:
        if op == "socket":
            s = ctx.socket(getattr(zmq, request["type"]))
            for name, value in request.get("options", {}).items():
                s.setsockopt(getattr(zmq, name), option_value(value))
            sockets[sid] = s
            endpoint = None
            if "bind" in request:
                s.bind(request["bind"])
                endpoint = s.getsockopt(zmq.LAST_ENDPOINT).decode()
            if "connect" in request:
                s.connect(request["connect"])
            reply(seq, endpoint=endpoint)
        elif op == "send":
            sockets[sid].send_multipart([bytes.fromhex(f) for f in request["frames"]])
            reply(seq)
        elif op == "sendMany":
            frames = [bytes.fromhex(f) for f in request["frames"]]
            s = sockets[sid]
            for i in range(request["count"]):
                s.send_multipart(frames + [i.to_bytes(4, "big")] if request.get("numbered") else frames)
            reply(seq)
        elif op == "recv":
            s = sockets[sid]
            s.RCVTIMEO = request.get("timeout", 5000)
            frames = s.recv_multipart()
            reply(seq, frames=[f.hex() for f in frames])
        elif op == "recvMany":
            s = sockets[sid]
            s.RCVTIMEO = request.get("timeout", 5000)
            last = None
            for _ in range(request["count"]):
                last = s.recv_multipart()
            reply(seq, last=[f.hex() for f in last])
        elif op == "subscribe":
            sockets[sid].setsockopt(zmq.SUBSCRIBE, bytes.fromhex(request["topic"]))
            reply(seq)
        elif op == "unsubscribe":
            sockets[sid].setsockopt(zmq.UNSUBSCRIBE, bytes.fromhex(request["topic"]))
            reply(seq)
        elif op == "poke":
            # Lets libzmq process its commands (a bound socket attaches new pipes then).
            sockets[sid].getsockopt(zmq.EVENTS)
            reply(seq)
        elif op == "close":
            sockets.pop(sid).close(linger=request.get("linger", 0))
            reply(seq)
        elif op == "plainAuth":
            import zmq.auth.thread

            authenticator = zmq.auth.thread.ThreadAuthenticator(ctx)
            authenticator.start()
            authenticator.configure_plain(domain="*", passwords=request["passwords"])
            reply(seq)
        elif op == "exit":
            reply(seq)
            break
        else:
            reply(seq, error="unknown op " + op)
    except Exception as error:  # noqa: BLE001 - every failure goes back to the test
        reply(seq, error=type(error).__name__ + ": " + str(error))

for s in sockets.values():
    s.close(linger=0)
if authenticator is not None:
    authenticator.stop()
ctx.term()

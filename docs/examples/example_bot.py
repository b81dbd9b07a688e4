"""A complete Near Abroad client: it plays one seat with random legal actions until the end.

    python example_bot.py ws://127.0.0.1:8765 GAME_ID SEAT_TOKEN

Needs only the websockets package (pip install websockets). It speaks the protocol of
docs/protocol.md: hello, then one ``act`` for each update that asks this seat, naming
that update's ``step`` and ``digest``. Exit code 0: the game is over.
"""

import json
import random
import sys
import time

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect


def decide(update, seat, seq):
    """The ``act`` answering an update, or None when the decision is not this seat's."""
    view = update["view"]
    if view["acting"] != seat or not view["legal"] or update["players"][seat] != "human":
        return None
    action = random.choice(view["legal"])  # {"kind": "play", "arg": "leave_cis"}
    return {
        "type": "act",
        "v": 2,
        "game": update["game"],
        "seq": seq,
        "step": update["step"],
        "digest": update["digest"],
        "action": f"{action['kind']} {action['arg']}".strip(),  # "play leave_cis", "pass"
    }


def play(url, game, token, deadline):
    """Play until the game is over (True) or the time is up (False)."""
    with connect(url, max_size=2**24) as ws:
        hello = {"type": "hello", "v": 2, "game": game, "token": token, "detail": False}
        ws.send(json.dumps(hello))
        seat, seq, answered, last = None, 0, -1, None
        while time.monotonic() < deadline:
            msg = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if msg["type"] == "welcome":
                seat = msg["seat"]
                print(f"playing {seat} in game {game}", flush=True)
            elif msg["type"] == "error" and msg["code"] == "rate-limited" and last is not None:
                time.sleep(0.5)  # over 30 messages a second: the act was dropped; send it again
                ws.send(last)
            elif msg["type"] == "error":  # a bad token, or a message the server could not read
                sys.exit(f"the server refused: {msg['code']}: {msg['reason']}")
            elif msg["type"] == "refused":  # e.g. stale: a newer update is on its way
                print(f"refused ({msg['code']}): {msg['reason']}", flush=True)
                answered = -1
            elif msg["type"] == "update":
                if msg["view"]["result"] is not None:
                    print(f"game over: {msg['view']['result']['reason']}", flush=True)
                    return True
                act = decide(msg, seat, seq + 1) if msg["step"] != answered else None
                if act is not None:
                    last = json.dumps(act)
                    ws.send(last)
                    seq, answered = seq + 1, msg["step"]
    return False


def main(url, game, token, seconds=600.0):
    deadline = time.monotonic() + seconds
    for attempt in range(10):  # the connection dropped: hello again, get a fresh snapshot
        try:
            return 0 if play(url, game, token, deadline) else 1
        except (ConnectionClosed, OSError, TimeoutError) as e:
            print(f"connection lost ({e!r}); reconnecting", flush=True)
            time.sleep(min(4.0, 0.5 * 2**attempt))
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]) if len(sys.argv) == 4 else __doc__)

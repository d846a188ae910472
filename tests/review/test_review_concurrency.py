"""Two reviewers, two review-app processes, one database: 2 x 200 decisions, none lost."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from pipeline.reviews import load_reviews

N = 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(db: Path, port: int, reviewer: str) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "pipeline", "review", "--db", str(db), "--port", str(port),
           "--reviewer", reviewer]  # fmt: skip
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _wait(proc: subprocess.Popen[bytes], port: int) -> subprocess.Popen[bytes]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"review app did not start on port {port}")


def _review(base: str, reviewer: str, action: str, items: list[str], out: list[int]) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        page = client.get("/list")
        token = re.search(r'name="csrf" content="([0-9a-f]+)"', page.text)
        assert token
        for item in items:
            r = client.post(
                "/decide",
                data={"csrf": token.group(1), "item_id": item, "action": action,
                      "reviewer": reviewer, "note": f"{reviewer} on {item}"},
                headers={"accept": "application/json"},
            )  # fmt: skip
            assert r.status_code == 200, r.text
            out.append(r.json()["decision"])


def test_review_two_reviewers_in_parallel_lose_nothing(tmp_path: Path, make_store) -> None:
    store, records = make_store(tmp_path / "briefing.sqlite", bulk=300)
    bulk = [c["id"] for c in records[-1]["claims"]]
    # Overlapping work: items 100-199 get a decision from both reviewers.
    ana_items, bob_items = bulk[:N], bulk[100 : 100 + N]
    ports = [_free_port(), _free_port()]
    procs = [_start(store.path, ports[0], "ana"), _start(store.path, ports[1], "bob")]
    for proc, port in zip(procs, ports, strict=True):
        _wait(proc, port)
    got: dict[str, list[int]] = {"ana": [], "bob": []}
    try:
        threads = [
            threading.Thread(
                target=_review,
                args=(f"http://127.0.0.1:{ports[0]}", "ana", "accept", ana_items, got["ana"]),
            ),
            threading.Thread(
                target=_review,
                args=(f"http://127.0.0.1:{ports[1]}", "bob", "reject", bob_items, got["bob"]),
            ),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    finally:
        for p in procs:
            p.terminate()
            p.wait(10)
    assert len(got["ana"]) == N and len(got["bob"]) == N
    rows = store.conn.execute("SELECT id, item_id, reviewer, note FROM decisions").fetchall()
    assert len(rows) == 2 * N and len({r["id"] for r in rows}) == 2 * N
    assert sorted(r["id"] for r in rows) == sorted(got["ana"] + got["bob"])
    for r in rows:
        assert r["note"] == f"{r['reviewer']} on {r['item_id']}"
    by_reviewer = {name: {r["item_id"] for r in rows if r["reviewer"] == name} for name in got}
    assert by_reviewer == {"ana": set(ana_items), "bob": set(bob_items)}
    # Where both decided, the later decision is the item's status.
    reviews = load_reviews(store)
    for item in bulk[100:200]:
        last = max((r for r in rows if r["item_id"] == item), key=lambda r: r["id"])
        expected = "accepted" if last["reviewer"] == "ana" else "rejected"
        assert reviews[item].status == expected
    store.close()

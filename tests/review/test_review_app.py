"""The review app over HTTP (Starlette's test client): CSRF, escaping, routes, queue, errors."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pipeline.errors import UsageError
from pipeline.review.app import create_app
from pipeline.review.decisions import record_decision
from pipeline.review.server import bind
from pipeline.reviews import load_reviews


@pytest.fixture
def app_env(tmp_path: Path, make_store):
    store, records = make_store(tmp_path / "briefing.sqlite")
    client = TestClient(create_app(store.path, "en", "tester"), base_url="http://127.0.0.1")
    yield client, store, records
    client.close()
    store.close()


def _token(html: str) -> str:
    match = re.search(r'<meta name="csrf" content="([0-9a-f]+)">', html)
    assert match, "every page carries its CSRF token"
    return match.group(1)


def _page(client: TestClient, url: str = "/") -> tuple[str, str]:
    response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    return response.text, _token(response.text)


def test_review_app_queue_starts_at_the_first_pending_item(app_env) -> None:
    client, store, records = app_env
    html, _ = _page(client)
    first = min(
        (r["source"], i["start"], i["id"])
        for r in records
        for i in r["pledges"] + r["claims"]
        if i.get("is_pledge", True)
    )
    assert f'data-item="{first[2]}"' in html
    assert "0 of 9 reviewed" in html  # 5 pledges (the market size is not one) and 4 claims


def test_review_app_decide_requires_csrf(app_env) -> None:
    client, store, records = app_env
    _, token = _page(client)
    item = records[0]["claims"][0]["id"]
    form = {"item_id": item, "action": "accept", "reviewer": "ana"}
    assert client.post("/decide", data=form).status_code == 403
    assert client.post("/decide", data=form | {"csrf": "0" * 64}).status_code == 403
    other = TestClient(client.app, base_url="http://127.0.0.1")  # another session's cookie
    _page(other)
    assert other.post("/decide", data=form | {"csrf": token}).status_code == 403
    assert client.post("/undo", data={"reviewer": "ana"}).status_code == 403
    assert load_reviews(store) == {}
    ok = client.post("/decide", data=form | {"csrf": token}, headers={"accept": "application/json"})
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    assert load_reviews(store)[item].reviewer == "ana"


def test_review_app_edit_errors_are_reported(app_env) -> None:
    client, store, records = app_env
    _, token = _page(client)
    form = {"csrf": token, "item_id": records[0]["pledges"][0]["id"], "action": "edit"}
    bad = client.post(
        "/decide", data=form | {"reviewer": "ana", "amount": "abc"},
        headers={"accept": "application/json"},
    )  # fmt: skip
    assert bad.status_code == 400 and "must be a number" in bad.json()["error"]
    nobody = client.post("/decide", data=form | {"reviewer": ""}, follow_redirects=False)
    assert nobody.status_code == 303 and "error=" in nobody.headers["location"]


def test_review_app_escapes_document_text(app_env, xss_speaker: str) -> None:
    client, store, records = app_env
    xss = records[2]
    html, _ = _page(client, f"/item/{xss['claims'][0]['id']}")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Jean &#34;Le Sage&#34; O&#39;Neil" in html
    doc = client.get(f"/doc/{xss['doc_id']}")
    assert (
        doc.status_code == 200 and "<script>alert" not in doc.text and "<img src=x" not in doc.text
    )
    assert "script-src 'self'" in doc.headers["content-security-policy"]
    assert xss_speaker not in doc.text  # raw quotes never reach the markup


@pytest.mark.parametrize(
    "url",
    [
        "/static/../briefing.sqlite",
        "/static/%2e%2e%2fbriefing.sqlite",
        "/static/..%2F..%2Fetc%2Fpasswd",
        "/doc/..%2F..%2Fetc%2Fpasswd",
        "/doc/../../etc/passwd",
        "/item/..%2Fbriefing.sqlite",
        "/static/app.py",
    ],
)
def test_review_app_no_path_traversal(app_env, url: str) -> None:
    client, store, records = app_env
    response = client.get(url)
    assert response.status_code == 404
    assert b"SQLite format" not in response.content and b"root:" not in response.content


def test_review_app_refuses_foreign_hosts(app_env) -> None:
    client, store, records = app_env
    assert client.get("/list", headers={"host": "evil.example"}).status_code == 400


def test_review_app_filters_and_progress(app_env, xss_speaker: str) -> None:
    client, store, records = app_env
    record_decision(store, records[0]["claims"][0]["id"], "accept", "ana")
    html, _ = _page(client, "/list?status=&type=claim&checkworthy=1")
    rows = re.findall(r'<tr data-item="([^"]+)"', html)
    assert rows == [records[0]["claims"][0]["id"], records[2]["claims"][0]["id"]]
    assert "1 of 2 reviewed" in html
    html, _ = _page(client, "/list?status=pending&lang=fr")
    assert len(re.findall(r"<tr data-item=", html)) == 3
    html, _ = _page(client, f"/list?status=&actor={xss_speaker}")
    assert len(re.findall(r"<tr data-item=", html)) == 2


def test_review_app_shows_orphaned_items(app_env) -> None:
    client, store, records = app_env
    item = records[1]["claims"][0]["id"]
    record_decision(store, item, "reject", "ana", note="kept after re-run")
    store.conn.execute("UPDATE items SET state='orphaned' WHERE id=?", (item,))
    html, _ = _page(client, "/list?status=&state=orphaned")
    assert re.findall(r'<tr data-item="([^"]+)"', html) == [item]
    page, _ = _page(client, f"/item/{item}")
    assert "orphaned" in page and "kept after re-run" in page


def test_review_app_port_taken_is_a_clear_error() -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        with pytest.raises(
            UsageError, match=rf"\[E501\] port {port} on 127.0.0.1 is already in use"
        ):
            bind("127.0.0.1", port)
    finally:
        taken.close()


def test_review_cli_port_taken_exit_code(tmp_path: Path, make_store) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    store, _ = make_store(tmp_path / "briefing.sqlite")
    store.close()
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        port = str(taken.getsockname()[1])
        result = CliRunner().invoke(app, ["review", "--db", str(store.path), "--port", port])
    finally:
        taken.close()
    assert result.exit_code == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.output

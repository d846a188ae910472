"""Real headless Chromium (Debian package) driven by Playwright: briefing, review app, XSS.

These tests fail, never skip, when /usr/bin/chromium is missing: `make test` installs it with
apt-get (`playwright install` cannot download a browser here), or stops saying how; only
`make test SKIP_BROWSER=1` skips them, with that reason. Screenshots go to
tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.config import Config
from pipeline.report.render import render_report
from pipeline.review.decisions import record_decision
from pipeline.reviews import load_reviews
from tests.conftest import TESTS

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = TESTS / "artifacts"
PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert CHROMIUM.exists(), (
        "chromium is missing: make test installs it (see tools/system_deps.sh)"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watched:
    """A page whose console errors, page errors and dialogs are recorded."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def clean(self) -> None:
        assert self.errors == [] and self.dialogs == []


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.page.close()


class Server:
    """The review app on a free port of 127.0.0.1, served by uvicorn in a thread."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        from pipeline.review.app import create_app
        from pipeline.review.server import bind

        self.sock = bind("127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(create_app(db, "en", ""), log_level="error"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]})
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.server.started

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture
def sample(tmp_path: Path, make_store):
    store, records = make_store(tmp_path / "briefing.sqlite", bulk=60)
    yield store, records, tmp_path
    store.close()


@pytest.fixture
def server(sample) -> Iterator[Server]:
    srv = Server(sample[0].path)
    yield srv
    srv.stop()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))
    assert (ARTIFACTS / name).stat().st_size > 10_000


def _payloads_are_text(page: Any) -> None:
    body = page.inner_text("body")
    for payload in PAYLOADS[:1]:
        assert payload in body
    injected = page.evaluate(
        "() => [document.querySelectorAll('img').length,"
        " [...document.scripts].filter(s => (!s.type || s.type.includes('javascript'))"
        "   && s.textContent.includes('alert')).length]"
    )
    assert injected == [0, 0]


def test_browser_briefing_and_document_page(
    watched: Watched, sample, config: Config, xss_speaker: str
) -> None:
    store, records, out = sample
    record_decision(store, records[0]["claims"][0]["id"], "accept", "ana")
    index = render_report(store, out, config, ui_lang="en")
    page = watched.page
    page.goto(index.as_uri())
    assert page.locator("#chart svg").count() == 1
    _shot(page, "briefing.png")
    _payloads_are_text(page)
    assert xss_speaker in page.inner_text("#claims")
    # Client-side paging: 64 claims, 25 per page; filtering narrows them down.
    rows = page.locator("#claims tbody tr:not(.pg-hidden)")
    assert rows.count() == 25
    first = rows.first.inner_text()
    page.locator("#claims .pager button", has_text="Next").click()
    assert rows.count() == 25 and rows.first.inner_text() != first
    assert "26–50 of 64" in page.inner_text("#claims .pager")
    page.locator("#claims .pager input").fill("Claim number 4")
    assert rows.count() == 11  # 4 and 40-49, back on the first page
    assert page.locator("#claims .pager button", has_text="Next").is_disabled()
    page.locator("#claims .pager input").fill("")
    # On paper: no navigation or pager, every row of the page printed.
    page.emulate_media(media="print")
    assert (
        not page.locator("nav.top").is_visible() and not page.locator(".pager").first.is_visible()
    )
    assert page.locator("#claims tbody tr").nth(60).is_visible()
    page.emulate_media(media="screen")
    # A link from the briefing lands on the exact span of the document page.
    page.locator("#claims a.quote", has_text="We refuse").click()
    assert page.url.endswith(f"#{records[2]['claims'][0]['id']}")
    assert page.locator(f"[id='{records[2]['claims'][0]['id']}'] + mark").count() == 1
    _shot(page, "document.png")
    _payloads_are_text(page)
    assert "onerror=alert(1)>" in page.inner_text(".doc-text")
    watched.clean()


def _decisions(store: Any) -> list[tuple[str, str, str, int]]:
    return [
        tuple(r)
        for r in store.conn.execute(
            "SELECT item_id, action, reviewer, undone FROM decisions ORDER BY id"
        )
    ]


def test_browser_review_by_keyboard(watched: Watched, sample, server: Server) -> None:
    store, records, _ = sample
    page = watched.page
    fr = records[0]
    p109, c_nous, p200 = fr["pledges"][0]["id"], fr["claims"][0]["id"], fr["pledges"][1]["id"]
    page.goto(server.url + "/")
    page.fill("#reviewer", "kbd")
    page.keyboard.press("Tab")
    assert page.get_attribute("#item", "data-item") == p109
    page.locator("h1").click()  # focus leaves the field: shortcuts are on again
    with page.expect_navigation():
        page.keyboard.press("a")
    assert _decisions(store) == [(p109, "accept", "kbd", 0)]
    assert page.get_attribute("#item", "data-item") == c_nous
    with page.expect_navigation():
        page.keyboard.press("r")
    assert page.get_attribute("#item", "data-item") == p200
    with page.expect_navigation():
        page.keyboard.press("u")
    assert _decisions(store)[-1] == (c_nous, "reject", "kbd", 1)
    assert page.get_attribute("#item", "data-item") == c_nous
    # Shortcuts are off while typing: an "a" typed in the note accepts nothing.
    page.fill("#note", "")
    page.type("#note", "a r u")
    assert len(_decisions(store)) == 2
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#help").is_visible()
    # Edit by keyboard: e opens the form, [ moves the claim start one word left.
    page.keyboard.press("e")
    assert page.evaluate("document.activeElement.id") == "edit-who"
    page.keyboard.press("Control+a")
    page.keyboard.type('E. "Manu" Macron')
    page.keyboard.press("Escape")
    page.keyboard.press("[")
    assert page.inner_text("#bounds-preview").startswith("« Nous allons")
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    review = load_reviews(store)[c_nous]
    assert (review.status, review.reviewer) == ("edited", "kbd")
    assert review.edits["speaker_name"] == 'E. "Manu" Macron'
    assert review.edits["start"] == fr["claims"][0]["start"] - 2
    assert review.edits["text"].startswith("« Nous allons")
    assert page.inner_text("#status") == "edited"
    _shot(page, "review.png")
    watched.clean()


def test_browser_review_app_renders_payloads_as_text(
    watched: Watched, sample, server, xss_speaker: str
) -> None:
    store, records, _ = sample
    xss = records[2]
    page = watched.page
    page.goto(f"{server.url}/item/{xss['claims'][0]['id']}")
    _payloads_are_text(page)
    assert xss_speaker in page.inner_text("h1")
    assert page.input_value("#edit-who") == xss_speaker
    page.goto(f"{server.url}/doc/{xss['doc_id']}")
    _payloads_are_text(page)
    assert "onerror=alert(1)>" in page.inner_text(".doc-text")
    page.goto(f"{server.url}/list?status=&actor={xss_speaker}")
    assert page.locator("#list tbody tr").count() == 2
    watched.clean()


def test_browser_review_list_view_keys(watched: Watched, sample, server) -> None:
    store, records, _ = sample
    page = watched.page
    page.goto(f"{server.url}/list?status=&type=pledge")
    page.fill("#reviewer", "lister")
    page.locator("#list thead th").first.click()  # out of the name field
    page.keyboard.press("j")
    second = page.get_attribute("#list tr.selected", "data-item")
    with page.expect_navigation():
        page.keyboard.press("r")
    assert json.loads(json.dumps(_decisions(store))) == [[second, "reject", "lister", 0]]
    assert page.get_attribute("#list tr.selected", "data-item") == second  # selection kept
    assert page.inner_text("#list tr.selected .badge") == "rejected"
    watched.clean()

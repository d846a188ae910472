"""The review web app (Starlette + Jinja2): a keyboard-first queue of pledges and claims.

Security boundaries: every state-changing request carries a CSRF token bound to a session
cookie (HMAC with a per-process secret); templates autoescape all document text and a strict
Content-Security-Policy forbids inline scripts; documents and items are looked up by id in
the database only (ids are pattern-checked) and static files come from a fixed list, so no
route reads a path a client chose; the Host header must name this machine.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from pipeline import __version__
from pipeline.present import Translator
from pipeline.review import queue
from pipeline.review.decisions import (
    EDITABLE,
    ReviewError,
    history,
    record_decision,
    undo_last,
)
from pipeline.store import Store

SESSION_COOKIE = "briefing_session"
REVIEWER_COOKIE = "briefing_reviewer"
LIST_PAGE = 50
STATIC = {"review.js": "text/javascript", "review.css": "text/css"}
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


class ReviewApp:
    """State shared by the routes: the database path, the CSRF secret, templates, strings."""

    def __init__(self, db: Path, ui_lang: str, reviewer: str = "") -> None:
        self.db = Path(db)
        self.secret = secrets.token_bytes(32)
        self.default_reviewer = reviewer
        self.t = Translator(ui_lang)
        self.env = Environment(
            loader=PackageLoader("pipeline.review", "templates"),
            autoescape=select_autoescape(["html"], default=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(t=self.t, version=__version__, editable=EDITABLE)
        self.env.filters["plain"] = plain_number
        self.local = threading.local()
        Store(self.db).close()  # migrate once, before any request

    def store(self) -> Store:
        """One connection per worker thread (sqlite3 connections are not shared)."""
        store = getattr(self.local, "store", None)
        if store is None:
            store = self.local.store = Store(self.db)
        return store

    # sessions and CSRF ---------------------------------------------------------------
    def token(self, session: str) -> str:
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()

    def check_csrf(self, request: Request, form: Any) -> None:
        session = request.cookies.get(SESSION_COOKIE, "")
        sent = str(form.get("csrf") or request.headers.get("x-csrf-token") or "")
        if not session or not hmac.compare_digest(sent, self.token(session)):
            raise PermissionError("invalid or missing CSRF token; reload the page")
        origin = request.headers.get("origin")
        if origin and origin.split("://", 1)[-1] != request.headers.get("host"):
            raise PermissionError("cross-origin request refused")

    def page(self, request: Request, template: str, status: int = 200, **ctx: Any) -> Response:
        session = request.cookies.get(SESSION_COOKIE) or secrets.token_urlsafe(24)
        reviewer = unquote(request.cookies.get(REVIEWER_COOKIE, "")) or self.default_reviewer
        html = self.env.get_template(template).render(
            csrf=self.token(session), reviewer=reviewer, **ctx
        )
        response = HTMLResponse(html, status_code=status)
        if SESSION_COOKIE not in request.cookies:
            response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict")
        return response


SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """ASGI middleware adding the CSP and friends to every response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def plain_number(value: float | None) -> str:
    """An amount for an input field: 30000000000 -> '30 000 000 000' (spaces are accepted)."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{value:,.0f}".replace(",", " ")
    return f"{value:.15g}"


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _valid_id(value: str) -> bool:
    return 0 < len(value) <= 80 and all(c.isalnum() or c in "_:-" for c in value)


def _review(request: Request) -> ReviewApp:
    """The app's shared state, set by create_app."""
    review: ReviewApp = request.app.state.review
    return review


def _common(filters: queue.Filters, items: list[queue.QueueItem]) -> dict[str, Any]:
    """What every queue page shows: the filters, the progress bar and the filter menus."""
    return {
        "filters": filters,
        "f": filters.values,
        "q": filters.query(),
        "progress": queue.progress(items, filters),
        "facets": queue.facets(items),
    }


def _form_filters(form: Any) -> queue.Filters:
    """The queue filters a form carries back (its `q` field) to return to the same view."""
    return queue.Filters.parse(dict(parse_qsl(str(form.get("q") or ""))))


async def home(request: Request) -> Response:
    """The first item under the filters, or the empty-queue page."""
    review = _review(request)
    filters = queue.Filters.parse(request.query_params)
    items = queue.load_items(review.store())
    first = next((i for i in items if filters.match(i)), None)
    if first is not None:
        return RedirectResponse(f"/item/{first.id}?{filters.query()}", status_code=303)
    return review.page(request, "empty.html", **_common(filters, items))


async def item_view(request: Request) -> Response:
    """One item with its context, its decision history and its neighbours in the queue."""
    review = _review(request)
    item_id = request.path_params["item_id"]
    filters = queue.Filters.parse(request.query_params)
    if not _valid_id(item_id):
        return HTMLResponse("not found", status_code=404)
    store = review.store()
    items = queue.load_items(store)
    item = next((i for i in items if i.id == item_id), None)
    if item is None:
        return HTMLResponse("not found", status_code=404)
    prev, nxt = queue.neighbours(items, item_id, filters)
    return review.page(
        request,
        "item.html",
        item=item,
        ctx=queue.item_context(store, item),
        prev=prev,
        next=nxt,
        history=history(store, item_id),
        actors=queue.known_actors(store),
        error=request.query_params.get("error", "")[:300],
        **_common(filters, items),
    )


async def list_view(request: Request) -> Response:
    """The items under the filters, LIST_PAGE a page."""
    review = _review(request)
    filters = queue.Filters.parse(request.query_params, default_status="")
    items = queue.load_items(review.store())
    shown = [i for i in items if filters.match(i)]
    try:
        page = max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        page = 1
    pages = max(1, -(-len(shown) // LIST_PAGE))
    page = min(page, pages)
    rows = shown[(page - 1) * LIST_PAGE : page * LIST_PAGE]
    return review.page(
        request,
        "list.html",
        rows=rows,
        page=page,
        pages=pages,
        n=len(shown),
        **_common(filters, items),
    )


async def doc_view(request: Request) -> Response:
    """A whole document with its active items highlighted."""
    review = _review(request)
    doc_id = request.path_params["doc_id"]
    if len(doc_id) != 16 or any(c not in "0123456789abcdef" for c in doc_id):
        return HTMLResponse("not found", status_code=404)
    store = review.store()
    doc = store.document(doc_id)
    if doc is None:
        return HTMLResponse("not found", status_code=404)
    filters = queue.Filters.parse(request.query_params, default_status="")
    items = queue.load_items(store)
    mine = [i for i in items if i.doc_id == doc_id and i.state == "active"]
    marks = [
        queue.Mark(i.data["start"], i.data["end"], i.kind, i.id, i.who or "", i.review.status)
        for i in mine
    ]
    return review.page(
        request,
        "doc.html",
        source=doc.source,
        segments=queue.segments(doc.text, marks),
        doc_items=mine,
        **_common(filters, items),
    )


def _posted_edits(form: Any, store: Store) -> dict[str, Any]:
    """The edit fields of a decision form; a pledger or speaker name picked from the list
    of known actors also gets that actor's id (a typed new name gets none)."""
    edits: dict[str, Any] = {
        k: form[k]
        for k in ("amount", "amount_max", "currency", "qualifier", "start", "end")
        if k in form
    }
    for field in ("actor_name", "speaker_name"):
        if field in form:
            name = " ".join(str(form[field]).split())
            edits[field] = name
            edits[field.replace("name", "id")] = _resolve_actor(store, name)
    return edits


def _resolve_actor(store: Store, name: str) -> str | None:
    """The id of a known actor with this name (picked from the list), else None (typed)."""
    folded = name.casefold()
    return next(
        (aid for n, aid in queue.known_actors(store, 10_000).items() if n.casefold() == folded),
        None,
    )


async def decide(request: Request) -> Response:
    """Record an accept, reject or edit; then the next item (an edit stays on its item)."""
    review = _review(request)
    form = await request.form()
    review.check_csrf(request, form)
    filters = _form_filters(form)
    item_id = str(form.get("item_id") or "")
    action = str(form.get("action") or "")
    store = review.store()
    reviewer, note = str(form.get("reviewer") or ""), str(form.get("note") or "")
    try:
        decision = record_decision(
            store, item_id, action, reviewer, note, _posted_edits(form, store)
        )
    except ReviewError as exc:
        if _wants_json(request):
            return JSONResponse({"ok": False, "error": str(exc)}, status_code=400)
        target = f"/item/{quote(item_id)}?{filters.query(error=str(exc))}"
        return RedirectResponse(target, status_code=303)
    items = queue.load_items(store)
    # An edit stays on the item (the reviewer sees the revision); accept/reject move on.
    nxt = item_id if action == "edit" else queue.neighbours(items, item_id, filters)[1]
    url = f"/item/{nxt}?{filters.query()}" if nxt else f"/?{filters.query()}"
    status = next((i.review.status for i in items if i.id == item_id), "pending")
    if _wants_json(request):
        return JSONResponse({"ok": True, "decision": decision, "status": status, "next": url})
    return RedirectResponse(url, status_code=303)


async def undo(request: Request) -> Response:
    """Undo the reviewer's latest decision and go back to its item."""
    review = _review(request)
    form = await request.form()
    review.check_csrf(request, form)
    filters = _form_filters(form)
    done = undo_last(review.store(), str(form.get("reviewer") or ""))
    # Back to the undone item, whatever the status filter (it is pending again or not).
    url = f"/item/{done[1]}?{filters.query()}" if done else f"/?{filters.query()}"
    if _wants_json(request):
        return JSONResponse({"ok": done is not None, "undone": done and done[0], "next": url})
    return RedirectResponse(url, status_code=303)


async def set_reviewer(request: Request) -> Response:
    """Remember the reviewer's name in a cookie."""
    form = await request.form()
    _review(request).check_csrf(request, form)
    name = " ".join(str(form.get("reviewer") or "").split())[:200]
    response: Response = JSONResponse({"ok": True, "reviewer": name})
    response.set_cookie(REVIEWER_COOKIE, quote(name), samesite="strict", httponly=True)
    return response


async def static(request: Request) -> Response:
    """Our own script and style sheet, from a fixed list (no client-chosen path is read)."""
    name = request.path_params["name"]
    if name not in STATIC:
        return Response("not found", status_code=404)
    body = resources.files("pipeline.review").joinpath("static", name).read_bytes()
    return Response(body, media_type=STATIC[name])


async def favicon(request: Request) -> Response:
    """No icon: an empty answer instead of a 404 in the browser's console."""
    return Response(status_code=204)


async def on_error(request: Request, exc: Exception) -> Response:
    """A refused request (CSRF, cross-origin) as a 403 the page or the script can show."""
    if isinstance(exc, PermissionError):
        if _wants_json(request):
            return JSONResponse({"ok": False, "error": str(exc)}, status_code=403)
        html = _review(request).env.from_string("<p>{{ m }}</p>").render(m=str(exc))
        return HTMLResponse(html, 403)
    raise exc


ROUTES = [
    Route("/", home),
    Route("/list", list_view),
    Route("/item/{item_id:str}", item_view),
    Route("/doc/{doc_id:str}", doc_view),
    Route("/decide", decide, methods=["POST"]),
    Route("/undo", undo, methods=["POST"]),
    Route("/reviewer", set_reviewer, methods=["POST"]),
    Route("/static/{name:str}", static),
    Route("/favicon.ico", favicon),
]


def create_app(
    db: Path | str, ui_lang: str = "en", reviewer: str = "", hosts: list[str] | None = None
) -> Starlette:
    """The ASGI app reviewing the store at `db`; only requests naming one of `hosts` (this
    machine by default) are served."""
    allowed = hosts or ["127.0.0.1", "localhost", "::1", "[::1]"]
    app = Starlette(
        routes=ROUTES,
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(TrustedHostMiddleware, allowed_hosts=allowed),
        ],
        exception_handlers={PermissionError: on_error},
    )
    app.state.review = ReviewApp(Path(db), ui_lang, reviewer)
    return app

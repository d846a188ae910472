"""Start the review app on a local port (uvicorn), with a clear error when it is taken.

The socket is bound here, before uvicorn starts, and handed to it: a taken port becomes a
one-line error naming the port instead of a traceback, with no race between check and use.
"""

from __future__ import annotations

import errno
import socket
from pathlib import Path

from pipeline.errors import Errors, UsageError
from pipeline.present import majority_lang
from pipeline.store import Store


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready socket on (host, port), or a UsageError saying what to do."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this: without it a response written in two parts (headers,
    # body) waits for the client's delayed ACK, ~40 ms per request.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(Errors.E501.format(port=port, host=host)) from exc
        raise UsageError(Errors.E502.format(host=host, port=port, detail=exc.strerror)) from exc
    return sock


def corpus_lang(db: Path) -> str:
    """Interface language by default: the majority language of the stored documents."""
    store = Store(db)
    try:
        langs = store.document_langs()
    finally:
        store.close()
    return majority_lang(langs)


def serve(db: Path, host: str, port: int, ui_lang: str | None, reviewer: str) -> None:
    """Serve the review app until interrupted."""
    import uvicorn

    from pipeline.review.app import create_app

    if not db.exists():
        raise UsageError(Errors.E002.format(db=db))
    sock = bind(host, port)
    hosts = ["127.0.0.1", "localhost", "::1", "[::1]", host]
    app = create_app(db, ui_lang or corpus_lang(db), reviewer, hosts)
    config = uvicorn.Config(app, log_level="warning")
    server = uvicorn.Server(config)
    print(f"review app: http://{host if ':' not in host else f'[{host}]'}:{port}/  (Ctrl+C stops)")
    server.run(sockets=[sock])

"""Start the dashboard: check the bind and the token, bring the search index up to date, serve."""

from __future__ import annotations

import logging
import os
import socket

from archive.catalog import Catalog
from archive.errors import OperationFailed, UsageError
from archive.layout import ArchiveLayout
from bdt.web.pages import WebContext
from bdt.web.security import is_loopback

logger = logging.getLogger(__name__)

TOKEN_VARIABLE = "BDT_SERVE_TOKEN"
MIN_TOKEN_LENGTH = 16


def serve_token(host: str) -> str | None:
    """The token from the environment; UsageError if a bind beyond loopback has none."""
    token = os.environ.get(TOKEN_VARIABLE) or None
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise UsageError(f"{TOKEN_VARIABLE} is too short ({len(token)} characters; use at "
                         f"least {MIN_TOKEN_LENGTH}, e.g. from `openssl rand -hex 24`)")
    if token is None and not is_loopback(host):
        raise UsageError(f"--host {host} is reachable from other machines: set "
                         f"{TOKEN_VARIABLE} (in the environment file) to require a token")
    return token


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise OperationFailed(f"cannot listen on {host}:{port}: "
                                  f"{error.strerror or error}") from None


def run_serve(layout: ArchiveLayout, registry: object, *, host: str, port: int,
              replay_url: str, db_url: str | None = None) -> int:
    """Serve the dashboard until interrupted; returns the exit code."""
    import uvicorn

    from bdt.web.app import create_app

    token = serve_token(host)
    _check_port(host, port)
    with Catalog(layout.catalog) as catalog:
        indexed = catalog.refresh_search()
    if indexed:
        logger.info("search index: %d document(s) indexed", indexed)
    ctx = WebContext(layout, registry, replay_url=replay_url, db_url=db_url)
    app = create_app(ctx, token=token)
    shown = f"[{host}]" if ":" in host else host
    print(f"dashboard on http://{shown}:{port}/ (archive {layout.root}"
          f"{'; token required' if token else ''}); Ctrl-C stops it", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    return 0

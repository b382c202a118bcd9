"""The API key that guards writes, checked before anything else reads the request.

Checked in an ASGI middleware rather than only in a route dependency: FastAPI parses and validates
a JSON body before it runs dependencies, so an anonymous caller would otherwise learn from 422s
what the endpoint accepts.
"""

from __future__ import annotations

import hmac

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.errors import error_response

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MISSING_KEY = "This operation needs a valid X-API-Key header."


def key_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison; an unset or empty expected key lets everyone write."""
    if not expected:
        return True
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


class WriteKeyGuard:
    """Answers 401 to a write without the right X-API-Key before the body is read."""

    def __init__(self, app: ASGIApp, api_key: str) -> None:
        self.app = app
        self.api_key = api_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in WRITE_METHODS:
            given = Headers(scope=scope).get("x-api-key")
            if not key_matches(given, self.api_key):
                await error_response(401, "unauthorized", MISSING_KEY)(scope, receive, send)
                return
        await self.app(scope, receive, send)

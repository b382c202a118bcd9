"""Every failure becomes one JSON answer, `{"error": {"code", "message"}}`, mapped here and only here.

graph/ errors: the store is down or broken -> 503 (an extraction it refuses -> 422); ingest/ errors
(an article refused) -> 422; the API's own errors carry their status; bad parameters -> 422; bodies
over `max_body_bytes` -> 413 (BodyLimit checks Content-Length, then counts while the body is read).
Unexpected errors -> 500 with a generic message: a stack trace never leaves the process.
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.schemas import ErrorBody
from graph.errors import GraphError, InvalidExtraction
from ingest.errors import IngestError

log = logging.getLogger("diplograph.api")

TOO_LARGE = "The request body is larger than this server accepts."
STATUS_CODES = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}


class ApiError(Exception):
    """An error the API raises itself; subclasses fix the status and code."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ApiError):
    status = 404
    code = "not_found"


class InvalidParameter(ApiError):
    status = 422
    code = "invalid_parameter"


class Unauthorized(ApiError):
    status = 401
    code = "unauthorized"


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _code(exc: Exception) -> str:
    """`StoreUnavailable` -> `store_unavailable`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(exc).__name__).lower()


def _location(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc[1:] or loc)


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message)


async def _graph_error(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, InvalidExtraction):
        return error_response(422, _code(exc), f"The extraction could not be stored: {exc}")
    log.warning("store error on %s %s: %s", request.method, request.url.path, exc)
    return error_response(503, _code(exc), f"The graph store is unavailable: {exc}")


async def _ingest_error(_: Request, exc: Exception) -> JSONResponse:
    return error_response(422, _code(exc), f"The article was refused: {exc or type(exc).__name__}")


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [f"{_location(tuple(e.get('loc', ())))}: {e.get('msg', 'invalid')}" for e in exc.errors()]
    return error_response(422, "invalid_request", "; ".join(problems) or "Invalid request.")


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400:  # FastAPI's answer to a body it cannot decode: a bad request body is 422 here
        return error_response(422, "invalid_request", "The request body is not valid UTF-8 JSON.")
    code = STATUS_CODES.get(exc.status_code, _phrase_code(exc.status_code))
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    return error_response(exc.status_code, code, message)


def _phrase_code(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "http_error"


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "An unexpected error occurred; it has been logged.")


class BodyLimit:
    """ASGI middleware answering 413 for bodies over `max_bytes`: at once when Content-Length says
    so, else when reading passes the limit. (Starlette's own limiter answers in plain text.)"""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await error_response(413, "body_too_large", TOO_LARGE)(scope, receive, send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise HTTPException(413, TOO_LARGE)  # FastAPI passes it on to `_http_error`
            return message

        await self.app(scope, counting_receive, send)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(GraphError, _graph_error)
    app.add_exception_handler(IngestError, _ingest_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


ERROR_DESCRIPTIONS = {
    401: "Missing or wrong X-API-Key.",
    404: "Unknown id or name.",
    413: "Request body too large.",
    422: "Invalid parameters or body.",
    503: "The graph store does not answer.",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting the error answers of a route."""
    return {s: {"model": ErrorBody, "description": ERROR_DESCRIPTIONS[s]} for s in statuses}

"""Bad requests get a clear JSON error of the right status, and change nothing in the store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.reliability.conftest import app_store, counts
from tests.reliability.corpus import article_text

MAX_BODY = 1_000_000  # Settings.max_body_bytes default


def error(response: Any, status: int) -> dict[str, str]:
    """The error object of a JSON error answer of `status`; no trace, no internals."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"].strip(), body
    assert "Traceback" not in response.text and ".py" not in response.text, response.text[:500]
    return dict(body["error"])


@pytest.fixture(scope="module")
def client(loaded_api: TestClient) -> Iterator[TestClient]:
    """The loaded app; every test of this module must leave its counts as they were."""
    before = counts(app_store(loaded_api))
    yield loaded_api
    assert counts(app_store(loaded_api)) == before


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b'{"text": "unterminated', "application/json"),
        (b"", "application/json"),
        (b"\xff\xfe\x00garbage", "application/json"),
        (b"text=hello", "application/x-www-form-urlencoded"),
        (b"null", "application/json"),
    ],
)
def test_malformed_json_is_422(client: TestClient, body: bytes, content_type: str) -> None:
    response = client.post("/articles", content=body, headers={"content-type": content_type})
    assert error(response, 422)["code"] == "invalid_request"


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        ({}, "text"),
        ([], ""),
        ("an article", ""),
        ({"text": 42}, "text"),
        ({"text": ["a", "b"]}, "text"),
        ({"text": None}, "text"),
        ({"text": {"nested": "x"}}, "text"),
        ({"text": article_text(0), "published": "yesterday"}, "published"),
        ({"text": article_text(0), "published": 20250403}, "published"),
        ({"text": article_text(0), "title": ["x"]}, "title"),
        ({"text": article_text(0), "url": 7}, "url"),
    ],
)
def test_wrong_types_are_422_naming_the_field(client: TestClient, payload: Any, needle: str) -> None:
    body = error(client.post("/articles", json=payload), 422)
    assert needle in body["message"], body


@pytest.mark.parametrize(
    ("text", "word"),
    [("", "text"), ("   \n\t  ", "empty"), ("a\x00b " * 50, "binary"),
     ("Le ministre a rencontré son homologue à Paris jeudi pour discuter du commerce. " * 5, "english")],
)
def test_unusable_article_text_is_422_with_the_reason(client: TestClient, text: str, word: str) -> None:
    body = error(client.post("/articles", json={"text": text}), 422)
    assert word in body["message"].lower(), body


def test_article_over_the_character_limit_is_422(client: TestClient) -> None:
    limit = client.app.state.settings.max_article_chars  # type: ignore[attr-defined]
    text = (article_text(0) * (limit // len(article_text(0)) + 1))[: limit + 1]
    assert len(text.encode()) < MAX_BODY
    body = error(client.post("/articles", json={"text": text}), 422)
    assert "too long" in body["message"], body


@pytest.mark.parametrize(
    "path",
    [
        "/people/person:nobody-at-all",
        "/people/Nobody%20At%20All/timeline",
        "/people/nobody/meetings",
        "/meetings/meeting:000000000000",
        "/visits/visit:000000000000",
        "/mechanisms/mechanism:none",
        "/countries/Atlantis",
        "/countries/Atlantis/relations/Lemuria",
        "/articles/no/such/article.txt",
        "/graph/neighborhood/nothing-here",
        "/graph/path?from=nothing-here&to=nobody-there",
        "/no-such-route",
    ],
)
def test_unknown_ids_are_404(client: TestClient, path: str) -> None:
    assert error(client.get(path), 404)["code"] == "not_found"


def test_deleting_an_unknown_article_is_404(client: TestClient) -> None:
    assert error(client.delete("/articles/never-posted.txt"), 404)["code"] == "not_found"


def test_huge_body_with_content_length_is_413(client: TestClient) -> None:
    body = b'{"text": "' + b"a" * MAX_BODY + b'"}'
    response = client.post("/articles", content=body, headers={"content-type": "application/json"})
    assert error(response, 413)["code"] == "body_too_large"


def test_huge_chunked_body_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(MAX_BODY // 65536 + 2):
            yield b"a" * 65536
        yield b'"}'

    response = client.post("/articles", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert error(response, 413)["code"] == "body_too_large"


def test_a_lying_content_length_does_not_pass_the_limit(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(MAX_BODY // 65536 + 2):
            yield b"a" * 65536

    response = client.post(
        "/articles", content=chunks(), headers={"content-type": "application/json", "content-length": "10"}
    )
    assert response.status_code in (400, 413, 422), response.text[:300]
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("path", "params", "needle"),
    [
        ("/people", {"limit": 10**9}, "limit"),
        ("/people", {"limit": 10**40}, "limit"),
        ("/meetings", {"limit": 501}, "limit"),
        ("/visits", {"limit": -1}, "limit"),
        ("/articles", {"offset": -5}, "offset"),
        ("/mechanisms", {"limit": "all"}, "limit"),
        ("/search", {"q": "a", "limit": 10**6}, "limit"),
        ("/graph/neighborhood/country:ke", {"depth": 10**6}, "depth"),
        ("/graph/neighborhood/country:ke", {"depth": 4}, "depth"),
        ("/graph/neighborhood/country:ke", {"depth": 0}, "depth"),
        ("/graph/path", {"from": "country:ke", "to": "country:cl", "max_hops": 10**6}, "max_hops"),
        ("/search", {"q": "x" * 10_000}, "q"),
        ("/anniversaries", {"year": 10**12}, "year"),
        ("/analytics/centrality", {"limit": 10**9}, "limit"),
        ("/analytics/communities", {"min_size": 0}, "min_size"),
    ],
)
def test_huge_or_negative_numbers_are_422(
    client: TestClient, path: str, params: dict[str, Any], needle: str
) -> None:
    body = error(client.get(path, params=params), 422)
    assert needle in body["message"], body


@pytest.mark.parametrize(
    "path", ["/people", "/meetings", "/visits", "/mechanisms", "/anniversaries", "/articles"]
)
def test_huge_offset_is_an_empty_page_or_422(client: TestClient, path: str) -> None:
    """Past the end is an empty page (or a 422 naming `offset`), never a 500."""
    response = client.get(path, params={"offset": 2**31})
    if response.status_code == 422:
        assert "offset" in error(response, 422)["message"]
    else:
        assert response.status_code == 200, response.text[:300]
        assert response.json()["items"] == []


@pytest.mark.parametrize("fmt", ["xml", "GRAPHML", "", "json;drop", "../../etc/passwd"])
def test_unknown_export_format_is_422(client: TestClient, fmt: str) -> None:
    body = error(client.get("/export", params={"format": fmt}), 422)
    assert "format" in body["message"], body


def test_export_without_format_is_422(client: TestClient) -> None:
    assert "format" in error(client.get("/export"), 422)["message"]


def test_wrong_methods_are_405_json(client: TestClient) -> None:
    for method, path in [("put", "/articles"), ("delete", "/people"), ("post", "/stats")]:
        assert error(client.request(method, path), 405)["code"] == "method_not_allowed"

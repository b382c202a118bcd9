"""Nobody gets in: injection strings in every string parameter of every GET endpoint change nothing and
get ordinary answers; writes need the API key when one is set; answers and logs carry no stack trace
and no credential."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.reliability.conftest import LogLines, app_settings, app_store, snapshot
from tests.reliability.corpus import article_text

# Quotes and backticks that would close a Cypher string or identifier, statements appended after them,
# a parameter name, a regular expression, a path, a NUL, and an over-long value.
INJECTIONS = [
    "'",
    '"',
    "`",
    "\\",
    "}) MATCH (n) DETACH DELETE n //",
    "`) MATCH (n) DETACH DELETE n //",
    "' OR 1=1 --",
    "x' }) WITH 1 AS x MATCH (n) SET n.name = 'pwned' //",
    "$limit",
    "(?s).*",
    "../../../etc/passwd",
    "country:ke\x00",
    "Đ" * 300,
]
NEUTRAL = {"q": "a", "from": "country:ke", "to": "country:cl", "format": "json"}
PATH_DEFAULT = "country:ke"


def string_parameters(document: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(path template, parameter, where) for every string-valued parameter of every GET endpoint."""
    found = []
    for path, item in document["paths"].items():
        op = item.get("get")
        for param in (op or {}).get("parameters", []):
            schema = param.get("schema", {})
            kinds = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
            if "string" in kinds and param["in"] in ("query", "path"):
                found.append((path, param["name"], param["in"]))
    return found


def request_for(
    document: dict[str, Any], path: str, name: str, where: str, value: str
) -> tuple[str, dict[str, str]]:
    """The URL and query of a GET of `path` with `value` in parameter `name`, the rest valid."""
    params: dict[str, str] = {}
    url = path
    for param in document["paths"][path]["get"].get("parameters", []):
        pname, pin = param["name"], param["in"]
        text = value if pname == name else NEUTRAL.get(pname, PATH_DEFAULT)
        if pin == "path":
            url = url.replace("{" + pname + "}", quote(text, safe=""))
        elif pname == name or param.get("required"):
            params[pname] = text
    return url, params


def test_every_get_string_parameter_is_inert(loaded_api: TestClient, logs: LogLines) -> None:
    document = loaded_api.get("/openapi.json").json()
    targets = string_parameters(document)
    assert len(targets) >= 30, targets  # the discovery must not silently find nothing
    store = app_store(loaded_api)
    before = snapshot(store)
    stats = loaded_api.get("/stats").json()
    problems = []
    for path, name, where in targets:
        for value in INJECTIONS:
            url, params = request_for(document, path, name, where, value)
            response = loaded_api.get(url, params=params)
            ok = response.status_code in (200, 404, 422)
            ok = ok and response.headers.get("content-type", "").startswith("application/json")
            ok = ok and "Traceback" not in response.text
            if not ok:
                problems.append(f"{path} {name}={value!r}: {response.status_code} {response.text[:200]}")
    assert problems == [], "\n".join(problems)
    assert loaded_api.get("/stats").json() == stats
    assert snapshot(store) == before
    assert not [line for line in logs.lines if "Traceback" in line or "unexpected error" in line]


def test_names_are_matched_as_data_not_patterns(loaded_api: TestClient) -> None:
    """A regular expression or wildcard finds nothing: `.*` is not "everything"."""
    for q in ["(?s).*", ".*", "*", "%", "_"]:
        response = loaded_api.get("/search", params={"q": q})
        assert response.status_code == 200, response.text
        assert response.json()["items"] == [], (q, response.json())
        people = loaded_api.get("/people", params={"q": q}).json()
        assert people["total"] == 0, (q, people)


# --- the API key -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def keyed(
    api_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, str]]:
    key = "k-" + secrets.token_urlsafe(24)
    app = create_app(app_settings(api_backend, request, tmp_path_factory, api_key=key))
    with TestClient(app, raise_server_exceptions=False) as client:
        app_store(client).clear()
        yield client, key


def test_writes_need_the_api_key(keyed: tuple[TestClient, str], logs: LogLines) -> None:
    client, key = keyed
    store = app_store(client)
    empty = snapshot(store)
    article = {"text": article_text(11), "url": "https://example.org/keyed"}
    wrong = [
        {},
        {"X-API-Key": ""},
        {"X-API-Key": "wrong"},
        {"X-API-Key": key[:-1]},
        {"X-API-Key": key + "x"},
        {"X-API-Key": key.upper() if key.upper() != key else key.lower()},
        {"X-API-Key": " " + key},
        {"Authorization": f"Bearer {key}"},
        {"X-API-Key": "' OR 1=1 --"},
    ]
    for headers in wrong:
        for response in (
            client.post("/articles", json=article, headers=headers),
            client.delete("/articles/https://example.org/keyed", headers=headers),
        ):
            assert response.status_code == 401, (headers, response.status_code, response.text)
            body = response.json()
            assert body["error"]["code"] == "unauthorized"
            assert key not in response.text
    assert snapshot(store) == empty, "a refused write changed the store"
    assert client.get("/people").status_code == 200, "reads need no key"

    created = client.post("/articles", json=article, headers={"X-API-Key": key})
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "created"
    again = client.post("/articles", json=article, headers={"x-api-key": key})
    assert again.status_code == 200 and again.json()["status"] == "unchanged", again.text
    assert client.delete("/articles/https://example.org/keyed").status_code == 401
    assert client.delete("/articles/https://example.org/keyed", headers={"X-API-Key": key}).status_code == 204
    assert client.get("/articles/https://example.org/keyed").status_code == 404
    assert not [line for line in logs.lines if key in line]


def test_authentication_comes_before_body_validation(keyed: tuple[TestClient, str]) -> None:
    """Without the key, a malformed or oversized-field body is 401 too: an anonymous caller learns
    nothing about what the endpoint accepts."""
    client, key = keyed
    for body in [b"{broken", b"[]", b'{"text": 42}']:
        for headers in [{}, {"X-API-Key": "wrong"}]:
            sent = {**headers, "content-type": "application/json"}
            response = client.post("/articles", content=body, headers=sent)
            assert response.status_code == 401, (body, headers, response.status_code, response.text)


def test_no_key_configured_means_open_writes_but_an_empty_key_is_not_a_key(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`DIPLOGRAPH_API_KEY=""` must not be a key that an empty header matches."""
    app = create_app(app_settings("embedded", request, tmp_path_factory, api_key=""))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.delete("/articles/none.txt", headers={"X-API-Key": ""})
        assert response.status_code in (401, 404), response.text

"""Property-based fuzzing of every operation of the OpenAPI document, on both backends: no answer is a
5xx, and every answer matches the status codes, media types, headers and schemas the document declares.

Schemathesis' pytest integration (`from_fixture`) does not run on this pytest, so the operations are
driven directly: one bounded Hypothesis run per operation and generation mode, inside one test per
backend whose app (and store) stays under the test's control.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.main import create_app
from ingest.extract import Extractor
from tests.reliability.conftest import API_CORPUS, app_settings, app_store, counts, load_corpus

EXAMPLES = {GenerationMode.POSITIVE: 15, GenerationMode.NEGATIVE: 5}  # at most 20 per operation
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def bounded_run(operation: APIOperation, mode: GenerationMode, tally: Counter[str]) -> None:
    """`EXAMPLES[mode]` generated requests to one operation, each validated against the document."""
    name = f"{operation.method.upper()} {operation.path}"

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure costs no extra time
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        tally[name] += 1
        response = case.call_and_validate(checks=CHECKS)
        assert b"Traceback" not in response.content, response.content[:500]

    run()


CONSTRAINTS = ('"integer"', '"enum"', '"pattern"', '"minLength"', '"maxLength"', '"minimum"', '"maximum"')


def modes(operation: APIOperation) -> list[GenerationMode]:
    """Negative examples exist only where something constrains the input (free strings accept all)."""
    raw = operation.definition.raw
    params = json.dumps(raw.get("parameters", []))
    constrained = "requestBody" in raw or any(word in params for word in CONSTRAINTS)
    return list(EXAMPLES) if constrained else [GenerationMode.POSITIVE]


def fuzz(schema: schemathesis.BaseSchema, tally: Counter[str]) -> list[str]:
    """Run every operation; the failures as text (one per operation and mode at most)."""
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in modes(operation):
            try:
                bounded_run(operation, mode, tally)
            except Unsatisfiable:  # nothing invalid to generate (only free-form strings): nothing to run
                continue
            except Exception as exc:  # noqa: BLE001 - collected, reported together below
                failures.append(f"{operation.method.upper()} {operation.path} [{mode.value}]: {exc}"[:3000])
    return failures


def test_api_conforms_to_its_openapi(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path, extractor: Extractor,
) -> None:
    app = create_app(app_settings(backend, request, tmp_path_factory))
    with TestClient(app) as client:
        store = app_store(client)
        store.clear()
        load_corpus(store, extractor, tmp_path / "corpus", API_CORPUS)
        before = counts(store)
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        tally: Counter[str] = Counter()
        failures = fuzz(schema, tally)
        assert failures == [], "\n\n".join(failures)
        assert len(tally) >= 25, tally
        assert sorted(op for op, n in tally.items() if n < 5) == ["GET /health", "GET /stats"], tally
        print(f"fuzz {backend}: {sum(tally.values())} examples over {len(tally)} operations")
        # Fuzzed writes may add or remove articles, but the store stays consistent and readable.
        after = counts(store)
        assert after["nodes"].get("Article", 0) >= 0 and before["nodes"]

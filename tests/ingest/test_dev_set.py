"""The invented dev set (tests/ingest/dev/articles: eight articles from other countries and outlets)
through the Extractor: a handful of key facts per article, read from the extractions themselves.
The full answer key (dev.gold.json) is scored by ../shared/eval/score.py against a running service."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import Extraction
from ingest.extract import Extractor
from ingest.read import Article, read_paths

DEV = Path(__file__).resolve().parent / "dev" / "articles"

Fact = tuple[frozenset[str], str | None, str]


@pytest.fixture(scope="module")
def dev(extractor: Extractor) -> dict[str, Extraction]:
    articles = [a for a in read_paths([DEV]) if isinstance(a, Article)]
    assert len(articles) == 8
    return {a.id[:2]: ex for a, ex in zip(articles, extractor.extract_many(articles), strict=True)}


def _names(ex: Extraction, ids: list[str]) -> frozenset[str]:
    return frozenset(n.name for i in ids if (n := ex.node(i)) is not None)


def meetings(ex: Extraction) -> set[Fact]:
    out = set()
    for n in ex.nodes:
        if n.label == "Meeting":
            ids = n.props["participants"]
            assert isinstance(ids, list)
            out.add((_names(ex, [str(i) for i in ids]), n.props.get("date"), str(n.props["status"])))
    return out  # type: ignore[return-value]


def visits(ex: Extraction) -> set[tuple[str, str, str]]:
    return {
        (_one(ex, n.props["visitor"]), _one(ex, n.props["host"]), str(n.props["status"]))
        for n in ex.nodes
        if n.label == "Visit"
    }


def _one(ex: Extraction, node_id: object) -> str:
    node = ex.node(str(node_id))
    assert node is not None
    return node.name


def sessions(ex: Extraction) -> set[tuple[int, str]]:
    return {(int(str(n.props["number"])), n.name) for n in ex.nodes if n.label == "Session"}


def test_china_laos_given_names_and_planned_meeting(dev: dict[str, Extraction]) -> None:
    found = meetings(dev["01"])
    assert (frozenset({"Li Wenhao", "Khamsing Vongphachanh"}), "2025-03-04", "occurred") in found
    assert (frozenset({"Zhao Minghui", "Khamsing Vongphachanh"}), "2025-03-04", "occurred") in found
    assert (frozenset({"Khamsing Vongphachanh", "Xu Guoping"}), "2025-03-06", "planned") in found
    assert ("Xu Guoping", "Laos", "occurred") in visits(dev["01"])
    committee = "12th session of the Intergovernmental Committee on Economic and Trade Cooperation"
    assert (12, committee) in sessions(dev["01"])


def test_india_japan_courtesy_call_predecessor_and_dialogue(dev: dict[str, Extraction]) -> None:
    found = meetings(dev["02"])
    assert (frozenset({"S. Raghunathan", "Kenji Maruyama"}), "2025-08-29", "occurred") in found
    assert (frozenset({"S. Raghunathan", "Taro Fujikawa"}), "2025-08-28", "occurred") in found
    pm = {"S. Raghunathan", "Kenji Maruyama"}
    assert not any(names == pm and d == "2025-08-28" for names, d, _ in found)  # not the predecessor
    assert ("Kenji Maruyama", "India", "planned") in visits(dev["02"])
    assert {number for number, _ in sessions(dev["02"])} == {17, 3}


def test_kazakhstan_uzbekistan_co_chairs_and_the_two_presidents(dev: dict[str, Extraction]) -> None:
    found = meetings(dev["03"])
    assert (frozenset({"Serik Zhumabekov", "Jamshid Khodjayev"}), "2025-04", "occurred") in found
    assert any(names == {"Yerlan Sadykov", "Dilshod Rakhimov"} and s == "planned" for names, _, s in found)
    people = {n.name for n in dev["03"].nodes if n.label == "Person"}
    assert {"Alisher Khodjayev", "Jamshid Khodjayev", "Arman Rakhimbekov"} <= people


def test_egypt_ethiopia_arabic_particles_and_counterparts(dev: dict[str, Extraction]) -> None:
    found = meetings(dev["04"])
    assert (frozenset({"Hesham El-Gazzar", "Tesfaye Gebremariam"}), "2025-02-11", "occurred") in found
    assert (frozenset({"Khaled al-Ansari", "Dawit Alemu"}), "2025-02-09", "occurred") in found
    assert ("Tesfaye Gebremariam", "Egypt", "planned") in visits(dev["04"])


def test_indonesia_australia_mononyms_and_predecessors(dev: dict[str, Extraction]) -> None:
    found = meetings(dev["05"])
    assert (frozenset({"Budiyanto", "Daniel Whitford"}), "2025-05-15", "occurred") in found
    assert (frozenset({"Philip Langdon", "Harjono"}), "2023-07", "occurred") in found
    assert not any(d == "2023-07" and "Budiyanto" in names for names, d, _ in found)


def test_brazil_argentina_double_surnames(dev: dict[str, Extraction]) -> None:
    people = {n.name for n in dev["06"].nodes if n.label == "Person"}
    assert "Pérez Aldana" not in people and "Benítez Ortiz" not in people
    assert (frozenset({"Helena Bastos", "Esteban Quiroga"}), "2025-07-03", "occurred") in meetings(dev["06"])


def test_ghana_nigeria_envoy_is_the_participant(dev: dict[str, Extraction]) -> None:
    found = meetings(dev["07"])
    assert (frozenset({"Kwame Osei-Bonsu", "Ibrahim Musa Danjuma"}), "2025-06-19", "occurred") in found
    assert not any(d == "2025-06-19" and "Babatunde Adeyemi" in names for names, d, _ in found)
    assert ("Kwame Osei-Bonsu", "Nigeria", "planned") in visits(dev["07"])


def test_us_indonesia_role_reference_and_anniversary_last_year(dev: dict[str, Extraction]) -> None:
    assert (frozenset({"Sudarmanto", "Laura Bennett"}), "2025-10-07", "occurred") in meetings(dev["08"])
    years = {(n.props["ordinal"], n.props["year"]) for n in dev["08"].nodes if n.label == "Anniversary"}
    assert years == {(75, 2024)}

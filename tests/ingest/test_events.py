"""Events: meetings, visits, sessions, anniversaries, partnerships, on invented texts and the seeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tests.ingest.conftest import ARTICLES, Read


def test_meeting_forms_dates_and_places(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Kenyan Foreign Minister Amos Kiprono held talks with Japanese Foreign Minister Jun Sato in Tokyo "
        "on April 2. The same day, Kiprono met with Japanese Trade Minister Aiko Mori. He also received "
        "Ambassador Maria Lopes.",
        published=dt.date(2025, 4, 4),
    )
    meetings = {m[0]: m for m in r.meetings()}
    assert meetings[frozenset({"Amos Kiprono", "Jun Sato"})][1:] == ("2025-04-02", "occurred")
    assert meetings[frozenset({"Amos Kiprono", "Aiko Mori"})][1] == "2025-04-02"
    assert frozenset({"Amos Kiprono", "Maria Lopes"}) in meetings
    places = {m.place.name for m in r.events.meetings if m.place}
    assert places == {"Tokyo"}


def test_no_meeting_without_a_named_counterpart(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "President Maria Lopes met representatives of the Brazilian community. She stressed that more "
        "bilateral meetings are needed. President Maria Lopes and Prime Minister Jun Sato take a photo."
    )
    assert r.meetings() == []


def test_plural_meetings_give_one_meeting_per_subject(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "President Ana Ribeiro and Prime Minister Paulo Mendes had bilateral meetings with President "
        "Narendra Rao in Beijing on the sidelines of the G20 Summit (August 31).",
        published=dt.date(2025, 9, 25),
    )
    assert sorted(r.meetings()) == [
        (frozenset({"Ana Ribeiro", "Narendra Rao"}), "2025-08-31", "occurred"),
        (frozenset({"Narendra Rao", "Paulo Mendes"}), "2025-08-31", "occurred"),
    ]
    assert {m.event for m in r.events.meetings} == {"G20 Summit"}


def test_planned_meetings(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Speaker Ana Ribeiro expressed her wish for a meeting with Indian Speaker Om Prakash on the "
        "sidelines of the upcoming IPU Assembly in Geneva."
    )
    ((parties, date, status),) = r.meetings()
    assert parties == {"Ana Ribeiro", "Om Prakash"} and date is None and status == "planned"
    assert r.events.meetings[0].place is not None and r.events.meetings[0].place.name == "Geneva"


def test_caption_and_body_report_one_meeting(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Kenyan President Amos Kiprono held talks with Japanese Prime Minister Jun Sato.\n\n"
        "Kenyan President Amos Kiprono held talks with Japanese Prime Minister Jun Sato in Tokyo on Monday.",
        published=dt.date(2025, 4, 4),
    )
    assert r.meetings() == [(frozenset({"Amos Kiprono", "Jun Sato"}), "2025-03-31", "occurred")]


def test_visits(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "The official visit to Kenya by Japanese Prime Minister Jun Sato (January 2025) was a success. "
        "Kenyan President Amos Kiprono will pay a state visit to Japan from October 8-10. "
        "Kiprono is preparing to visit Japan. Sato's state visit to Kenya in January 2025 was historic. "
        "Sato visited the National Museum.",
        published=dt.date(2025, 9, 25),
    )
    assert sorted(r.visits()) == [
        ("Amos Kiprono", "JP", "2025-10-08", "planned"),
        ("Jun Sato", "KE", "2025-01", "occurred"),
    ]


def test_visit_to_the_nation_and_his_visit(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Kenyan President Amos Kiprono hailed Japan. Japanese Prime Minister Jun Sato thanked Kenya for the "
        "welcome during his state visit to the East African nation in June 2024.",
        published=dt.date(2025, 1, 10),
    )
    assert r.visits() == [("Jun Sato", "KE", "2024-06", "occurred")]


def test_sessions_mechanisms_and_co_chairs(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Foreign Minister Ana Ribeiro and External Affairs Minister Om Prakash will co-chair the 9th meeting "
        "of the India-Brazil Joint Commission on October 3. This is the ninth meeting of the Commission. "
        "The eighth meeting (May 2023) was held in Brasilia. They praised the 25th session of the "
        "Brazil-India Intergovernmental Committee on Trade.",
        published=dt.date(2025, 9, 25),
    )
    by_name = {m.name: m for m in r.events.mechanisms}
    assert set(by_name) == {"Joint Commission", "Intergovernmental Committee on Trade"}
    assert sorted(by_name["Joint Commission"].countries) == ["BR", "IN"]
    sessions = {(s.mechanism.name, s.number): s for s in r.events.sessions}
    assert set(sessions) == {
        ("Joint Commission", 9),
        ("Joint Commission", 8),
        ("Intergovernmental Committee on Trade", 25),
    }
    ninth = sessions[("Joint Commission", 9)]
    assert ninth.date is not None and ninth.date.iso == "2025-10-03" and ninth.status == "planned"
    assert sorted(r.person(c) for c in ninth.co_chairs) == ["Ana Ribeiro", "Om Prakash"]
    assert (frozenset({"Ana Ribeiro", "Om Prakash"}), "2025-10-03", "planned") in r.meetings()


def test_anniversaries_merge_rewordings(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "The visit coincides with the 60th anniversary of Kenya-Japan diplomatic ties. Both sides will mark "
        "the 60th founding anniversary of diplomatic relations in 2025 and the 50th anniversary of the "
        "founding of the country. Japan sent envoys to the 50th anniversary of the founding of Kenya.",
        published=dt.date(2025, 2, 1),
    )
    found = sorted((a.ordinal, a.year, a.key) for a in r.events.anniversaries)
    assert found == [(50, 2025, "founding of *"), (60, 2025, "diplomatic relations")]
    sixty = next(a for a in r.events.anniversaries if a.ordinal == 60)
    assert sorted(sixty.countries) == ["JP", "KE"]
    ids = {n.id for n in r.extraction.nodes if n.label == "Anniversary"}
    assert "anniversary:60-diplomatic-relations-jp-ke-2025" in ids


def test_partnerships_and_topics(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Kenyan President Amos Kiprono held talks with Japanese Prime Minister Jun Sato. They agreed to "
        "elevate the Kenya-Japan relationship to a comprehensive strategic partnership and discussed energy "
        "and education cooperation."
    )
    ((pair, level),) = [(p.countries, p.level) for p in r.events.partnerships]
    assert pair == ("JP", "KE") and level == "comprehensive strategic partnership"
    topics = {n.name for n in r.extraction.nodes if n.label == "Topic"}
    assert {"energy", "education"} <= topics


def test_seed_events(seeds: dict[str, Read]) -> None:
    assert len(seeds["000"].meetings()) == 4
    assert (frozenset({"Bui Thanh Son", "Alexey Overchuk"}), "2025-04-03", "occurred") in seeds[
        "000"
    ].meetings()
    assert len(seeds["004"].visits()) == 5
    numbers = sorted(s.number for r in seeds.values() for s in r.events.sessions)
    assert numbers == [3, 4, 25]
    assert sorted((a.ordinal, a.year) for a in seeds["004"].events.anniversaries) == [
        (75, 2025),
        (80, 2025),
        (80, 2025),
        (80, 2025),
    ]


def test_invented_articles_behave(read_article: Callable[..., Read]) -> None:
    from ingest.read import Article, read_paths

    reads = {a.id: read_article(a) for a in read_paths([ARTICLES]) if isinstance(a, Article)}
    kenya = reads["kenya_japan.txt"]
    assert (frozenset({"William Ruto", "Fumio Kishida"}), "2024-03-14", "occurred") in kenya.meetings()
    assert ("William Ruto", "JP", "2024-03-12", "occurred") in kenya.visits()
    assert ("Fumio Kishida", "KE", "2025", "planned") in kenya.visits()
    brazil = reads["brazil_india.txt"]
    assert any(m[0] == {"Narendra Modi", "Luiz Inacio Lula da Silva"} for m in brazil.meetings())
    assert sorted(s.number for s in brazil.events.sessions) == [9, 10]

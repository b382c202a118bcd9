"""Recall rules added after the held-out test set, on invented sentences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ingest.dates import header_date
from tests.ingest.conftest import Read

BASE = dt.date(2025, 12, 21)  # a Sunday


def test_weekday_with_day_number_between_meeting_and_with(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "President Paulo Mendes held a bilateral meeting this Saturday (20) with Chilean President "
        "Jorge Ramos in Lima.",
        published=BASE,
    )
    assert (frozenset({"Paulo Mendes", "Jorge Ramos"}), "2025-12-20", "occurred") in r.meetings()


def test_and_with_gives_one_meeting_per_counterpart(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "President Paulo Mendes met with Uruguayan President Hugo Diaz and with Bolivian President "
        "Luis Arce Gomez.",
        published=BASE,
    )
    meetings = {m[0] for m in r.meetings()}
    assert meetings == {
        frozenset({"Paulo Mendes", "Hugo Diaz"}),
        frozenset({"Paulo Mendes", "Luis Arce Gomez"}),
    }


def test_the_two_ministers_are_the_two_just_named(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Foreign Minister Ana Lopez and her Chilean counterpart Pedro Soto signed a deal. The two "
        "foreign ministers met on Friday (19) to prepare the summit.",
        published=BASE,
    )
    assert (frozenset({"Ana Lopez", "Pedro Soto"}), "2025-12-19", "occurred") in r.meetings()


def test_past_meeting_in_a_later_month_is_last_year(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Foreign Minister Pedro Soto visited Washington. Secretary of State Ana Lopez held talks with "
        "Soto today. The two diplomats previously met in New York in September.",
        published=dt.date(2026, 3, 6),
    )
    assert (frozenset({"Ana Lopez", "Pedro Soto"}), "2025-09", "occurred") in r.meetings()


def test_surname_that_is_a_city(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "President Renzo Lima Toledo arrived in Lima. Toledo met with Peruvian President Hugo Diaz.",
        published=BASE,
    )
    assert frozenset({"Renzo Lima Toledo", "Hugo Diaz"}) in {m[0] for m in r.meetings()}


def test_who_is_in_a_country_is_a_visit(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "On Thursday (18), Vice President Ana Lopez received Chinese Vice Premier Wang Lei, who is in "
        "Chile for a meeting of the joint committee.",
        published=BASE,
    )
    assert ("Wang Lei", "CL", "2025-12-18", "occurred") in r.visits()


def test_his_visit_is_the_subjects(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Chilean Foreign Minister Pedro Soto also met with Treasury Secretary Mark Bell during his visit "
        "to Washington.",
        published=BASE,
    )
    assert [v[:2] for v in r.visits()] == [("Pedro Soto", "US")]


def test_will_travel_to_a_city(read_text: Callable[..., Read]) -> None:
    r = read_text("Australian Trade Minister Ian Ross will travel to Beijing next week.", published=BASE)
    assert [(v[0], v[1], v[3]) for v in r.visits()] == [("Ian Ross", "CN", "planned")]


def test_upper_case_header_date() -> None:
    assert header_date(["READOUT", "MARCH 6, 2026"]) == (1, dt.date(2026, 3, 6))


def test_foreign_guest_received_in_a_city_visits(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Egyptian Prime Minister Omar Said received on Thursday in Cairo Kenya's Deputy Prime Minister "
        "John Kamau, who delivered a message.",
        published=BASE,
    )
    assert ("John Kamau", "EG", "2025-12-18", "occurred") in r.visits()


def test_anniversary_without_subject_after_diplomatic_relations(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Chile and Peru established diplomatic relations in 1948, and the two sides will celebrate the "
        "78th anniversary this year.",
        published=BASE,
    )
    assert [(a.ordinal, a.subject, a.year) for a in r.events.anniversaries] == [
        (78, "diplomatic relations", 2025)
    ]


def test_co_chair_the_dialogue_with(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Trade Minister Ian Ross will travel to Beijing next week for the 8th China-Australia Strategic "
        "Economic Dialogue. Senator Ross will co-chair the dialogue with China's Minister of Commerce, "
        "Wang Lei, on December 24, his office said.",
        published=BASE,
    )
    assert (frozenset({"Ian Ross", "Wang Lei"}), "2025-12-24", "planned") in r.meetings()


def test_two_leaders_agree_to_hold_their_summit(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Chilean President Ana Lopez talked with Peruvian President Pedro Soto on Saturday. The two "
        "leaders agreed to hold their annual summit in Lima in 2026.",
        published=BASE,
    )
    assert (frozenset({"Ana Lopez", "Pedro Soto"}), "2026", "planned") in r.meetings()


def test_the_two_ministers_are_the_ones_just_named(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Chilean Prime Minister Ana Lopez spoke at the summit. Chile's Trade Minister Hugo Diaz will "
        "visit Peru next week for talks with Peruvian Trade Minister Pedro Soto. The two ministers are "
        "scheduled to meet on Dec. 28 in Lima.",
        published=BASE,
    )
    pairs = {m[0] for m in r.meetings()}
    assert frozenset({"Hugo Diaz", "Pedro Soto"}) in pairs
    assert frozenset({"Ana Lopez", "Pedro Soto"}) not in pairs


def test_two_leaders_agree_to_hold_a_named_meeting(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Chilean President Ana Lopez received Peruvian President Pedro Soto on Saturday. The two leaders "
        "agreed to hold the tenth Chile-Peru Annual Leaders' Meeting in Lima next year.",
        published=BASE,
    )
    assert (frozenset({"Ana Lopez", "Pedro Soto"}), "2026", "planned") in r.meetings()


def test_summit_with(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Prime Minister Hugo Diaz paid an official visit to Peru in August 2024 for the annual summit with "
        "President Pedro Soto.",
        published=BASE,
    )
    assert (frozenset({"Hugo Diaz", "Pedro Soto"}), "2024-08", "occurred") in r.meetings()


def test_counterpart_named_without_title_gets_the_post(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Chilean External Affairs Minister Ana Lopez held talks with her Peruvian counterpart Pedro Soto.",
        published=BASE,
    )
    soto = next(p for p in r.doc.people if p.name.canonical == "Pedro Soto")
    assert [t.title for t, _ in soto.titles()] == ["Foreign Minister"]


def test_unplaced_title_gets_the_other_main_country(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Secretary of State Ana Lopez met with Argentine Foreign Minister Pedro Soto in Washington on "
        "the United States-Argentina partnership. The United States and Argentina agreed to expand trade.",
        published=BASE,
    )
    positions = [t for t in r.extraction.triples if t.predicate == "HOLDS_POSITION"]
    assert len(positions) == 2

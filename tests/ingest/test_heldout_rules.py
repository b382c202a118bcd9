"""Rules added after the held-out wire-copy set (tests/ingest/heldout/), on invented sentences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tests.ingest.conftest import Read


def test_adverbials_between_talks_and_with(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Peruvian Foreign Minister Lucia Paredes held talks here on Thursday with Chilean Foreign "
        "Minister Tomas Arancibia.",
        published=dt.date(2024, 5, 10),
    )
    assert (frozenset({"Lucia Paredes", "Tomas Arancibia"}), "2024-05-09", "occurred") in r.meetings()


def test_lower_case_arabic_surname_alone(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Moroccan Foreign Minister Yassin al-Rahmouni arrived in Lima. Later, Peruvian Vice President "
        "Lucia Paredes met with al-Rahmouni at the palace."
    )
    assert frozenset({"Lucia Paredes", "Yassin al-Rahmouni"}) in {m[0] for m in r.meetings()}


def test_counterpart_coordinated_subject_and_then_title(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Chilean Foreign Minister Tomas Arancibia and his Peruvian counterpart Lucia Paredes agreed on "
        "Monday to expand trade as they met in Lima. Paredes visited Chile in 2023, when she held talks "
        "with then President Rodrigo Vial.",
        published=dt.date(2024, 5, 10),
    )
    meetings = {m[0] for m in r.meetings()}
    assert frozenset({"Tomas Arancibia", "Lucia Paredes"}) in meetings
    assert frozenset({"Lucia Paredes", "Rodrigo Vial"}) in meetings


def test_city_and_lower_case_titles_before_the_counterpart(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Chilean Foreign Minister Tomas Arancibia is scheduled to meet Lima mayor Rosa Quispe on Friday.",
        published=dt.date(2024, 5, 10),
    )
    assert (frozenset({"Tomas Arancibia", "Rosa Quispe"}), "2024-05-10", "planned") in r.meetings()


def test_plural_role_names_nobody_and_foreign_minister_role(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "President Rodrigo Vial received Peruvian Prime Minister Ana Torres in Santiago on Monday. Ahead "
        "of the leaders' meeting, Foreign Minister Tomas Arancibia held a meeting with his Peruvian "
        "counterpart, Ambassador Lucia Paredes, Minister of Foreign Affairs. On Tuesday, President "
        "Rodrigo Vial received the Peruvian Foreign Minister at the palace.",
        published=dt.date(2024, 5, 8),
    )
    meetings = {m[0] for m in r.meetings()}
    assert frozenset({"Tomas Arancibia", "Lucia Paredes"}) in meetings
    assert frozenset({"Rodrigo Vial", "Lucia Paredes"}) in meetings
    assert not any("Ana Torres" in m and "Lucia Paredes" in m for m in meetings)


def test_co_chairs_told_in_the_next_sentence(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "The 9th meeting of the Chile-Peru Intergovernmental Commission on Trade took place in Lima on "
        "Monday. The meeting was co-chaired by Chilean Minister Tomas Arancibia and Peruvian Minister "
        "Lucia Paredes.",
        published=dt.date(2024, 5, 8),
    )
    (session,) = r.events.sessions
    assert sorted(r.person(i) for i in session.co_chairs) == ["Lucia Paredes", "Tomas Arancibia"]
    assert frozenset({"Tomas Arancibia", "Lucia Paredes"}) in {m[0] for m in r.meetings()}


def test_headline_short_mechanism_name_is_the_full_one(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Chile, Peru hold 9th meeting of Intergovernmental Commission\n\nThe 9th meeting of the "
        "Chile-Peru Intergovernmental Commission on Trade took place in Lima on Monday.",
        published=dt.date(2024, 5, 8),
    )
    assert [m.name for m in r.events.mechanisms] == ["Intergovernmental Commission on Trade"]


def test_stay_with_time_of_day_is_a_visit(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Chilean President Rodrigo Vial met Peruvian Prime Minister Ana Torres. Vial, who arrived in Lima "
        "on Monday evening for a two-day official visit, praised the ties.",
        published=dt.date(2024, 5, 8),
    )
    assert ("Rodrigo Vial", "PE", "2024-05-06", "occurred") in r.visits()


def test_headline_anniversary_without_year_joins_the_dated_one(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Chile, Peru eye 60th anniversary of ties\n\nNext year marks the 60th anniversary of the "
        "establishment of diplomatic relations between Chile and Peru.",
        published=dt.date(2024, 5, 8),
    )
    assert [(a.ordinal, a.year) for a in r.events.anniversaries] == [(60, 2025)]


def test_lower_case_mechanism_owned_by_the_pair(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Chilean Foreign Minister Tomas Arancibia met his Peruvian counterpart Lucia Paredes in Lima. "
        "They confirmed that Chile and Peru will hold the 12th round of their foreign ministers' "
        "strategic dialogue in Santiago next year.",
        published=dt.date(2024, 5, 8),
    )
    (session,) = r.events.sessions
    assert (session.mechanism.name, session.number, session.status) == (
        "Foreign Ministers' Strategic Dialogue",
        12,
        "planned",
    )

"""Rules for articles from other countries and outlets, on invented sentences: name shapes, role
references, meeting forms, numbered sessions without "meeting of", statuses, anniversary years."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tests.ingest.conftest import Read

BASE = dt.date(2025, 5, 16)  # a Friday


def _sessions(r: Read) -> list[tuple[int, str, list[str], str | None, str]]:
    return [
        (
            s.number,
            s.mechanism.name,
            sorted(r.person(c) for c in s.co_chairs),
            s.date.iso if s.date else None,
            s.status,
        )
        for s in r.events.sessions
    ]


# --- names ------------------------------------------------------------------------------------------
def test_family_name_first_and_given_name_references(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Chinese Vice Premier Zhou Minfeng met Lao Minister of Planning Vilayvanh Sengdara in Beijing. "
        "Zhou said the railway is a success. Vilayvanh thanked him.",
        published=BASE,
    )
    counts = {p.name.canonical: len(p.mentions) for p in r.doc.people}
    assert counts == {"Zhou Minfeng": 2, "Vilayvanh Sengdara": 2}


def test_double_surname_alone_is_the_same_person(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Chilean Foreign Minister Rodrigo Fuentes Lagos met Peruvian Minister Ana Torres. "
        "Fuentes Lagos said the talks went well.",
        published=BASE,
    )
    assert r.people() == {"Rodrigo Fuentes Lagos", "Ana Torres"}


def test_arabic_article_and_west_african_honorific(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Jordanian President Samir al-Haddad received Alhaji Musa Garba, Nigeria's Minister of Works. "
        "Al-Haddad praised the ties. Alhaji Garba agreed.",
        published=BASE,
    )
    counts = {p.name.canonical: len(p.mentions) for p in r.doc.people}
    assert counts == {"Samir al-Haddad": 2, "Musa Garba": 2}


def test_country_possessive_before_a_title_is_no_name(read_text: Callable[..., Read]) -> None:
    r = read_text("Meanwhile, Kenya's Vice President Otieno Wafula is expected in Kampala.", published=BASE)
    assert r.people() == {"Otieno Wafula"}


# --- role references ----------------------------------------------------------------------------------
def test_role_reference_takes_the_person_with_that_title(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Chilean Foreign Minister Rodrigo Fuentes met Peruvian Foreign Minister Ana Torres on Tuesday. "
        "The Chilean minister also met Trade Minister Luis Vidal on Wednesday.",
        published=BASE,
    )
    assert (frozenset({"Rodrigo Fuentes", "Luis Vidal"}), "2025-05-14", "occurred") in r.meetings()


def test_the_two_presidents_are_both_presidents(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Kenyan President Otieno Wafula received a message from Ugandan President Moses Kato. "
        "The two Presidents last met in Kampala in March.",
        published=BASE,
    )
    assert r.meetings() == [(frozenset({"Otieno Wafula", "Moses Kato"}), "2025-03", "occurred")]


# --- meetings -------------------------------------------------------------------------------------------
def test_called_on_is_a_courtesy_call_unless_it_is_an_appeal(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Kenyan Foreign Minister Amos Kiprono called on Prime Minister Jun Sato on Thursday. "
        "Kiprono called on President Aiko Mori to support the bid.",
        published=BASE,
    )
    assert r.meetings() == [(frozenset({"Amos Kiprono", "Jun Sato"}), "2025-05-15", "occurred")]
    assert r.events.meetings[0].kind == "courtesy call"


def test_a_scheduled_meeting_on_a_weekday_is_ahead(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Kenyan President Otieno Wafula is scheduled to meet Japanese Prime Minister Jun Sato on Tuesday.",
        published=BASE,
    )
    assert r.meetings() == [(frozenset({"Otieno Wafula", "Jun Sato"}), "2025-05-20", "planned")]


def test_mutual_phone_call_and_video_call(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Kenyan President Otieno Wafula and Ugandan President Moses Kato spoke by phone last month. "
        "Earlier this month, Wafula spoke by video call with Ugandan Minister Grace Achan.",
        published=BASE,
    )
    assert set(r.meetings()) == {
        (frozenset({"Grace Achan", "Otieno Wafula"}), "2025-05", "occurred"),
        (frozenset({"Moses Kato", "Otieno Wafula"}), "2025-04", "occurred"),
    }


def test_possessive_owner_and_envoy_sender_are_not_participants(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Kenyan Foreign Minister Amos Kiprono met Sato's predecessor Kenji Hara on Monday. "
        "President Otieno Wafula received a special envoy of Japanese Prime Minister Jun Sato, Trade "
        "Minister Aiko Mori, on Tuesday. Wafula also received an envoy of President Moses Kato.",
        published=BASE,
    )
    assert set(r.meetings()) == {
        (frozenset({"Aiko Mori", "Otieno Wafula"}), "2025-05-13", "occurred"),
        (frozenset({"Amos Kiprono", "Kenji Hara"}), "2025-05-12", "occurred"),
    }


def test_counterpart_and_title_words_between_trigger_and_name(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Kiprono held talks with his Japanese counterpart Kenji Hara on Monday. Kenyan Minister Amos "
        "Kiprono also met Japanese Economy, Trade and Industry Minister Aiko Mori and the Japanese "
        "Minister of Finance Jun Sato on Tuesday. Kiprono met representatives of Japanese businesses.",
        published=BASE,
    )
    assert set(r.meetings()) == {
        (frozenset({"Aiko Mori", "Amos Kiprono"}), "2025-05-13", "occurred"),  # one meeting per counterpart
        (frozenset({"Amos Kiprono", "Jun Sato"}), "2025-05-13", "occurred"),
        (frozenset({"Amos Kiprono", "Kenji Hara"}), "2025-05-12", "occurred"),
    }


# --- sessions -----------------------------------------------------------------------------------------
def test_ordinal_right_before_a_bilateral_mechanism_and_co_chair_with(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Kenyan Foreign Minister Amos Kiprono on Thursday co-chaired the 16th Kenya-Japan Foreign "
        "Ministers' Strategic Dialogue with his Japanese counterpart Kenji Hara in Tokyo. They prepared "
        "the third Kenya-Japan 2+2 Ministerial Dialogue, to be held in Nairobi next year. The 38th "
        "African Union Summit ended.",
        published=BASE,
    )
    assert _sessions(r) == [
        (
            16,
            "Foreign Ministers' Strategic Dialogue",
            ["Amos Kiprono", "Kenji Hara"],
            "2025-05-15",
            "occurred",
        ),
        (3, "2+2 Ministerial Dialogue", [], "2026", "planned"),
    ]
    assert (frozenset({"Amos Kiprono", "Kenji Hara"}), "2025-05-15", "occurred") in r.meetings()


def test_co_chaired_by_after_the_session_and_date_before_it(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Last week, the 4th meeting of the Kenya-Uganda Joint Commission was held in Entebbe, co-chaired "
        "by Kenyan Minister Amos Kiprono and Ugandan Minister Grace Achan. The two ministers agreed to "
        "convene the fifth meeting of the Joint Commission in Nairobi later this year.",
        published=BASE,
    )
    assert _sessions(r) == [
        (4, "Joint Commission", ["Amos Kiprono", "Grace Achan"], "2025-05", "occurred"),
        (5, "Joint Commission", [], "2025", "planned"),
    ]


# --- visits -----------------------------------------------------------------------------------------------
def test_visits_to_cities_stays_and_wishes(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Kenyan Minister Amos Kiprono visited Tokyo in July 2023. Japanese Prime Minister Jun Sato said "
        "he looked forward to visiting Kenya later this year. Ugandan Minister Grace Achan, who is in "
        "Nairobi for a three-day working visit, met Kiprono. Sato visited a car factory in Osaka.",
        published=BASE,
    )
    assert sorted(r.visits()) == [
        ("Amos Kiprono", "JP", "2023-07", "occurred"),
        ("Grace Achan", "KE", None, "occurred"),
        ("Jun Sato", "KE", "2025", "planned"),
    ]


# --- anniversaries ------------------------------------------------------------------------------------------
def test_the_year_an_anniversary_is_marked(read_text: Callable[..., Read]) -> None:
    r = read_text(
        "Next year marks the 60th anniversary of diplomatic relations between Kenya and Japan. "
        "In 2023, the two countries celebrated the 20th anniversary of the Treaty of Friendship. "
        "The region marks the 50th anniversary of the founding of the bloc, established in May 1975. "
        "They marked the 30th anniversary of the partnership last year.",
        published=BASE,
    )
    assert sorted((a.ordinal, a.year) for a in r.events.anniversaries) == [
        (20, 2023),
        (30, 2024),
        (50, 2025),
        (60, 2026),
    ]

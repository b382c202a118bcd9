"""Titles read from chains: several titles, organisations with parents, countries from adjectives."""

from __future__ import annotations

from ingest.titles import OrgRef, parse_chain


def test_two_titles() -> None:
    titles = parse_chain("Deputy Prime Minister and Minister of Foreign Affairs")
    assert [t.title for t in titles] == ["Deputy Prime Minister", "Minister of Foreign Affairs"]


def test_organisation_with_parent_and_country() -> None:
    (t,) = parse_chain("Speaker of the National Council (Upper House) of the Federal Assembly of Austria")
    assert t.title == "Speaker" and t.country == "AT"
    assert t.org is not None and t.org.name == "National Council" and "Upper House" in t.org.aliases
    assert t.org.parent is not None and t.org.parent.name == "Federal Assembly"


def test_country_from_adjective_and_abbreviation() -> None:
    (t,) = parse_chain("Kenyan Deputy PM")
    assert (t.title, t.country, t.org) == ("Deputy Prime Minister", "KE", None)


def test_org_before_title_and_acronyms() -> None:
    acronyms = {"NA": OrgRef("National Assembly", "LA", aliases=("NA",))}
    (t,) = parse_chain("Lao NA Chairman", acronyms)
    assert t.title == "Chairman" and t.org is not None and t.org.name == "National Assembly"
    (ceo,) = parse_chain("Petrobras CEO")
    assert ceo.org is not None and ceo.org.name == "Petrobras"


def test_comma_separated_titles_and_plural() -> None:
    titles = parse_chain("First Deputy Chairman of the Senate of Brazil, Secretary of the Executive Council")
    assert [t.title for t in titles] == ["First Deputy Chairman", "Secretary"]
    (senators,) = parse_chain("Senators")
    assert senators.title == "Senator" and senators.plural


def test_country_names_are_not_split_and_ambassadors_posts() -> None:
    (t,) = parse_chain("Foreign Minister of the Socialist Republic of Vietnam")
    assert (t.title, t.country, t.org) == ("Foreign Minister", "VN", None)
    (amb,) = parse_chain("Japanese Ambassador to Kenya")
    assert amb.title == "Ambassador to Kenya" and amb.country == "JP"

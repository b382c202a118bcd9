"""Dates anchored to the publication date, precision kept, unresolved without a base."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.dates import DateValue, find_dates

BASE = dt.date(2025, 9, 25)  # a Thursday


def first(text: str, base: dt.date | None = BASE, previous: DateValue | None = None) -> DateValue | None:
    found = find_dates(text, base, previous)
    assert found, text
    return found[0].value


@pytest.mark.parametrize(
    ("text", "iso", "precision", "end"),
    [
        ("on April 3", "2025-04-03", "day", None),
        ("(August 31)", "2025-08-31", "day", None),
        ("on October 24 evening", "2025-10-24", "day", None),
        ("in May 2025", "2025-05", "month", None),
        ("(June 2024)", "2024-06", "month", None),
        ("in 2026", "2026", "year", None),
        ("from September 28-30", "2025-09-28", "day", "2025-09-30"),
        ("July 25 - August 3", "2025-07-25", "day", "2025-08-03"),
        ("12-15 March 2024", "2024-03-12", "day", "2024-03-15"),
        ("May 20, 2024", "2024-05-20", "day", None),
        ("25th Oct 2024", "2024-10-25", "day", None),
        ("on Monday", "2025-09-22", "day", None),
        ("on Thursday", "2025-09-25", "day", None),
        ("next Monday", "2025-09-29", "day", None),
        ("next May", "2026-05", "month", None),
        ("next year", "2026", "year", None),
        ("yesterday", "2025-09-24", "day", None),
        ("25/09/2025", "2025-09-25", "day", None),
        ("in the early morning of December 30", "2025-12-30", "day", None),
    ],
)
def test_expressions(text: str, iso: str, precision: str, end: str | None) -> None:
    assert first(text) == DateValue(iso, precision, end)  # type: ignore[arg-type]


def test_a_day_without_year_takes_the_nearest_year() -> None:
    assert first("on December 28", dt.date(2025, 1, 3)) == DateValue("2024-12-28", "day")
    assert first("on January 5", dt.date(2024, 12, 30)) == DateValue("2025-01-05", "day")


def test_same_day_follows_the_previous_date() -> None:
    assert first("The same day, they met", previous=DateValue("2025-04-03", "day")) == DateValue(
        "2025-04-03", "day"
    )
    assert first("the following day", previous=DateValue("2025-04-03", "day")) == DateValue(
        "2025-04-04", "day"
    )
    assert first("The same day, they met") is None


def test_relative_dates_stay_unresolved_without_publication_date() -> None:
    for text in ("on Monday", "on April 3", "next May", "next year"):
        assert first(text, base=None) is None, text
    assert first("in May 2025", base=None) == DateValue("2025-05", "month")


def test_compatible_and_finer() -> None:
    month, day = DateValue("2025-04", "month"), DateValue("2025-04-03", "day")
    assert month.compatible(day) and day.compatible(month)
    assert not day.compatible(DateValue("2025-04-04", "day"))
    assert DateValue("2025-09-28", "day", "2025-09-30").compatible(DateValue("2025-09-29", "day"))
    assert month.finer(day) == day and day.finer(month) == day

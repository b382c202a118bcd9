"""Date expressions in news text, resolved against the publication date (the base).

Precision is kept: "on April 3" is a day, "in May 2025" a month, "in 2025" a year. A day or month
given without a year takes the year that puts it closest to the base (within six months either way).
Relative expressions ("on Monday": the Monday on or before the base; "the same day": the previous date
of the article) need a base or a previous date; without one they stay unresolved (value None) rather
than guessed. Calendar arithmetic is python-dateutil's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

Precision = Literal["day", "month", "year"]

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_DASH = r"\s*(?:-|–|—|to|until|and)\s*"
_REL_PERIOD = r"[Nn]ext|[Ll]ast|(?:[Ee]arlier\s+|[Ll]ater\s+)?[Tt]his"


@dataclass(frozen=True)
class DateValue:
    """An ISO date of some precision (`2025-04-03`, `2025-04`, `2025`), optionally a range."""

    iso: str
    precision: Precision
    end: str | None = None

    def compatible(self, other: DateValue) -> bool:
        """Same date at the coarser precision of the two, or overlapping ranges."""
        if self.iso.startswith(other.iso) or other.iso.startswith(self.iso):
            return True
        return bool(self.end and self.iso <= other.iso <= self.end) or bool(
            other.end and other.iso <= self.iso <= other.end
        )

    def finer(self, other: DateValue | None) -> DateValue:
        """The more precise of two compatible dates (self on a tie)."""
        if other is None or len(self.iso) >= len(other.iso):
            return self
        return other

    def first_day(self) -> dt.date:
        parts = [int(p) for p in self.iso.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    def last_day(self) -> dt.date:
        """The last day the date (or range) covers: "2025-05" ends on May 31."""
        if self.end is not None:
            return DateValue(self.end, "day").first_day()
        step = {"day": relativedelta(days=1), "month": relativedelta(months=1)}
        return self.first_day() + step.get(self.precision, relativedelta(years=1)) - relativedelta(days=1)


@dataclass(frozen=True)
class DateMention:
    """Where a date expression sits in a text (character offsets) and what it resolved to."""

    start: int
    end: int
    text: str
    value: DateValue | None


def day(d: dt.date) -> DateValue:
    return DateValue(d.isoformat(), "day")


def _month_number(word: str) -> int:
    return MONTHS[word.strip(".").lower()[:3]]


def _nearest(month: int, day_: int | None, base: dt.date | None) -> dt.date | None:
    """The date with this month (and day) closest to the base; None without a base."""
    if base is None:
        return None
    best: dt.date | None = None
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            cand = dt.date(year, month, day_ or 1)
        except ValueError:
            continue
        if best is None or abs((cand - base).days) < abs((best - base).days):
            best = cand
    return best


def _ymd(y: str | None, m: str, d: str | None, base: dt.date | None) -> dt.date | None:
    month, day_ = _month_number(m), int(re.sub(r"\D", "", d)) if d else None
    if y:
        try:
            return dt.date(int(y), month, day_ or 1)
        except ValueError:
            return None
    return _nearest(month, day_, base)


Ctx = tuple[dt.date | None, DateValue | None]
Handler = Callable[[re.Match[str], Ctx], DateValue | None]


def _iso(m: re.Match[str], ctx: Ctx) -> DateValue | None:
    try:
        return day(dt.date(int(m["y"]), int(m["m"]), int(m["d"])))
    except ValueError:
        return None


def _dmy_numeric(m: re.Match[str], ctx: Ctx) -> DateValue | None:
    # International news: dd/mm/yyyy; a first number above 12 makes it unambiguous anyway.
    a, b = int(m["a"]), int(m["b"])
    d_, mo = (a, b) if a > 12 or b <= 12 else (b, a)
    try:
        return day(dt.date(int(m["y"]), mo, d_))
    except ValueError:
        return None


def _range(m: re.Match[str], ctx: Ctx) -> DateValue | None:
    start = _ymd(m["y"], m["m1"], m["d1"], ctx[0])
    end = _ymd(m["y"], m["m2"] or m["m1"], m["d2"], ctx[0])
    if start is None or end is None:
        return None
    if end < start:
        end = end + relativedelta(years=1)
    return DateValue(start.isoformat(), "day", end.isoformat())


def _month_day(m: re.Match[str], ctx: Ctx) -> DateValue | None:
    d = _ymd(m["y"], m["m"], m["d"], ctx[0])
    return day(d) if d else None


def _month_year(m: re.Match[str], ctx: Ctx) -> DateValue | None:
    return DateValue(f"{int(m['y']):04d}-{_month_number(m['m']):02d}", "month")


def _month_rel(m: re.Match[str], ctx: Ctx) -> DateValue | None:
    base = ctx[0]
    if base is None:
        return None
    month = _month_number(m["m"])
    year = base.year
    if m["rel"].lower() == "next" and month <= base.month:
        year += 1
    elif m["rel"].lower() == "last" and month >= base.month:
        year -= 1
    return DateValue(f"{year:04d}-{month:02d}", "month")


def _month_only(m: re.Match[str], ctx: Ctx) -> DateValue | None:
    d = _nearest(_month_number(m["m"]), None, ctx[0])
    return DateValue(d.isoformat()[:7], "month") if d else None


_AHEAD = re.compile(
    r"\b(?:will|shall|is|are)\s+(?:also\s+)?(?:scheduled|expected|due|set|to)\b|\bwill\b|\bscheduled\b|"
    r"\bupcoming\b|\bto be held\b",
    re.I,
)


def _ahead(m: re.Match[str]) -> bool:
    """Does the clause around a weekday speak of the future ("is scheduled to meet X on Thursday")?"""
    text = m.string
    lo = max(text.rfind(";", 0, m.start()), text.rfind(". ", 0, m.start()), 0)
    return bool(_AHEAD.search(text[lo : m.end() + 60]))


def _weekday(m: re.Match[str], ctx: Ctx) -> DateValue | None:
    base = ctx[0]
    if base is None:
        return None
    wd = (MO, TU, WE, TH, FR, SA, SU)[_WEEKDAYS.index(m["wd"].lower())]
    rel = (m["rel"] or "").lower()
    if rel == "next":
        return day(base + relativedelta(days=1, weekday=wd(+1)))
    if rel != "last" and _ahead(m):
        return day(base + relativedelta(weekday=wd(+1)))
    return day(base + relativedelta(weekday=wd(-1)))


def _relative_month(m: re.Match[str], ctx: Ctx) -> DateValue | None:
    """ "last month", "earlier this month", "next month": the month of the base moved."""
    base = ctx[0]
    if base is None:
        return None
    shift = {"last": -1, "next": 1}.get(m["rel"].lower().split()[-1], 0)
    return DateValue((base + relativedelta(months=shift)).isoformat()[:7], "month")


def _relative_week(m: re.Match[str], ctx: Ctx) -> DateValue | None:
    """ "last week", "next week": the month the week falls in (a week has no ISO form here)."""
    base = ctx[0]
    if base is None:
        return None
    shift = {"last": -7, "next": 7}.get(m["rel"].lower().split()[-1], 0)
    return DateValue((base + dt.timedelta(days=shift)).isoformat()[:7], "month")


_SHIFTS = {"same": 0, "that": 0, "following": 1, "next": 1, "before": -1, "previous": -1}


def _same_day(m: re.Match[str], ctx: Ctx) -> DateValue | None:
    prev = ctx[1]
    if prev is None or prev.precision != "day":
        return None
    shift = next((v for k, v in _SHIFTS.items() if k in m.group().lower()), 0)
    return day(prev.first_day() + dt.timedelta(days=shift))


def _deictic(m: re.Match[str], ctx: Ctx) -> DateValue | None:
    base = ctx[0]
    if base is None:
        return None
    shift = {"yesterday": -1, "tomorrow": 1}.get(m["w"].lower(), 0)
    return day(base + dt.timedelta(days=shift))


def _year(m: re.Match[str], ctx: Ctx) -> DateValue | None:
    return DateValue(m["y"], "year")


def _relative_year(m: re.Match[str], ctx: Ctx) -> DateValue | None:
    base = ctx[0]
    if base is None:
        return None
    shift = {"next": 1, "last": -1, "this": 0}[m["rel"].lower()]
    return DateValue(str(base.year + shift), "year")


_PATTERNS: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"), _iso),
    (re.compile(rf"(?<![\d/])(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>{_YEAR})\b"), _dmy_numeric),
    (
        re.compile(
            rf"\b(?P<m1>{_MONTH})\s+(?P<d1>{_DAY}){_DASH}(?:(?P<m2>{_MONTH})\s+)?(?P<d2>{_DAY})\b"
            rf"(?:,?\s+(?P<y>{_YEAR}))?"
        ),
        _range,
    ),
    (
        re.compile(
            rf"\b(?P<d1>{_DAY}){_DASH}(?P<d2>{_DAY})\s+(?P<m1>{_MONTH})(?P<m2>)(?:,?\s+(?P<y>{_YEAR}))?"
        ),
        _range,
    ),
    (re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY})\b(?!:)(?:,?\s+(?P<y>{_YEAR})\b)?"), _month_day),
    (re.compile(rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b"), _month_day),
    (re.compile(rf"\b(?P<m>{_MONTH}),?\s+(?:of\s+)?(?P<y>{_YEAR})\b"), _month_year),
    (re.compile(rf"\b(?P<rel>[Nn]ext|[Ll]ast|[Tt]his)\s+(?P<m>{_MONTH})\b"), _month_rel),
    (re.compile(r"\b(?P<rel>[Nn]ext|[Ll]ast|[Tt]his)\s+year\b"), _relative_year),
    (re.compile(rf"\b(?P<rel>{_REL_PERIOD})\s+month\b"), _relative_month),
    (re.compile(rf"\b(?P<rel>{_REL_PERIOD})\s+week\b"), _relative_week),
    (
        re.compile(
            rf"\b(?:[Ii]n|[Ee]arly|[Ll]ate|[Mm]id-|[Ee]nd of)\s+(?P<m>{_MONTH})\b"
            rf"(?!\s+(?:of\s+)?\d|,\s+\d{{4}})"
        ),
        _month_only,
    ),
    (
        re.compile(
            r"\b(?:(?P<rel>[Nn]ext|[Ll]ast|[Tt]his)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|"
            r"Friday|Saturday|Sunday)\b"
        ),
        _weekday,
    ),
    (
        re.compile(
            r"\b(?:the same day|that day|the same (?:morning|afternoon|evening)|later that day|"
            r"the (?:following|next|previous) day|the day before)\b",
            re.I,
        ),
        _same_day,
    ),
    (
        re.compile(r"\b(?P<w>today|yesterday|tomorrow|tonight|this (?:morning|afternoon|evening))\b", re.I),
        _deictic,
    ),
    (
        re.compile(
            rf"(?:\b(?:[Ii]n|[Ss]ince|[Ff]rom|[Bb]y|[Uu]ntil|[Oo]f|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id-?)"
            rf"\s+|\()(?P<y>{_YEAR})\b"
        ),
        _year,
    ),
]


# "from August 28" opens a stay; "the same day" later in the sentence does not refer to it.
_SPAN_START = re.compile(r"\b(?:from|since|until|till)\s*$", re.I)


def find_dates(text: str, base: dt.date | None, previous: DateValue | None = None) -> list[DateMention]:
    """Every date expression of `text`, left to right, without overlaps (the longest wins)."""
    found: list[tuple[int, int, Handler, re.Match[str]]] = []
    for pattern, handler in _PATTERNS:
        for m in pattern.finditer(text):
            found.append((m.start(), m.end(), handler, m))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[DateMention] = []
    last_end = -1
    prev = previous
    for start, end, handler, m in found:
        if start < last_end:
            continue
        value = handler(m, (base, prev))
        out.append(DateMention(start, end, m.group(), value))
        last_end = end
        if value is not None and value.precision == "day" and not _SPAN_START.search(text[:start]):
            prev = value
    return out


def header_date(lines: list[str]) -> tuple[int, dt.date] | None:
    """A page-header publication date: a short line near the top that holds a full date.

    Seen in pages: "Fri, 25th Oct 2024 10:26 (GMT +7)", "Friday, 25/10/2024 | 08:08", "MARCH 6, 2026",
    and a masthead glued to the date ("...Tế25/09/2025"). Returns the line index and the date, or None.
    """
    for i, line in enumerate(lines):
        if len(line) > 90:
            continue
        glued = re.sub(r"(?<=[^\W\d_])(?=\d)", " ", line)
        glued = re.sub(r"\b[A-Z]{3,}\b", lambda m: m.group().capitalize(), glued)  # "MARCH 6, 2026"
        for mention in find_dates(glued, None):
            v = mention.value
            if v is not None and v.precision == "day":
                return i, v.first_day()
    return None

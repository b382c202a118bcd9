"""Anniversaries: "<ordinal> (founding) anniversary of <subject>", the year it is marked and the base year.

Subjects are normalised so that rewordings meet: "diplomatic ties" = "diplomatic relations", "the
establishment of Vietnam-Russia diplomatic relations" = "diplomatic relations" (the countries move to
the OF edges), "the founding of the country" = "the founding of Vietnam" (an unnamed country matches
any named one). A subject "A and B" has two parts; mentions with the same ordinal and year sharing a
part are one anniversary.
The year is the one written after the subject ("in 2025"), else the publication year.
"""

from __future__ import annotations

import re

from graph.model import fold
from ingest.dates import MONTHS
from ingest.document import DocModel, Sentence
from ingest.events.base import ORDINAL, Anniversary, ordinal_value
from ingest.geo import country_names, find_countries

_MONTH_WORD = "|".join(m.capitalize() for m in MONTHS)
_ANNIVERSARY = re.compile(
    rf"\b(?P<ord>{ORDINAL})\s+(?:founding\s+)?anniversary\s+of\s+(?P<subj>.+?)"
    rf"(?=\s*[,.;:(?!]|\s+(?:by|with|at|during|when|which|that|who|as|while|through|to)\s"
    rf"|\s+in\s+(?:{_MONTH_WORD}|\d)|\s+(?:last|this|next)\s+year\b|\s+and\s+the\s+\d|$)",
    re.I,
)
# "will celebrate the 78th anniversary this year", the relations named around it.
_BARE = re.compile(
    rf"\b(?P<ord>{ORDINAL})\s+anniversary(?P<subj>)(?!\s+(?:of|celebrations?)\b)(?![\w-])", re.I
)
_CONTEXT = re.compile(r"\bdiplomatic\s+(?:relations|ties)\b", re.I)
_NEAR = 3  # years between publication and a celebration the article speaks of
_YEAR_AFTER = re.compile(r"^\D{0,40}?\b((?:19|20)\d{2})\b")
_BILATERAL = re.compile(r"\b(?:relations|partnership|friendship|cooperation)\b")
_COUNTRY_REF = re.compile(r"\bthe (?:country|nation)\b")


def _normalise(subject: str, doc: DocModel) -> tuple[str, list[str]]:
    """The folded comparable subject and the countries it names."""
    codes = [p.code for p in find_countries(subject)]
    text = subject
    for place in reversed(find_countries(subject)):
        text = text[: place.start] + country_names().get(place.code, place.code) + text[place.end :]
    text = _COUNTRY_REF.sub("*", fold(text))  # "the country": any country, matched in _related
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"\b(?:ties|relationship)\b", "relations", text)
    text = re.sub(r"\b(?:the|establishment of|founding anniversary of)\b", " ", text)
    if _BILATERAL.search(text):  # "Vietnam-Russia diplomatic relations": the pair goes to the OF edges
        for code in set(codes):
            text = re.sub(rf"\b{re.escape(fold(country_names().get(code, code)))}\b", " ", text)
    text = re.sub(r"[^a-z0-9* ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip(), list(dict.fromkeys(codes))


def _mention(doc: DocModel, s: Sentence, m: re.Match[str]) -> tuple[Anniversary, bool] | None:
    """The anniversary told at `m`, and whether its year is only the publication year (a guess)."""
    ordinal = ordinal_value(m.group("ord"))
    subject = re.sub(r"^the\s+", "", m.group("subj").strip(), flags=re.I) or _context_subject(doc, s)
    if ordinal is None or not subject:
        return None
    key, codes = _normalise(subject, doc)
    year, guessed = _year(doc, s, m)
    if _BILATERAL.search(key) and len(codes) < 2:
        codes = list(dict.fromkeys(codes + doc.main_countries))
    parts = {p.strip() for p in re.split(r"\band\b", key) if p.strip()}
    anniversary = Anniversary(
        ordinal, subject, key, parts | {key}, year, codes or list(doc.main_countries), [s.index]
    )
    return anniversary, guessed


def _context_subject(doc: DocModel, s: Sentence) -> str:
    """The subject of an anniversary told without one: diplomatic relations, when the sentence or the
    one before speaks of them ("established diplomatic relations in 1948, and will celebrate the 78th
    anniversary this year")."""
    for other in (s, doc.sentences[s.index - 1] if s.index > 0 else None):
        if other is not None and _CONTEXT.search(other.text):
            return "diplomatic relations"
    return ""


def _year(doc: DocModel, s: Sentence, m: re.Match[str]) -> tuple[int | None, bool]:
    """The year the anniversary is marked: a year written right after the subject ("in 2027"), else the
    date expression of the sentence nearest to the mention ("Next year marks ...", "In 2023, ...",
    "... last year"), else the publication year. Years far from publication are history ("ECOWAS,
    established in May 1975"), not the celebration."""
    published = doc.article.published
    year_m = _YEAR_AFTER.match(s.text[m.end() :])
    if year_m and (published is None or abs(int(year_m.group(1)) - published.year) <= _NEAR):
        return int(year_m.group(1)), False
    years = [
        (min(abs(d.start - m.end()), abs(m.start() - d.end)), int(d.value.iso[:4]))
        for d in s.dates
        if d.value is not None and (d.end <= m.start() or d.start >= m.end())
    ]
    near = [(dist, y) for dist, y in years if published is not None and abs(y - published.year) <= _NEAR]
    if near:
        return min(near)[1], False
    return (published.year if published else None), True


def find_anniversaries(doc: DocModel) -> list[Anniversary]:
    """Anniversaries of the article; a mention with no year of its own (a headline's "eyes 70th
    anniversary of ties") joins one with the same ordinal and subject whose year is told."""
    out: list[Anniversary] = []
    guesses: set[int] = set()  # ids of anniversaries whose year is the publication year by default
    for s in doc.sentences:
        for m in [*_ANNIVERSARY.finditer(s.text), *_BARE.finditer(s.text)]:
            found = _mention(doc, s, m)
            if found is None:
                continue
            a, guessed = found
            twin = next(
                (
                    o
                    for o in out
                    if o.ordinal == a.ordinal
                    and (o.year == a.year or guessed or id(o) in guesses)
                    and _related(o, a)
                ),
                None,
            )
            if twin is None:
                out.append(a)
                if guessed:
                    guesses.add(id(a))
                continue
            if id(twin) in guesses and not guessed:
                twin.year, twin.subject, twin.key = a.year, a.subject, a.key
                guesses.discard(id(twin))
            twin.parts |= a.parts
            twin.sentences = sorted(set(twin.sentences + a.sentences))
            twin.countries = list(dict.fromkeys(twin.countries + a.countries))
    return out


def _part_match(a: str, b: str) -> bool:
    """Equal parts, where "*" (a country left unnamed) stands for any one word."""
    if "*" not in a + b:
        return a == b
    pa, pb = (re.escape(x).replace(r"\*", r"[a-z]+") for x in (a, b))
    return bool(re.fullmatch(pa, b) or re.fullmatch(pb, a))


def _related(a: Anniversary, b: Anniversary) -> bool:
    if a.key in b.key or b.key in a.key:
        return True
    return any(_part_match(x, y) for x in a.parts for y in b.parts)

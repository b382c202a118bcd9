"""One article read sentence by sentence: dates, countries, people and organisations with offsets.

This is the working model the event rules read; `ingest.resolve` then groups the people mentions
into persons. Dates are resolved as the text goes, so "the same day" takes the last full date read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from graph.model import fold
from ingest.dates import DateMention, DateValue, find_dates
from ingest.geo import Place, find_countries
from ingest.mentions import OrgMention, PersonMention, find_orgs, find_people
from ingest.names import Name
from ingest.read import Article
from ingest.titles import OrgRef, TitleInfo


@dataclass
class Sentence:
    index: int
    text: str
    dates: list[DateMention]
    countries: list[Place]
    people: list[PersonMention]
    orgs: list[OrgMention]


@dataclass
class Person:
    """A person of the article: every mention that resolves to them, their titles and country."""

    name: Name
    mentions: list[PersonMention] = field(default_factory=list)
    country: str | None = None

    def titles(self) -> list[tuple[TitleInfo, int]]:
        return [(t, m.sent) for m in self.mentions for t in m.titles]


@dataclass
class DocModel:
    article: Article
    sentences: list[Sentence]
    acronyms: dict[str, OrgRef]
    main_countries: list[str]
    people: list[Person] = field(default_factory=list)

    def other_country(self, code: str | None) -> str | None:
        """The article's other main country ("the nation" seen from a visitor of `code`)."""
        others = [c for c in self.main_countries if c != code]
        return others[0] if others else None

    def person_country(self, index: int | None) -> str | None:
        return self.people[index].country if index is not None else None


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper())


def _acronyms(texts: list[str]) -> dict[str, OrgRef]:
    """Acronyms the article defines: "Russian Direct Investment Fund (RDIF)". When the acronym spells
    the demonym too, the demonym is part of the proper name and stays in it."""
    acronyms: dict[str, OrgRef] = {}
    for text in texts:
        for mention, acr in find_orgs(text, acronyms):
            if acr and acr not in acronyms:
                org = mention.org
                surface = re.sub(
                    r"^the\s+", "", text[mention.start : mention.end].split("(")[0].strip(), flags=re.I
                )
                if _initials(surface) == acr and _initials(org.name) != acr:
                    org = replace(org, name=surface, aliases=(*org.aliases, org.name))
                acronyms[acr] = replace(
                    org, aliases=tuple(a for a in dict.fromkeys((*org.aliases, acr)) if a != org.name)
                )
    return acronyms


def _unify_orgs(sentences: list[Sentence], people: list[PersonMention]) -> None:
    """An organisation named without its country takes the one country the article gives that name."""
    countries: dict[str, set[str]] = {}
    orgs = [m.org for s in sentences for m in s.orgs] + [t.org for p in people for t in p.titles if t.org]
    for org in orgs:
        if org.country:
            countries.setdefault(org.key, set()).add(org.country)

    def fix(org: OrgRef) -> OrgRef:
        known = countries.get(org.key, set())
        if org.country is None and len(known) == 1:
            return replace(org, country=next(iter(known)), parent=fix(org.parent) if org.parent else None)
        return org

    for s in sentences:
        s.orgs = [replace(m, org=fix(m.org)) for m in s.orgs]
    for p in people:
        p.titles = [replace(t, org=fix(t.org)) if t.org else t for t in p.titles]
        p.country = p.country or next((t.org.country for t in p.titles if t.org and t.org.country), None)


def _anchor(dates: list[DateMention]) -> DateValue | None:
    """The day "the same day" will refer to: the sentence's first single day, else a range's start."""
    days = [d.value for d in dates if d.value and d.value.precision == "day"]
    single = [d for d in days if d.end is None]
    return (single or days)[0] if days else None


def build_doc(article: Article, doc: Doc) -> DocModel:
    spans = [(s.start_char, s.text) for s in doc.sents]
    sents: list[tuple[int, str, list[tuple[int, int]]]] = []
    for start, raw in spans:
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        if not text:
            continue
        spacy_people = [
            (e.start_char - start - lead, e.end_char - start - lead)
            for e in doc.ents
            if e.label_ == "PERSON" and start <= e.start_char < start + len(raw)
        ]
        sents.append((start, text, spacy_people))
    acronyms = _acronyms([t for _, t, _ in sents])
    sentences: list[Sentence] = []
    previous: DateValue | None = None
    for i, (_, text, person_spans) in enumerate(sents):
        dates = find_dates(text, article.published, previous)
        previous = _anchor(dates) or previous
        orgs = [m for m, _ in find_orgs(text, acronyms)]
        people = find_people(text, i, acronyms, person_spans)
        sentences.append(Sentence(i, text, dates, find_countries(text), people, orgs))
    _unify_orgs(sentences, [p for s in sentences for p in s.people])
    counts = Counter(p.code for s in sentences for p in s.countries)
    main = [code for code, _ in counts.most_common(2)]
    return DocModel(article, sentences, acronyms, main)


def org_key(org: OrgRef) -> str:
    """How an organisation is told apart in one article: name and country."""
    return f"{fold(org.name)}|{org.country or ''}"

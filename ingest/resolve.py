"""Name resolution: people within one article, then every entity and event against the store.

In an article, full names are grouped first (spellings, initials, patronymics, Russian order), then
one-word mentions ("Nam", "Orlov", the typo "Eremenco") join the one person whose reference word
they match; when two people share it, title and country decide, else the mention is left alone.

Against a store, `resolve_with_store` rewrites the extraction's ids so that people, organisations,
mechanisms, anniversaries and events already stored are reused (see `ingest.store_match`).
"""

from __future__ import annotations

from collections import Counter

from ingest import lexicon, names
from ingest.counterparts import inherit_counterpart_titles
from ingest.document import DocModel, Person
from ingest.mentions import PersonMention
from ingest.place_names import add_place_surnames
from ingest.roles import resolve_roles
from ingest.store_match import resolve_with_store

__all__ = ["resolve_people", "resolve_with_store"]


def _title_words(m: PersonMention) -> set[str]:
    return {w.lower() for t in m.titles for w in t.title.split()}


def _pick(people: list[Person], candidates: list[int], m: PersonMention) -> int | None:
    """One candidate, or the only one whose country and titles agree with the mention."""
    ok = [i for i in candidates if not (m.country and people[i].country and m.country != people[i].country)]
    if len(ok) <= 1:
        return ok[0] if ok else None
    words = _title_words(m)
    titled = [i for i in ok if words and any(words & _title_words(x) for x in people[i].mentions)]
    return titled[0] if len(titled) == 1 else None


def _attach(person: Person, mention: PersonMention, index: int) -> None:
    person.mentions.append(mention)
    mention.entity = index
    parsed = names.parse(mention.name)
    if parsed.full and not person.name.full or len(parsed.middle) > len(person.name.middle):
        person.name = parsed
    person.country = person.country or mention.country


def _group_full_names(people: list[Person], mentions: list[PersonMention]) -> None:
    multi = [m for m in mentions if " " in m.name]
    for m in [m for m in multi if not m.weak] + [m for m in multi if m.weak]:
        parsed = names.parse(m.name)
        index = _pick(people, [i for i, p in enumerate(people) if names.compatible(p.name, parsed)], m)
        if index is None:
            if m.weak:
                continue
            people.append(Person(parsed))
            index = len(people) - 1
        _attach(people[index], m, index)


def _attach_single_words(people: list[Person], mentions: list[PersonMention]) -> None:
    for m in (m for m in mentions if " " not in m.name):
        candidates = [i for i, p in enumerate(people) if names.single_matches(m.name, p.name)]
        if not candidates:  # a middle word used alone: "Tiago" of "Paulo Tiago Mendes"
            candidates = [
                i for i, p in enumerate(people) if any(names.same_word(m.name, w) for w in p.name.middle)
            ]
        if not candidates:  # a family name written first, or a given name used alone
            candidates = [i for i, p in enumerate(people) if names.first_matches(m.name, p.name)]
        index = _pick(people, candidates, m)
        if index is None and not candidates and m.anchored and not m.weak:
            people.append(Person(names.parse(m.name)))
            index = len(people) - 1
        if index is not None:
            _attach(people[index], m, index)


def _settle_country(person: Person, main: list[str]) -> None:
    """Most-told country; else a name-shape hint that points to exactly one of the main countries."""
    told = Counter(m.country for m in person.mentions if m.country)
    told.update(t.org.country for m in person.mentions for t in m.titles if t.org and t.org.country)
    if told:
        person.country = told.most_common(1)[0][0]
        return
    hinted = [c for c in main if c in lexicon.name_shape_countries(person.name.surname)]
    hinted += [c for c in main if person.name.given and c in lexicon.name_shape_countries(person.name.given)]
    person.country = hinted[0] if len(set(hinted)) == 1 else None


def resolve_people(doc: DocModel) -> None:
    """Fill `doc.people` and set every resolvable mention's `entity`."""
    mentions = [m for s in doc.sentences for m in s.people]
    people: list[Person] = []
    _group_full_names(people, mentions)
    _attach_single_words(people, mentions)
    for person in people:
        _settle_country(person, doc.main_countries)
    doc.people = people
    add_place_surnames(doc)
    inherit_counterpart_titles(doc)
    resolve_roles(doc)

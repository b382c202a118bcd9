"""Who takes part in an event: the people (or organisations) named around a trigger.

Objects follow the trigger with nothing but articles, title words and "his counterpart" between:
"met (with) X", "received X and the Finance Minister Y", "held talks with his Ethiopian counterpart X".
A possessive names someone else: "met X's predecessor Y" is a meeting with Y, and "received a
special envoy of President X, Minister Y" one with Y (an unnamed envoy gives no meeting). Subjects are
the first person named before the trigger with the ones coordinated to it.
"""

from __future__ import annotations

import re

from ingest import lexicon
from ingest.document import DocModel, Sentence
from ingest.events.base import Party
from ingest.geo import city, country_code
from ingest.mentions import OrgMention, PersonMention

_COORD = re.compile(
    r"\s*(?:,|and|, and|&)\s*(?:the\s+|(?:his|her|their)\s+(?:[A-Z][\w-]+\s+)?counterparts?,?\s+)?"
)
_GAP_WORDS = frozenset(
    ["the", "a", "an", "his", "her", "their", "its", "and", "&", "former", "special", "personal", "then"]
)
_SENDER = re.compile(
    r"\b(?:a|an|the)?\s*(?:special\s+|personal\s+)?(?:envoy|representative|emissary|messenger)s?\s+of\s+"
    r"(?:the\s+)?(?P<rest>.*)$",
    re.I | re.S,
)
_APPOSITION = re.compile(r"\s*,\s*(?:the\s+)?")


def people_at(s: Sentence) -> list[PersonMention]:
    return [m for m in s.people if m.entity is not None]


def orgs_at(s: Sentence) -> list[OrgMention]:
    """Organisation mentions that are not part of (nor overlap) a person's title chain."""
    return [o for o in s.orgs if not any(o.start < p.end and p.start < o.end for p in s.people)]


def _gap_word_ok(word: str) -> bool:
    bare = re.sub(r"^(?:then|ex)-", "", word.strip(",")).rstrip(".")
    if not bare or word in (",", "&"):
        return True
    if bare.lower() in _GAP_WORDS or bare.lower() in lexicon.relational_nouns():
        return True
    if bare[:1].islower():  # lower-case titles: "party chief", "foreign minister"
        return lexicon.is_vocabulary(bare.capitalize())
    return lexicon.is_vocabulary(bare) or country_code(bare) is not None or city(bare) is not None


def _gap_ok(s: Sentence, lo: int, hi: int) -> bool:
    """Only articles, title and country words, "his counterpart" and possessive owners between."""
    gap = s.text[lo:hi]
    for m in sorted((m for m in people_at(s) if m.possessive and lo <= m.start < hi), key=lambda m: -m.start):
        gap = gap[: m.start - lo] + " " + gap[m.end - lo :]
    gap = re.sub(r"['’]s\b", " ", gap)
    return all(_gap_word_ok(w) for w in re.findall(r"[^\s,]+|,", gap))


def _chain_after(s: Sentence, first: tuple[int, int, Party]) -> list[Party]:
    return _chain_span(s, first)[0]


def _chain_span(s: Sentence, first: tuple[int, int, Party]) -> tuple[list[Party], int]:
    items = sorted(
        [(m.start, m.end, Party(person=m.entity)) for m in people_at(s) if not m.possessive]
        + [(o.start, o.end, Party(org=o.org)) for o in orgs_at(s)],
        key=lambda x: x[0],
    )
    out, end = [first[2]], first[1]
    for start, stop, party in items:
        if start < end:
            continue
        if start != end and not _COORD.fullmatch(s.text[end:start]):  # "the two presidents": two mentions
            break
        out.append(party)
        end = stop
    return out, end


def _items_after(s: Sentence, pos: int, orgs: bool) -> list[tuple[int, int, Party]]:
    items = [
        (m.start, m.end, Party(person=m.entity)) for m in people_at(s) if m.start >= pos and not m.possessive
    ]
    if orgs:
        items += [(o.start, o.end, Party(org=o.org)) for o in orgs_at(s) if o.start >= pos]
    return sorted(items, key=lambda x: x[0])


def parties_after(s: Sentence, pos: int, orgs: bool = True) -> list[Party]:
    """The participant named right after a trigger ("met with X", "received X"), with the ones
    coordinated to it ("X and Y")."""
    return _parties_span(s, pos, orgs)[0]


_AND_WITH = re.compile(r"\s*,?\s*and\s+(?:also\s+|later\s+|then\s+)?with\b")


def further_objects(s: Sentence, pos: int, orgs: bool = True) -> list[list[Party]]:
    """Object groups told after the first one by "and with": "met with X and with Y" is two meetings."""
    groups: list[list[Party]] = []
    parties, end = _parties_span(s, pos, orgs)
    while parties:
        more = _AND_WITH.match(s.text, end)
        if more is None:
            break
        parties, end = _parties_span(s, more.end(), orgs)
        if parties:
            groups.append(parties)
    return groups


def _parties_span(s: Sentence, pos: int, orgs: bool) -> tuple[list[Party], int]:
    items = _items_after(s, pos, orgs)
    if not items:
        return [], pos
    first = items[0]
    sender = _SENDER.search(s.text[pos : first[0]])
    if sender is not None:  # "an envoy of President X, Minister Y": Y, when named
        if not _gap_ok(s, pos + sender.start("rest"), first[0]):
            return [], pos
        named = next((i for i in items[1:] if _APPOSITION.fullmatch(s.text[first[1] : i[0]])), None)
        return _chain_span(s, named) if named else ([], pos)
    if not _gap_ok(s, pos, first[0]):
        return [], pos
    return _chain_span(s, first)


def subjects_before(s: Sentence, pos: int) -> list[Party]:
    """The sentence's subject people before a trigger: the first person named, with coordinated ones."""
    before = [m for m in people_at(s) if m.end <= pos and not m.possessive]
    if not before:
        return []
    first = before[0]
    return [
        p
        for p in _chain_after(s, (first.start, first.end, Party(person=first.entity)))
        if p.person is not None
    ]


def last_subject(doc: DocModel, before: int) -> list[Party]:
    """The subject of the latest earlier sentence that named a person ("He met ...")."""
    for s in reversed(doc.sentences[:before]):
        people = [m for m in people_at(s) if not m.possessive]
        if people:
            return [Party(person=people[0].entity)]
    return []

"""Role references: people named by their title alone, resolved to a person of the article.

"the Chinese premier said" is the premier of China named in the article; "The President thanked ..."
the president mentioned last; "the two Presidents last met in March" the two presidents of the
article's two countries. A reference becomes a mention of that person (no new person is made), so the
event rules read it as they read a name. Ambiguous references stay unresolved.
"""

from __future__ import annotations

import re
from functools import cache

from graph.model import fold
from ingest import lexicon
from ingest.document import DocModel, Person, Sentence
from ingest.geo import country_code
from ingest.mentions import PersonMention

# Ranks that make another post: "the President" is not the vice-president.
_RANKS = frozenset(["vice", "deputy", "first", "acting", "former", "assistant", "associate", "senior"])
_HEADS = ("president", "prime minister", "premier", "general secretary", "chancellor", "king", "emir")
_GROUPS = {
    "leader": _HEADS,
    "head of state": ("president", "king", "emir", "sultan"),
    "head of government": ("prime minister", "premier", "chancellor"),
    "top diplomat": ("foreign minister", "foreign affairs", "external affairs", "secretary of state"),
    "foreign minister": ("foreign minister", "minister of foreign affairs", "minister for foreign affairs"),
}


@cache
def _role_regex() -> re.Pattern[str]:
    cores = lexicon.title_regex().pattern
    return re.compile(
        rf"\b[Tt]he\s+(?P<two>two\s+)?(?:(?P<dem>[A-Z][\w-]+)\s+)?"
        rf"(?P<title>{cores}|[Ll]eaders?|[Hh]eads? of (?:[Ss]tate|[Gg]overnment)|(?:[Tt]op )?diplomats?)"
        r"(?P<poss>['’]s)?(?![\w-])",
        re.I,
    )


def _singular(title: str) -> str:
    t = fold(title)
    t = re.sub(r"^heads\b", "head", t)
    return t[:-1] if t.endswith("s") and not t.endswith("ss") else t


def _holds(person: Person, role: str) -> bool:
    wanted = _GROUPS.get(role, (role,))
    for info, _ in person.titles():
        title = info.title
        words = fold(re.split(r"\s+(?:of|for|to)\s+", title)[0]).split()
        core = " ".join(words)
        ranked = bool(_RANKS & set(words)) and not (_RANKS & set(role.split()))
        if not ranked and any(core == w or core.endswith(" " + w) or w in fold(title) for w in wanted):
            return True
    return False


def _last_seen(doc: DocModel, index: int, sent: int, pos: int) -> tuple[int, int]:
    seen = [(m.sent, m.start) for m in doc.people[index].mentions if (m.sent, m.start) < (sent, pos)]
    return max(seen) if seen else (-1, -1)


def _candidates(doc: DocModel, role: str, code: str | None, sent: int, pos: int) -> list[int]:
    """People holding the role (and from the country), the most recently mentioned first."""
    found = [
        i
        for i, p in enumerate(doc.people)
        if _holds(p, role) and (code is None or p.country == code) and _last_seen(doc, i, sent, pos) >= (0, 0)
    ]
    return sorted(found, key=lambda i: _last_seen(doc, i, sent, pos), reverse=True)


def _pair(doc: DocModel, role: str, sent: int, pos: int) -> list[int]:
    """Two people for "the two presidents": one per main country when countries are known."""
    found = _candidates(doc, role, None, sent, pos)
    just_named = _last_two(doc, sent, pos)
    if just_named and all(i in found for i in just_named):
        return just_named  # "X will visit for talks with Y. The two ministers are to meet on ..."
    by_country = [next((i for i in found if doc.people[i].country == c), None) for c in doc.main_countries]
    pair = [i for i in by_country if i is not None]
    if len(pair) == 2:
        return pair
    return found[:2] if len(found) == 2 else _last_two(doc, sent, pos)


def _last_two(doc: DocModel, sent: int, pos: int) -> list[int]:
    """The two people just named ("X and his counterpart Y signed ... The two ministers met"): exactly
    two people in the sentence before the reference, else in the previous sentence."""
    for index in (sent, sent - 1):
        if index < 0:
            continue
        s = doc.sentences[index]
        named = [m.entity for m in s.people if m.entity is not None and (index < sent or m.end <= pos)]
        distinct = list(dict.fromkeys(named))
        if distinct:
            return distinct if len(distinct) == 2 else []
    return []


def _covered(s: Sentence, start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in s.people)


def _mention(sent: int, start: int, end: int, doc: DocModel, index: int, poss: bool) -> PersonMention:
    m = PersonMention(sent, start, start, end, end, doc.people[index].name.canonical, anchored=True)
    m.entity, m.possessive = index, poss
    return m


def _references(doc: DocModel, s: Sentence) -> list[PersonMention]:
    out: list[PersonMention] = []
    for m in _role_regex().finditer(s.text):
        after = s.text[m.end() : m.end() + 30]
        if _covered(s, m.start(), m.end()) or re.match(r"\s+(?:of|to|for|and)\b|\s+[A-Z]", after):
            continue  # a title chain before a name, or a post described in full ("the President of X")
        code = country_code(m.group("dem")) if m.group("dem") else None
        if m.group("dem") and code is None and not lexicon.is_vocabulary(m.group("dem")):
            continue
        dem = m.group("dem") if m.group("dem") and code is None else None
        role = _singular(f"{dem} {m.group('title')}" if dem else m.group("title"))
        if not m.group("two") and _singular(m.group("title")) != fold(m.group("title")):
            continue  # "the leaders' meeting": several people, none named
        if m.group("two"):
            pair = _pair(doc, role, s.index, m.start())
            mid = m.start("two") + len(m.group("two").rstrip())
            if len(pair) == 2:
                out += [_mention(s.index, m.start(), mid, doc, pair[0], False)]
                out += [_mention(s.index, mid, m.end(), doc, pair[1], bool(m.group("poss")))]
            continue
        found = _candidates(doc, role, code, s.index, m.start())
        if found:
            out.append(_mention(s.index, m.start(), m.end(), doc, found[0], bool(m.group("poss"))))
    return out


def resolve_roles(doc: DocModel) -> None:
    """Add a mention for every role reference that names one person (or two) of the article."""
    for s in doc.sentences:
        refs = _references(doc, s)
        for ref in refs:
            assert ref.entity is not None
            doc.people[ref.entity].mentions.append(ref)
        if refs:
            s.people = sorted(s.people + refs, key=lambda m: m.start)

"""Mentions of people and organisations in one sentence, with offsets, titles and countries.

A person is a run of capitalised words whose tail is not vocabulary (titles, institutions, countries),
kept when something anchors it: a title chain before it ("Russian Deputy PM X", "Speaker of the ...
X"), an apposition after it ("X, CEO of Y"), an honorific ("Mr. X", "comrade X"), a profession noun
("singer X"), a coordination with an anchored name ("Senators A and B"), or spaCy's PERSON label.
Other runs are kept as weak mentions that resolution attaches to people already known (surnames).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from ingest import lexicon
from ingest.geo import city, country_code, find_countries
from ingest.titles import OrgRef, TitleInfo, org_from_text, parse_chain

_U = "".join(ch for ch in map(chr, range(0x41, 0x2000)) if ch.isupper())
TOK = rf"(?:[{_U}]\.|[{_U}][\w’'\-]*)"
# Arabic article glued to a name part: "Samir al-Haddad", "Omar el-Masri".
_ARABIC = rf"(?:al|el|ad|ed|as|ash|az|ul)-[{_U}][\w’'\-]*"
_TOKEN = re.compile(rf"{TOK}|{_ARABIC}")
# Lower-case particles inside names: "Rui da Silva", "van der Berg", "bin Rashid".
_PARTICLE = r"(?:da|de|do|dos|das|del|della|di|du|van|von|der|den|ter|bin|binti|ibn|al|el|la|le)"
_RUN = re.compile(rf"(?<![\w’'-])(?:{TOK}|{_ARABIC})(?:[ ](?:(?:{_PARTICLE}[ ])?{TOK}|{_ARABIC}))*")
_CHAIN_TOKEN = rf"(?:[{_U}][\w’'\-.&]*|(?:of|the|and|to|for)\b|[(),\"“”&/–-])"
_LEFT_CHAIN = re.compile(rf"(?:{_CHAIN_TOKEN}[ ]*)+$")
_RIGHT_CHAIN = re.compile(rf"(?:(?:[{_U}][\w’'\-.&]*|(?:of|the|and|for)\b|[()\"“”&/–-])[ ]*)+")
_HONORIFIC = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Hon|Engr|Smt)\.?|\b(?:Madam|Madame|Sir|[Cc]omrade|Alhaji|Alhaja|Hajia|Hajiya"
    r"|Sheikh|Shaikh|Honourable|Shri|Datuk|Dato['’]?|Ibu|Bapak)|H\.E\.)\s*$"
)
_POSSESSIVE = re.compile(r"['’]s$")
_ORG_DESCRIPTION = re.compile(
    r"^\s*,\s*(?:a|an|the)\s+(?P<dem>[A-Z][\w-]+)\s+(?:[\w-]+\s+)?(?:company|firm|corporation|group|bank|fund|"
    r"organi[sz]ation|agency|enterprise|business|giant|conglomerate|producer|operator|institution)\b"
)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|to|near|of)\s*$")


@dataclass
class PersonMention:
    sent: int
    start: int  # start of the mention with its title chain (sentence offsets)
    name_start: int
    name_end: int
    end: int  # end of the name, or of an apposition after it
    name: str
    titles: list[TitleInfo] = field(default_factory=list)
    country: str | None = None
    anchored: bool = False
    weak: bool = False
    possessive: bool = False
    entity: int | None = None  # index of the person this mention resolves to


@dataclass(frozen=True)
class OrgMention:
    start: int
    end: int
    org: OrgRef


def _is_name_token(tok: str) -> bool:
    word = _POSSESSIVE.sub("", tok)
    if word.isupper() and len(word) > 1 and not word.endswith("."):
        return False  # acronyms: NA, CEO, RDIF
    if len(word) == 1 or lexicon.is_vocabulary(word) or lexicon.title_regex().fullmatch(word):
        return False
    return not any(ch.isdigit() for ch in word)


def _name_tail(text: str, run: re.Match[str], covered: set[int]) -> tuple[int, int] | None:
    """Offsets of the name at the end of a capitalised run, or None."""
    toks = [(run.start() + m.start(), run.start() + m.end()) for m in _TOKEN.finditer(run.group())]
    owner = next(
        (
            i
            for i, (s, e) in enumerate(toks)
            if _POSSESSIVE.search(text[s:e]) and not country_code(_POSSESSIVE.sub("", text[s:e]))
        ),
        None,
    )
    if owner is not None:  # "President X's State visit": the name ends at the possessive
        toks = toks[: owner + 1]
    kept: list[tuple[int, int]] = []
    for s, e in reversed(toks):
        word = text[s:e]
        if s in covered or not _is_name_token(word) or (kept and _POSSESSIVE.search(word)):
            break
        kept.insert(0, (s, e))
    if not kept or len(kept) > 4 or all(len(text[s:e].rstrip(".")) == 1 for s, e in kept):
        return None
    return kept[0][0], kept[-1][1]


def _chain_start(chain: str) -> int:
    """Where the title chain really starts: the words just before its first title that name a
    country or an institution ("Vietnamese NA Chairman"), not a clause before them."""
    first = lexicon.title_regex().search(chain)
    if first is None:
        return 0
    start = first.start()
    for word in reversed(list(re.finditer(r"\S+", chain[: first.start()]))):
        if not word.group().lstrip("(")[:1].isupper() or word.group().endswith((",", '"', "”")):
            break
        start = word.start()
    return start


def _left_titles(text: str, lo: int, hi: int, acronyms: dict[str, OrgRef]) -> tuple[int, list[TitleInfo]]:
    m = _LEFT_CHAIN.search(text[lo:hi])
    if m is None or not lexicon.title_regex().search(m.group()):
        return hi, []
    offset = m.start() + _chain_start(m.group())
    titles = parse_chain(text[lo + offset : hi].strip(" ,(-–"), acronyms)
    return (lo + offset, titles) if titles else (hi, [])


def _names_inside(chain: str) -> bool:
    """Does a chain after a name hold another person's name ("..., State President X and ...")?"""
    for m in re.finditer(
        rf"(?:{lexicon.title_regex().pattern}|\)|{lexicon.org_head_regex().pattern})[ ]+({TOK})", chain
    ):
        if _is_name_token(m.group(m.lastindex or 0)):
            return True
    return False


def _right_titles(text: str, end: int, acronyms: dict[str, OrgRef]) -> tuple[int, list[TitleInfo]]:
    m = re.match(r"\s*,\s*(?:the\s+)?", text[end:])
    if m is None:
        return end, []
    chain_m = _RIGHT_CHAIN.match(text, end + m.end())
    if chain_m is None:
        return end, []
    chain = chain_m.group().rstrip(" (")
    title = lexicon.title_regex().search(chain)
    if title is None or _names_inside(chain):
        return end, []
    if any(not lexicon.is_vocabulary(w) and w[0].isupper() for w in chain[: title.start()].split()):
        return end, []
    titles = parse_chain(chain, acronyms)
    desc = _ORG_DESCRIPTION.match(text[chain_m.start() + len(chain) :])
    code = country_code(desc.group("dem")) if desc else None
    if code:
        titles = [
            replace(t, org=replace(t.org, country=t.org.country or code)) if t.org else t for t in titles
        ]
    return chain_m.start() + len(chain), titles


def _profession(left: str) -> tuple[bool, str | None]:
    """ "the Nigerian counterpart X", also with a title between: "his Nigerian counterpart, Ambassador X"."""
    words = left.rstrip().split()
    if words and words[-1] not in lexicon.professions() | lexicon.relational_nouns():
        words = re.sub(r",\s*(?:(?:[A-Z][\w.’'-]*|of|for|the)\s+)*$", "", left.rstrip() + " ").split()
    if not words or words[-1] not in lexicon.professions() | lexicon.relational_nouns():
        return False, None
    code = country_code(words[-2]) if len(words) > 1 else None
    return True, code


def _mention(
    text: str,
    span: tuple[int, int],
    lo: int,
    sent: int,
    acronyms: dict[str, OrgRef],
    spacy_people: list[tuple[int, int]],
) -> PersonMention | None:
    ns, ne = span
    possessive = bool(_POSSESSIVE.search(text[ns:ne]))
    name = _POSSESSIVE.sub("", text[ns:ne])
    left = text[lo:ns]
    honor = _HONORIFIC.search(left)
    is_prof, prof_country = _profession(left)
    start, titles = _left_titles(text, lo, honor.start() + lo if honor else ns, acronyms)
    end, right = (ne, []) if possessive else _right_titles(text, ne, acronyms)
    titles += right
    anchored = bool(titles or honor or is_prof)
    after = re.match(r"\s*([\w-]+)", text[ne:])
    if after and after.group(1).lower() in lexicon.name_stop_after():
        return None
    if not anchored and (_PLACE_BEFORE.search(left) or city(name) or country_code(name)):
        return None
    backed = " " in name and any(s < ne and ns < e for s, e in spacy_people)
    country = next((t.country for t in titles if t.country), None) or prof_country
    return PersonMention(
        sent,
        min(start, ns),
        ns,
        ne,
        max(end, ne),
        name,
        titles,
        country,
        anchored,
        weak=not (anchored or backed),
        possessive=possessive,
    )


def _coordinate(mentions: list[PersonMention], text: str) -> None:
    """ "Senators A and B": B shares A's plural title."""
    for a, b in zip(mentions, mentions[1:], strict=False):
        gap = text[a.end : b.start]
        if re.fullmatch(r"\s*(?:,|and|, and|&)\s*", gap) and any(t.plural for t in a.titles) and not b.titles:
            b.titles = [replace(t, plural=False) for t in a.titles]
            b.anchored, b.weak, b.country = True, False, b.country or a.country


def find_people(
    text: str, sent: int, acronyms: dict[str, OrgRef], spacy_people: list[tuple[int, int]]
) -> list[PersonMention]:
    covered = {i for p in find_countries(text) for i in range(p.start, p.end)}
    mentions: list[PersonMention] = []
    lo = 0
    for run in _RUN.finditer(text):
        span = _name_tail(text, run, covered)
        if span is None or span[0] < lo:
            continue
        mention = _mention(text, span, lo, sent, acronyms, spacy_people)
        if mention is not None:
            mentions.append(mention)
            lo = mention.end
    _coordinate(mentions, text)
    return mentions


@cache
def _org_regex() -> re.Pattern[str]:
    heads = lexicon.org_head_regex().pattern
    return re.compile(
        rf"(?:\b[Tt]he\s+)?(?P<name>(?:{TOK}[ ]){{0,6}}{heads}"
        rf"(?:[ ]of[ ](?:the[ ])?{TOK}(?:[ ]{TOK})*)*)(?:\s*\((?P<acr>[A-Z][A-Za-z&]{{1,9}})\))?"
    )


def find_orgs(text: str, acronyms: dict[str, OrgRef]) -> list[tuple[OrgMention, str | None]]:
    """Organisations named in the sentence, each with the acronym it defines (if any)."""
    out: list[tuple[OrgMention, str | None]] = []
    for m in _org_regex().finditer(text):
        org = org_from_text(m.group("name"), acronyms)
        if org is not None:
            out.append((OrgMention(m.start(), m.end(), org), m.group("acr")))
    taken = [(o.start, o.end) for o, _ in out]
    for acr, org in acronyms.items():
        for m in re.finditer(rf"(?:\b[Tt]he\s+)?\b{re.escape(acr)}\b", text):
            if not any(s <= m.start() < e for s, e in taken):
                out.append((OrgMention(m.start(), m.end(), org), None))
    return sorted(out, key=lambda pair: pair[0].start)

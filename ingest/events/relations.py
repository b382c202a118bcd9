"""Partnerships between countries ("the Vietnam-Russia comprehensive strategic partnership") and the
topics an event discussed (a lexicon of fields: energy, trade, education, ...)."""

from __future__ import annotations

import re

from ingest import lexicon
from ingest.document import DocModel, Sentence
from ingest.events.base import Partnership

_DISCUSSION = re.compile(
    r"\b(?:discuss\w*|agree\w*|emphasi[sz]\w*|underlin\w*|stress\w*|propos\w*|call\w* (?:on|for)|urg\w*|"
    r"highlight\w*|cooperat\w*|collaborat\w*|promot\w*|boost\w*|enhanc\w*|suggest\w*)\b",
    re.I,
)


def _pair_near(s: Sentence, start: int, end: int, doc: DocModel) -> tuple[str, str] | None:
    """The two countries of a partnership: named just before it ("Vietnam-Russia"), after it
    ("between A and B", "with A"), or the article's two countries."""
    before = [p.code for p in s.countries if start - 40 <= p.end <= start and not p.demonym]
    after = [p.code for p in s.countries if end <= p.start <= end + 60]
    codes = list(dict.fromkeys(before[-2:] + after[:2]))
    for extra in doc.main_countries:
        if len(codes) >= 2:
            break
        if extra not in codes:
            codes.append(extra)
    if len(codes) < 2:
        return None
    a, b = sorted(codes[:2])
    return a, b


def find_partnerships(doc: DocModel) -> list[Partnership]:
    found: dict[tuple[tuple[str, str], str], Partnership] = {}
    for s in doc.sentences:
        for m in lexicon.partnership_regex().finditer(s.text):
            pair = _pair_near(s, m.start(), m.end(), doc)
            if pair is None:
                continue
            level = m.group().lower()
            item = found.setdefault((pair, level), Partnership(pair, level, []))
            item.sentences.append(s.index)
    return list(found.values())


def topics_in(texts: list[str]) -> list[str]:
    """Topics of the lexicon named in these sentences, in lexicon order."""
    joined = " ".join(texts)
    return [topic for topic, pattern in lexicon.topic_regexes().items() if pattern.search(joined)]


def discussion_sentences(doc: DocModel, first: int, stop: int) -> list[str]:
    """Sentences after an event's report (up to the next event) that tell what was discussed."""
    return [s.text for s in doc.sentences[first:stop] if _DISCUSSION.search(s.text)]

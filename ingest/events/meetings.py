"""Meetings: talks, meetings, receptions, phone calls between named people (or a person and an
organisation), with date, place, status and the event they were held on the sidelines of.

Triggers: "met (with)", "held/had talks|a meeting|meetings with", "during a meeting with", "talks
between A and B", "received/welcomed/hosted X", "spoke by phone with", "A and B held talks" (the
coordinated subjects meet each other). The counterpart must follow
the trigger directly ("met representatives of ..." names nobody). Plural "meetings" with several
subjects gives one meeting per subject. Meetings of one article with the same participants and
compatible dates are one (a caption and the body report the same talks).
"""

from __future__ import annotations

import datetime as dt
import re

from ingest.dates import DateMention, DateValue
from ingest.document import DocModel, Sentence
from ingest.events.base import Meeting, Party, Visit, country_place, place_after, status_of
from ingest.events.parties import further_objects, last_subject, parties_after, subjects_before

_NOUN = (
    r"(?:talks|meetings?|phone (?:call|conversation|talks)|conversations?|discussions?|calls?"
    r"|video conference)"
)
_BY_PHONE = r"(?:by\s+(?:tele)?phone|over\s+the\s+phone|by\s+video(?:\s+(?:call|link|conference))?)"
# Adverbials between "held talks" and "with": "held talks here on Wednesday with".
_ADVERBIAL = (
    r"(?:(?:here|there|today|yesterday|separately|later|on\s+[A-Z][a-z]+\.?\s+\d{1,2}"
    r"|(?:on|this|last)\s+\w+day(?:\s+\(\d{1,2}\))?)[\s,]+){0,3}"
)
_TRIGGERS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            rf"\b(?:held|holds|hold|holding|had|has|have|having)\s+(?:(?:a|an)\s+)?(?:[\w-]+\s+){{0,2}}?"
            rf"(?P<noun>{_NOUN})\s+{_ADVERBIAL}with\b",
            re.I,
        ),
        "with",
    ),
    (re.compile(r"\b(?:met|meets|meet|meeting)\s+with\b", re.I), "with"),
    (
        re.compile(rf"\b(?:spoke|speaks|speak|talked|talks)\s+(?:{_BY_PHONE}\s+)?with\b", re.I),
        "with",
    ),
    (
        re.compile(
            rf"\b(?:(?:online|phone|bilateral|brief|courtesy|working)\s+)?(?P<noun>{_NOUN})\s+with\b", re.I
        ),
        "with",
    ),
    (re.compile(rf"\b(?P<noun>{_NOUN})\s+between\b", re.I), "between"),
    (re.compile(r"\b(?:met|meets)\b(?!\s+with)"), "direct"),
    (re.compile(r"\b(?:to|will|would|shall|could|may|might)\s+(?:also\s+)?meet\b(?!\s+with)"), "direct"),
    (re.compile(r"\b(?:called|calls|calling)\s+on\b"), "call on"),
    (re.compile(rf"\b(?:spoke|speaks|speak|talked)\s+{_BY_PHONE}\b(?!\s+with)", re.I), "mutual"),
    (
        re.compile(r"\b(?:received|receives|receiving|welcomed|welcomes|hosted|hosts|phoned|telephoned)\b"),
        "direct",
    ),
    (re.compile(r"\bpaid\s+a\s+courtesy\s+(?:call|visit)\s+(?:on|to)\b"), "direct"),
    (
        re.compile(
            r"\b(?:hold|holds|held|holding)\s+(?:their|the|a|an)\s+(?:[\w'’-]+\s+){0,5}?"
            r"(?:[Ss]ummit|[Mm]eeting)\b(?!\s+(?:with|between|of))"
        ),
        "mutual",
    ),
    (re.compile(r"\b(?:annual\s+|bilateral\s+)?summit\s+with\b"), "with"),
    (
        re.compile(
            rf"\b(?:held|holds|hold|had|has|have)\s+(?:(?:a|an)\s+)?(?:[\w-]+\s+){{0,2}}?(?P<noun>{_NOUN})\b"
            r"(?!\s+(?:with|between))",
            re.I,
        ),
        "mutual",
    ),
]
_SIDELINES = re.compile(
    r"\bon the sidelines of\s+(?:the\s+)?(?:upcoming\s+|forthcoming\s+)?(?P<ev>.+?)"
    r"(?=\s+in\s+[A-Z]|\s+on\s|\s*\([A-Z][a-z]+\s+\d|\s*\(\d|,|\.\s|\.$|;|\s+and\s+the\s+\d|$)"
)


def _kind(match: re.Match[str], s: Sentence) -> str:
    text = match.group().lower()
    if re.search(r"\b(?:online|virtual|video)\b", s.text, re.I) or "video" in text:
        return "online talks"
    if "phone" in text or "phoned" in text:
        return "phone call"
    if "courtesy" in text or "called on" in text or "calls on" in text:
        return "courtesy call"
    if re.search(r"receiv|welcom|host", text):
        return "reception"
    noun = match.groupdict().get("noun") or ""
    return "talks" if "talk" in noun else "meeting"


def _triggers(s: Sentence) -> list[tuple[re.Match[str], str]]:
    """Trigger matches without overlaps, the earlier listed pattern winning."""
    found: list[tuple[re.Match[str], str]] = []
    for pattern, mode in _TRIGGERS:
        for m in pattern.finditer(s.text):
            if not any(m.start() < f.end() and f.start() < m.end() for f, _ in found):
                found.append((m, mode))
    return sorted(found, key=lambda f: f[0].start())


def _sides(doc: DocModel, s: Sentence, m: re.Match[str], mode: str) -> list[list[Party]]:
    """Participant groups of one trigger: one group per meeting."""
    objects = parties_after(s, m.end(), orgs=mode == "with") if mode != "mutual" else []
    if mode == "call on" and (not objects or _urges(s, m.end())):
        return []  # "called on X to ...": an appeal, not a courtesy call
    if mode == "between":
        return [objects] if len(objects) >= 2 else []
    subjects = subjects_before(s, m.start())
    if not objects and mode in ("mutual", "direct") and len(subjects) >= 2:
        return [subjects]  # "A and B held talks", "A and B met in Tokyo"
    if not subjects and re.match(r"\s*(?:He|She)\b", s.text):
        subjects = last_subject(doc, s.index)
    if not objects or not subjects:
        return []
    plural = bool(re.search(r"meetings|talks", (m.groupdict().get("noun") or ""))) and len(subjects) > 1
    if plural and "meetings" in m.group().lower():
        return [[subj, *objects] for subj in subjects]
    more = further_objects(s, m.end(), orgs=mode == "with") if mode != "between" else []
    groups = [subjects + objects] + [subjects + group for group in more]
    if len(subjects) == 1 and mode in ("with", "direct"):  # "A met with X and Y": A-X and A-Y
        groups = [[*subjects, obj] for group in [objects, *more] for obj in group]
    return groups


def _urges(s: Sentence, pos: int) -> bool:
    return bool(re.search(r"\bto\s+\w+", s.text[pos : pos + 120])) and not re.search(
        r"\b(?:same day|on \w+day|this \w+|during|in [A-Z])", s.text[pos : pos + 120]
    )


def _sidelines(s: Sentence) -> str | None:
    m = _SIDELINES.search(s.text)
    return m.group("ev").strip() if m else None


def _dates_meeting(value: DateValue, base: dt.date | None) -> bool:
    """A bare year dates a meeting only when it is not the year of publication ("in 2023, during which
    he held talks"); "this year" says nothing about one meeting."""
    return value.precision != "year" or base is None or value.iso != str(base.year)


_PAST = re.compile(r"(?:met|held|had|received|hosted|welcomed|spoke|talked|called|phoned|telephoned)\b")


def _past_tense_date(m: re.Match[str], mention: DateMention | None, base: dt.date | None) -> DateValue | None:
    """A month or day without a year after publication, told in the past tense ("met in September"
    in a March article): the year before."""
    value = mention.value if mention else None
    if value is None or mention is None or base is None or value.end is not None:
        return value
    if value.precision == "year" or re.search(r"\b(?:19|20)\d{2}\b", mention.text):
        return value
    if not _PAST.match(m.group().lower()) or value.first_day() <= base:
        return value
    year = int(value.iso[:4]) - 1
    return DateValue(f"{year}{value.iso[4:]}", value.precision)


def find_meetings(doc: DocModel) -> list[Meeting]:
    base = doc.article.published
    out: list[Meeting] = []
    for s in doc.sentences:
        for m, mode in _triggers(s):
            for group in _sides(doc, s, m, mode):
                keys = {p.key for p in group}
                if len(keys) < 2:
                    continue
                parties = list({p.key: p for p in group}.values())
                dates = [d for d in s.dates if d.value and _dates_meeting(d.value, base)]
                mention = next((d for d in dates if d.start >= m.start()), dates[-1] if dates else None)
                date = _past_tense_date(m, mention, base)
                status = status_of(s, m.start(), m.end(), date, base)
                place = place_after(s, m.end()) or place_after(s, 0)
                out.append(Meeting(parties, _kind(m, s), date, status, [s.index], place, _sidelines(s)))
    return merge_meetings(out)


def _compatible(a: DateValue | None, b: DateValue | None) -> bool:
    return a is None or b is None or a.compatible(b)


def _absorb(into: Meeting, other: Meeting) -> None:
    into.date = into.date.finer(other.date) if into.date else other.date
    into.sentences = sorted(set(into.sentences + other.sentences))
    into.place = into.place or other.place
    into.event = into.event or other.event
    known = {p.key for p in into.parties}
    into.parties += [p for p in other.parties if p.key not in known]
    if other.date is not None and into.status != other.status:
        into.status = other.status


def merge_meetings(meetings: list[Meeting]) -> list[Meeting]:
    """Same participants and compatible dates: one meeting. An undated report joins a dated one
    only when exactly one fits (a planned meeting never joins one that took place)."""
    dated: list[Meeting] = []
    for m in (m for m in meetings if m.date is not None):
        twin = next(
            (d for d in dated if d.party_keys() == m.party_keys() and _compatible(d.date, m.date)), None
        )
        if twin:
            _absorb(twin, m)
        else:
            dated.append(m)
    undated: list[Meeting] = []
    for m in (m for m in meetings if m.date is None):
        fits = [
            d
            for d in dated
            if (m.party_keys() <= d.party_keys() or d.party_keys() <= m.party_keys()) and d.status == m.status
        ]
        same = [u for u in undated if u.party_keys() == m.party_keys()]
        if len(fits) == 1:
            _absorb(fits[0], m)
        elif same:
            _absorb(same[0], m)
        elif not fits:
            undated.append(m)
    return sorted(dated + undated, key=lambda m: m.sentences[0])


def fill_places(doc: DocModel, meetings: list[Meeting], visits: list[Visit]) -> None:
    """No place in the sentence: the place of another meeting of the same day, else the host of a
    visit told in the same sentence, else the host of the ongoing visit of a participant."""
    for m in meetings:
        if m.place is not None:
            continue
        visit = next((v for v in visits if set(v.sentences) & set(m.sentences)), None)
        same_day = [o for o in meetings if o.place and o.date and m.date and o.date.iso == m.date.iso]
        ongoing = [
            v
            for v in visits
            if any(p.person == v.visitor for p in m.parties)
            and (v.date is None or m.date is None or v.date.compatible(m.date))
        ]
        if same_day:
            m.place = same_day[0].place
        elif visit is not None:
            m.place = country_place(visit.host)
        elif ongoing and m.status == "occurred":
            m.place = country_place(ongoing[0].host)

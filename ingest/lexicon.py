"""The generic vocabulary of diplomatic news (data/lexicon.json), compiled once into regexes and sets."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from graph.model import fold

DATA = Path(__file__).parent / "data"


@cache
def data() -> dict[str, Any]:
    raw = (DATA / "lexicon.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(raw)
    return loaded


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def title_regex() -> re.Pattern[str]:
    """A title: modifiers then a core ("First Deputy Prime Minister", "Vice-Speaker", "Senators")."""
    mods = _alternation(data()["title_modifiers"])
    cores = _alternation(data()["title_cores"])
    return re.compile(rf"(?<![\w-])(?:(?:{mods})[\s-]+)*(?:{cores})(?:s|es)?(?![\w-])")


@cache
def org_head_regex() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{_alternation(data()['org_heads'])})s?(?![\w-])")


@cache
def vocabulary() -> frozenset[str]:
    """Folded capitalised words that are never part of a person's name."""
    d = data()
    words: set[str] = set()
    for key in (
        "title_cores",
        "title_modifiers",
        "org_heads",
        "place_words",
        "region_words",
        "non_name_words",
        "mechanism_heads",
        "event_heads",
        "honorifics",
    ):
        for entry in d[key]:
            words.update(fold(w) for w in re.split(r"[\s-]+", entry))
    words.update(w + "s" for w in list(words))
    return frozenset(words)


def is_vocabulary(word: str) -> bool:
    """True for words like "Minister", "Council", "Vietnamese", "Viet-Nam" (each hyphen part known)."""
    parts = [p for p in re.split(r"-", fold(word.rstrip(".,"))) if p]
    return bool(parts) and all(p in vocabulary() for p in parts)


@cache
def professions() -> frozenset[str]:
    return frozenset(data()["professions"])


@cache
def relational_nouns() -> frozenset[str]:
    """Nouns that name someone by their relation to another: "X's predecessor Y", "his counterpart Y"."""
    return frozenset(data()["relational_nouns"])


@cache
def honorifics() -> frozenset[str]:
    return frozenset(data()["honorifics"])


@cache
def name_stop_after() -> frozenset[str]:
    return frozenset(data()["name_stop_after"])


@cache
def future_regex() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_alternation(data()['future_markers'])})\b", re.I)


@cache
def topic_regexes() -> dict[str, re.Pattern[str]]:
    return {
        topic: re.compile(rf"\b(?:{_alternation(words)})\b", re.I)
        for topic, words in data()["topics"].items()
    }


@cache
def partnership_regex() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_alternation(data()['partnership_levels'])})\b", re.I)


@cache
def mechanism_heads() -> frozenset[str]:
    return frozenset(fold(w) for w in data()["mechanism_heads"])


@cache
def event_heads() -> frozenset[str]:
    return frozenset(fold(w) for w in data()["event_heads"])


@cache
def name_shape_countries(word: str) -> frozenset[str]:
    """Countries a surname's shape points to (a weak hint used only when nothing else tells)."""
    d = data()
    w = fold(word)
    if w.capitalize() in d["vietnamese_family_names"]:
        return frozenset(d["vietnamese_countries"])
    if any(w.endswith(e) for e in d["slavic_name_endings"]) and len(w) > 4:
        return frozenset(d["slavic_countries"])
    return frozenset()

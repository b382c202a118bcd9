"""Person names: parts, canonical form, folded match keys, and when two spellings are one person.

- Order: "Given [Middle] Surname" by default; a trailing patronymic ("Orlov Ivan Petrovich")
  marks the Russian official order "Surname Given Patronymic". Patronymics are dropped from the
  canonical form ("Ivan Petrovich Orlov" -> "Ivan Orlov") but kept as aliases.
- The reference token is the one a text uses alone: the last word (a Western surname, and also the
  given name of a Vietnamese name: "Tran Van Nam" -> "Nam"), or the surname of the Russian order.
- Skeletons fold transliteration variants: y/i, c/k, x/ks, doubled letters ("Yeremenko",
  "Eremenko" and "Eremenco" share "eremenko"); rapidfuzz tolerates one more typo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz import fuzz

from graph.model import fold

_PATRONYMIC = re.compile(r"(?:ovich|evich|yevich|ich|ovna|evna|yevna|ichna|inichna)$")
_INITIAL = re.compile(r"^[^\W\d_]\.?$")
_SKELETON_RULES = [
    (r"^ye", "e"),
    (r"^yu", "iu"),
    (r"^ya", "ia"),
    (r"kh", "h"),
    (r"ph", "f"),
    (r"w", "v"),
    (r"ck", "k"),
    (r"q", "k"),
    (r"x", "ks"),
    (r"c", "k"),
    (r"j", "i"),
    (r"y", "i"),
    (r"(.)\1+", r"\1"),
    (r"ie", "e"),
    (r"(.)\1+", r"\1"),  # again: "matveienko" -> "matveenko" -> "matvenko"
    (r"ou", "o"),  # long vowels of romanised Japanese: Satou, Satoh, Sato
    (r"(?<=[aeo])h$", ""),
]


def skeleton(word: str) -> str:
    """A transliteration-insensitive form of one name word."""
    s = re.sub(r"[^a-z]", "", fold(word))
    for pattern, repl in _SKELETON_RULES:
        s = re.sub(pattern, repl, s)
    return s


def is_initial(word: str) -> bool:
    return bool(_INITIAL.match(word))


def is_patronymic(word: str) -> bool:
    return len(word) > 5 and bool(_PATRONYMIC.search(fold(word)))


@dataclass(frozen=True)
class Name:
    """A person's name split into parts (original spelling kept)."""

    given: str | None  # first given name or initial
    middle: tuple[str, ...]  # middle words that are not patronymics (Vietnamese middle names)
    surname: str  # the reference word a text uses alone
    patronymic: str | None = None
    reversed_order: bool = False

    @property
    def canonical(self) -> str:
        return " ".join([w for w in [self.given, *self.middle] if w] + [self.surname])

    @property
    def full(self) -> bool:
        return self.given is not None and not is_initial(self.given)


def parse(text: str) -> Name:
    """Split a name as written; possessives and honorific dots are tolerated."""
    words = [w for w in re.split(r"\s+", re.sub(r"['’]s$", "", text.strip())) if w]
    if len(words) == 1:
        return Name(None, (), words[0])
    if len(words) == 3 and is_patronymic(words[2]) and not is_patronymic(words[1]):
        return Name(words[1], (), words[0], words[2], reversed_order=True)
    given, *middle, surname = words
    patronymic = next((w for w in middle if is_patronymic(w)), None)
    return Name(given, tuple(w for w in middle if w != patronymic), surname, patronymic)


def spellings(name: Name, surface: str) -> list[str]:
    """Every way to write the name that should find this person: surface, canonical, reordered,
    with the patronymic, ASCII forms."""
    forms = [surface.strip(), name.canonical]
    if name.patronymic and name.given:
        forms.append(f"{name.given} {name.patronymic} {name.surname}")
        forms.append(f"{name.surname} {name.given} {name.patronymic}")
    forms += [anyascii(f) for f in forms]
    seen: dict[str, None] = {}
    for f in forms:
        seen.setdefault(f, None)
    return list(seen)


def keys(name: Name) -> list[str]:
    """Folded keys for cross-document matching (full-name forms only; single words are too weak)."""
    out: list[str] = []
    if name.given is None:
        return out
    words = [name.given, *name.middle, name.surname]
    out.append(fold(" ".join(words)))
    out.append(" ".join(skeleton(w) for w in words))
    if name.full:
        out.append(f"{skeleton(name.given)[:1]} {skeleton(name.surname)}")  # initial form, verified later
    return list(dict.fromkeys(out))


def same_word(a: str, b: str) -> bool:
    """One name word in two spellings: equal skeletons, or a one-letter typo in a long word."""
    sa, sb = skeleton(a), skeleton(b)
    if sa == sb:
        return True
    return min(len(sa), len(sb)) >= 6 and sa[0] == sb[0] and fuzz.ratio(sa, sb) >= 85


def _given_ok(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    if is_initial(a) or is_initial(b):
        return skeleton(a)[:1] == skeleton(b)[:1]
    return same_word(a, b)


def words(name: Name) -> list[str]:
    return [w for w in [name.given, *name.middle] if w] + [name.surname]


def _tail_of(a: Name, b: Name) -> bool:
    """Is `a` (two words or more) the end of `b`: a double surname written alone ("Fuentes Lagos" of
    "Rodrigo Fuentes Lagos"), or a name without its family name first ("Van Nam")?"""
    wa, wb = words(a), words(b)
    if len(wa) < 2 or len(wa) >= len(wb):
        return False
    return all(same_word(x, y) for x, y in zip(wa, wb[-len(wa) :], strict=True))


def compatible(a: Name, b: Name) -> bool:
    """Could both spellings name one person? Surname (reference word) and given names must agree;
    a missing part (surname-only, no middle name) is no contradiction."""
    if _tail_of(a, b) or _tail_of(b, a):
        return True
    if not same_word(a.surname, b.surname) or not _given_ok(a.given, b.given):
        return False
    if a.middle and b.middle:
        return len(a.middle) == len(b.middle) and all(map(same_word, a.middle, b.middle))
    return True


def single_matches(word: str, name: Name) -> bool:
    """Does a one-word mention ("Nam", "Eremenco", "Orlov") refer to this name?"""
    return same_word(word, name.surname)


def first_matches(word: str, name: Name) -> bool:
    """Does a one-word mention name the first word of a full name? Chinese and Korean family names come
    first ("Zhou" of "Zhou Minfeng"); Lao, Ethiopian and Indonesian usage calls people by their given
    name ("Vilayvanh", "Tewodros", "Hartono")."""
    return name.given is not None and not is_initial(name.given) and same_word(word, name.given)

"""Names: parts, keys and when two spellings are one person (and when they are not)."""

from __future__ import annotations

import pytest

from ingest.names import compatible, keys, parse, same_word, single_matches, skeleton, spellings


def test_russian_official_order_and_patronymics() -> None:
    reordered = parse("Petrov Ivan Sergeyevich")
    assert (reordered.given, reordered.surname, reordered.patronymic) == ("Ivan", "Petrov", "Sergeyevich")
    assert reordered.canonical == "Ivan Petrov"
    middle = parse("Ivan Sergeyevich Petrov")
    assert middle.canonical == "Ivan Petrov" and compatible(middle, reordered)
    assert "Petrov Ivan Sergeyevich" in spellings(middle, "Ivan Sergeyevich Petrov")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bùi Văn Nam", "Bui Van Nam"),  # diacritics
        ("I. Petrov", "Ivan Petrov"),  # initial
        ("Oksana Timoshenko", "Oksana Tymoshenko"),  # transliteration
        ("Aleksei Ivanov", "Alexey Ivanov"),
        ("Dmitry Kuznetsov", "Dmitriy Kuznetsov"),
    ],
)
def test_spelling_variants_are_compatible(a: str, b: str) -> None:
    assert compatible(parse(a), parse(b))
    assert set(keys(parse(a))) & set(keys(parse(b)))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nguyen Van Nam", "Tran Van Nam"),  # same given syllable, different family
        ("Ivan Petrov", "Oleg Petrov"),  # same surname
        ("Ivan Petrov", "Ivan Sidorov"),
    ],
)
def test_different_people_are_not_merged(a: str, b: str) -> None:
    assert not compatible(parse(a), parse(b))


def test_single_words_and_typos() -> None:
    assert single_matches("Nam", parse("Bùi Văn Nam"))  # Vietnamese: the given name is the last word
    assert single_matches("Kuznetsova", parse("Anna Kuznetsova"))
    assert single_matches("Kuznetsove", parse("Anna Kuznetsova"))  # one-letter typo in a long name
    assert not single_matches("Kuzmin", parse("Anna Kuznetsova"))
    assert same_word("Yevtushenko", "Evtushenko") and skeleton("Matveyenko") == skeleton("Matvienco")

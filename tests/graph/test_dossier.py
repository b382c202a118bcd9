"""The dossier's most active officials: ranked by bilateral events, split by the country they represent."""

from __future__ import annotations

from typing import Any, cast

from graph.dossier import OFFICIALS, _officials
from graph.store import GraphStore
from graph.views import PersonView, Ref


class People:
    """Just the `get_person` of a store, counting the calls."""

    def __init__(self, countries: dict[str, str]) -> None:
        self.countries, self.calls = countries, 0

    def get_person(self, person_id: str) -> PersonView | None:
        self.calls += 1
        country = self.countries.get(person_id)
        ref = Ref(id=country, name=country, type="Country") if country else None
        return PersonView(id=person_id, name=person_id, country=ref)


def person(i: int, side: str) -> Ref:
    return Ref(id=f"person:{side}-{i:02d}", name=f"{side.upper()} {i:02d}", type="Person")


def test_top_officials_per_side_and_no_reads_once_both_sides_are_full() -> None:
    a = [person(i, "a") for i in range(12)]
    b = [person(i, "b") for i in range(12)]
    third = [person(i, "c") for i in range(3)]  # another country: never listed
    # person i of each side takes part in 20 - i events; the third country's people in 30.
    events: list[Ref] = [p for i, p in enumerate(a + b) for _ in range(20 - i % 12)]
    events += [p for p in third for _ in range(30)]
    events += [Ref(id="org:x", name="X", type="Organization")] * 50  # not a person
    store = People({p.id: "country:a" for p in a} | {p.id: "country:b" for p in b}
                   | {p.id: "country:c" for p in third})
    side_a, side_b = _officials(cast(GraphStore, store), "country:a", "country:b", events)
    assert [(o.person.id, o.events) for o in side_a] == [(a[i].id, 20 - i) for i in range(OFFICIALS)]
    assert [(o.person.id, o.events) for o in side_b] == [(b[i].id, 20 - i) for i in range(OFFICIALS)]
    # The three busiest (third country) and five per side were read, nobody after both sides filled.
    assert store.calls == len(third) + 2 * OFFICIALS


def test_ties_go_by_name_and_a_side_may_stay_short() -> None:
    refs = [Ref(id=f"person:{n}", name=n, type="Person") for n in ("Zed", "Amy", "Bob")]
    store: Any = People({r.id: "country:a" for r in refs})
    side_a, side_b = _officials(store, "country:a", "country:b", refs)
    assert [o.person.name for o in side_a] == ["Amy", "Bob", "Zed"] and side_b == []
    assert store.calls == 3

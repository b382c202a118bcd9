"""The dossier's most active officials: ranked by bilateral events, split by the country they represent
(`_officials`), and how the reference reader finds a person's country (`person_countries`)."""

from __future__ import annotations

from typing import cast

from graph.dossier import OFFICIALS, _officials, person_countries
from graph.model import Node
from graph.store import GraphStore
from graph.views import Participant, PersonView, Ref


class People:
    """Just `get_node` and `get_person` of a store, counting the calls. `countries`: the country each
    person's view gives; the node's `country` prop says the same, except for the ids in `no_prop`
    (their country comes from a REPRESENTS edge, which only the view resolves). Ids starting with
    "country:" are Country nodes."""

    def __init__(self, countries: dict[str, str], no_prop: frozenset[str] = frozenset()) -> None:
        self.countries, self.no_prop = countries, no_prop
        self.calls = self.views = 0

    def get_node(self, node_id: str) -> Node | None:
        self.calls += 1
        if node_id.startswith("country:"):
            return Node(id=node_id, label="Country", name=node_id)
        country = self.countries.get(node_id)
        props = {} if country is None or node_id in self.no_prop else {"country": country}
        return Node(id=node_id, label="Person", name=node_id, props=props)

    def get_person(self, person_id: str) -> PersonView | None:
        self.views += 1
        country = self.countries.get(person_id)
        ref = Ref(id=country, name=country, type="Country") if country else None
        return PersonView(id=person_id, name=person_id, country=ref)


def person(i: int, side: str) -> Ref:
    return Ref(id=f"person:{side}-{i:02d}", name=f"{side.upper()} {i:02d}", type="Person")


def test_top_officials_per_side_third_countries_and_non_people_left_out() -> None:
    a = [person(i, "a") for i in range(12)]
    b = [person(i, "b") for i in range(12)]
    third = [person(i, "c") for i in range(3)]  # another country: never listed
    # person i of each side takes part in 20 - i events; the third country's people in 30.
    events: list[Ref] = [p for i, p in enumerate(a + b) for _ in range(20 - i % 12)]
    events += [p for p in third for _ in range(30)]
    events += [Ref(id="org:x", name="X", type="Organization")] * 50  # not a person
    countries = ({p.id: "country:a" for p in a} | {p.id: "country:b" for p in b}
                 | {p.id: "country:c" for p in third})
    side_a, side_b = _officials("country:a", "country:b", events, countries)
    assert [(o.person.id, o.events) for o in side_a] == [(a[i].id, 20 - i) for i in range(OFFICIALS)]
    assert [(o.person.id, o.events) for o in side_b] == [(b[i].id, 20 - i) for i in range(OFFICIALS)]


def test_countries_are_read_from_the_node_and_claimed_country_without_the_whole_view() -> None:
    ids = [f"person:{side}-{i}" for side in "abc" for i in range(3)]
    store = People({pid: f"country:{pid[7]}" for pid in ids})
    found = person_countries(cast(GraphStore, store), [*ids, *ids])
    assert found == {pid: f"country:{pid[7]}" for pid in ids}
    # each person's node once and each claimed country once; no whole view (every node names a Country)
    assert (store.calls, store.views) == (len(ids) + 3, 0)


def test_a_person_without_a_country_prop_is_placed_by_the_view() -> None:
    amy, bob = "person:Amy", "person:Bob"
    store = People({amy: "country:a", bob: "country:b"}, no_prop=frozenset({bob}))
    assert person_countries(cast(GraphStore, store), [amy, bob]) == {amy: "country:a", bob: "country:b"}
    assert store.views == 1


def test_a_country_prop_naming_no_country_node_is_settled_by_the_view() -> None:
    """PersonView.country falls back to REPRESENTS when the prop names something else."""
    ids = [f"person:{n}" for n in ("Amy", "Bob", "Cy")]

    class Misnamed(People):
        def get_node(self, node_id: str) -> Node | None:
            node = super().get_node(node_id)
            if node is not None and node.label == "Person":
                node.props["country"] = "org:un"  # not a Country node
            return node

    store = Misnamed(dict(zip(ids, ["country:a", "country:b", "country:a"], strict=True)))
    found = person_countries(cast(GraphStore, store), ids)
    assert list(found.values()) == ["country:a", "country:b", "country:a"]
    assert store.views == 3 and store.calls == 3 + 1  # "org:un" looked up once
    assert person_countries(cast(GraphStore, store), ["person:nobody"]) == {"person:nobody": None}


def test_participants_of_meeting_digests_are_placed_as_the_digest_says() -> None:
    people = [Participant(id=f"person:{n}", name=n, type="Person", country=c)
              for n, c in (("Amy", "country:a"), ("Bob", "country:b"), ("Cy", "country:c"), ("Di", None))]
    plain = Ref(id="person:Ed", name="Ed", type="Person")  # a visitor: not in a digest
    # A digest's word wins over `countries` (which would put Amy on side b).
    countries = {plain.id: "country:b", "person:Amy": "country:b"}
    side_a, side_b = _officials("country:a", "country:b", [*people, *people, plain], countries)
    assert [(o.person, o.events) for o in side_a] == [(Ref(id="person:Amy", name="Amy", type="Person"), 2)]
    assert [(o.person.name, o.events) for o in side_b] == [("Bob", 2), ("Ed", 1)]
    assert all(type(o.person) is Ref for o in side_a + side_b)


def test_ties_go_by_name_and_a_side_may_stay_short() -> None:
    refs = [Ref(id=f"person:{n}", name=n, type="Person") for n in ("Zed", "Amy", "Bob", "Ann")]
    countries = {r.id: "country:a" for r in refs[:3]}  # Ann's country is unknown: not listed
    side_a, side_b = _officials("country:a", "country:b", refs, countries)
    assert [o.person.name for o in side_a] == ["Amy", "Bob", "Zed"] and side_b == []

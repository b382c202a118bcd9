"""The embedded store's indexes and files at scale: what keeps reads and writes off full scans must
give exactly the answers a full scan gives, through writes, deletes, journal replay and compaction;
stores written in the previous snapshot format still open. Behaviour only, never timings."""

from __future__ import annotations

import gc
import io
import json
import random
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import pytest

from bench.extraction_builder import country_id
from bench.graphgen import Sizes, Universe
from graph import StoreCorrupt
from graph import embedded as embedded_module
from graph import embedded_search as search_module
from graph.embedded import EmbeddedStore
from graph.embedded_graph import fast_fold
from graph.export import export
from graph.model import Extraction, Label, RelType, fold
from graph.views import MeetingFilter
from tests.graph import factories as f

FORMAT1 = Path(__file__).parent / "embedded_format1"  # written by the store before format 2


# --- data -------------------------------------------------------------------------------------------
def long_article() -> Extraction:
    """An article with a long text (kept packed in memory), accented aliases, two sentences for one
    relationship. The same as in the format 1 fixture."""
    b = f.ExtractionBuilder("art-long", "2025-02-01", "Long report", "hash-long", "https://example.org/long")
    b.article.props["text"] = " ".join(f"Paragraph {i}: Ñúñez met Wekesa in Nairobi." for i in range(200))
    b.node(f.KENYA, "Country", "Kenya")
    b.node(f.NUNEZ, "Person", "José Ñúñez", ("Jose Nunez", "Pepe Núñez"), country=f.CHILE)
    b.node(f.CHILE, "Country", "Chile")
    b.node("meeting:long-1", "Meeting", "Talks between José Ñúñez and Amani Wekesa", date="2025-01-30")
    b.rel("PARTICIPATED_IN", f.NUNEZ, "meeting:long-1", "Ñúñez met Wekesa.", role="guest")
    b.rel("REPRESENTS", f.NUNEZ, f.CHILE, "Ñúñez of Chile.")
    b.rel("REPRESENTS", f.NUNEZ, f.CHILE, "Chile's Ñúñez.")
    b.reported("meeting:long-1", "Ñúñez met Wekesa.")
    return b.build()


def partnership(i: int, a: str, b: str, level: str) -> Extraction:
    """An article stating a partnership (PARTNER_OF) between two countries."""
    x = f.ExtractionBuilder(
        f"art-partner-{i:03d}", f"2024-01-{1 + i % 28:02d}", f"P{i}", f"hash-p{i}", f"u{i}"
    )
    x.node(a, "Country", a.split(":")[1].title())
    x.node(b, "Country", b.split(":")[1].title())
    x.rel("PARTNER_OF", a, b, f"{a} and {b} are {level} partners ({i}).", level=level)
    return x.build()


def universe(meetings: int = 600, per_article: int = 10) -> Universe:
    return Universe(Sizes.for_meetings(meetings, per_article), seed=5)


def variant(ex: Extraction, rng: random.Random) -> Extraction:
    """The same article read again differently: a new hash and some of its relationships."""
    rels = [r for r in ex.relationships if rng.random() < 0.7]
    article = ex.article.model_copy(
        update={"props": {**ex.article.props, "content_hash": f"v{rng.random()}"}}
    )
    return ex.model_copy(update={"article": article, "relationships": rels})


def export_bytes(store: EmbeddedStore) -> bytes:
    buf = io.BytesIO()
    export(store, "json", buf)
    return buf.getvalue()


# --- a full-scan check of every index ---------------------------------------------------------------
def check_indexes(store: EmbeddedStore) -> None:
    """Every index of the in-memory graph equals what a walk over all nodes and edges finds, and the
    per-type reads equal the full read filtered."""
    mg = store._mg
    by_type: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    edges_of: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for start, end, data in mg.edges():
        eid = (start, end, f"{data['type']}|{data['key']}")
        assert data["id"] == eid
        by_type[data["type"]].add(eid)
        pairs = data["pairs"]
        assert pairs and len(pairs) == len(set(pairs))
        for art, _ in pairs:
            edges_of[art].add(eid)
    assert dict(mg.by_type) == dict(by_type)
    assert {a: ids for a, ids in mg.article_edges.items() if ids} == dict(edges_of)
    nodes_of: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, set[str]] = defaultdict(set)
    for node_id, a in mg.nodes.items():
        labels[a["label"]].add(node_id)
        assert a["articles"] and len(a["articles"]) == len(set(a["articles"]))
        for art in a["articles"]:
            nodes_of[art].add(node_id)
    assert {a: ids for a, ids in mg.article_nodes.items() if ids} == dict(nodes_of)
    assert {label: ids for label, ids in mg.by_label.items() if ids} == dict(labels)
    every = list(store.iter_relationships())
    assert [(r.type, r.start, r.end, r.key) for r in every] == sorted(
        (r.type, r.start, r.end, r.key) for r in every
    )
    for rel_type in get_args(RelType):
        assert list(store.iter_relationships([rel_type])) == [r for r in every if r.type == rel_type]
    assert store.stats().relationships == dict(sorted(Counter(r.type for r in every).items()))
    for node in store.iter_nodes():
        articles = [str(a) for a in node.props["articles"]]  # type: ignore[union-attr]
        assert articles == sorted(set(articles))
    # name, key, last-word and country indexes: as built from scratch from every node
    indexes: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for node_id in mg.nodes:
        entries = mg._index_entries(node_id)
        assert mg._entries[node_id] == entries
        for name, value in entries:
            indexes[name][value].add(node_id)
    for name, index in mg._indexes.items():
        assert {k: v for k, v in index.items() if v} == dict(indexes[name]), name


def test_type_index_through_writes_deletes_replay_and_compaction(tmp_path: Path) -> None:
    rng = random.Random(11)
    u = universe()
    directory = tmp_path / "store"
    store = EmbeddedStore(directory)
    countries = ["country:aa", "country:bb", "country:cc", "country:dd"]
    live: dict[str, Extraction] = {}
    for step in range(120):
        roll = rng.random()
        if roll < 0.45:
            ex = u.extraction(rng.randrange(u.sizes.articles))
        elif roll < 0.6:
            a, b = rng.sample(countries, 2)
            ex = partnership(rng.randrange(40), a, b, rng.choice(["strategic", "comprehensive"]))
        elif roll < 0.75 and live:
            ex = variant(live[rng.choice(sorted(live))], rng)
        else:
            ex = None
        if ex is not None:
            store.upsert(ex)
            live[ex.article.id] = ex
        elif live:
            gone = rng.choice(sorted(live))
            assert store.delete_article(gone) is True
            del live[gone]
        if step % 10 == 0:
            check_indexes(store)
    check_indexes(store)
    partners = list(store.iter_relationships(["PARTNER_OF"]))
    assert partners and all(r.type == "PARTNER_OF" for r in partners)
    expected = export_bytes(store)
    store._dirlock.release()  # no close(): the next open replays the journal
    replayed = EmbeddedStore(directory)
    check_indexes(replayed)
    assert export_bytes(replayed) == expected
    replayed.close()  # compaction: the next open reads the snapshot only
    compacted = EmbeddedStore(directory)
    check_indexes(compacted)
    assert export_bytes(compacted) == expected
    for gone in sorted(live)[::2]:  # deletes after a snapshot load
        compacted.delete_article(gone)
    check_indexes(compacted)
    compacted.close()


def test_relationships_citing_an_article_equal_the_full_walk(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    u = universe(300, 10)
    store.upsert_many([f.kenya_japan(), f.second_report(), long_article()])
    store.upsert_many([u.extraction(k) for k in range(u.sizes.articles)])
    store.delete_article(u.article_id(4))
    every = list(store.iter_relationships())
    for article_id in [f.ART_A, f.ART_B, "art-long", u.article_id(3), u.article_id(4), "no-such-article"]:
        cited = [r for r in every if any(e.article_id == article_id for e in r.evidence)]
        assert store.relationships_citing(article_id) == cited
    store.close()


def test_dossier_partnership_is_looked_up_between_the_two_countries(tmp_path: Path) -> None:
    from graph.dossier import bilateral_dossier

    store = EmbeddedStore(tmp_path / "store")
    store.upsert(partnership(1, "country:aa", "country:bb", "strategic"))
    store.upsert(partnership(2, "country:bb", "country:cc", "comprehensive"))
    dossier = bilateral_dossier(store, "country:bb", "country:aa")
    assert dossier is not None and dossier.partnership == "strategic"
    assert [s.article_id for s in dossier.partnership_sources] == ["art-partner-001"]
    store.delete_article("art-partner-001")
    assert bilateral_dossier(store, "country:aa", "country:bb") is None  # the article was all of them
    dossier = bilateral_dossier(store, "country:cc", "country:bb")
    assert dossier is not None and dossier.partnership == "comprehensive"
    store.close()


# --- the cyclic GC ---------------------------------------------------------------------------------
def tracked_ids() -> set[int]:
    return {id(x) for x in gc.get_objects()}


def test_what_a_large_store_keeps_stays_out_of_the_cyclic_gc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full GC pass walks every container it tracks; what a large store keeps for its life (the
    search index and every country's event sets built by warm(), the lists kept until the graph
    changes) must not be among them."""
    u = universe()
    store = EmbeddedStore(tmp_path / "store")
    store.upsert_many(u.extraction(i) for i in range(u.sizes.articles))
    store.close()
    monkeypatch.setattr(embedded_module, "FREEZE_MIN", 0)  # this graph counts as large
    try:
        store = EmbeddedStore(tmp_path / "store")
        indexes = list(store._finder._names.built.values())
        assert indexes == []  # built by warm(), not by opening
        lists = store._lists
        assert lists._per_country == {}
        store.warm()
        indexes = list(store._finder._names.built.values())
        assert {"Person", "Country", "Meeting"} <= set(store._finder._names.built)
        countries = {n.id for n in store.iter_nodes(["Country"])}
        kinds = ("Meeting", "Visit", "VisitTo", "Mechanism", "Anniversary")
        assert set(lists._per_country) == {(kind, c) for kind in kinds for c in countries}
        country = country_id(u.countries[0])
        warmed = lists._per_country["Meeting", country]
        found = store.list_meetings(MeetingFilter(country=country), limit=5)
        assert found.total > 0 and lists._per_country["Meeting", country] is warmed  # not built again
        kept = [v for _, v in lists._per_country.values()] + [v for _, v in lists._sorted.values()]
        assert kept
        gc.collect()
        tracked = tracked_ids()
        assert not any(id(x) in tracked for x in indexes)
        assert not any(id(x) in tracked for x in kept)
        assert not any(id(x.words) in tracked for x in indexes)
        store._load()  # the files read again, as after another worker's compaction: indexed at once
        again = list(store._finder._names.built.values())
        assert len(again) == len(indexes) and not set(map(id, again)) & set(map(id, indexes))
        assert len(store._lists._per_country) == len(kinds) * len(countries)
        gc.collect()
        assert not any(id(x) in tracked_ids() for x in again)
        store.close()
    finally:
        gc.unfreeze()


# --- merges -------------------------------------------------------------------------------------------
def test_articles_sorted_whatever_the_write_order(tmp_path: Path) -> None:
    """Node `articles` are appended as articles arrive and sorted when read: every output is the
    same as writing in id order, and so is the snapshot."""
    u = universe(300, 5)
    order = list(range(u.sizes.articles))
    shuffled = order[:]
    random.Random(3).shuffle(shuffled)
    stores = []
    for name, ks in (("sorted", order), ("shuffled", shuffled)):
        store = EmbeddedStore(tmp_path / name)
        for k in ks:
            store.upsert(u.extraction(k))
        stores.append(store)
    first, second = stores
    check_indexes(second)
    for a, b in zip(first.iter_nodes(), second.iter_nodes(), strict=True):
        assert (a.id, a.props["articles"], a.props["keys"]) == (b.id, b.props["articles"], b.props["keys"])
    person = next(n for n in first.iter_nodes(["Person"]))
    assert first.get_person(person.id) == second.get_person(person.id)
    for store in stores:
        store.close()
    node_parts = []
    for name in ("sorted", "shuffled"):
        lines = (tmp_path / name / "snapshot.json").read_text().splitlines()
        last_node = max(i for i, line in enumerate(lines) if line.startswith('["n"'))
        node_parts.append(lines[1 : last_node + 1])
    assert node_parts[0] == node_parts[1]  # the nodes' records (and the strings they name) are identical


def test_evidence_merges_keep_order_and_drop_repeats(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    store.upsert(long_article())
    store.upsert(f.kenya_japan())
    (represents,) = [r for r in store.iter_relationships(["REPRESENTS"]) if r.start == f.NUNEZ]
    assert [e.sentence for e in represents.evidence] == ["Ñúñez of Chile.", "Chile's Ñúñez."]
    store.upsert(long_article())  # unchanged
    changed = long_article()
    changed.article.props["content_hash"] = "hash-long-2"
    store.upsert(changed)  # updated: its evidence is replaced, still without repeats
    (again,) = [r for r in store.iter_relationships(["REPRESENTS"]) if r.start == f.NUNEZ]
    assert [e.sentence for e in again.evidence] == ["Ñúñez of Chile.", "Chile's Ñúñez."]
    check_indexes(store)
    article = store.get_node("art-long")
    assert article is not None and article.props["text"] == long_article().article.props["text"]
    store.close()


def test_merges_follow_the_rules_whatever_the_history(tmp_path: Path) -> None:
    """A node merged from many articles (names, aliases, props of changing types, ingest keys) ends
    as graph/store.py's rules say, checked against those rules applied from scratch."""
    rng = random.Random(5)
    store = EmbeddedStore(tmp_path / "store")
    names = ["José Ñúñez", "Jose Nunez", "J. Nunez", "José Ñúñez"]
    values: list[object] = [1, 1.0, True, "1", None, [1], ["1"], "chile", "country:chile", None]
    expected_aliases: list[str] = []
    expected_props: dict[str, object] = {}
    expected_keys: set[str] = set()
    expected_rel_props: dict[str, object] = {}
    for i in range(60):
        b = f.ExtractionBuilder(f"art-{i:03d}", "2025-01-01", f"A{i}", f"h{i}", f"u{i}")
        name = rng.choice(names)
        aliases = tuple(rng.sample(["Pepe", "Pepe Núñez", "El Canciller", "J.N."], rng.randint(0, 2)))
        props = {k: rng.choice(values) for k in rng.sample(["level", "rank", "country", "note"], 2)}
        if rng.random() < 0.3:
            props["keys"] = [f"extra key {rng.randrange(5)}"]
        b.node("country:chile", "Country", "Chile")
        b.node(f.NUNEZ, "Person", name, aliases, **props)  # type: ignore[arg-type]
        since = rng.choice(values)
        b.rel("REPRESENTS", f.NUNEZ, "country:chile", f"sentence {i % 7}", since=since)  # type: ignore[arg-type]
        if since is not None:
            expected_rel_props["since"] = since
        store.upsert(b.build())
        expected_aliases = list(dict.fromkeys([*expected_aliases, *aliases]))
        expected_props.update(
            {k: v for k, v in props.items() if v is not None and k not in ("articles", "keys")}
        )
        extra = props.get("keys") or []
        expected_keys |= {fold(x) for x in [name, *aliases, *extra] if fold(x)}  # type: ignore[misc]
        node = store.get_node(f.NUNEZ)
        assert node is not None
        assert (node.name, node.aliases) == (name, expected_aliases)
        got = {k: v for k, v in node.props.items() if k not in ("articles", "keys")}
        assert got == expected_props and [type(v) for v in got.values()] == [
            type(v) for v in expected_props.values()
        ]
        assert list(got) == list(expected_props)  # the order props were first set in
        assert node.props["keys"] == sorted(expected_keys)
        assert node.props["articles"] == [f"art-{k:03d}" for k in range(i + 1)]
        country = expected_props.get("country")
        assert store.resolve("J. Nunez") == ([f.NUNEZ] if fold("J. Nunez") in expected_keys else [])
        if isinstance(country, str):
            assert f.NUNEZ in store._mg.by_country[country]
    (rel,) = store.iter_relationships(["REPRESENTS"])
    assert [(e.article_id, e.sentence) for e in rel.evidence] == [
        (f"art-{i:03d}", f"sentence {i % 7}") for i in range(60)
    ]
    assert rel.props == expected_rel_props
    assert [type(v) for v in rel.props.values()] == [type(v) for v in expected_rel_props.values()]
    check_indexes(store)
    store.close()


# --- search -------------------------------------------------------------------------------------------
Entry = tuple[str, str, str, set[str]]  # (label, name, id, folded names and aliases)


def entries(store: EmbeddedStore) -> list[Entry]:
    return [(n.label, n.name, n.id, {fold(x) for x in [n.name, *n.aliases]}) for n in store.iter_nodes()]


def reference_search(every: list[Entry], q: str, label: Label | None, limit: int) -> list[str]:
    """graph/store.py's ranking over every node: exact 0, prefix 1, substring 2, then name, then id."""
    needle = fold(q)
    if not needle or limit <= 0:
        return []
    rows = []
    for node_label, name, node_id, texts in every:
        if node_label != label if label is not None else node_label == "Article":
            continue
        ranks = [0 if t == needle else 1 if t.startswith(needle) else 2 for t in texts if needle in t]
        if ranks:
            rows.append((min(ranks), name, node_id))
    return [node_id for _, _, node_id in sorted(rows)[:limit]]


def queries(store: EmbeddedStore, rng: random.Random, n: int) -> Iterator[str]:
    """Exact names, prefixes, inner substrings (across words too), suffixes, accents, misses."""
    names = sorted({x for node in store.iter_nodes() for x in [node.name, *node.aliases]})
    yield from ["a", "e", "an", "talks", "talks between", "ween", "s betw", "of the", "-", "1", "zzz", "q x"]
    yield from ["ÑÚÑEZ", "jose nunez", "José", "pepe", "nairo", "japan", "\u00a0kenya ", "a\x00b", "  "]
    for _ in range(n):
        name = fold(rng.choice(names))
        i = rng.randrange(len(name))
        j = rng.randrange(i + 1, len(name) + 1)
        yield rng.choice([name, name[:j], name[i:j], name[i:], name[i : i + 3], name.upper()])


@pytest.mark.parametrize(("direct_max", "delta_min"), [(2048, 256), (2, 256), (100_000, 3), (2, 3)])
def test_search_equals_ranking_every_node(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, direct_max: int, delta_min: int
) -> None:
    """Small DIRECT_MAX forces the name-ordered scans, a large one the word index; a small DELTA_MIN
    makes writes rebuild a label's index, a large one keeps changed names in the delta."""
    monkeypatch.setattr(search_module, "DIRECT_MAX", direct_max)
    monkeypatch.setattr(search_module, "DELTA_MIN", delta_min)
    rng = random.Random(f"search:{direct_max}:{delta_min}")
    u = universe()
    store = EmbeddedStore(tmp_path / "store")
    store.upsert_many([f.kenya_japan(), f.second_report(), long_article()])
    store.upsert_many([u.extraction(k) for k in range(0, u.sizes.articles, 2)])
    labels: list[Label | None] = [None, "Person", "Meeting", "Country", "Article", "Session", "Topic"]

    def compare(n: int) -> None:
        every = entries(store)
        for q in queries(store, rng, n):
            for label in labels:
                limit = rng.choice([1, 3, 20, 500])
                got = [node.id for node in store.search(q, label, limit)]
                assert got == reference_search(every, q, label, limit), (q, label, limit)

    compare(40)
    store.upsert_many([u.extraction(k) for k in range(1, u.sizes.articles, 4)])  # new names after the build
    store.delete_article(f.ART_B)
    store.upsert(variant(u.extraction(0), rng))
    compare(40)
    store.delete_article(u.article_id(2))
    store.upsert(f.kenya_japan(content_hash="hash-a2", meeting_sentence=f.S_MEET_B))
    compare(40)
    store.clear()
    assert store.search("japan") == []
    store.upsert(f.kenya_japan())
    compare(10)
    store.close()


def test_fast_fold_is_fold() -> None:
    rng = random.Random(7)
    pool = [chr(c) for c in range(0x250)] + list("\u00a0\u1680\u2000\u2028\u3000\u0085ŞĐặngПривет北京Ⅻﬁ🙂")
    pool += [chr(rng.randrange(0xD800)) for _ in range(500)]
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 10)))
        assert fast_fold(text) == fold(text), repr(text)


# --- snapshot files -----------------------------------------------------------------------------------
def test_format1_store_opens_and_is_rewritten_in_format2(tmp_path: Path) -> None:
    """A store written before format 2 (snapshot of format 1 plus a journal) opens with the same
    graph, byte for byte in its export; it is rewritten in format 2 when it compacts."""
    directory = tmp_path / "old"
    shutil.copytree(FORMAT1, directory)
    (directory / "expected-export.json").unlink()
    expected = (FORMAT1 / "expected-export.json").read_bytes()
    assert json.loads((directory / "snapshot.json").read_text())["format"] == 1
    old = EmbeddedStore(directory)
    assert export_bytes(old) == expected
    check_indexes(old)
    fresh = EmbeddedStore(tmp_path / "fresh")  # the same writes through today's code
    fresh.upsert_many([f.kenya_japan(), long_article(), f.second_report()])
    assert export_bytes(fresh) == expected
    assert [n.id for n in old.search("nunez")] == [n.id for n in fresh.search("nunez")]
    old.close()
    assert json.loads((directory / "snapshot.json").read_text().split("\n", 1)[0])["format"] == 2
    reopened = EmbeddedStore(directory)
    assert export_bytes(reopened) == expected
    assert reopened.list_meetings(MeetingFilter(person="Nunez")) == fresh.list_meetings(
        MeetingFilter(person="Nunez")
    )
    reopened.close()
    fresh.close()


def test_snapshot_is_deterministic_and_lossless(tmp_path: Path) -> None:
    u = universe(200, 5)
    writes = [f.kenya_japan(), long_article(), *(u.extraction(k) for k in range(u.sizes.articles))]
    for name in ("a", "b"):
        store = EmbeddedStore(tmp_path / name)
        store.upsert_many(writes)
        store.delete_article(u.article_id(3))
        store.close()
    snapshot = (tmp_path / "a" / "snapshot.json").read_bytes()
    assert snapshot == (tmp_path / "b" / "snapshot.json").read_bytes()
    store = EmbeddedStore(tmp_path / "a")
    expected = export_bytes(store)
    bodies = []
    for _ in range(2):  # written from a loaded snapshot, then from that one's load: a fixed point
        store._compact()
        bodies.append((tmp_path / "a" / "snapshot.json").read_bytes().split(b"\n", 1)[1])
        store.close()
        store = EmbeddedStore(tmp_path / "a")
        assert export_bytes(store) == expected
    assert bodies[0] == bodies[1]
    store.close()


@pytest.mark.parametrize("damage", ["cut", "extra", "garbage", "bad ref", "negative ref"])
def test_damaged_format2_snapshot_is_reported(tmp_path: Path, damage: str) -> None:
    directory = tmp_path / "store"
    store = EmbeddedStore(directory)
    store.upsert(f.kenya_japan())
    store.close()
    lines = (directory / "snapshot.json").read_text().splitlines()
    if damage == "cut":
        lines = lines[:-3]
    elif damage == "extra":
        lines.append(lines[1])
    elif damage == "garbage":
        lines[3] = lines[3][:-5]
    else:
        edge = next(i for i, line in enumerate(lines) if line.startswith('["e"'))
        record = json.loads(lines[edge])
        record[2] = 10**6 if damage == "bad ref" else -1
        lines[edge] = json.dumps(record)
    (directory / "snapshot.json").write_text("\n".join(lines) + "\n")
    with pytest.raises(StoreCorrupt, match="snapshot.json"):
        EmbeddedStore(directory)


def test_compaction_streams_and_a_failed_one_keeps_the_old_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph import embedded_snapshot

    u = universe(2000, 10)
    directory = tmp_path / "store"
    store = EmbeddedStore(directory)
    store.upsert_many([u.extraction(k) for k in range(u.sizes.articles)])
    real_dump = embedded_snapshot.dump
    chunks: list[int] = []

    def recording_dump(mg: object) -> Iterator[str]:
        for chunk in real_dump(mg):  # type: ignore[arg-type]
            chunks.append(len(chunk))
            yield chunk

    monkeypatch.setattr(embedded_snapshot, "dump", recording_dump)
    store._compact()
    size = (directory / "snapshot.json").stat().st_size
    assert len(chunks) > 2 and max(chunks) < size / 2  # written a piece at a time, never whole
    before = (directory / "snapshot.json").read_bytes()

    def failing_dump(mg: object) -> Iterator[str]:
        yield from list(real_dump(mg))[:2]  # type: ignore[arg-type]
        raise OSError("disk full")

    monkeypatch.setattr(embedded_snapshot, "dump", failing_dump)
    store.upsert(f.kenya_japan())
    with pytest.raises(OSError, match="disk full"):
        store._compact()
    assert (directory / "snapshot.json").read_bytes() == before
    assert not (directory / "snapshot.json.tmp").exists()
    monkeypatch.undo()
    store._dirlock.release()
    again = EmbeddedStore(directory)  # the old snapshot and the journal: nothing lost
    assert again.get_node(f.NUNEZ) is not None
    assert again.stats() == store.stats()
    again.close()

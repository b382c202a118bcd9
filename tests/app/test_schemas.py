"""A store's views become the API's schemas without being validated again, and without losing or
sharing anything: the same values, fields set and JSON as pydantic's own `model_construct` gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from app import schemas as s
from graph.dossier import bilateral_dossier
from graph.embedded import EmbeddedStore
from tests.graph import factories as f


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(tmp_path / "store")
    opened.upsert(f.kenya_japan())
    opened.upsert(f.second_report())
    yield opened
    opened.close()


def renamed_pairs(store: EmbeddedStore) -> list[tuple[type[BaseModel], BaseModel]]:
    """One view of each kind the API renames, with the schema it becomes."""
    mechanism = store.list_mechanisms(country=f.KENYA).items[0]
    anniversary = store.list_anniversaries().items[0]
    views: list[tuple[type[BaseModel], BaseModel | None]] = [
        (s.PersonPublic, store.get_person(f.NUNEZ)),  # aliases, positions
        (s.MeetingPublic, store.get_meeting(f.MEETING_NAIROBI)),  # two sources
        (s.VisitPublic, store.get_visit(f.VISIT_SAKAMOTO)),
        (s.MechanismPublic, mechanism),
        (s.AnniversaryPublic, anniversary),
        (s.DossierPublic, bilateral_dossier(store, f.KENYA, f.JAPAN)),
        (s.ArticlePublic, store.get_article(f.ART_A)),
        (s.StatsPublic, store.stats()),
    ]
    out = [(cls, view) for cls, view in views if view is not None]
    assert len(out) == len(views)
    return out


def test_a_renamed_view_is_what_model_construct_gives(store: EmbeddedStore) -> None:
    for cls, view in renamed_pairs(store):
        public = s.as_public(cls, view)
        expected = cls.model_construct(_fields_set=view.model_fields_set, **view.__dict__)
        assert type(public) is cls, cls
        assert public == expected and public.model_fields_set == view.model_fields_set, cls
        assert public.model_dump_json() == expected.model_dump_json() == view.model_dump_json(), cls
        assert cls.model_validate_json(public.model_dump_json()) == public, cls  # valid as it stands
        public.__dict__.clear()  # its own attributes: the view keeps its values
        assert view.model_dump_json() == expected.model_dump_json(), cls


def test_a_schema_with_more_than_its_view_is_validated(store: EmbeddedStore) -> None:
    article = store.get_article(f.ART_A)
    assert article is not None
    detail = s.as_public(s.ArticleDetail, article)  # triples: not in the view, the default
    assert type(detail) is s.ArticleDetail and detail.triples == [] and detail.id == article.id
    meeting = store.get_meeting(f.MEETING_NAIROBI)
    assert meeting is not None and s.as_public(type(meeting), meeting) is meeting

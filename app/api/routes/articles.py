"""Articles: list and read them, post a new one to be read into the graph, delete one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from app.api.deps import Paging, SettingsDep, StoreDep, get_extractor, require_api_key
from app.api.routing import StoreRoute
from app.errors import NotFound, error_responses
from app.schemas import (
    ArticleDetail,
    ArticleIn,
    ArticleIngested,
    ArticlePublic,
    ArticlesPublic,
    as_public,
    page_of,
)
from graph import GraphStore, Triple
from graph.views import Ref

router = APIRouter(prefix="/articles", tags=["articles"], route_class=StoreRoute)

ArticleId = Annotated[str, Path(description="The article's id (it may contain '/' and ':').")]


def article_triples(store: GraphStore, article_id: str) -> list[Triple]:
    """The statements an article supports: every relationship with evidence from it (provenance
    links left out), by id with the names as qualifiers, as `diplograph extract` prints them."""
    names: dict[str, str] = {}

    def name(node_id: str) -> str:
        if node_id not in names:
            node = store.get_node(node_id)
            names[node_id] = node.name if node else node_id
        return names[node_id]

    triples = []
    for rel in store.relationships_citing(article_id):
        if rel.type == "REPORTED_IN":
            continue
        sentences = [e.sentence for e in rel.evidence if e.article_id == article_id]
        qualifiers = {**rel.props, "subject_name": name(rel.start), "object_name": name(rel.end)}
        triples += [
            Triple(
                subject=rel.start,
                predicate=rel.type,
                object=rel.end,
                qualifiers=qualifiers,
                evidence=sentence,
                article=article_id,
            )  # fmt: skip
            for sentence in sentences
        ]
    return triples


@router.get(
    "",
    summary="List articles",
    response_model=ArticlesPublic,
    responses=error_responses(422, 503),
    openapi_extra=Paging.doc(),
)
def list_articles(store: StoreDep, request: Request) -> ArticlesPublic:
    """Articles read into the graph."""
    page = Paging.read(request)
    found = store.list_articles(limit=page.limit, offset=page.offset)
    return page_of(ArticlesPublic, found, page.limit, page.offset)


@router.get(
    "/{article_id:path}",
    summary="One article",
    response_model=ArticleDetail,
    responses=error_responses(404, 422, 503),
)
def get_article(store: StoreDep, article_id: ArticleId) -> ArticleDetail:
    """An article's metadata and the triples read from it, with their evidence sentences."""
    article = store.get_article(article_id)
    if article is None:
        raise NotFound(f"No article has id {article_id!r}.")
    detail = as_public(ArticleDetail, article)
    detail.triples = article_triples(store, article_id)
    return detail


@router.post(
    "",
    summary="Read an article",
    status_code=201,
    response_model=ArticleIngested,
    dependencies=[Depends(require_api_key)],
    responses={
        200: {
            "model": ArticleIngested,
            "description": "The same article was already stored; nothing changed.",
        },
        **error_responses(401, 413, 422, 503),
    },
)
def post_article(
    body: ArticleIn, request: Request, response: Response, store: StoreDep, settings: SettingsDep
) -> ArticleIngested:
    """Extract entities and relations from an article's text and store them (idempotent)."""
    from ingest.pipeline import ingest_article
    from ingest.read import article_from_text

    article = article_from_text(
        body.text,
        published=body.published,
        title=body.title,
        url=body.url,
        max_chars=settings.max_article_chars,
    )
    result, extraction = ingest_article(article, store, get_extractor(request))
    if result.status != "created":
        response.status_code = 200
    stored = store.get_article(result.article_id)
    return ArticleIngested(
        article=as_public(ArticlePublic, stored)
        if stored
        else ArticlePublic(id=result.article_id, title=body.title, url=body.url),
        status=result.status,
        nodes=result.nodes,
        relationships=result.relationships,
        entities=[Ref(id=n.id, name=n.name, type=n.label) for n in extraction.nodes],
        triples=extraction.triples,
    )


@router.delete(
    "/{article_id:path}",
    summary="Delete an article",
    status_code=204,
    dependencies=[Depends(require_api_key)],
    responses=error_responses(401, 404, 422, 503),
)
def delete_article(store: StoreDep, article_id: ArticleId) -> Response:
    """Remove an article, its evidence, and the facts no other article reports."""
    if not store.delete_article(article_id):
        raise NotFound(f"No article has id {article_id!r}.")
    return Response(status_code=204)

"""One router per resource; `app.main.create_app` includes every router listed in ROUTERS."""

from fastapi import APIRouter

from app.api.routes import (
    analytics,
    anniversaries,
    articles,
    countries,
    exports,
    graph,
    mechanisms,
    meetings,
    people,
    search,
    system,
    visits,
)

ROUTERS: list[APIRouter] = [
    people.router,
    meetings.router,
    visits.router,
    mechanisms.router,
    anniversaries.router,
    countries.router,
    search.router,
    graph.router,
    articles.router,
    system.router,
    exports.router,
    analytics.router,
]

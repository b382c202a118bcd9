"""A route's query parameters read in one validation.

FastAPI (0.16x) reads each query parameter on its own on every request, working out again from the
parameter's annotation how to read it: in process ~12.5 us per parameter (a route of eleven took 219
us, one of none 82), and a dependency costs ~22 us more. The list of meetings has eleven; its whole
answer from the embedded store can take less. A `QueryModel` is read by the route itself from the
request (`read`, one pydantic validation of the query string: ~17 us for eleven fields), and the route
documents it with `openapi_extra=Model.doc()`: the parameters exactly as FastAPI documents a model of
query parameters (`Annotated[Model, Query()]`), asked of FastAPI itself. The values are read as
FastAPI reads them: the last of a repeated name, unknown names ignored, a value that does not validate
answered 422 naming the parameter.
"""

from __future__ import annotations

import functools
import inspect
import json
from typing import Annotated, Any, Self

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, ValidationError


class QueryModel(BaseModel):
    """Query parameters of one route, as fields (an alias is the parameter's name)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    @classmethod
    def read(cls, request: Request) -> Self:
        """The parameters of `request`, or RequestValidationError located in the query string."""
        try:
            return cls.model_validate(request.query_params)
        except ValidationError as exc:
            errors = [{**e, "loc": ("query", *e["loc"])} for e in exc.errors(include_url=False)]
            raise RequestValidationError(errors) from None

    @classmethod
    def doc(cls) -> dict[str, Any]:
        """`openapi_extra` of a route that reads this model: its query parameters."""
        return {"parameters": documented(cls)}


@functools.cache
def documented(model: type[QueryModel]) -> list[dict[str, Any]]:
    """The OpenAPI parameters FastAPI gives a route taking `model` as a query-parameter model."""

    def probe(**_: Any) -> None:
        """Never called."""

    param = inspect.Parameter("query", inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[model, Query()])
    probe.__signature__ = inspect.Signature([param])  # type: ignore[attr-defined]
    app = FastAPI()
    app.get("/")(probe)
    parameters: list[dict[str, Any]] = app.openapi()["paths"]["/"]["get"].get("parameters", [])
    if "$ref" in json.dumps(parameters):  # a reference would point into the probe's components
        raise TypeError(f"{model.__name__}: a query parameter must have a plain type")
    return parameters

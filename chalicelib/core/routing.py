"""Domain blueprints registered when a request first needs them (in Lambda), all at once elsewhere.

Importing every domain (its routes, services, stores and ~230 pydantic models, and pydantic
itself) made ``import app`` 1.8x the bare stack (chalice + pynamodb + powertools + boto3): pydantic's
own import is 0.3x of it, so no per-model trick can reach the 1.3x target while every domain loads at
import. A request needs one domain and what that domain imports; the authorizer, the schedule and the
queue handlers need none.

So the API's Lambda (``LazyChalice.__call__``) registers the blueprints of the request's first path
segment (``/org/...`` -> org, goals, raci) before Chalice looks the route up; a path segment no
domain names loads them all, so a route missing from the table is slower, never unreachable.
Everything that reads the whole route table (``chalice package``, ``chalice local``,
``chalice.test.Client``, ``/openapi.json``) gets all of them: :func:`lazy_routes` is true only in
the Lambda runtime (``AWS_LAMBDA_FUNCTION_NAME`` is set), and the table is otherwise loaded at import.
tests/unit/test_lazy_routes.py checks that each route is served by the segment that names its module.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from chalice import Chalice


@dataclass(frozen=True)
class Domain:
    """A blueprint's module (it defines ``bp``), its URL prefix, and the first path segments it serves."""

    module: str
    segments: tuple[str, ...]
    url_prefix: str | None = None


def lazy_routes() -> bool:
    """True in the Lambda runtime only; read once by app.py at import (not a setting: AWS sets it)."""
    return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME"))


class LazyChalice(Chalice):
    """A Chalice app whose domain blueprints are imported and registered on first use."""

    def __init__(self, app_name: str, domains: Iterable[Domain], **kwargs: Any) -> None:
        super().__init__(app_name=app_name, **kwargs)
        self.domains = tuple(domains)
        self._loaded: set[str] = set()

    def load(self, domains: Iterable[Domain]) -> None:
        for domain in domains:
            if domain.module in self._loaded:
                continue
            module = importlib.import_module(domain.module)
            self.register_blueprint(module.bp, url_prefix=domain.url_prefix)
            self._loaded.add(domain.module)

    def load_all(self) -> None:
        """Every domain: for whatever reads the whole route table."""
        self.load(self.domains)

    def load_for(self, resource_path: str | None) -> None:
        """The domains serving ``resource_path`` (an API Gateway resource such as ``/org/units/{unit_id}``)."""
        segment = (resource_path or "").lstrip("/").split("/", 1)[0]
        wanted = [d for d in self.domains if segment in d.segments]
        self.load(wanted or self.domains)

    def __call__(self, event: Any, context: Any) -> Any:
        self.load_for(((event or {}).get("requestContext") or {}).get("resourcePath"))
        return super().__call__(event, context)

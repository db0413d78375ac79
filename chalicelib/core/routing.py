"""Domain blueprints registered when something first needs them: ``import app`` loads none.

Importing every domain (its routes, services, stores and ~230 pydantic models, and pydantic
itself) made ``import app`` 2-3x the bare stack (chalice + pynamodb + powertools + boto3): pydantic's
own import is 0.3x of it, so no per-model trick can reach the 1.3x target while every domain loads at
import. A request needs one domain and what that domain imports; the authorizer, the schedule and the
queue handlers need none.

So ``import app`` registers no domain, in every environment (no switch on where it runs). Two ways
in, both explicit:

* a request: ``LazyChalice.__call__`` (the API's Lambda handler) registers the blueprints of the
  request's first path segment (``/org/...`` -> org, goals, raci) before Chalice looks the route up;
  a path segment no domain names loads them all, so a route missing from the table is slower, never
  unreachable;
* whatever reads the whole route table calls :meth:`LazyChalice.load_all` first: tests/conftest.py
  (``chalice.test.Client``, ``SPECS``, the OpenAPI and isolation generators), local/gateway.py
  (``chalice local``), infra/chalice_cli.py (``chalice package`` for deploys and the bench),
  ``/openapi.json`` and the benches.

A new domain is one ``Domain(...)`` line in app.py's ``DOMAINS``;
tests/integration/test_lazy_routes.py fails when a route's first segment is not its domain's.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from chalice import Chalice


@dataclass(frozen=True)
class Domain:
    """A blueprint's module (it defines ``bp``), the first path segments it serves, and its URL prefix."""

    module: str
    segments: tuple[str, ...]
    url_prefix: str | None = None


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

    def load_all(self) -> LazyChalice:
        """Every domain, for whatever reads the whole route table; returns the app (``chalice_cli``)."""
        self.load(self.domains)
        return self

    @property
    def fully_loaded(self) -> bool:
        """True once every domain is registered: a check for code that reads the whole table."""
        return len(self._loaded) == len({d.module for d in self.domains})

    def load_for(self, resource_path: str | None) -> None:
        """The domains serving ``resource_path`` (an API Gateway resource such as ``/org/units/{unit_id}``)."""
        segment = (resource_path or "").lstrip("/").split("/", 1)[0]
        wanted = [d for d in self.domains if segment in d.segments]
        self.load(wanted or self.domains)

    def __call__(self, event: Any, context: Any) -> Any:
        self.load_for(((event or {}).get("requestContext") or {}).get("resourcePath"))
        return super().__call__(event, context)

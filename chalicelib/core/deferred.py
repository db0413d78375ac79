"""The base of every response and query model: its validator is built on first use, not at import.

Building pydantic's validators and serializers for ~200 models took most of ``import app`` (3.7x
the bare stack): every cold start paid for all of them while a request uses two or three.
``defer_build`` moves that work to the first ``model_validate``/``model_dump``/JSON-schema call of
each model. Request models get the same setting through :class:`chalicelib.core.schema.Strict`.
"""

from __future__ import annotations

import pydantic
from pydantic import ConfigDict


class BaseModel(pydantic.BaseModel):
    """``pydantic.BaseModel`` with ``defer_build=True`` (subclasses' own ``model_config`` merges in)."""

    model_config = ConfigDict(defer_build=True)

"""The bases of every request model: strict fields, merge-patches, and numbers a store can hold.

* :class:`Strict` — unknown fields are errors, strings are trimmed, no NaN/Infinity. Request
  bodies are parsed in pydantic's strict JSON mode (``core.api``): no bool→number, float→int or
  string→number coercion.
* :class:`Patch` — a JSON merge-patch (RFC 7396 style): a field not sent keeps its stored value;
  ``null`` clears a field only where the model names it in ``CLEARABLE`` — everywhere else
  ``null`` is refused with 400 naming the field, so an update can never store what a read cannot
  load. The OpenAPI schema says the same: non-clearable fields are not nullable.
* :data:`Number` and friends — DynamoDB numbers hold 38 significant digits between 1E-130 and
  9.9E+125; business values are far inside. Every number a client sends is bounded here, and
  rounded to 9 decimal places so a 1e-200 does not underflow the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, TypeVar, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic.json_schema import GetJsonSchemaHandler, JsonSchemaValue
from pydantic_core import core_schema

from chalicelib.core.errors import Invalid, validation_details

# A measured value, target or threshold: money in yuan, counts, percentages (±1e15 is a
# quadrillion — a thousand times any finance company's yearly volume).
NUMBER_LIMIT = 1e15


def _round(value: float) -> float:
    return round(value, 9) + 0.0  # + 0.0 turns -0.0 into 0.0


Number = Annotated[float, Field(ge=-NUMBER_LIMIT, le=NUMBER_LIMIT), AfterValidator(_round)]
# A non-negative value (a share, a score, a count measured in floats).
Amount = Annotated[float, Field(ge=0, le=NUMBER_LIMIT), AfterValidator(_round)]
# The version a client read; optimistic concurrency (409 when stale).
Version = Annotated[int, Field(ge=1, le=2**31 - 1, description="the version you read (409 when stale)")]


class Strict(BaseModel):
    """Unknown fields are errors: a typo in a field name must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False, defer_build=True)


class Patch(Strict):
    """A merge-patch. Send only what changes; ``null`` clears only the fields in ``CLEARABLE``."""

    CLEARABLE: ClassVar[frozenset[str]] = frozenset()

    def changes(self) -> dict[str, Any]:
        """The fields the client sent (``version`` excluded), as plain values."""
        return self.model_dump(exclude_unset=True, exclude={"version"})

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        target = handler.resolve_ref_schema(json_schema)
        for name, prop in (target.get("properties") or {}).items():
            if name not in cls.CLEARABLE:
                _not_nullable(prop)
        return json_schema


def refused_nulls(model: type[BaseModel], data: Any, where: str = "") -> list[str]:
    """The fields of a JSON body that send ``null`` where ``model`` (or a nested patch) refuses it.

    Checked on the parsed JSON before validation, not by a pydantic "before" validator: such a
    validator would hand its field to the strict parser as a Python value, and a JSON date or enum
    string would then be refused.
    """
    if not isinstance(data, dict):
        return []
    refused = []
    for name, value in data.items():
        field = model.model_fields.get(name)
        if field is None:
            continue
        path = f"{where}{name}"
        if value is None:
            if issubclass(model, Patch) and name not in model.CLEARABLE:
                refused.append(path)
            continue
        for nested in _models_in(field.annotation):
            items = value if isinstance(value, list) else [value]
            for index, item in enumerate(items):
                prefix = f"{path}.{index}." if isinstance(value, list) else f"{path}."
                refused += refused_nulls(nested, item, prefix)
    return refused


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


def _not_nullable(prop: dict[str, Any]) -> None:
    if prop.get("default", ...) is None:
        del prop["default"]
    options = prop.get("anyOf")
    if not options:
        return
    kept = [o for o in options if o.get("type") != "null"]
    if len(kept) == 1:
        del prop["anyOf"]
        prop.update(kept[0])
    else:
        prop["anyOf"] = kept


E = TypeVar("E", bound=BaseModel)


def merged(before: E, changes: Mapping[str, Any], **extra: Any) -> E:
    """``before`` with ``changes`` applied, validated as a whole (400 naming the field otherwise).

    ``model_copy(update=...)`` skips validation; an update must never produce an entity that a
    later read cannot load.
    """
    try:
        return type(before).model_validate({**before.model_dump(), **changes, **extra})
    except ValidationError as exc:
        raise invalid_input(exc) from None


def invalid_input(exc: ValidationError) -> Invalid:
    """A pydantic validation error as a 400 naming each bad field, each with a catalog code."""
    details = validation_details(exc)
    return Invalid("input.invalid_fields", details, count=len(details))

"""Built-in industry indicator library, shipped as JSON next to this module (deployed with the Lambda).

Each ``<industry>.json`` file holds ``{"industry", "name", "templates": [...]}``; the finance industry
comes first. A template is a plain dict:

``code``
    stable identifier, e.g. ``"SALES_CONVERSION_RATE"``; unique across the whole library.
``industry``
    added by the loader from the file it came from, e.g. ``"finance"``.
``category``
    one of :data:`CATEGORIES`.
``name``, ``definition``
    ``{"zh-CN": ..., "en": ...}``.
``formula``, ``measures``
    a :mod:`chalicelib.indicators.formula` expression over the ``key`` of each measure in
    ``measures`` (``[{"key", "name": {"zh-CN", "en"}, "unit"}]``); the formula uses every measure.
``unit``
    one of :data:`UNITS`. **Convention: a formula yields the value already in the indicator's unit.**
    Percent indicators multiply by 100 (``converted_customers / qualified_leads * 100`` gives ``8`` for
    8 %), ``ratio`` indicators are plain ratios (``0.35``), ``cny_10k`` values are in units of
    CNY 10,000 (万元).
``direction``
    one of :data:`DIRECTIONS`.
``suggested_data_source``
    ``{"unit": {"zh-CN", "en"}, "system": {"zh-CN", "en"}}``: the department that owns the figures
    and the system they come from.
``frequency``
    one of :data:`FREQUENCIES`.
``suggested_target``
    a realistic target for a ~200-person internet-finance company, in the indicator's unit.
``suggested_threshold``
    the worst acceptable value: a minimum for ``higher_is_better``, a maximum for
    ``lower_is_better``; ``None`` for ``target_band``, whose acceptable range is
    ``suggested_band`` ``{"low", "high"}`` (``low <= suggested_target <= high``).

Callers get deep copies, so they may change what they receive without touching the cache.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

CATEGORIES: tuple[str, ...] = ("sales", "operations", "technology", "risk", "hr", "finance")
CATEGORY_NAMES: dict[str, dict[str, str]] = {
    "sales": {"zh-CN": "销售", "en": "Sales"},
    "operations": {"zh-CN": "运营", "en": "Operations"},
    "technology": {"zh-CN": "技术", "en": "Technology"},
    "risk": {"zh-CN": "风险控制", "en": "Risk control"},
    "hr": {"zh-CN": "人力资源", "en": "Human resources"},
    "finance": {"zh-CN": "财务", "en": "Finance"},
}
UNITS: tuple[str, ...] = (
    "percent",
    "count",
    "cny",
    "cny_10k",
    "days",
    "hours",
    "minutes",
    "ratio",
    "score",
)
DIRECTIONS: tuple[str, ...] = ("higher_is_better", "lower_is_better", "target_band")
FREQUENCIES: tuple[str, ...] = ("monthly", "quarterly", "yearly")
# Industry files in display order; any other *.json in this folder follows alphabetically.
_INDUSTRY_ORDER: tuple[str, ...] = ("finance",)

_HERE = Path(__file__).parent


def load_library() -> list[dict[str, Any]]:
    """Every template of every industry, finance first, in file order."""
    return copy.deepcopy(list(_templates()))


def get_template(code: str) -> dict[str, Any] | None:
    """The template with this ``code``, or ``None``."""
    template = _by_code().get(code)
    return copy.deepcopy(template) if template is not None else None


def categories() -> list[str]:
    """Categories in display order (those used by at least one template)."""
    used = {template["category"] for template in _templates()}
    return [category for category in CATEGORIES if category in used]


def _industry_files() -> list[Path]:
    def order(path: Path) -> tuple[int, str]:
        stem = path.stem
        rank = _INDUSTRY_ORDER.index(stem) if stem in _INDUSTRY_ORDER else len(_INDUSTRY_ORDER)
        return rank, stem

    return sorted(_HERE.glob("*.json"), key=order)


@lru_cache(maxsize=1)
def _templates() -> tuple[dict[str, Any], ...]:
    templates: list[dict[str, Any]] = []
    for path in _industry_files():
        document = json.loads(path.read_text(encoding="utf-8"))
        for template in document["templates"]:
            templates.append({**template, "industry": document["industry"]})
    return tuple(templates)


@lru_cache(maxsize=1)
def _by_code() -> dict[str, dict[str, Any]]:
    return {template["code"]: template for template in _templates()}

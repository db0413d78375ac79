"""Every text the API shows a person, as a code with a zh-CN and an English template.

Services never write a sentence: they name a code from the catalog and pass its parameters
(``NotFound("person.not_found")``, ``Invalid.field("deadline", "task.deadline_past")``,
``Conflict("cycle.stage_wrong", stage=cycle.stage)``); the text is rendered when the response is
written, in the caller's language (``Accept-Language``; zh-CN when absent or unknown).

A template is ``str.format`` text. Parameter values are rendered in the same language: a
:class:`Text` (a code with its own parameters, e.g. a state's name) is rendered from the catalog, a
list is joined with "、" (zh-CN) or ", " (en), anything else is ``str()``-ed.

Texts that are stored (compliance findings, notifications, forecasts) keep both languages as
``{"zh-CN": ..., "en": ...}`` (:meth:`Text.both`), so switching the app's language needs no reload.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from chalicelib.core.messages import (
    attendance,
    collab,
    common,
    employment,
    indicators,
    org,
    payroll,
    people,
    reminders,
    reviews,
    tenancy,
    validation,
)

Lang = Literal["zh-CN", "en"]
LANGS: tuple[Lang, ...] = ("zh-CN", "en")
DEFAULT_LANG: Lang = "zh-CN"


def _merge(*parts: Mapping[str, tuple[str, str]]) -> dict[str, dict[Lang, str]]:
    catalog: dict[str, dict[Lang, str]] = {}
    for part in parts:
        for code, (zh, en) in part.items():
            if code in catalog:
                raise ValueError(f"message code {code!r} is defined twice")
            catalog[code] = {"zh-CN": zh, "en": en}
    return catalog


CATALOG: dict[str, dict[Lang, str]] = _merge(
    common.MESSAGES,
    validation.MESSAGES,
    org.MESSAGES,
    collab.MESSAGES,
    indicators.MESSAGES,
    reviews.MESSAGES,
    tenancy.MESSAGES,
    reminders.MESSAGES,
    payroll.MESSAGES,
    attendance.MESSAGES,
    employment.MESSAGES,
    people.MESSAGES,
)

_SEPARATOR: dict[Lang, str] = {"zh-CN": "、", "en": ", "}


@dataclass(frozen=True)
class Text:
    """A catalog code and its parameters: a message not yet rendered in a language."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: Lang = DEFAULT_LANG) -> str:
        return render(self.code, lang, **self.params)

    def both(self) -> dict[str, str]:
        """``{"zh-CN": ..., "en": ...}``: how stored texts keep their message."""
        return {lang: self.render(lang) for lang in LANGS}

    def __str__(self) -> str:  # logs, and pydantic's own ``msg``
        return self.render("en")

    @staticmethod
    def stored(code: str, both: Mapping[str, str]) -> Text:
        """A text kept in both languages (a stored finding): shown as it was stored."""
        return _Stored(code, {}, dict(both))


@dataclass(frozen=True)
class _Stored(Text):
    texts: Mapping[str, str] = field(default_factory=dict)

    def render(self, lang: Lang = DEFAULT_LANG) -> str:
        return self.texts.get(lang) or self.texts.get(DEFAULT_LANG) or self.code


def text(code: str, /, **params: Any) -> Text:
    return Text(code, params)


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"  # a template never fails to render: the gap shows, the tests catch it


def render(code: str, lang: Lang = DEFAULT_LANG, /, **params: Any) -> str:
    """The code's template in ``lang`` filled with ``params``; an unknown code renders as itself."""
    entry = CATALOG.get(code)
    if entry is None:
        return code
    values = _Params({name: _value(value, lang) for name, value in params.items()})
    return string.Formatter().vformat(entry[lang], (), values)


def _value(value: Any, lang: Lang) -> str:
    if isinstance(value, Text):
        return value.render(lang)
    if isinstance(value, list | tuple | set | frozenset):
        return _SEPARATOR[lang].join(_value(v, lang) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def template_params(code: str) -> dict[Lang, set[str]]:
    """The parameter names each language's template uses (for the catalog's own tests)."""
    return {lang: {name for _, name, _, _ in string.Formatter().parse(CATALOG[code][lang]) if name} for lang in LANGS}


_RANGE = re.compile(r"^\s*([A-Za-z]{1,8}|\*)(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([0-9.]+)\s*)?$")


def language(accept_language: str | None) -> Lang:
    """The language to answer in, from an ``Accept-Language`` header (RFC 9110 q-values).

    ``zh``, ``zh-CN``, ``zh-Hans`` … → zh-CN; ``en``, ``en-US`` … → en; ``*`` or nothing we speak →
    zh-CN. Among several, the highest q wins (ties: the first listed); ``q=0`` means "not this".
    """
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        match = _RANGE.match(part)
        if not match:
            continue
        try:
            q = float(match.group(2)) if match.group(2) is not None else 1.0
        except ValueError:
            continue
        if q > 0:
            ranked.append((-q, position, match.group(1).lower()))
    for _, _, primary in sorted(ranked):
        if primary in ("zh", "*"):
            return "zh-CN"
        if primary == "en":
            return "en"
    return DEFAULT_LANG

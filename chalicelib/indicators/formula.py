"""Safe KPI formulas over named measures, e.g. ``(revenue - cost) / revenue * 100``.

Formulas are parsed with :mod:`ast` and compiled into a tiny tree of our own node types; nothing is
ever passed to ``eval``/``exec``. The grammar is a strict whitelist:

* numbers (``12``, ``0.5``), measure names (``[a-z][a-z0-9_]*``), parentheses;
* binary ``+ - * /`` and unary ``-``/``+``;
* the functions ``min(a, b, ...)``, ``max(a, b, ...)`` and ``abs(a)``.

Everything else (attribute access, other calls, ``**``, ``//``, ``%``, comparisons, strings, lambdas,
subscripts, ...) is rejected with a :class:`FormulaError`. Evaluation uses :class:`decimal.Decimal`
(28 significant digits, like the default context) so ``0.1 + 0.2`` is ``0.3``; floats are converted
through ``str`` so that ``0.1`` means the decimal 0.1, not its binary neighbour.

Messages are bilingual (``"中文 / English"``) because they are shown to HR users (zh-CN first) and
read in logs by engineers.
"""

from __future__ import annotations

import ast
import decimal
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from chalicelib.core.messages import Text
from chalicelib.core.messages import text as msg  # ``text`` is the formula's source throughout this module

MAX_LENGTH = 500
# Nesting depth of parentheses, unary operators and calls. A long flat chain such as
# ``a + b + c + ...`` does not count as deep: the 500-character cap already bounds it.
MAX_DEPTH = 20
FUNCTIONS = frozenset({"min", "max", "abs"})
MEASURE_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")

# Chinese input methods easily produce full-width operators; accept them as their ASCII twins.
# One character maps to one character, so error positions still point into the original text.
_FULL_WIDTH = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "＋": "+",
        "－": "-",
        "＊": "*",
        "×": "*",
        "／": "/",
        "÷": "/",
        "，": ",",
        "．": ".",
        "\t": " ",
        "\r": " ",
        "\n": " ",
        "\u3000": " ",
    }
)

_CONTEXT = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


class FormulaError(Exception):
    """A formula cannot be parsed or evaluated.

    ``text`` is the message (a catalog code, ``formula.*``, with its parameters); ``message_zh`` and
    ``message_en`` render it, ``message`` is the English one (logs).
    ``position`` is the 0-based character offset in the formula text when known, else ``None``.
    ``code`` is a stable machine-readable reason (``syntax``, ``unsupported``, ``too_long``,
    ``too_deep``, ``invalid_name``, ``empty``, ``missing_value``, ``invalid_value``,
    ``division_by_zero``, ``overflow``).
    """

    def __init__(self, message: Text, *, code: str, position: int | None = None) -> None:
        self.text = message
        self.code = code
        self.position = position
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.text.render("en")

    @property
    def message_zh(self) -> str:
        return self.text.render("zh-CN")

    @property
    def message_en(self) -> str:
        return self.text.render("en")


# --- compiled tree -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Num:
    value: Decimal


@dataclass(frozen=True)
class _Ref:
    name: str


@dataclass(frozen=True)
class _Unary:
    op: str  # "-" or "+"
    operand: _Node


@dataclass(frozen=True)
class _Bin:
    op: str  # one of + - * /
    left: _Node
    right: _Node
    right_text: str  # source of the right operand, to name a zero divisor


@dataclass(frozen=True)
class _Call:
    func: str
    args: tuple[_Node, ...]


_Node = _Num | _Ref | _Unary | _Bin | _Call


@dataclass(frozen=True)
class Formula:
    """A parsed formula. Immutable and hashable; build it with :func:`parse`."""

    text: str
    measures: frozenset[str]
    _tree: _Node = field(repr=False, compare=False)

    def __str__(self) -> str:
        return self.text


# --- parsing -------------------------------------------------------------------------------------

_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
# What the formula does not support, by catalog code ``formula.construct.<name>``.
_UNSUPPORTED_OPS = {
    ast.Pow: "pow",
    ast.FloorDiv: "floor_div",
    ast.Mod: "mod",
    ast.MatMult: "mat_mult",
    ast.LShift: "left_shift",
    ast.RShift: "right_shift",
    ast.BitAnd: "bit_and",
    ast.BitOr: "bit_or",
    ast.BitXor: "bit_xor",
}
_UNSUPPORTED_NODES = {
    ast.Attribute: "attribute",
    ast.Compare: "compare",
    ast.BoolOp: "bool_op",
    ast.IfExp: "if_exp",
    ast.Lambda: "lambda",
    ast.Subscript: "subscript",
    ast.List: "list",
    ast.Tuple: "tuple",
    ast.Dict: "dict",
    ast.Set: "set",
    ast.JoinedStr: "string",
    ast.NamedExpr: "named_expr",
    ast.Starred: "starred",
}


def parse(text: str) -> Formula:
    """Parse ``text`` into a :class:`Formula`; raise :class:`FormulaError` if it is not allowed."""
    if not isinstance(text, str):
        raise FormulaError(msg("formula.not_text"), code="syntax")
    return _parse_cached(text)


@lru_cache(maxsize=1024)
def _parse_cached(text: str) -> Formula:
    if len(text) > MAX_LENGTH:
        raise FormulaError(msg("formula.too_long", length=len(text), limit=MAX_LENGTH), code="too_long")
    source = text.translate(_FULL_WIDTH)
    stripped = source.lstrip(" ")
    lead = len(source) - len(stripped)
    if not stripped.strip():
        raise FormulaError(msg("formula.empty"), code="empty")
    _check_paren_depth(source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "'int' object is not callable" SyntaxWarning
            tree = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        position = lead + exc.offset - 1 if exc.offset else None
        message = msg("formula.syntax") if position is None else msg("formula.syntax_at", character=position + 1)
        raise FormulaError(message, code="syntax", position=position) from None
    except (ValueError, OverflowError, RecursionError, MemoryError):  # null bytes, pathological nesting
        raise FormulaError(msg("formula.unparsable"), code="syntax") from None
    builder = _Builder(stripped, lead)
    node = builder.build(tree.body, 0)
    return Formula(text=text, measures=frozenset(builder.names), _tree=node)


def _check_paren_depth(source: str) -> None:
    depth = 0
    for index, char in enumerate(source):
        if char in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(index)
        elif char in ")]}":
            depth -= 1


def _too_deep(position: int | None) -> FormulaError:
    return FormulaError(msg("formula.too_deep", limit=MAX_DEPTH), code="too_deep", position=position)


class _Builder:
    """Turns a Python expression AST into our node tree, rejecting anything off the whitelist."""

    def __init__(self, source: str, lead: int) -> None:
        self.source = source
        self.lead = lead
        self.names: set[str] = set()

    def position(self, node: ast.AST) -> int | None:
        offset = getattr(node, "col_offset", None)
        return None if offset is None else self.lead + offset

    def unsupported(self, node: ast.AST, what: str, **params: Any) -> FormulaError:
        return FormulaError(
            msg("formula.unsupported", what=msg(f"formula.construct.{what}", **params)),
            code="unsupported",
            position=self.position(node),
        )

    def build(self, node: ast.expr, depth: int) -> _Node:
        if depth > MAX_DEPTH:
            raise _too_deep(self.position(node))
        if isinstance(node, ast.BinOp):
            return self.binop(node, depth)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub | ast.UAdd):
                op = "-" if isinstance(node.op, ast.USub) else "+"
                return _Unary(op, self.build(node.operand, depth + 1))
            raise self.unsupported(node, "not")
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        for kind, what in _UNSUPPORTED_NODES.items():
            if isinstance(node, kind):
                raise self.unsupported(node, what)
        raise self.unsupported(node, "other")

    def binop(self, node: ast.BinOp, depth: int) -> _Bin:
        op = _OPS.get(type(node.op))
        if op is None:
            raise self.unsupported(node, _UNSUPPORTED_OPS.get(type(node.op), "operator"))
        # The left spine of ``a + b + c`` is a chain, not nesting: keep its depth flat.
        left_depth = depth if isinstance(node.left, ast.BinOp) else depth + 1
        left = self.build(node.left, left_depth)
        right = self.build(node.right, depth + 1)
        right_text = ast.get_source_segment(self.source, node.right) or ast.unparse(node.right)
        return _Bin(op, left, right, right_text.strip())

    def constant(self, node: ast.Constant) -> _Num:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            if isinstance(value, str | bytes):
                raise self.unsupported(node, "string")
            raise self.unsupported(node, "constant", value=repr(value))
        number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        if not number.is_finite():
            raise self.unsupported(node, "out_of_range")
        return _Num(number)

    def name(self, node: ast.Name) -> _Ref:
        name = node.id
        if name in FUNCTIONS:
            raise FormulaError(
                msg("formula.function_as_measure", name=name), code="invalid_name", position=self.position(node)
            )
        if not MEASURE_NAME.match(name):
            raise FormulaError(
                msg("formula.invalid_measure_name", name=name), code="invalid_name", position=self.position(node)
            )
        self.names.add(name)
        return _Ref(name)

    def call(self, node: ast.Call, depth: int) -> _Call:
        func = node.func.id if isinstance(node.func, ast.Name) else None
        if func not in FUNCTIONS:
            label = func if func is not None else ast.unparse(node.func)
            raise FormulaError(
                msg("formula.function_not_allowed", name=label), code="unsupported", position=self.position(node)
            )
        if node.keywords:
            raise self.unsupported(node, "keywords")
        wanted_one = func == "abs"
        if (wanted_one and len(node.args) != 1) or (not wanted_one and len(node.args) < 2):
            code = "formula.function_takes_one" if wanted_one else "formula.function_takes_two"
            raise FormulaError(msg(code, name=func), code="syntax", position=self.position(node))
        args = tuple(self.build(arg, depth + 1) for arg in node.args)
        return _Call(func, args)


# --- validation ----------------------------------------------------------------------------------


def validate(text: str, defined_measures: Iterable[str]) -> list[Text]:
    """Return the problems with ``text`` (empty when the formula is usable).

    Reports a syntax or whitelist error alone (nothing else can be checked then); otherwise unknown
    measures (named), divisions by a constant zero such as ``x / 0`` or ``x / (1 - 1)``, and a
    formula that uses no measure at all.
    """
    try:
        formula = parse(text)
    except FormulaError as exc:
        return [exc.text]
    problems: list[Text] = []
    unknown = sorted(formula.measures - set(defined_measures))
    if unknown:
        problems.append(msg("formula.unknown_measures", names=unknown))
    for divisor in _constant_zero_divisors(formula._tree):
        problems.append(msg("formula.constant_zero_divisor", divisor=divisor))
    if not formula.measures:
        problems.append(msg("formula.no_measure"))
    return problems


def _constant_zero_divisors(node: _Node) -> list[str]:
    found: list[str] = []

    def fold(current: _Node) -> Decimal | None:
        """The constant value of ``current``, or ``None`` when it depends on a measure."""
        if isinstance(current, _Num):
            return current.value
        if isinstance(current, _Ref):
            return None
        if isinstance(current, _Unary):
            value = fold(current.operand)
            return None if value is None else _CONTEXT.minus(value) if current.op == "-" else value
        if isinstance(current, _Bin):
            left, right = fold(current.left), fold(current.right)
            if current.op == "/" and right is not None and right.is_zero():
                found.append(current.right_text)
                return None
            if left is None or right is None:
                return None
            return _apply_safely(current.op, left, right)
        values = [fold(arg) for arg in current.args]
        if any(value is None for value in values):
            return None
        return _call(current.func, values)  # type: ignore[arg-type]

    fold(node)
    return found


def _apply_safely(op: str, left: Decimal, right: Decimal) -> Decimal | None:
    try:
        return _apply(op, left, right)
    except decimal.DecimalException:
        return None


# --- evaluation ----------------------------------------------------------------------------------

Number = Decimal | float | int


def evaluate(formula: Formula | str, values: Mapping[str, Number]) -> Decimal:
    """Compute ``formula`` with ``values`` for its measures, in Decimal arithmetic.

    Raises :class:`FormulaError` when a measure has no value (``None`` counts as missing), a value is
    not a finite number, or a division by zero happens; the zero measure is named when the divisor
    is a single measure, otherwise the divisor's text and its zero-valued measures are.
    """
    parsed = parse(formula) if isinstance(formula, str) else formula
    missing = sorted(name for name in parsed.measures if values.get(name) is None)
    if missing:
        raise FormulaError(msg("formula.missing_values", names=missing), code="missing_value")
    numbers = {name: _to_decimal(name, values[name]) for name in parsed.measures}
    try:
        return _eval(parsed._tree, numbers)
    except decimal.Overflow:
        raise FormulaError(msg("formula.out_of_range"), code="overflow") from None
    except decimal.DecimalException:
        raise FormulaError(msg("formula.cannot_compute"), code="overflow") from None


def _to_decimal(name: str, value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        raise FormulaError(msg("formula.value_not_number", name=name), code="invalid_value")
    number = value if isinstance(value, Decimal) else Decimal(value if isinstance(value, int) else repr(value))
    if not number.is_finite():
        raise FormulaError(msg("formula.value_not_finite", name=name), code="invalid_value")
    return number


def _eval(node: _Node, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, _Num):
        return node.value
    if isinstance(node, _Ref):
        return values[node.name]
    if isinstance(node, _Unary):
        operand = _eval(node.operand, values)
        return _CONTEXT.minus(operand) if node.op == "-" else _CONTEXT.plus(operand)
    if isinstance(node, _Bin):
        left = _eval(node.left, values)
        right = _eval(node.right, values)
        if node.op == "/" and right.is_zero():
            raise _division_by_zero(node, values)
        return _apply(node.op, left, right)
    return _call(node.func, [_eval(arg, values) for arg in node.args])


def _apply(op: str, left: Decimal, right: Decimal) -> Decimal:
    if op == "+":
        return _CONTEXT.add(left, right)
    if op == "-":
        return _CONTEXT.subtract(left, right)
    if op == "*":
        return _CONTEXT.multiply(left, right)
    return _CONTEXT.divide(left, right)


def _call(func: str, args: list[Decimal]) -> Decimal:
    if func == "abs":
        return _CONTEXT.abs(args[0])
    # Decimal.min/max would treat NaN specially; our values are always finite, so plain min/max do.
    return min(args) if func == "min" else max(args)


def _division_by_zero(node: _Bin, values: Mapping[str, Decimal]) -> FormulaError:
    if isinstance(node.right, _Ref):
        name = node.right.name
        return FormulaError(msg("formula.zero_measure_divisor", name=name), code="division_by_zero")
    zeros = sorted({ref for ref in _refs(node.right) if values[ref].is_zero()})
    if zeros:
        return FormulaError(
            msg("formula.zero_divisor_of", divisor=node.right_text, names=zeros), code="division_by_zero"
        )
    return FormulaError(msg("formula.zero_divisor", divisor=node.right_text), code="division_by_zero")


def _refs(node: _Node) -> Iterable[str]:
    if isinstance(node, _Ref):
        yield node.name
    elif isinstance(node, _Unary):
        yield from _refs(node.operand)
    elif isinstance(node, _Bin):
        yield from _refs(node.left)
        yield from _refs(node.right)
    elif isinstance(node, _Call):
        for arg in node.args:
            yield from _refs(arg)

"""The message catalog: every text the API shows a person, in zh-CN and English, by code.

Two guards keep it whole: the catalog itself (both languages, same parameters, no English in the
Chinese), and an AST walk over chalicelib/ that fails when a domain error, a detail, a validator's
error or a stored text is given a literal that is not a catalog code, or parameters its template
does not use.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError, field_validator

from chalicelib.core.errors import (
    Conflict,
    Detail,
    DomainError,
    Invalid,
    NotFound,
    input_error,
    validation_details,
)
from chalicelib.core.messages import CATALOG, LANGS, language, render, template_params, text

ROOT = Path(__file__).resolve().parents[2]
CHALICELIB = ROOT / "chalicelib"

# Latin words a Chinese HR user reads as they are: acronyms, file types, product names, units.
ALLOWED_IN_ZH = {
    "KPI", "ID", "HR", "URL", "CSV", "PDF", "JSON", "Office", "PNG", "JPEG", "ZIP", "MB", "Excel", "xlsx", "csv",
    "https", "base64", "UTF", "GB18030", "GBK", "min", "max", "abs", "A", "R",
    "X",  # the check character of a resident ID number (身份证号末位 X)
}
# Latin runs inside a template that are not words of prose: parameters and code-ish literals.
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


# ---- the catalog itself -------------------------------------------------------------------------

@pytest.mark.parametrize("code", sorted(CATALOG))
def test_every_code_reads_in_both_languages_with_the_same_parameters(code: str) -> None:
    # Given a catalog entry, Then both templates say something and use the same parameters
    entry = CATALOG[code]
    assert all(entry[lang].strip() for lang in LANGS), code
    params = template_params(code)
    assert params["zh-CN"] == params["en"], f"{code}: {params}"


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_the_chinese_text_has_no_english_words(code: str) -> None:
    # Given a zh-CN template without its {parameters}, Then every Latin word is an allowed token
    zh = _PLACEHOLDER.sub("", CATALOG[code]["zh-CN"])
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9_]*", zh))
    assert words <= ALLOWED_IN_ZH, f"{code}: {sorted(words - ALLOWED_IN_ZH)} in {zh!r}"
    assert "您" not in zh, f"{code}: we say 你"


def test_codes_are_dotted_lowercase_names() -> None:
    bad = [c for c in CATALOG if not re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", c)]
    assert not bad


# ---- rendering ----------------------------------------------------------------------------------

def test_a_text_renders_its_parameters_in_the_same_language() -> None:
    # Given a message whose parameter is itself a message, and a list parameter
    message = text("member.grant_refused", roles=[text("role.name.hr"), text("role.name.admin")])
    # Then each language renders the nested names and joins the list its own way
    assert message.render("zh-CN") == "你不能授予这些角色：人力资源、管理员"
    assert message.render("en") == "you may not grant: HR, admin"
    assert message.both() == {"zh-CN": message.render("zh-CN"), "en": message.render("en")}


def test_a_missing_parameter_shows_as_a_gap_instead_of_failing_the_response() -> None:
    assert render("task.illegal_transition", "en", before="open") == "a open task cannot become {after}"


def test_an_unknown_code_renders_as_itself() -> None:
    assert render("no.such.code", "zh-CN") == "no.such.code"


@pytest.mark.parametrize(("header", "expected"), [
    (None, "zh-CN"),
    ("", "zh-CN"),
    ("en", "en"),
    ("en-US", "en"),
    ("EN-gb", "en"),
    ("zh-CN", "zh-CN"),
    ("zh-Hans-CN", "zh-CN"),
    ("zh-TW", "zh-CN"),
    ("fr-FR", "zh-CN"),
    ("*", "zh-CN"),
    ("fr-FR, en;q=0.5", "en"),
    ("en-US,en;q=0.9,zh-CN;q=0.8", "en"),
    ("zh-CN;q=0.5, en;q=0.8", "en"),
    ("en;q=0, zh", "zh-CN"),
    ("en;q=0", "zh-CN"),
    ("de;q=0.9, en;q=0.8, zh;q=0.8", "en"),
    ("garbage;;q=x, en", "en"),
])
def test_the_answer_language_follows_accept_language_q_values(header: str | None, expected: str) -> None:
    assert language(header) == expected


# ---- errors -------------------------------------------------------------------------------------

def test_a_field_error_and_its_detail_say_the_same_in_the_callers_language() -> None:
    # Given a coded field error
    error = Invalid.field("deadline", "task.deadline_past")
    # When its body is written for a Chinese and for an English caller
    zh, en = error.body("zh-CN")["error"], error.body("en")["error"]
    # Then the class code stays, and the message and the detail are in each language
    assert zh["code"] == en["code"] == "invalid"
    assert zh["message"] == "截止日期不能早于今天" and en["message"] == "the deadline is in the past"
    assert zh["details"] == [{"field": "deadline", "code": "task.deadline_past", "message": "截止日期不能早于今天"}]


def test_a_detail_may_carry_machine_readable_extras() -> None:
    error = Conflict("goal.open_sub_goals", [Detail("children[0]", "goal.open_sub_goal", title="增收",
                                                    extra={"goal_id": "g1"})])
    assert error.body("en")["error"]["details"] == [
        {"field": "children[0]", "code": "goal.open_sub_goal", "message": "open sub-goal 增收", "goal_id": "g1"}]


def test_the_english_message_is_kept_for_logs() -> None:
    assert NotFound("thread.not_found").message == "no such thread"


class _Sample(BaseModel):
    title: str
    size: int
    kind: str

    @field_validator("kind")
    @classmethod
    def _known(cls, value: str) -> str:
        if value != "pdf":
            raise input_error("document.type_not_allowed")
        return value


def test_pydantic_errors_become_coded_details_with_their_limits() -> None:
    # Given a body with an empty title, a fractional size and a custom validator's error
    with pytest.raises(ValidationError) as caught:
        _Sample.model_validate({"title": 5, "size": 1.5, "kind": "exe"})
    # When it is turned into details
    details = {d.field: d for d in validation_details(caught.value)}
    # Then each names the field, a catalog code and a message without pydantic's English
    assert details["title"].text.code == "input.string_type"
    assert details["size"].text.code == "input.int_from_float"
    assert details["kind"].render("zh-CN")["message"].startswith("不支持此文件类型")


# ---- every raise site uses the catalog ----------------------------------------------------------

def _error_classes(cls: type) -> set[str]:
    return {cls.__name__}.union(*(_error_classes(sub) for sub in cls.__subclasses__()))


ERRORS = _error_classes(DomainError)  # Invalid, NotFound, Conflict, ... and any class added later
# callable name -> index of the argument that is a message code
CODE_ARGUMENT = {**{name: 0 for name in ERRORS}, "Detail": 1, "input_error": 0, "text": 0, "msg": 0, "field": 1,
                 "bad": 1, "errors.add": 2}  # the last two: the row checks of the two file imports
NOT_PARAMS = {"extra"}


def _call_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name) and func.id in CODE_ARGUMENT:
        return func.id
    if isinstance(func, ast.Attribute) and func.attr == "field" and isinstance(func.value, ast.Name) \
            and func.value.id in ERRORS:
        return "field"
    if isinstance(func, ast.Attribute) and func.attr == "add" and isinstance(func.value, ast.Name) \
            and func.value.id == "errors":
        return "errors.add"
    return None


def _problems(node: ast.expr, call: ast.Call) -> list[str]:
    """What is wrong with a code argument: a literal must be a catalog code, an f-string a family of them."""
    if isinstance(node, ast.IfExp):
        return _problems(node.body, call) + _problems(node.orelse, call)
    if isinstance(node, ast.Constant):
        if not isinstance(node.value, str) or node.value not in CATALOG:
            return [f"{node.value!r} is not a catalog code"]
        return _param_problems(node.value, call)
    if isinstance(node, ast.JoinedStr):
        head = node.values[0]
        prefix = head.value if isinstance(head, ast.Constant) and isinstance(head.value, str) else ""
        if not prefix.endswith(".") or not any(code.startswith(prefix) for code in CATALOG):
            return [f"f-string {ast.unparse(node)!r} names no family of catalog codes"]
        return []
    return []  # a variable: a Text or a code computed elsewhere (their own literals are checked there)


def _param_problems(code: str, call: ast.Call) -> list[str]:
    if any(k.arg is None for k in call.keywords):  # **params: checked where they are built
        return []
    given = {k.arg for k in call.keywords if k.arg not in NOT_PARAMS}
    wanted = template_params(code)["en"]
    return [] if given == wanted else [f"{code}: parameters {sorted(given)} but the template uses {sorted(wanted)}"]


def _sites() -> list[tuple[str, int, ast.Call, str]]:
    found = []
    for path in sorted(CHALICELIB.rglob("*.py")):
        if "messages" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (name := _call_name(node)) is not None:
                found.append((str(path.relative_to(ROOT)), node.lineno, node, name))
    return found


def test_every_domain_error_names_a_catalog_code_with_its_parameters() -> None:
    # Given every call that raises a domain error or builds a detail, a validator error or a text
    sites = _sites()
    assert len(sites) > 200  # the walk finds them
    problems = []
    for where, line, call, name in sites:
        index = CODE_ARGUMENT[name]
        if len(call.args) <= index:
            continue
        problems += [f"{where}:{line}: {p}" for p in _problems(call.args[index], call)]
    # Then each names a code from the catalog (so no sentence can be raised) with the right parameters
    assert not problems, "\n".join(problems)


def test_the_ast_guard_catches_an_english_sentence() -> None:
    # Given a raise site written the old way, Then the guard reports it
    call = ast.parse('Invalid.field("deadline", "the deadline is in the past")').body[0].value
    assert isinstance(call, ast.Call)
    assert _problems(call.args[1], call) == ["'the deadline is in the past' is not a catalog code"]
    fstring = ast.parse('NotFound(f"no such {kind}")').body[0].value
    assert isinstance(fstring, ast.Call)
    assert _problems(fstring.args[0], fstring)


def test_schema_validators_raise_coded_errors_not_value_errors() -> None:
    # Given every pydantic validator in chalicelib/
    found = []
    for path in sorted(CHALICELIB.rglob("*.py")):
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(fn, ast.FunctionDef):
                continue
            names = {ast.unparse(d.func if isinstance(d, ast.Call) else d) for d in fn.decorator_list}
            if not names & {"field_validator", "model_validator"}:
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Raise) and node.exc is not None:
                    raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                    if ast.unparse(raised) != "input_error":
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: raise {ast.unparse(node.exc)}")
    # Then each raises input_error(code): its text is pydantic's English otherwise
    assert not found, "\n".join(found)

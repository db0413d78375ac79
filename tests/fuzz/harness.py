"""Fuzzing /openapi.json in process: schemathesis generates, chalice.test.Client answers, checks judge.

schemathesis sends cases through its WSGI transport; :class:`ChaliceWsgi` turns each WSGI request
into a ``chalice.test.Client`` request (the local gateway runs the JWT authorizer, then the view),
so the same moto world the integration tests use serves the fuzzer, and no server or port is needed.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from chalicelib.core.authorizer import AUTH_CACHE_SECONDS, jwt_authorizer

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]

# Body fields that hold the id of another record, and which kind of record: real ids get the
# fuzzer past "no such unit" into the code behind it.
ID_FIELDS = {"parent_id": "unit_id", "new_parent_id": "unit_id", "head_person_id": "person_id",
             "manager_id": "person_id", "assignee_id": "person_id", "reviewee_id": "person_id",
             "parent_goal_id": "goal_id"}


class ChaliceWsgi:
    """A WSGI app in front of ``chalice.test.Client``, so schemathesis can call it in process."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        # The raw URI keeps percent-escapes (a "/" inside an id stays in its path segment), as API Gateway does.
        path = (environ.get("RAW_URI") or environ["PATH_INFO"]).split("?")[0]
        if environ.get("QUERY_STRING"):
            path += "?" + environ["QUERY_STRING"]
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        reply = self.client.http.request(environ["REQUEST_METHOD"], path, headers=headers, body=body)
        out: list[tuple[str, str]] = []
        for name, value in (reply.headers or {}).items():
            out.extend((name, str(v)) for v in (value if isinstance(value, list) else [value]))
        try:
            phrase = HTTPStatus(reply.status_code).phrase
        except ValueError:
            phrase = "Unknown"
        start_response(f"{reply.status_code} {phrase}", out)
        return [reply.body or b""]


@contextmanager
def cached_authorizer(seconds: float = AUTH_CACHE_SECONDS) -> Iterator[None]:
    """Cache the authorizer's answer per token, as API Gateway does in AWS (chalice local asks every time).

    Most of an in-process request's time is the authorizer's JWT check and membership reads; with the
    cache the fuzzer sends what a deployed API would have to answer, at a third of the cost.
    """
    original = jwt_authorizer.func
    answers: dict[str, tuple[float, Any]] = {}

    def func(auth_request: Any) -> Any:
        now = time.monotonic()
        hit = answers.get(auth_request.token)
        if hit is None or now - hit[0] > seconds:
            hit = answers[auth_request.token] = (now, original(auth_request))
        return hit[1]

    jwt_authorizer.func = func
    try:
        yield
    finally:
        jwt_authorizer.func = original


@dataclass
class Known:
    """A failure someone is fixing elsewhere: counted and listed, not failed on. Remove when fixed."""

    reason: str
    matches: Callable[[Any, Any, Failure | None], bool]


@dataclass
class Avoid:
    """A kind of input kept out of generation while its fix is made elsewhere: ``strip`` edits the case in
    place and says whether it changed anything (the report counts them). Remove when fixed."""

    reason: str
    strip: Callable[[Any], bool]


@dataclass
class Found:
    operation: str
    check: str
    status: int
    request: str
    detail: str


@dataclass
class Tally:
    role: str
    operations: int = 0
    sent: int = 0
    by_status: dict[int, int] = field(default_factory=dict)
    failures: dict[tuple[str, str, int], Found] = field(default_factory=dict)
    known: dict[str, int] = field(default_factory=dict)
    avoided: dict[str, int] = field(default_factory=dict)
    known_examples: dict[str, str] = field(default_factory=dict)  # reason -> the first request and answer

    def figures(self) -> dict[str, Any]:
        return {"role": self.role, "operations": self.operations, "examples_sent": self.sent,
                "statuses": dict(sorted(self.by_status.items())), "failures": len(self.failures),
                "known": self.known, "known_examples": self.known_examples, "avoided": self.avoided,
                "found": [f.__dict__ for f in self.failures.values()]}


def load_schema(doc: dict[str, Any], app: ChaliceWsgi) -> Any:
    config = schemathesis.Config()  # explicit: no schemathesis.toml discovery
    schema = schemathesis.openapi.from_dict(copy.deepcopy(doc), config=config)
    # We send the role's token ourselves; schemathesis must not invent (or negate) one.
    schema.config.generation.update(with_security_parameters=False)
    schema.app = app
    return schema


def request_line(case: Any, response: Any) -> str:
    sent = response.request
    body = sent.body if isinstance(sent.body, str | None) else sent.body.decode(errors="replace")
    path = "/" + sent.url.split("://", 1)[-1].split("/", 1)[-1]
    return f"{sent.method} {path}" + (f"  body={body[:400]}" if body else "")


def fuzz_operation(operation: Any, tally: Tally, *, token: str | None, ids: dict[str, list[str]], examples: int,
                   known: list[Known], extra_check: Callable[[Any, Any], str | None], seed: int | None = None,
                   avoid: Iterable[Avoid] = ()) -> None:
    """Send ``examples`` positive and ``examples`` negative cases; record failures without stopping.

    Half the positive cases get real ids (one of ``ids[name]`` for a path or query parameter or a body
    field of that name, or of the kind ``ID_FIELDS`` gives it).
    """
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    label = f"{operation.method.upper()} {operation.path}"

    @st.composite
    def with_real_ids(draw: Any, base: Any) -> Any:
        case = draw(base)
        if draw(st.booleans()):
            for name in list(case.path_parameters or {}):
                if name in ids:
                    case.path_parameters[name] = draw(st.sampled_from(ids[name]))
            for name in list(case.query or {}):
                if name in ids:
                    case.query[name] = draw(st.sampled_from(ids[name]))
            if isinstance(case.body, dict):
                for name in list(case.body):
                    source = ID_FIELDS.get(name, name)
                    if source in ids and isinstance(case.body[name], str):
                        case.body[name] = draw(st.sampled_from(ids[source]))
        return case

    raw = operation.definition.raw
    negatable = "requestBody" in raw or any(p.get("in") != "path" for p in raw.get("parameters", []))
    # Any string is a valid path parameter: with nothing else to break, negative generation finds nothing.
    modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE) if negatable else (GenerationMode.POSITIVE,)
    for mode in modes:
        base = operation.as_strategy(generation_mode=mode)
        strategy = with_real_ids(base) if mode is GenerationMode.POSITIVE else base

        @settings(max_examples=examples, derandomize=seed is None, database=None, deadline=None,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck), print_blob=False)
        @given(strategy)
        def run(case: Any) -> None:
            for rule in avoid:
                if rule.strip(case):
                    tally.avoided[rule.reason] = tally.avoided.get(rule.reason, 0) + 1
            response = case.call(headers=headers)
            tally.sent += 1
            tally.by_status[response.status_code] = tally.by_status.get(response.status_code, 0) + 1
            failures: list[tuple[str, Failure | None, str]] = []
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except FailureGroup as group:
                failures += [(type(f).__name__, f, f.title) for f in group.exceptions]
            problem = extra_check(operation, response)
            if problem:
                failures.append(("access", None, problem))
            for check, failure, title in failures:
                reason = next((k.reason for k in known if k.matches(case, response, failure)), None)
                if reason:
                    tally.known[reason] = tally.known.get(reason, 0) + 1
                    tally.known_examples.setdefault(
                        reason, f"{request_line(case, response)} -> {response.status_code} {response.text[:200]}")
                    continue
                key = (label, check, response.status_code)
                if key not in tally.failures:
                    detail = title + (f": {failure.message[:600]}" if failure is not None and failure.message else "")
                    tally.failures[key] = Found(label, check, response.status_code, request_line(case, response),
                                                detail + f"\n  answer: {response.text[:300]}")

        if seed is not None:
            run = hypothesis_seed(seed)(run)
        try:
            run()
        except Unsatisfiable:  # no negative case exists for this operation's inputs
            pass


def report(tallies: list[Tally]) -> str:
    lines = []
    for t in tallies:
        lines.append(f"{t.role:9} operations={t.operations} examples_sent={t.sent} failures={len(t.failures)} "
                     f"known={sum(t.known.values())} statuses={dict(sorted(t.by_status.items()))}")
        for reason, n in sorted(t.known.items()):
            lines.append(f"  known x{n}: {reason}\n    e.g. {t.known_examples.get(reason, '')}")
        for reason, n in sorted(t.avoided.items()):
            lines.append(f"  avoided x{n}: {reason}")
        for f in t.failures.values():
            lines.append(f"  FAIL {f.operation} [{f.check}] -> {f.status}\n    {f.request}\n    {f.detail}")
    return "\n".join(lines)


def dump(path: Any, tallies: list[Tally], seconds: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"seconds": round(seconds, 1), "roles": [t.figures() for t in tallies]},
                               ensure_ascii=False, indent=1))

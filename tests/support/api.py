"""A thin JSON client over ``chalice.test.Client`` that carries a bearer token."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode


@dataclass
class Reply:
    status: int
    body: Any
    raw: str

    @property
    def error_fields(self) -> list[str]:
        return [d["field"] for d in (self.body or {}).get("error", {}).get("details", [])]


class Api:
    def __init__(self, client: Any, token: str | None = None) -> None:
        self.client = client
        self.token = token

    def as_(self, token: str | None) -> Api:
        return Api(self.client, token)

    def request(self, method: str, path: str, body: Any = None, params: dict[str, Any] | None = None,
                headers: dict[str, str] | None = None) -> Reply:
        if params:
            path = f"{path}?{urlencode(params)}"
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        payload = body if isinstance(body, str | bytes) else (json.dumps(body) if body is not None else None)
        response = self.client.http.request(method, path, headers=all_headers, body=payload)
        raw = response.body.decode() if isinstance(response.body, bytes) else (response.body or "")
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return Reply(response.status_code, parsed, raw)

    def get(self, path: str, **params: Any) -> Reply:
        return self.request("GET", path, params=params or None)

    def pages(self, path: str, key: str = "items", **params: Any) -> list[Reply]:
        """Every page of a paged list, following ``next_cursor``; each page must answer 200."""
        replies: list[Reply] = []
        cursor = None
        while True:
            reply = self.get(path, **params, **({"cursor": cursor} if cursor else {}))
            assert reply.status == 200, (path, reply.status, reply.body)
            assert isinstance(reply.body.get(key), list), reply.body
            replies.append(reply)
            cursor = reply.body.get("next_cursor")
            if not cursor:
                return replies
            assert len(replies) < 1000, f"{path}: more than 1000 pages"

    def items(self, path: str, key: str = "items", **params: Any) -> list[Any]:
        """Every item of a paged list (all its pages, in order)."""
        return [item for page in self.pages(path, key, **params) for item in page.body[key]]

    def post(self, path: str, body: Any = None) -> Reply:
        return self.request("POST", path, body if body is not None else {})

    def patch(self, path: str, body: Any) -> Reply:
        return self.request("PATCH", path, body)

    def put(self, path: str, body: Any) -> Reply:
        return self.request("PUT", path, body)

    def delete(self, path: str, body: Any = None) -> Reply:
        return self.request("DELETE", path, body)

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

    def post(self, path: str, body: Any = None) -> Reply:
        return self.request("POST", path, body if body is not None else {})

    def patch(self, path: str, body: Any) -> Reply:
        return self.request("PATCH", path, body)

    def put(self, path: str, body: Any) -> Reply:
        return self.request("PUT", path, body)

    def delete(self, path: str, body: Any = None) -> Reply:
        return self.request("DELETE", path, body)

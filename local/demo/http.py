"""A small JSON client for seeding through the real HTTP API, with real Cognito (moto) tokens."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from local.aws import client


class ApiError(RuntimeError):
    def __init__(self, method: str, path: str, status: int, body: Any) -> None:
        super().__init__(f"{method} {path} -> {status}: {json.dumps(body, ensure_ascii=False)[:600]}")
        self.status = status
        self.body = body


@dataclass
class Api:
    base_url: str
    token: str = ""

    def as_(self, token: str) -> Api:
        return Api(self.base_url, token)

    def request(self, method: str, path: str, body: Any = None, ok: tuple[int, ...] = (200, 201, 204)) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        for _ in range(20):
            req = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=30) as reply:
                    status, raw = reply.status, reply.read()
                break
            except urllib.error.HTTPError as exc:
                status, raw = exc.code, exc.read()
                if status != 429:  # the tenant's rate limit (local/gateway.py): wait as told, then again
                    break
                time.sleep(float(exc.headers.get("Retry-After") or 1))
        parsed = json.loads(raw) if raw.strip() else None
        if status not in ok:
            raise ApiError(method, path, status, parsed)
        return parsed

    def get(self, path: str) -> Any:
        return self.request("GET", path)

    def items(self, path: str, key: str = "items") -> list[Any]:
        """Every item of a paged list: follows ``next_cursor`` (pages of up to 200)."""
        from urllib.parse import quote

        out: list[Any] = []
        joiner = "&" if "?" in path else "?"
        page = self.get(f"{path}{joiner}limit=200")
        while True:
            out.extend(page[key])
            if not page.get("next_cursor"):
                return out
            page = self.get(f"{path}{joiner}limit=200&cursor={quote(page['next_cursor'])}")

    def post(self, path: str, body: Any) -> Any:
        return self.request("POST", path, body)

    def patch(self, path: str, body: Any) -> Any:
        return self.request("PATCH", path, body)

    def put(self, path: str, body: Any) -> Any:
        return self.request("PUT", path, body)


def sign_in(client_id: str, email: str, password: str) -> str:
    """A real ID token from the user pool, as the web app gets it."""
    reply = client("cognito-idp").initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": email, "PASSWORD": password}
    )
    return reply["AuthenticationResult"]["IdToken"]


def set_password(pool_id: str, email: str, password: str) -> None:
    """What an invited user does at first sign-in, done for them so the demo logins just work."""
    client("cognito-idp").admin_set_user_password(UserPoolId=pool_id, Username=email, Password=password, Permanent=True)

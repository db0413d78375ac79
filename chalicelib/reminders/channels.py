"""Group-robot webhooks of the chat apps Chinese companies use: DingTalk, WeCom, Feishu.

Building a request (URL, JSON body, signature) is pure and unit-tested; :func:`send` is the only
part that touches the network (``urllib``, short timeout, never raises).

* DingTalk (钉钉): ``sign = urlencode(base64(HMAC-SHA256(key=secret, msg="<ms timestamp>\\n<secret>")))``
  appended to the webhook URL as ``&timestamp=<ms>&sign=<sign>``; markdown message.
* Feishu (飞书): ``sign = base64(HMAC-SHA256(key="<s timestamp>\\n<secret>", msg=""))`` sent in the
  JSON body with ``timestamp`` (seconds); text message.
* WeCom (企业微信): no signature; the ``key`` in the webhook URL is the secret; markdown message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import quote_plus, urlsplit

from chalicelib.core.messages import Text, text


class Provider(StrEnum):
    DINGTALK = "dingtalk"
    WECOM = "wecom"
    FEISHU = "feishu"


# Robots post only to their vendor's API host: a webhook URL elsewhere is refused when configured
# (this is what keeps the job from being pointed at internal addresses).
HOSTS: dict[Provider, frozenset[str]] = {
    Provider.DINGTALK: frozenset({"oapi.dingtalk.com"}),
    Provider.WECOM: frozenset({"qyapi.weixin.qq.com"}),
    Provider.FEISHU: frozenset({"open.feishu.cn", "open.larksuite.com"}),
}
MAX_TEXT = 4000  # DingTalk/WeCom markdown limits are around 4-5 KB; keep well under
TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class ChatRequest:
    url: str
    body: bytes
    headers: dict[str, str]

    def json(self) -> dict[str, object]:
        return dict(json.loads(self.body))


def check_url(provider: Provider, url: str) -> Text | None:
    """None when the URL is a plausible webhook of the provider, else the reason it is not."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        return text("webhook.https_required")
    if (parts.hostname or "") not in HOSTS[provider]:
        return text(
            "webhook.wrong_host", provider=text(f"webhook.provider.{provider.value}"), hosts=sorted(HOSTS[provider])
        )
    return None


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode())


def feishu_sign(secret: str, timestamp_s: int) -> str:
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _json(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode()


HEADERS = {"Content-Type": "application/json; charset=utf-8"}


def dingtalk_request(url: str, secret: str, title: str, markdown: str, timestamp_ms: int) -> ChatRequest:
    if secret:
        url = f"{url}{'&' if '?' in url else '?'}timestamp={timestamp_ms}&sign={dingtalk_sign(secret, timestamp_ms)}"
    body = {"msgtype": "markdown", "markdown": {"title": title, "text": markdown[:MAX_TEXT]}}
    return ChatRequest(url, _json(body), HEADERS)


def feishu_request(url: str, secret: str, text: str, timestamp_s: int) -> ChatRequest:
    body: dict[str, object] = {"msg_type": "text", "content": {"text": text[:MAX_TEXT]}}
    if secret:
        body = {"timestamp": str(timestamp_s), "sign": feishu_sign(secret, timestamp_s), **body}
    return ChatRequest(url, _json(body), HEADERS)


def wecom_request(url: str, markdown: str) -> ChatRequest:
    return ChatRequest(url, _json({"msgtype": "markdown", "markdown": {"content": markdown[:MAX_TEXT]}}), HEADERS)


def build_request(
    provider: Provider, url: str, secret: str, title: str, markdown: str, plain: str, now_ms: int
) -> ChatRequest:
    """The request for a provider; ``markdown`` for DingTalk/WeCom, ``plain`` for Feishu text."""
    if provider == Provider.DINGTALK:
        return dingtalk_request(url, secret, title, markdown, now_ms)
    if provider == Provider.FEISHU:
        return feishu_request(url, secret, plain, now_ms // 1000)
    return wecom_request(url, markdown)


def accepted(response: dict[str, object]) -> bool:
    """All three answer HTTP 200 with an error code in the body: 0 means delivered."""
    code = response.get("errcode", response.get("code", response.get("StatusCode", 0)))
    return code in (0, "0")


def send(request: ChatRequest, timeout: float = TIMEOUT_SECONDS) -> tuple[bool, str]:
    """POST the request; (delivered, detail). Never raises: a chat outage must not stop the digest."""
    if not request.url.startswith(("https://", "http://")):
        return False, "not an http(s) URL"
    http = urllib.request.Request(  # noqa: S310 - scheme checked above
        request.url,
        data=request.body,
        headers=request.headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(http, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            raw = response.read(64 * 1024)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return False, f"{exc.__class__.__name__}: {exc}"[:300]
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        return False, "the webhook did not answer JSON"
    if not isinstance(answer, dict) or not accepted(answer):
        return False, json.dumps(answer, ensure_ascii=False)[:300]
    return True, "ok"

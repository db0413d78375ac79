"""Group-robot requests: signing and shapes are pure functions; sending is tried on a local server.

The expected signatures were computed independently with
``printf '<ts>\\n<secret>' | openssl dgst -sha256 -hmac <key> -binary | base64``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from chalicelib.reminders import channels
from chalicelib.reminders.channels import Provider

DING_URL = "https://oapi.dingtalk.com/robot/send?access_token=abc"
FEISHU_URL = "https://open.feishu.cn/open-apis/bot/v2/hook/token-123"
WECOM_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-1"


def test_dingtalk_signature_is_hmac_sha256_of_timestamp_and_secret_base64_then_url_encoded():
    assert channels.dingtalk_sign("SECtest-secret", 1700000000000) == \
        "LC7hxZ4wslL%2BP7j7gu1hoQ%2BwzByekL%2ByWgiUMekZs0g%3D"


def test_feishu_signature_uses_timestamp_and_secret_as_the_key_of_an_empty_message():
    assert channels.feishu_sign("test-secret", 1700000000) == "mbm4Y4oluIPQ00qlBIhX8vAZ0EKv3nw0LuTb91jPL84="


def test_a_dingtalk_request_carries_timestamp_and_sign_in_the_url_and_markdown_in_the_body():
    request = channels.dingtalk_request(DING_URL, "SECtest-secret", "标题", "### 标题\n- 一项", 1700000000000)
    query = parse_qs(urlsplit(request.url).query)
    assert query["access_token"] == ["abc"] and query["timestamp"] == ["1700000000000"]
    assert query["sign"] == ["LC7hxZ4wslL+P7j7gu1hoQ+wzByekL+yWgiUMekZs0g="]  # url-decoded once by parse_qs
    assert request.json() == {"msgtype": "markdown", "markdown": {"title": "标题", "text": "### 标题\n- 一项"}}


def test_a_dingtalk_robot_without_a_secret_is_not_signed():
    assert channels.dingtalk_request(DING_URL, "", "t", "x", 1).url == DING_URL


def test_a_feishu_request_carries_timestamp_in_seconds_and_sign_in_the_body():
    request = channels.feishu_request(FEISHU_URL, "test-secret", "三项逾期", 1700000000)
    assert request.url == FEISHU_URL
    assert request.json() == {"timestamp": "1700000000", "sign": "mbm4Y4oluIPQ00qlBIhX8vAZ0EKv3nw0LuTb91jPL84=",
                              "msg_type": "text", "content": {"text": "三项逾期"}}


def test_a_wecom_request_is_unsigned_markdown_to_the_keyed_url():
    request = channels.wecom_request(WECOM_URL, "**提醒**")
    assert request.url == WECOM_URL
    assert request.json() == {"msgtype": "markdown", "markdown": {"content": "**提醒**"}}
    assert request.headers["Content-Type"].startswith("application/json")


def test_build_request_picks_the_providers_format():
    ding = channels.build_request(Provider.DINGTALK, DING_URL, "s", "T", "md", "plain", 1700000000123)
    feishu = channels.build_request(Provider.FEISHU, FEISHU_URL, "s", "T", "md", "plain", 1700000000123)
    wecom = channels.build_request(Provider.WECOM, WECOM_URL, "", "T", "md", "plain", 1700000000123)
    assert ding.json()["markdown"]["text"] == "md" and "timestamp=1700000000123" in ding.url
    assert feishu.json()["content"] == {"text": "plain"} and feishu.json()["timestamp"] == "1700000000"
    assert wecom.json()["markdown"]["content"] == "md"


def test_long_texts_are_cut_to_the_limit():
    assert len(channels.wecom_request(WECOM_URL, "字" * 10000).json()["markdown"]["content"]) == channels.MAX_TEXT


@pytest.mark.parametrize("provider,url,ok", [
    (Provider.DINGTALK, DING_URL, True),
    (Provider.DINGTALK, "http://oapi.dingtalk.com/robot/send?access_token=a", False),
    (Provider.DINGTALK, "https://169.254.169.254/latest/meta-data", False),
    (Provider.WECOM, WECOM_URL, True),
    (Provider.WECOM, DING_URL, False),
    (Provider.FEISHU, FEISHU_URL, True),
    (Provider.FEISHU, "https://open.larksuite.com/open-apis/bot/v2/hook/x", True),
    (Provider.FEISHU, "https://open.feishu.cn.evil.example/hook/x", False),
])
def test_only_https_urls_of_the_providers_host_are_accepted(provider, url, ok):
    assert (channels.check_url(provider, url) is None) == ok


# ---- sending, against a local HTTP server (never the real network) -----------------------------

class _Robot(BaseHTTPRequestHandler):
    received: list[tuple[str, bytes]] = []
    answer: bytes = b'{"errcode": 0, "errmsg": "ok"}'

    def do_POST(self) -> None:  # noqa: N802 - http.server API
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).received.append((self.path, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(type(self).answer)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def robot() -> Iterator[str]:
    _Robot.received = []
    _Robot.answer = b'{"errcode": 0, "errmsg": "ok"}'
    server = HTTPServer(("127.0.0.1", 0), _Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_send_posts_the_built_request_and_reports_delivery(robot):
    request = channels.dingtalk_request(f"{robot}/robot/send?access_token=abc", "SECx", "T", "正文", 1700000000000)
    assert channels.send(request) == (True, "ok")
    [(path, body)] = _Robot.received
    assert path.startswith("/robot/send?access_token=abc&timestamp=1700000000000&sign=")
    assert json.loads(body)["markdown"]["text"] == "正文"


def test_send_reports_a_robot_refusal(robot):
    _Robot.answer = json.dumps({"errcode": 310000, "errmsg": "sign not match"}).encode()
    ok, detail = channels.send(channels.wecom_request(f"{robot}/send?key=x", "x"))
    assert not ok and "310000" in detail


def test_send_reports_a_feishu_refusal(robot):
    _Robot.answer = json.dumps({"code": 19021, "msg": "sign match fail or timestamp is not within one hour"}).encode()
    ok, detail = channels.send(channels.feishu_request(f"{robot}/hook/x", "s", "x", 1))
    assert not ok and "19021" in detail


def test_send_never_raises_when_nobody_listens():
    ok, detail = channels.send(channels.wecom_request("http://127.0.0.1:9/send?key=x", "x"), timeout=1)
    assert not ok and detail


def test_send_refuses_other_schemes():
    assert channels.send(channels.wecom_request("file:///etc/passwd", "x")) == (False, "not an http(s) URL")

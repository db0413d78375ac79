"""``python -m local.mail``: the latest emails the local system sent (SES in moto), newest last.

Also lists pending Cognito invitations with their temporary passwords, and the codes of password
resets asked for on the sign-in screen (忘记密码): in AWS, Cognito emails both itself; moto sends
nothing, so this is where a local user finds theirs.

    python -m local.mail [-n 10] [--web-url http://127.0.0.1:8080] [--json]

The running ``local.run`` answers ``POST /_local/mail`` on its web port with :func:`collect`: the
sent mail and the Cognito users read straight from moto's backends in that process (a few ms).
moto's own ``/moto-api/data.json`` was the source before: it serialises every live object of every
service (the whole table's items too) behind the emulator's one-request-at-a-time lock, so reading
the mail took 30-55 s and stalled every API call meanwhile. :func:`collect` answers in the shape of
``data.json`` (``{"ses": {"Message": [...]}, "cognitoidp": {"CognitoIdpUser": [...]}}``), so the
readers below take either.
"""

from __future__ import annotations

import argparse
import email.policy
import html
import json
import re
import signal
import sys
import urllib.request
from typing import Any

from local.config import LocalConfig


def fetch(web_url: str) -> dict[str, Any]:
    """What the running local system's :func:`collect` answers."""
    request = urllib.request.Request(f"{web_url}/_local/mail", data=b"", method="POST")
    with urllib.request.urlopen(request, timeout=10) as reply:
        return json.loads(reply.read())  # type: ignore[no-any-return]


_SES_FIELDS = ("source", "destinations", "subject", "body", "template", "template_data", "raw_data")
_USER_FIELDS = ("username", "password", "status", "attributes", "confirmation_code")


def collect() -> dict[str, Any]:
    """Sent mail (SES) and users (Cognito) of this process's moto, shaped like ``/moto-api/data.json``.

    Reads copies of moto's lists without its request lock: a message or user added meanwhile is
    simply in the next answer."""
    from moto.cognitoidp.models import cognitoidp_backends
    from moto.ses.models import ses_backends

    from local.config import ACCOUNT_ID, REGION

    ses: dict[str, list[dict[str, Any]]] = {"Message": [], "TemplateMessage": [], "RawMessage": []}
    for message in list(ses_backends[ACCOUNT_ID][REGION].sent_messages):
        kind = type(message).__name__
        if kind in ses:
            ses[kind].append({f: getattr(message, f) for f in _SES_FIELDS if hasattr(message, f)})
    users = [
        {f: getattr(user, f, None) for f in _USER_FIELDS}
        for pool in list(cognitoidp_backends[ACCOUNT_ID][REGION].user_pools.values())
        for user in list(pool.users.values())
    ]
    return {"ses": ses, "cognitoidp": {"CognitoIdpUser": users}}


def sent_mail(data: dict[str, Any]) -> list[dict[str, Any]]:
    ses = data.get("ses") or {}
    out = []
    for m in ses.get("Message", []):
        to = m.get("destinations") or {}
        out.append(
            {
                "to": to.get("ToAddresses", []) + to.get("CcAddresses", []),
                "from": m.get("source"),
                "subject": m.get("subject", ""),
                "body": _text(m.get("body", "")),
            }
        )
    for m in ses.get("TemplateMessage", []):
        out.append(
            {
                "to": (m.get("destinations") or {}).get("ToAddresses", []),
                "from": m.get("source"),
                "subject": f"[template {m.get('template')}]",
                "body": json.dumps(m.get("template_data")),
            }
        )
    for m in ses.get("RawMessage", []):
        message = email.message_from_string(m.get("raw_data", ""), policy=email.policy.default)
        part = message.get_body(preferencelist=("plain", "html"))
        body = part.get_content() if part is not None else ""  # type: ignore[attr-defined]
        if part is not None and part.get_content_subtype() == "html":
            body = _text(body)
        to = sorted(set(m.get("destinations") or [])) or [str(message.get("To", ""))]
        out.append(
            {
                "to": to,
                "from": str(message.get("From", m.get("source", ""))),
                "subject": str(message.get("Subject", "")),
                "body": body,
            }
        )
    return out


def invitations(data: dict[str, Any]) -> list[dict[str, str]]:
    users = (data.get("cognitoidp") or {}).get("CognitoIdpUser", [])
    pending = []
    for u in users:
        if u.get("status") != "FORCE_CHANGE_PASSWORD":
            continue
        attrs = {a["Name"]: a["Value"] for a in u.get("attributes", [])}
        pending.append({"email": attrs.get("email", u.get("username", "")), "temporary_password": u.get("password")})
    return pending


def reset_codes(data: dict[str, Any]) -> list[dict[str, str]]:
    """Open password resets (Cognito ForgotPassword): the code the user types on 忘记密码."""
    users = (data.get("cognitoidp") or {}).get("CognitoIdpUser", [])
    out = []
    for u in users:
        code = u.get("confirmation_code")
        if not code:
            continue
        attrs = {a["Name"]: a["Value"] for a in u.get("attributes", [])}
        out.append({"email": attrs.get("email", u.get("username", "")), "code": str(code)})
    return out


def _text(body: str) -> str:
    if "<" not in body:
        return body
    body = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>|</tr>", "\n", body)
    return html.unescape(re.sub(r"<[^>]+>", "", body)).strip()


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `python -m local.mail | head` ends quietly
    parser = argparse.ArgumentParser(prog="python -m local.mail", description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="how many of the latest emails (default 10)")
    parser.add_argument("--web-url", default=LocalConfig().web_url, help="the local run's web app")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    try:
        data = fetch(args.web_url)
    except OSError as exc:
        print(f"cannot reach the local system at {args.web_url} ({exc}); is `make run` running?", file=sys.stderr)
        return 2
    mail, invites, resets = sent_mail(data)[-args.n :], invitations(data), reset_codes(data)
    if args.json:
        found = {"mail": mail, "invitations": invites, "password_resets": resets}
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    if not mail:
        print("No email sent yet (reminders run on the local schedule; see the `make run` banner).")
    for i, m in enumerate(mail, 1):
        print(f"── {i} ─ to {', '.join(m['to'])} ─ from {m['from']}")
        print(f"Subject: {m['subject']}\n\n{m['body']}\n")
    if invites:
        print("Pending invitations (Cognito would email these; sign in at #/accept-invite):")
        for inv in invites:
            print(f"  {inv['email']:<40} temporary password: {inv['temporary_password']}")
    if resets:
        print("Password reset codes (Cognito would email these; type the whole code at #/forgot-password):")
        for reset in resets:
            print(f"  {reset['email']:<40} code: {reset['code']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

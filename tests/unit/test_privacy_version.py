"""The privacy policy's version is written twice (the API checks consents against it, the web app's
隐私政策 page shows it): they must name the same version."""

from __future__ import annotations

import re
from pathlib import Path

from chalicelib.tenancy.schemas import PRIVACY_POLICY_VERSION

WEB = Path(__file__).resolve().parents[2] / "static_site" / "src" / "privacy.ts"


def test_the_web_page_and_the_api_name_the_same_policy_version():
    match = re.search(r'PRIVACY_POLICY_VERSION = "([^"]+)"', WEB.read_text(encoding="utf-8"))

    assert match, f"no PRIVACY_POLICY_VERSION in {WEB}"
    assert match.group(1) == PRIVACY_POLICY_VERSION

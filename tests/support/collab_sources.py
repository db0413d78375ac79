"""Collaboration test support: isolation id sources and a module-scoped world.

Building a staffed company costs seconds, so collab tests share one per module
(``module_world``) and keep each test independent of what earlier tests left behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tests.support.world import Company, staffed_company


@contextmanager
def module_world(*names: str) -> Iterator[list[Company]]:
    """Fresh moto AWS + app client + one staffed company per name, for a whole test module."""
    from chalice.test import Client

    import app as application
    from tests.conftest import fresh_aws
    from tests.support.api import Api

    with fresh_aws(), Client(application.app) as client:
        api = Api(client)
        yield [staffed_company(api, name) for name in (names or ("示例金融科技有限公司",))]

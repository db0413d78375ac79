"""Imports every module that registers isolation id sources (add yours here)."""

import tests.support.attendance_sources  # noqa: F401
import tests.support.collab_sources  # noqa: F401
import tests.support.indicator_sources  # noqa: F401
import tests.support.org_sources  # noqa: F401
import tests.support.payroll_sources  # noqa: F401
import tests.support.people_sources  # noqa: F401
import tests.support.review_sources  # noqa: F401
from tests.support import isolation  # noqa: F401

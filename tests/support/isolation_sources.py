"""Imports every module that registers isolation id sources (add yours here)."""

from tests.support import isolation  # noqa: F401

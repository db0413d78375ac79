"""Demo step: indicators (written when its API is complete; until then it is skipped)."""

from __future__ import annotations

from local.demo import Demo, NotReady, Step


def run(demo: Demo) -> str:
    raise NotReady("not written yet")


STEP = Step("indicators", (), run)

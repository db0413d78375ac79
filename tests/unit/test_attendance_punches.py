"""Where a clock-in happened (geofence or office network) and the device export's time formats."""

from __future__ import annotations

from datetime import datetime

import pytest

from chalicelib.attendance.clock_schemas import ClockIn, Site
from chalicelib.attendance.punches import _parse_time, distance_m, lock_months, place

OFFICE = Site(site_id="s1", name="上海总部", latitude=31.2304, longitude=121.4737, radius_m=200,
              ip_ranges=["203.0.113.0/24"])


def test_one_thousandth_of_a_degree_of_latitude_is_about_111_metres():
    assert 110 < distance_m(31.2304, 121.4737, 31.2314, 121.4737) < 112


def test_inside_the_radius_or_on_the_office_network_is_inside_and_names_the_site():
    near = ClockIn(latitude=31.2310, longitude=121.4740)  # about 70 m away
    far = ClockIn(latitude=31.2404, longitude=121.4737)  # about 1.1 km away

    assert place([OFFICE], near, None) == (True, "s1")
    assert place([OFFICE], far, "203.0.113.77") == (True, "s1")
    assert place([OFFICE], far, "198.51.100.1") == (False, None)
    assert place([OFFICE], ClockIn(), "not-an-ip") == (False, None)


def test_the_phones_accuracy_is_given_the_benefit_up_to_the_radius():
    edge = ClockIn(latitude=31.2324, longitude=121.4737, accuracy_m=50)  # about 222 m away, ±50 m

    assert place([OFFICE], edge, None) == (True, "s1")


def test_a_company_without_sites_checks_nothing():
    assert place([], ClockIn(), None) == (None, None)


@pytest.mark.parametrize("text", ["2026-11-02 08:58:00", "2026-11-02 08:58", "2026/11/02 08:58:00", "2026/11/02 08:58",
                                  "2026-11-02T08:58:00", "2026.11.02 08:58"])
def test_the_common_export_time_formats_are_read(text):
    assert _parse_time(text) == datetime(2026, 11, 2, 8, 58)


def test_an_unreadable_time_is_none():
    assert _parse_time("昨天早上") is None


def test_an_early_punch_on_the_first_may_close_the_previous_months_night_shift():
    assert lock_months(datetime(2026, 11, 1, 6, 3)) == ["2026-11", "2026-10"]
    assert lock_months(datetime(2026, 11, 2, 6, 3)) == ["2026-11"]

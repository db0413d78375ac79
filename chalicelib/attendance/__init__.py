"""Attendance and leave (考勤与假期): China's working calendar, shifts, leave ledger, overtime.

The first layer is pure and takes everything it needs as arguments: the working calendar with a
tenant's overrides (:mod:`calendar`), shift matching for punches including night shifts
(:mod:`shifts`), annual-leave entitlement (:mod:`annual_leave`), the leave ledger
(:mod:`ledger`) and overtime pay multipliers (:mod:`overtime`).
"""

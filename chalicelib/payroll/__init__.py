"""Payroll (薪酬): China's pay rules as dated data and pure calculations.

This package's first layer is pure: rule tables with validity dates (:mod:`tables`), individual
income tax by cumulative withholding (:mod:`iit`), the annual one-off bonus (:mod:`bonus`),
social insurance and housing fund (:mod:`contributions`), special additional deductions
(:mod:`deductions`) and amounts in Chinese capital numerals (:mod:`capitals`). Nothing here reads
the clock, the environment or the database: a payroll run passes everything in and stores the
returned working beside each figure, so a payslip can show how it was computed.
"""

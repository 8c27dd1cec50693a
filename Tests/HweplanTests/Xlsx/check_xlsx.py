#!/usr/bin/env python3
"""Reads an .xlsx written by `export xlsx` back with openpyxl and checks what issue 12 asks of it.

Usage: check_xlsx.py FILE SCENARIO MODEL-HASH. Prints what is wrong and exits 1, or exits 0.
"""
import sys

import openpyxl

path, scenario, model_hash = sys.argv[1:4]
wb = openpyxl.load_workbook(path)
problems = []
expected = ["Parameters", "Money", "Categories", "Metrics", "Comparison", "Monte Carlo"]
if wb.sheetnames != expected:
    problems.append(f"sheets {wb.sheetnames}, expected {expected}")
params = {row[0].value: row[1].value for row in wb["Parameters"].iter_rows(max_row=12) if row[0].value}
if params.get("Scenario") != scenario:
    problems.append(f"Parameters names scenario {params.get('Scenario')!r}")
if params.get("Model content hash") != model_hash:
    problems.append(f"Parameters names model hash {params.get('Model content hash')!r}")
money = wb["Money"]
if money.freeze_panes != "B2":
    problems.append(f"Money freezes {money.freeze_panes}, expected the header row and label column (B2)")
labels = [row[0].value for row in money.iter_rows(min_row=2)]
for label in ["Income", "Spend", "Balance (system)", "ICB balance", "Underlying (system)", "Risk-adjusted (system)",
              "Balance, The Princess Alexandra Hospital NHS Trust", "Balance, other providers",
              "  Deficit support funding to the ICBs (non-recurrent)", "  of which non-recurrent",
              "Investment standard headroom, NHS Essex ICB (West Essex place)"]:
    if label not in labels:
        problems.append(f"Money has no row {label!r}")
# Each organisation must break even on its own: its chance of doing so is in the Monte Carlo sheet, and its
# balance against baseline in the comparison.
carlo_labels = [row[0].value for row in wb["Monte Carlo"].iter_rows()]
if "P(balance ≥ 0), NHS Essex ICB (West Essex place)" not in carlo_labels:
    problems.append("Monte Carlo has no P(balance ≥ 0) for NHS Essex ICB")
if "Balance, The Princess Alexandra Hospital NHS Trust" not in [row[0].value for row in wb["Comparison"].iter_rows()]:
    problems.append("Comparison has no row for PAH")
# The investment standard is not judged in year 1: that cell is blank, the later years are numbers.
for row in money.iter_rows(min_row=2):
    if row[0].value == "Investment standard headroom, NHS Essex ICB (West Essex place)":
        if row[1].value is not None or not isinstance(row[2].value, (int, float)):
            problems.append(f"Essex's headroom reads {row[1].value!r}, {row[2].value!r}: expected blank in year 1, then a number")
income = money.cell(row=2, column=2)
if not isinstance(income.value, (int, float)):
    problems.append(f"income is {type(income.value).__name__}, not a number")
if "£" not in income.number_format or "m" not in income.number_format:
    problems.append(f"income's format is {income.number_format!r}, not £m")
carlo = wb["Monte Carlo"]
p = carlo.cell(row=2, column=2)
if carlo.cell(row=2, column=1).value != "P(balance ≥ 0)" or not isinstance(p.value, (int, float)) or "%" not in p.number_format:
    problems.append("Monte Carlo's first row is not P(balance ≥ 0) as a percentage")
numbers = sum(1 for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float)))
if numbers < 200:
    problems.append(f"only {numbers} numbers in the workbook")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)

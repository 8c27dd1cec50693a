#!/usr/bin/env python3
"""The planning workbook as a finance lead uses it (issue 25), through the hweplan binary:

1. `model template` -> `model load` -> `model save` gives the built-in model's `model save` byte for byte;
2. openpyxl changes one income figure and one place's metric baseline: exactly those two figures move;
   the same workbook re-saved by LibreOffice (headless) loads with the same figures;
3. a workbook written from scratch by openpyxl, with only the required sheets, loads and simulates;
4. text in a number cell, a missing sheet, an unknown id and shares that do not add up each give one error
   at its Sheet!Cell, exit 1, and leave the session's model as it was.

Usage: check_workbook.py HWEPLAN DIR   (prints what failed; exit status 1 if anything did)
"""
import json
import os
import shutil
import subprocess
import sys

import openpyxl

BINARY, DIR = sys.argv[1], sys.argv[2]
problems = []


def run(*args):
    p = subprocess.run([BINARY, *args], cwd=DIR, capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def path(name):
    return os.path.join(DIR, name)


def check(ok, what):
    if not ok:
        problems.append(what)


def flatten(value, prefix=""):
    """Every number in a model file by its path."""
    out = {}
    if isinstance(value, dict):
        for k, v in value.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            key = v.get("id") if isinstance(v, dict) and "id" in v else str(i)
            out.update(flatten(v, f"{prefix}[{key}]"))
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        out[prefix] = value
    return out


# 1. Out and back in, byte for byte.
status, out, err = run("-c", 'model template "plan.xlsx"', "-c", 'model save "builtin.json"')
check(status == 0, f"model template failed: {err}")
status, out, err = run("--model", "plan.xlsx", "-c", 'model save "back.json"')
check(status == 0, f"--model plan.xlsx failed: {err}")
builtin = open(path("builtin.json"), "rb").read()
check(open(path("back.json"), "rb").read() == builtin, "template -> load -> save differs from the built-in model's save")
status, out, err = run("-c", 'model load "plan.xlsx"', "-c", 'model save "back2.json"')
check(status == 0 and open(path("back2.json"), "rb").read() == builtin, f"model load of the template differs: {err}")

# 2. openpyxl edits one income figure and one place's metric baseline.
wb = openpyxl.load_workbook(path("plan.xlsx"))
income = wb["Income"]
header = [c.value for c in income[1]]
base_col = header.index("base (£m)") + 1
core_row = next(r for r in range(2, income.max_row + 1) if income.cell(r, 1).value == "core")
income.cell(core_row, base_col).value = 2801.25
by_place = wb["Metrics by place"]
smoking_row = next(r for r in range(2, by_place.max_row + 1)
                   if by_place.cell(r, 1).value == "smoking-prevalence" and by_place.cell(r, 2).value == "west-essex")
by_place.cell(smoking_row, 3).value = 11.5
wb.save(path("edited.xlsx"))
status, out, err = run("--model", "edited.xlsx", "-c", 'model save "edited.json"')
check(status == 0, f"the openpyxl-edited workbook does not load: {err}")
before = flatten(json.loads(builtin))
after = flatten(json.load(open(path("edited.json"))))
moved = {k: (before.get(k), after.get(k)) for k in set(before) | set(after) if before.get(k) != after.get(k)}
expected = {"income.streams[core].base": (2792.1, 2801.25), "places[west-essex].metrics.smoking-prevalence.base": (before.get("places[west-essex].metrics.smoking-prevalence.base"), 11.5)}
check(moved == expected, f"the edit moved {moved}, expected {expected}")
status, out, err = run("--model", "edited.xlsx", "-c", "show income")
check(status == 0 and "2,801.3" in out, f"show income does not show the edited core allocation: {out[:400]}")

# A formula openpyxl wrote has no value yet: refused at its cell, with what to do.
wb = openpyxl.load_workbook(path("edited.xlsx"))
wb["Income"].cell(core_row, base_col).value = "=2800+1.25"
wb.save(path("formula.xlsx"))
status, out, err = run("--model", "formula.xlsx", "-c", "simulate")
check(status == 1 and "Income!F2: the formula =2800+1.25 has no calculated value" in err, f"an uncalculated formula: {err.strip()}")

# ... and re-saved by LibreOffice (which also calculates the formula).
if shutil.which("soffice"):
    os.makedirs(path("lo"), exist_ok=True)
    p = subprocess.run(["soffice", f"-env:UserInstallation=file://{DIR}/lo-profile", "--headless", "--convert-to", "xlsx",
                        "--outdir", path("lo"), path("edited.xlsx"), path("formula.xlsx")], capture_output=True, text=True, timeout=180)
    for name in ["edited", "formula"]:
        check(p.returncode == 0 and os.path.exists(path(f"lo/{name}.xlsx")), f"LibreOffice did not re-save {name}.xlsx: {p.stderr}")
        status, out, err = run("--model", f"lo/{name}.xlsx", "-c", f'model save "lo-{name}.json"')
        check(status == 0, f"the LibreOffice-saved {name}.xlsx does not load: {err}")
        if status == 0:
            lo = flatten(json.load(open(path(f"lo-{name}.json"))))
            differ = {k: (after.get(k), lo.get(k)) for k in set(after) | set(lo) if after.get(k) != lo.get(k)}
            check(not differ, f"after LibreOffice {name}.xlsx's figures differ: {dict(list(differ.items())[:5])}")
            check(open(path(f"lo-{name}.json"), "rb").read() == open(path("edited.json"), "rb").read(),
                  f"after LibreOffice {name}.xlsx's saved model is not byte-identical")
else:
    problems.append("LibreOffice (soffice) is not installed: make test installs libreoffice-calc-nogui")

# 3. From scratch, with only the required sheets.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Model"
ws.append(["item", "value"])
for row in [("name", "Scratch ICS"), ("first year", 2026), ("years", 3), ("policy", "meet-demand"), ("income base", 100)]:
    ws.append(list(row))
ws = wb.create_sheet("Rates")
ws.append(["item", "2026/27", "2027/28", "2028/29"])
ws.append(["inflation", 0, 0.02, 0.02])
ws.append(["efficiency", 0, "1%", 0.01])
ws.append(["income growth", 0, 0.03, 0.03])
ws = wb.create_sheet("Lines")
ws.append(["id", "name", "kind", "base (£m)", "demand growth"])
ws.append(["hospital", "Hospital care", "treatment", 70, 0.03])
ws.append(["community", "Community care", "treatment", 29, 0.02])
ws.append(["prevention.falls", "Falls prevention", "prevention", 1, 0])
wb.save(path("scratch.xlsx"))
status, out, err = run("--model", "scratch.xlsx", "-c", "simulate", "-c", "assert balance > -10 every year")
check(status == 0 and "Scratch ICS" in out, f"the scratch workbook does not load and simulate: {err} {out[:300]}")


# 4. Mistakes: one error at its cell, exit 1, the model unchanged.
def broken(name, edit, expect):
    wb = openpyxl.load_workbook(path("plan.xlsx"))
    edit(wb)
    wb.save(path(name))
    status, out, err = run("--model", name, "-c", "simulate")
    check(status == 1, f"{name}: --model exits {status}, expected 1")
    lines = [l for l in err.splitlines() if l.startswith("error:")]
    check(len(lines) == 1 and expect in err, f"{name}: expected one error with '{expect}', got: {err.strip()}")
    # At the prompt (a script): the load fails at its cell and the model is the one before.
    status, out, err = run("--keep-going", "-c", f'model load "{name}"', "-c", 'model save "after.json" replace')
    check(status == 1 and expect in " ".join(err.split()), f"{name}: model load did not fail with '{expect}': {err.strip()}")
    check(open(path("after.json"), "rb").read() == builtin, f"{name}: a failed model load changed the model")


def text_in_number(wb):
    ws = wb["Lines"]
    ws["E2"] = "abc"


def missing_sheet(wb):
    del wb["Lines"]


def unknown_id(wb):
    ws = wb["Deliveries"]
    ws.cell(2, 2).value = "acutee"


def shares(wb):
    ws = wb["Programmes"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "return" and ws.cell(r, 2).value == "community"
               and ws.cell(r, 3).value == "acute")
    ws.cell(row, 4).value = 0.8
    shares.cell = f"Programmes!D{row}"


broken("text.xlsx", text_in_number, "Lines!E2: base must be a number, not 'abc'")
broken("missing.xlsx", missing_sheet, "no sheet 'Lines'")
broken("unknown.xlsx", unknown_id, "Deliveries!B2: unknown category 'acutee', did you mean 'acute'?")
shares.cell = None
wb = openpyxl.load_workbook(path("plan.xlsx"))
shares(wb)
broken("shares.xlsx", shares, f"{shares.cell}: shares sum to 0.95, expected 1")

for p in problems:
    print(p)
sys.exit(1 if problems else 0)

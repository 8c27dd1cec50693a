#!/usr/bin/env python3
"""Compare two JSON-lines files, line by line.

Usage:  python3 compare_json.py EXPECTED.jsonl ACTUAL.jsonl

Objects must have the same keys, arrays the same lengths, and strings,
booleans and nulls must be equal.  Numbers (int or float alike, never bool)
are equal when |a - b| <= 1e-9 * max(|a|, |b|) or, near zero, |a - b| <= 1e-9.
Every mismatch is printed with its JSON path; exit status 1 on any mismatch,
0 otherwise.

One exception, from MODEL.md §8: in a "variance-explanation" object the value
a row `explains` is found by a search and "is checked to within 1e-6 of the
assumption's range (high - low)".  When EXPECTED is named like the files of
ReferenceTests.swift (DIR/case-K.expected), the model DIR/case-K.json is read
for that range (the largest of the uncertainty entries naming the row's
assumption); without it, 1e-6 * max(1, |a|, |b|) is used.

Another, from MODEL.md §7: a "sensitivity" object's rows are sorted by swing,
ties in the order of the `uncertainty` list.  Where consecutive EXPECTED rows
have swings equal within the tolerance above but not bit-equal (a "tie" that
the last bits of a rounding error decide, e.g. a provider's gap on a fully
variable line, budget + (outturn - budget) - outturn, or a non-recurrent
stream cancelling in the underlying position), the actual rows of that block
may come in any order: they are matched by assumption name (duplicates in
order) before comparing.  Rows tied exactly in the expected output must keep
their order.
"""

import json
import sys

REL = 1e-9
ABS = 1e-9


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def numbers_equal(a, b):
    if a == b:
        return True
    d = abs(a - b)
    return d <= ABS or d <= REL * max(abs(a), abs(b))


RANGES = {}                    # assumption id -> high - low (largest entry), from the model


def load_ranges(expected_path):
    """The uncertainty ranges of the model next to EXPECTED (case-K.expected -> case-K.json)."""
    if not expected_path.endswith(".expected"):
        return
    model = expected_path[: -len(".expected")] + ".json"
    try:
        with open(model, encoding="utf-8") as f:
            doc = json.load(f)
        for u in doc.get("uncertainty", []):
            r = float(u["high"]) - float(u["low"])
            RANGES[u["assumption"]] = max(r, RANGES.get(u["assumption"], 0.0))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        RANGES.clear()


def explains_equal(a, b, assumption):
    if numbers_equal(a, b):
        return True
    r = RANGES.get(assumption)
    tol = 1e-6 * r if r is not None else 1e-6 * max(1.0, abs(a), abs(b))
    return abs(a - b) <= max(tol, ABS)


def match_near_ties(exp, act):
    """Reorder act["rows"] within blocks of expected rows whose swings are near-tied (see above)."""
    er, ar = exp["rows"], act["rows"]
    if len(er) != len(ar) or not all(isinstance(r, dict) for r in er + ar):
        return
    i = 0
    while i < len(er):
        j = i + 1
        while (j < len(er) and is_number(er[j].get("swing")) and is_number(er[i].get("swing"))
               and numbers_equal(er[j]["swing"], er[i]["swing"])):
            j += 1
        block_e = er[i:j]
        if j - i > 1 and not all(r["swing"] == block_e[0]["swing"] for r in block_e):
            pool = list(ar[i:j])
            names_e = sorted(str(r.get("assumption")) for r in block_e)
            if names_e == sorted(str(r.get("assumption")) for r in pool):
                ordered = []
                for r in block_e:
                    k = next(n for n, x in enumerate(pool) if x.get("assumption") == r.get("assumption"))
                    ordered.append(pool.pop(k))
                ar[i:j] = ordered
        i = j


def compare(exp, act, path, out):
    if (isinstance(exp, dict) and isinstance(act, dict) and exp.get("kind") == "variance-explanation"
            and isinstance(exp.get("rows"), list) and isinstance(act.get("rows"), list)):
        for i, (e, a) in enumerate(zip(exp["rows"], act["rows"])):
            if (isinstance(e, dict) and isinstance(a, dict) and is_number(e.get("explains"))
                    and is_number(a.get("explains"))
                    and explains_equal(e["explains"], a["explains"], e.get("assumption"))):
                a["explains"] = e["explains"]          # within §8's tolerance: count as equal
    if (isinstance(exp, dict) and isinstance(act, dict) and exp.get("kind") == "sensitivity"
            and isinstance(exp.get("rows"), list) and isinstance(act.get("rows"), list)):
        match_near_ties(exp, act)
    if is_number(exp) and is_number(act):
        if not numbers_equal(exp, act):
            out.append("%s: expected %r, got %r" % (path, exp, act))
        return
    if isinstance(exp, dict) and isinstance(act, dict):
        for k in exp:
            if k not in act:
                out.append("%s.%s: missing" % (path, k))
        for k in act:
            if k not in exp:
                out.append("%s.%s: unexpected key" % (path, k))
        for k in exp:
            if k in act:
                compare(exp[k], act[k], "%s.%s" % (path, k), out)
        return
    if isinstance(exp, list) and isinstance(act, list):
        if len(exp) != len(act):
            out.append("%s: expected %d entries, got %d" % (path, len(exp), len(act)))
        for i, (e, a) in enumerate(zip(exp, act)):
            compare(e, a, "%s[%d]" % (path, i), out)
        return
    # strings, booleans, nulls, or a type mismatch
    if type(exp) is not type(act) or exp != act:
        out.append("%s: expected %s, got %s" % (path, json.dumps(exp), json.dumps(act)))


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line for line in f.read().split("\n") if line.strip()]


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: compare_json.py EXPECTED.jsonl ACTUAL.jsonl\n")
        return 2
    load_ranges(argv[1])
    exp_lines, act_lines = read_lines(argv[1]), read_lines(argv[2])
    mismatches = []
    if len(exp_lines) != len(act_lines):
        mismatches.append("expected %d lines, got %d" % (len(exp_lines), len(act_lines)))
    for n, (e, a) in enumerate(zip(exp_lines, act_lines), start=1):
        try:
            ej = json.loads(e)
        except ValueError as err:
            mismatches.append("line %d: expected file is not JSON: %s" % (n, err))
            continue
        try:
            aj = json.loads(a)
        except ValueError as err:
            mismatches.append("line %d: actual output is not JSON: %s" % (n, err))
            continue
        compare(ej, aj, "line %d: $" % n, mismatches)
    for m in mismatches:
        print(m)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

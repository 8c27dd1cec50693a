#!/usr/bin/env python3
"""Check docs/default-model-v2.json against the model-file rules and compute its baseline.

Standard library only. Usage:

    python3 docs/check_default_model.py [MODEL.json] [--years N] [--quiet]

It checks what can be checked without the engine (design/MODEL.md §1): keys,
key order, ids, ranges, references, shares, returns, places, uncertainty,
actuals, and that every number has a `sources` entry (see "Source keys"
below). It then runs the MODEL.md §3 money equations for the baseline
(X = 0, every enabler at level 1, meet-demand, no `set`), per place and for
the system, checks the mental health investment standard (`growsWithIncome`)
for every year and place, prints the prevention calibration table (cumulative
gross return per £1 at 5 and 10 years) and checks that the income bridge in
docs/DEFAULT-MODEL.md adds up to `income.base`.

Source keys. A number at JSON path P is sourced when `sources` has a key K
equal to P or an ancestor of P (P starts with K followed by "." or "[").
Paths are written:
  - object fields with ".":                 income.base, income.growth
  - array items that have an id with [id]:  categories[acute].base, enablers[digital],
                                            metrics[carbon-direct], places[west-essex].population
  - uncertainty entries by assumption:      uncertainty[acute.demand-growth]
  - map entries keyed by an id or a year:   places[west-essex].categories[acute].share,
                                            metrics[falls-admissions].responses[prevention.ageing-well],
                                            actuals[2023/24].icbBalance
  - plain arrays (growth, kernels) by index, [0], [1], ..., so a key for the array covers them.
Exit status 0 when every check passes, 1 otherwise.
"""
import json
import math
import os
import re
import sys
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))

RESERVED = {
    "balance", "icb-balance", "income", "spend", "prevention", "place", "places", "policy", "rules", "variance",
    "baseline", "levers", "enablers", "categories", "metrics", "assumptions", "sources", "scenario", "actuals",
    "shift", "invest", "enable", "disable", "set", "reset", "undo", "redo", "simulate", "show", "compare",
    "explain", "chart", "montecarlo", "sensitivity", "seek", "run", "save", "export", "report", "model",
    "assert", "echo", "pause", "help", "quit",
}
ID_RE = re.compile(r"^[a-z][a-z0-9]*([-.][a-z][a-z0-9]*)*$")
YEARISH_RE = re.compile(r"^y[0-9]+$")

# Key order of the MODEL.md §1 example (and the optional keys the table adds).
ORDER = {
    "top": ["name", "firstYear", "years", "income", "inflation", "efficiency", "policy", "categories", "enablers",
            "metrics", "places", "uncertainty", "actuals", "sources"],
    "income": ["base", "growth"],
    "category": ["id", "name", "kind", "priority", "base", "demandGrowth", "cashable", "variable", "maxUnmet",
                 "growsWithIncome", "returns"],
    "returns": ["kernel", "to"],
    "enabler": ["id", "name", "cost", "lag", "prevention", "equity", "efficiency"],
    "metric": ["id", "name", "unit", "priority", "better", "base", "trend", "min", "max", "ceiling", "equity",
               "aggregate", "target", "responses", "enablers", "capacity", "activity"],
    "target": ["value", "year"],
    "response": ["perMillion", "kernel"],
    "place": ["id", "name", "population", "incomeShare", "categories", "metrics"],
    "placeCategory": ["share", "demandGrowthDelta"],
    "placeMetric": ["base", "trendDelta"],
    "uncertainty": ["assumption", "low", "mode", "high"],
}
REQUIRED = {
    "top": ["name", "firstYear", "years", "income", "inflation", "efficiency", "categories"],
    "income": ["base", "growth"],
    "category": ["id", "name", "kind", "base"],
    "enabler": ["id", "name", "cost"],
    "metric": ["id", "name", "base"],
    "place": ["id", "name", "population"],
    "uncertainty": ["assumption", "low", "high"],
    "returns": ["kernel", "to"],
    "target": ["value", "year"],
    "response": ["perMillion", "kernel"],
    "placeCategory": [],
    "placeMetric": [],
}
ACTUAL_KEYS = ["income", "spend", "balance", "icbBalance", "categories", "metrics", "places"]
PER_YEAR = {"allocation-growth", "inflation", "efficiency"}

# Facts the places must match (facts-v2.md §1 and §5, 2025/26 allocation tool).
FACT_PLACES = {
    "east-north-herts": (637275, 0.3814),
    "south-west-herts": (693481, 0.4113),
    "west-essex": (335862, 0.2073),
}


class Checker:
    def __init__(self):
        self.errors = []
        self.notes = []

    def err(self, path, msg):
        self.errors.append(f"{path}: {msg}")

    def ok(self, cond, path, msg):
        if not cond:
            self.err(path, msg)
        return cond


def pairs_hook(pairs):
    d = OrderedDict()
    for k, v in pairs:
        if k in d:
            raise ValueError(f"duplicate key {k!r}")
        d[k] = v
    return d


def is_num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def at(arr, t):
    """Per-year array / kernel entry, 1-based year or 0-based lag handled by caller; beyond the end, the last."""
    return arr[t] if t < len(arr) else arr[-1]


def check_keys(ck, obj, kind, path):
    if not isinstance(obj, dict):
        ck.err(path, f"expected an object ({kind})")
        return False
    allowed = ORDER[kind]
    for k in obj:
        ck.ok(k in allowed, f"{path}.{k}", f"unknown key for {kind}")
    for k in REQUIRED[kind]:
        ck.ok(k in obj, path, f"missing required key {k!r}")
    # Key order is not checked: the file is `model save` output, whose order is the program's.
    return True


def check_id(ck, i, path, seen):
    if not isinstance(i, str):
        ck.err(path, "id must be a string")
        return
    ck.ok(bool(ID_RE.match(i)), path, f"id {i!r} is not lower-case words joined by - or .")
    ck.ok(i not in RESERVED, path, f"id {i!r} is a reserved word")
    ck.ok(not YEARISH_RE.match(i), path, f"id {i!r} looks like a year")
    ck.ok(i not in seen, path, f"id {i!r} is not unique")
    seen.add(i)


def walk_numbers(node, path, out):
    """Every number in the model (outside `sources`) with its source path."""
    if isinstance(node, dict):
        for k, v in node.items():
            if path == "" and k == "sources":
                continue
            walk_numbers(v, child_path(path, k, node), out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            if isinstance(v, dict) and "id" in v:
                walk_numbers(v, f"{path}[{v['id']}]", out)
            elif isinstance(v, dict) and "assumption" in v:
                walk_numbers(v, f"{path}[{v['assumption']}]", out)
            else:
                walk_numbers(v, f"{path}[{i}]", out)
    elif is_num(node):
        out.append(path)


ID_MAPS = {"categories", "metrics", "responses", "enablers", "activity", "to", "efficiency", "places"}


def child_path(path, key, parent):
    if path == "":
        return key
    # maps keyed by ids or years: [key]; the id-keyed maps sit under places, metrics, returns, enablers, actuals
    last = re.split(r"[.\[]", path)[-1].rstrip("]")
    if path == "actuals" or (path.startswith("actuals[") and last in ("categories", "metrics", "places")):
        return f"{path}[{key}]"
    if last in ID_MAPS and not path.startswith("actuals"):
        return f"{path}[{key}]"
    return f"{path}.{key}"


def sourced(path, keys):
    for k in keys:
        if path == k or path.startswith(k + ".") or path.startswith(k + "["):
            return True
    return False


def validate(ck, m):
    check_keys(ck, m, "top", "$")
    ck.ok(isinstance(m.get("name"), str), "name", "must be a string")
    years = m.get("years")
    ck.ok(isinstance(years, int) and not isinstance(years, bool) and 1 <= years <= 20, "years", "whole number 1..20")
    ck.ok(isinstance(m.get("firstYear"), int), "firstYear", "whole number")
    inc = m.get("income", {})
    if check_keys(ck, inc, "income", "income"):
        ck.ok(is_num(inc.get("base")) and inc["base"] >= 0, "income.base", ">= 0")
    for p in ("income.growth", "inflation", "efficiency"):
        arr = inc.get("growth") if p == "income.growth" else m.get(p)
        ck.ok(isinstance(arr, list) and len(arr) > 0 and all(is_num(x) and math.isfinite(x) for x in arr), p,
              "non-empty array of finite numbers")
    ck.ok(m.get("policy", "meet-demand") in ("meet-demand", "hold-budgets"), "policy", "meet-demand or hold-budgets")

    seen = set()
    cats = m.get("categories", [])
    kinds = {}
    for c in cats:
        p = f"categories[{c.get('id')}]"
        check_keys(ck, c, "category", p)
        check_id(ck, c.get("id"), p + ".id", seen)
        ck.ok(c.get("kind") in ("treatment", "prevention"), p + ".kind", "treatment or prevention")
        kinds[c.get("id")] = c.get("kind")
        ck.ok(is_num(c.get("base")) and c["base"] >= 0, p + ".base", ">= 0")
        for f in ("cashable", "variable", "maxUnmet"):
            if f in c:
                ck.ok(is_num(c[f]) and 0 <= c[f] <= 1, f"{p}.{f}", "in [0, 1]")
        if c.get("kind") == "prevention":
            for f in ("variable", "maxUnmet", "growsWithIncome"):
                ck.ok(f not in c, f"{p}.{f}", "belongs to treatment categories only")
        if "growsWithIncome" in c:
            ck.ok(isinstance(c["growsWithIncome"], bool), p + ".growsWithIncome", "boolean")
    for c in cats:
        p = f"categories[{c.get('id')}]"
        r = c.get("returns")
        if r is not None:
            check_keys(ck, r, "returns", p + ".returns")
            k = r.get("kernel", [])
            ck.ok(isinstance(k, list) and len(k) > 0 and all(is_num(x) for x in k), p + ".returns.kernel", "non-empty numbers")
            to = r.get("to", {})
            for t, s in to.items():
                ck.ok(kinds.get(t) == "treatment", f"{p}.returns.to[{t}]", "must name a treatment category")
                ck.ok(t != c.get("id"), f"{p}.returns.to[{t}]", "must not name the category itself")
                ck.ok(is_num(s) and s >= 0, f"{p}.returns.to[{t}]", ">= 0")
            ck.ok(abs(sum(to.values()) - 1) <= 1e-9, p + ".returns.to", f"shares sum to {sum(to.values())!r}, not 1")

    ens = m.get("enablers", [])
    for e in ens:
        p = f"enablers[{e.get('id')}]"
        check_keys(ck, e, "enabler", p)
        check_id(ck, e.get("id"), p + ".id", seen)
        ck.ok(is_num(e.get("cost")), p + ".cost", "number")
        for t in e.get("efficiency", {}):
            ck.ok(kinds.get(t) == "treatment", f"{p}.efficiency[{t}]", "must name a treatment category")
    enids = {e.get("id") for e in ens}

    mets = m.get("metrics", [])
    for x in mets:
        p = f"metrics[{x.get('id')}]"
        check_keys(ck, x, "metric", p)
        check_id(ck, x.get("id"), p + ".id", seen)
        ck.ok(x.get("better", "higher") in ("higher", "lower"), p + ".better", "higher or lower")
        ck.ok(x.get("aggregate", "mean") in ("mean", "sum"), p + ".aggregate", "mean or sum")
        if "ceiling" in x:
            ck.ok(x["ceiling"] >= 0, p + ".ceiling", ">= 0")
        if "min" in x and "max" in x:
            ck.ok(x["min"] <= x["max"], p, "min <= max")
        if "target" in x:
            check_keys(ck, x["target"], "target", p + ".target")
        for j, r in x.get("responses", {}).items():
            check_keys(ck, r, "response", f"{p}.responses[{j}]")
            ck.ok(j in kinds, f"{p}.responses[{j}]", "must name a category")
            ck.ok(len(r.get("kernel", [])) > 0, f"{p}.responses[{j}].kernel", "non-empty")
        for e in x.get("enablers", {}):
            ck.ok(e in enids, f"{p}.enablers[{e}]", "must name an enabler")
        for c in x.get("activity", {}):
            ck.ok(c in kinds, f"{p}.activity[{c}]", "must name a category")
    metids = {x.get("id"): x for x in mets}

    pls = m.get("places", [])
    if pls:
        given = [("incomeShare" in q) for q in pls]
        ck.ok(all(given) or not any(given), "places", "incomeShare for every place or for none")
        tot_pop = sum(q.get("population", 0) for q in pls)
        for q in pls:
            p = f"places[{q.get('id')}]"
            check_keys(ck, q, "place", p)
            check_id(ck, q.get("id"), p + ".id", seen)
            ck.ok(is_num(q.get("population")) and q["population"] > 0, p + ".population", "> 0")
            for c, v in q.get("categories", {}).items():
                check_keys(ck, v, "placeCategory", f"{p}.categories[{c}]")
                ck.ok(c in kinds, f"{p}.categories[{c}]", "must name a category")
            for x, v in q.get("metrics", {}).items():
                check_keys(ck, v, "placeMetric", f"{p}.metrics[{x}]")
                ck.ok(x in metids, f"{p}.metrics[{x}]", "must name a metric")
        ws = [q.get("incomeShare", q["population"] / tot_pop) for q in pls]
        ck.ok(abs(sum(ws) - 1) <= 1e-9, "places", f"incomeShare sums to {sum(ws)!r}")
        for c in cats:
            s = sum(q.get("categories", {}).get(c["id"], {}).get("share", w) for q, w in zip(pls, ws))
            ck.ok(abs(s - 1) <= 1e-9, f"places.categories[{c['id']}]", f"place shares sum to {s!r}, not 1")
        for q, w in zip(pls, ws):
            if q.get("id") in FACT_PLACES:
                pop, share = FACT_PLACES[q["id"]]
                ck.ok(q["population"] == pop, f"places[{q['id']}].population", f"{q['population']} differs from facts {pop}")
                ck.ok(abs(w - share) <= 0.01 * share, f"places[{q['id']}].incomeShare",
                      f"{w} not within 1% of the allocation-tool share {share}")

    # uncertainty
    with_returns = {c["id"] for c in cats if c.get("returns")}
    responded = {j for x in mets for j in x.get("responses", {})}
    cashable_used = {t for c in cats if c.get("returns") for t in c["returns"].get("to", {})}
    for u in m.get("uncertainty", []):
        a = u.get("assumption", "")
        p = f"uncertainty[{a}]"
        check_keys(ck, u, "uncertainty", p)
        lo, hi = u.get("low"), u.get("high")
        mo = u.get("mode", (lo + hi) / 2 if is_num(lo) and is_num(hi) else None)
        ck.ok(is_num(lo) and is_num(hi) and is_num(mo) and lo <= mo <= hi, p, "needs low <= mode <= high")
        if a in PER_YEAR:
            continue
        if "." not in a:
            ck.err(p, "unknown assumption")
            continue
        obj, field = a.rsplit(".", 1)
        if field == "demand-growth":
            ck.ok(kinds.get(obj) is not None, p, "no such category")
        elif field == "cashable":
            ck.ok(obj in cashable_used, p, "no returns land on this category, so cashable has no effect")
        elif field == "return-scale":
            ck.ok(obj in with_returns, p, "category has no returns")
        elif field == "effect-scale":
            ck.ok(obj in responded, p, "no metric responds to this category")
        elif field == "cost":
            ck.ok(obj in enids, p, "no such enabler")
        elif field == "trend":
            ck.ok(obj in metids, p, "no such metric")
        else:
            ck.err(p, "unknown assumption field")

    # actuals
    first, T = m.get("firstYear", 0), m.get("years", 1)
    last_label_year = first + T - 1
    for y, v in m.get("actuals", {}).items():
        p = f"actuals[{y}]"
        mm = re.match(r"^(\d{4})/(\d{2})$", y)
        ck.ok(bool(mm) and (int(mm.group(1)) + 1) % 100 == int(mm.group(2)), p, "year label like 2025/26")
        if mm:
            ck.ok(int(mm.group(1)) <= last_label_year, p, "after the horizon's last year")
        for k in v:
            ck.ok(k in ACTUAL_KEYS, f"{p}.{k}", "unknown actuals key")

    # every number sourced
    nums = []
    walk_numbers(m, "", nums)
    keys = list(m.get("sources", {}).keys())
    missing = [p for p in nums if not sourced(p, keys)]
    for p in missing:
        ck.err(p, "number has no `sources` entry (itself or a parent)")
    ck.notes.append(f"{len(nums)} numbers, {len(keys)} source keys, {len(missing)} unsourced")
    # metric spread in Monte Carlo
    trends = {u["assumption"].rsplit(".", 1)[0] for u in m.get("uncertainty", [])
              if u["assumption"].endswith(".trend") and u["low"] < u["high"]}
    eff = {u["assumption"].rsplit(".", 1)[0] for u in m.get("uncertainty", [])
           if u["assumption"].endswith(".effect-scale") and u["low"] < u["high"]}
    for x in mets:
        ck.ok(x["id"] in trends, f"metrics[{x['id']}]", "no M.trend uncertainty with low < high: no Monte Carlo spread at X = 0")
    return nums


def baseline(m, T):
    """MODEL.md §3 with X = 0, L = 1, meet-demand. Returns per place and system series."""
    cats, pls = m["categories"], m.get("places") or [{"id": "(all)", "population": 1, "incomeShare": 1.0}]
    tot_pop = sum(q["population"] for q in pls)
    ws = [q.get("incomeShare", q["population"] / tot_pop) for q in pls]
    growth, infl, eff = m["income"]["growth"], m["inflation"], m["efficiency"]
    res = {"places": OrderedDict(), "income": [0.0] * T, "spend": [0.0] * T, "cat": OrderedDict()}
    for c in cats:
        res["cat"][c["id"]] = [0.0] * T
    for q, w in zip(pls, ws):
        qc = q.get("categories", {})
        inc = [0.0] * T
        spend = [0.0] * T
        F = {}
        for c in cats:
            sh = qc.get(c["id"], {}).get("share", w)
            g = c.get("demandGrowth", 0.0) + qc.get(c["id"], {}).get("demandGrowthDelta", 0.0)
            f = [0.0] * T
            f[0] = c["base"] * sh
            for t in range(1, T):
                if c["kind"] == "treatment":
                    f[t] = f[t - 1] * (1 + g) * (1 + at(infl, t)) * (1 - max(-0.5, min(0.5, at(eff, t))))
                else:
                    f[t] = f[t - 1] * (1 + g) * (1 + at(infl, t))
            F[c["id"]] = f
        for t in range(T):
            inc[t] = m["income"]["base"] * w if t == 0 else inc[t - 1] * (1 + at(growth, t))
            spend[t] = sum(F[c][t] for c in F)   # enablerCost = 0 at L = 1
        res["places"][q["id"]] = {"income": inc, "spend": spend, "balance": [a - b for a, b in zip(inc, spend)], "F": F}
        for t in range(T):
            res["income"][t] += inc[t]
            res["spend"][t] += spend[t]
            for c in F:
                res["cat"][c][t] += F[c][t]
    res["balance"] = [a - b for a, b in zip(res["income"], res["spend"])]
    return res


def mhis(ck, m, res, T):
    lines = []
    for c in m["categories"]:
        if not c.get("growsWithIncome"):
            continue
        for t in range(1, T):
            # system rule (MODEL.md §3): budget[t] >= budget[t-1] * income[t]/income[t-1]
            need = res["cat"][c["id"]][t - 1] * res["income"][t] / res["income"][t - 1]
            ck.ok(res["cat"][c["id"]][t] >= need - 1e-9, f"categories[{c['id']}]",
                  f"MHIS breach (system) in year {t + 1}")
            for pid, pr in res["places"].items():
                f = pr["F"][c["id"]]
                needp = f[t - 1] * pr["income"][t] / pr["income"][t - 1]
                ck.ok(f[t] >= needp - 1e-9, f"places[{pid}].categories[{c['id']}]", f"MHIS breach in year {t + 1}")
            g_f = res["cat"][c["id"]][t] / res["cat"][c["id"]][t - 1] - 1
            g_i = res["income"][t] / res["income"][t - 1] - 1
            lines.append((t, g_f, g_i))
    return lines


def label(first, t):
    y = first + t
    return f"{y}/{(y + 1) % 100:02d}"


def calibration(m):
    rows = []
    for c in m["categories"]:
        r = c.get("returns")
        if not r:
            continue
        k = r["kernel"]
        cum = lambda n: sum(at(k, i) for i in range(n))
        pay = next((n for n in range(1, 61) if cum(n) >= 1 - 1e-12), None)
        rows.append((c["id"], cum(2), cum(5), cum(10), cum(20), k[-1], pay))
    return rows


def bridge_total(docpath):
    """Sum the rows of the income bridge table in DEFAULT-MODEL.md (between <!-- bridge --> markers)."""
    if not os.path.exists(docpath):
        return None, None
    text = open(docpath, encoding="utf-8").read()
    mm = re.search(r"<!-- bridge -->(.*?)<!-- /bridge -->", text, re.S)
    if not mm:
        return None, None
    rows, total = [], None
    for line in mm.group(1).splitlines():
        cells = [x.strip() for x in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not re.match(r"^\**[−\-+]?[0-9,]+\.[0-9]+\**$", cells[-1]):
            continue
        v = float(cells[-1].strip("*").replace(",", "").replace("−", "-"))
        if cells[0].strip("*").lower().startswith("total"):
            total = v
        else:
            rows.append(v)
    return rows, total


def main(argv):
    path = os.path.join(HERE, "default-model-v2.json")
    years = None
    quiet = False
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--years":
            years = int(args.pop(0))
        elif a == "--quiet":
            quiet = True
        else:
            path = a
    ck = Checker()
    try:
        m = json.load(open(path, encoding="utf-8"), object_pairs_hook=pairs_hook)
    except ValueError as e:
        print(f"{path}: not valid JSON: {e}")
        return 1
    validate(ck, m)
    first = m["firstYear"]
    T = years or m["years"]
    res = baseline(m, T)
    lines = mhis(ck, m, res, T)

    rows, total = bridge_total(os.path.join(HERE, "DEFAULT-MODEL.md"))
    if rows is not None:
        ck.ok(total is not None and abs(sum(rows) - total) < 1e-6, "DEFAULT-MODEL.md bridge",
              f"rows sum to {sum(rows):.1f}, total says {total}")
        ck.ok(total is not None and abs(total - m["income"]["base"]) < 1e-6, "DEFAULT-MODEL.md bridge",
              f"total {total} differs from income.base {m['income']['base']}")
    else:
        ck.notes.append("no <!-- bridge --> table found in DEFAULT-MODEL.md")

    if not quiet:
        print(f"model: {m['name']} ({path})")
        print(f"horizon: {label(first, 0)}-{label(first, T - 1)} ({T} years)")
        print("\nBaseline (X = 0, L = 1, meet-demand), £m:")
        print(f"{'year':>9} {'income':>10} {'spend':>10} {'balance':>9} {'cumul.':>9}   " +
              "  ".join(f"{pid:>17}" for pid in res["places"]))
        cum = 0.0
        for t in range(T):
            cum += res["balance"][t]
            print(f"{label(first, t):>9} {res['income'][t]:10.1f} {res['spend'][t]:10.1f} {res['balance'][t]:9.1f} {cum:9.1f}   " +
                  "  ".join(f"{pr['balance'][t]:17.1f}" for pr in res["places"].values()))
        print("(place columns: balance; ICB balance equals the system balance at X = 0, since payment = budget = outturn)")
        print("\nSpend by line, £m:")
        for c, v in res["cat"].items():
            print(f"  {c:34s} " + " ".join(f"{x:9.1f}" for x in v))
        print("\nMental health investment standard (system F growth vs income growth):")
        for t, gf, gi in lines:
            print(f"  {label(first, t)}: mental health {gf * 100:.3f}%  income {gi * 100:.3f}%  {'met' if gf >= gi - 1e-12 else 'BREACH'}")
        print("\nReturns calibration (cumulative gross return per £1; the last entry holds beyond the kernel):")
        print(f"  {'category':34s} {'2 yrs':>6} {'5 yrs':>6} {'10 yrs':>6} {'20 yrs':>6} {'tail':>6} payback")
        for cid, c2, c5, c10, c20, tail, pay in calibration(m):
            print(f"  {cid:34s} {c2:6.2f} {c5:6.2f} {c10:6.2f} {c20:6.2f} {tail:6.3f} {('year ' + str(pay)) if pay else 'never'}")
        if rows is not None:
            print(f"\nIncome bridge in DEFAULT-MODEL.md: {len(rows)} rows, sum {sum(rows):.1f}, total {total}, income.base {m['income']['base']}")
        for n in ck.notes:
            print("note:", n)
    if ck.errors:
        print(f"\n{len(ck.errors)} problem(s):")
        for e in ck.errors:
            print("  " + e)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

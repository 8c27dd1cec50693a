#!/usr/bin/env python3
"""Check a default model file against the model-file rules and compute its baseline.

Standard library only. Usage:

    python3 docs/check_default_model.py [MODEL.json] [--years N] [--quiet]
                                        [--montecarlo N] [--seed S] [--doc FILE]

With no MODEL.json it checks docs/default-model-v3.json (version 3, the built-in model). A file that uses any
version 3 key (income streams, pressure, targets, drives, organisations, risks,
correlations) is checked as version 3.

Version 2 (the contract (docs/MODEL.md) version 2). It checks what can be checked without the engine
(MODEL.md §1): keys, ids, ranges, references, shares, returns, places, uncertainty,
actuals, and that every number has a `sources` entry (see "Source keys" below). It then
runs the MODEL.md §3 money equations for the baseline (X = 0, every enabler at level 1,
meet-demand, no `set`), per place and for the system, checks the mental health
investment standard (`growsWithIncome`) for every year and place, prints the prevention
calibration table (cumulative gross return per £1 at 5 and 10 years) and checks that the
income bridge in docs/DEFAULT-MODEL-v2.md adds up to `income.base`.

Version 3 (the contract (docs/MODEL.md) version 3). The same checks for the version 3 keys: income
streams (base or amounts, recurrent, mhisBase, commissioner), `pressure`, `targets`,
`drives` (a sum metric; no response category may have returns to the driven line),
organisations (every place in exactly one commissioner; providers' `delivers` at most 1
per category and place; support >= 0), risks, correlations (positive definite), the
assumptions of MODEL.md §5 (each must have an effect), organisation actuals, and that
every number has a source given as {cite, status} with status sourced, derived or
estimate. It applies the default model's own policy: every uncertainty mode is the plan
value (0 for a per-year offset) and every metric has M.trend and M.level ranges. It then
works out MODEL.md §3, §4 and §9 for the plan: the streams, each line's efficient cost
with pressure, each organisation's balance, the underlying and risk-adjusted positions and
the MHIS headroom of each commissioner; and checks that
  - the system equals its organisations (at plan, in outturn probes under both policies,
    and in a shift scenario),
  - running costs are within the £18.76-a-head cap and the MHIS is met at plan,
  - the 2026/27 positions reconcile with docs/research/facts-v3.md (each body plans breakeven;
    each trust's underlying position is its 2025/26 plan excluding deficit support),
  - the income bridge and the CIP bridge in docs/DEFAULT-MODEL.md (tables between
    <!-- bridge-v3 --> and <!-- cip-bridge --> markers; --doc names another file) add up
    and match the model,
  - prevention aimed at the place with the worst baseline narrows the gap between places
    on every mean metric it moves, and a mental health cut under hold-budgets harms the
    metrics that read mental health's outturn,
  - Monte Carlo (--montecarlo N, default 1,000 draws for a version 3 file, 0 to skip; seed
    --seed): the plan lies within P10-P90 in every year and the median within a quarter of
    that width of the plan, for the system, ICB and underlying balances. Draws follow
    MODEL.md §5 and §7 (triangular, Gaussian copula for correlated assumptions, per-year
    draws as offsets to years 2..T, each risk and mitigation happening with its
    probability); percentiles interpolate linearly between order statistics.
These are this script's own workings of the MODEL.md equations for the baseline, not the
engine's.

Source keys. A number at JSON path P is sourced when `sources` has a key K
equal to P or an ancestor of P (P starts with K followed by "." or "["); in version 3 the
most specific such key gives its status. Paths are written:
  - object fields with ".":                 income.base, income.growth
  - array items that have an id with [id]:  categories[acute].base, enablers[digital],
                                            metrics[carbon-direct], places[west-essex].population,
                                            income.streams[core].base, organisations[whth].support,
                                            risks[chc-fees].impact
  - uncertainty entries by assumption:      uncertainty[acute.demand-growth]
  - correlations by their pair:             correlations[inflation,core.growth]
  - map entries keyed by an id or a year:   places[west-essex].categories[acute].share,
                                            metrics[falls-admissions].responses[prevention.falls],
                                            organisations[pah].delivers[acute][west-essex],
                                            actuals[2023/24].icbBalance, actuals[2024/25].organisations[whth]
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


# ---------------------------------------------------------------------------------------------------------------
# Version 3 (the contract (docs/MODEL.md) version 3): streams, pressure, organisations, risks, correlations, targets, drives.
# ---------------------------------------------------------------------------------------------------------------

RESERVED3 = RESERVED | {
    "underlying", "risk-adjusted", "organisations", "plan", "risks", "outturn", "risk", "mitigation", "rule",
    "in", "on", "at", "of", "from", "to", "by", "and", "vs", "off", "between", "such", "that", "every", "year",
    "non-recurrent", "replace", "seed", "change", "cumulative",
}
ORDER3 = {
    "top": ["name", "firstYear", "years", "income", "inflation", "efficiency", "policy", "categories", "enablers",
            "metrics", "places", "organisations", "risks", "uncertainty", "correlations", "actuals", "sources"],
    "income": ["base", "growth", "streams"],
    "stream": ["id", "name", "base", "growth", "amounts", "recurrent", "mhisBase", "commissioner"],
    "category": ["id", "name", "kind", "priority", "base", "demandGrowth", "cashable", "variable", "maxUnmet",
                 "growsWithIncome", "pressure", "returns"],
    "returns": ["kernel", "to"],
    "enabler": ["id", "name", "cost", "lag", "prevention", "equity", "efficiency"],
    "metric": ["id", "name", "unit", "priority", "better", "base", "trend", "min", "max", "ceiling", "equity",
               "aggregate", "target", "targets", "drives", "responses", "enablers", "capacity", "activity"],
    "target": ["value", "year"],
    "drives": ["category", "unitCost"],
    "response": ["perMillion", "kernel"],
    "place": ["id", "name", "population", "incomeShare", "categories", "metrics"],
    "placeCategory": ["share", "demandGrowthDelta"],
    "placeMetric": ["base", "trendDelta"],
    "organisation": ["id", "name", "kind", "places", "delivers", "planPosition", "support"],
    "risk": ["id", "name", "kind", "org", "impact", "probability", "recurrent"],
    "uncertainty": ["assumption", "low", "mode", "high"],
    "correlation": ["a", "b", "rho"],
    "source": ["cite", "status"],
}
REQUIRED3 = {
    "top": ["name", "firstYear", "years", "income", "inflation", "efficiency", "categories"],
    "income": [], "stream": ["id", "name"], "category": ["id", "name", "kind", "base"], "returns": ["kernel", "to"],
    "enabler": ["id", "name", "cost"], "metric": ["id", "name", "base"], "target": ["value", "year"],
    "drives": ["category", "unitCost"], "response": ["perMillion", "kernel"], "place": ["id", "name", "population"],
    "placeCategory": [], "placeMetric": [], "organisation": ["id", "name", "kind"],
    "risk": ["id", "name", "kind", "impact", "probability"], "uncertainty": ["assumption", "low", "high"],
    "correlation": ["a", "b", "rho"], "source": ["cite", "status"],
}
ACTUAL_KEYS3 = ACTUAL_KEYS + ["organisations"]
PER_YEAR3 = {"allocation-growth", "inflation", "efficiency"}
STATUSES = ("sourced", "derived", "estimate")

# facts-v3.md §1b: each trust's 2025/26 planned position excluding deficit support (NHS Oversight Framework
# OF0079, Q3 2025/26, and the NHSE financial performance report Q3), £m; None where NOT FOUND. HCT's is -0.2% of
# a turnover that was not published (NCC cost £120.4m x 1.159, the mean turnover/NCC ratio of WHTH and PAH).
FACT_TRUST_PLANS = OrderedDict([
    ("enht", (0.0, "OF0079 0.0% (breakeven), 2025/26 Q3")),
    ("whth", (-3.3, "plan excluding DSF -£3.3m (OF0079 -0.56%), 2025/26 Q3")),
    ("pah", (-5.3, "plan excluding DSF -£5.3m (OF0079 -1.24%), 2025/26 Q3")),
    ("hct", (-0.28, "OF0079 -0.2% of about £139.5m (derived turnover), 2025/26 Q3")),
    ("clch", (0.0, "OF0079 0.0% (whole trust), 2025/26 Q3")),
    ("hpft", (None, "NOT FOUND: breakeven placeholder")),
    ("eput", (None, "NOT FOUND: breakeven placeholder")),
    ("eeast", (None, "NOT FOUND: breakeven placeholder")),
])
RUNNING_COST_CAP = 18.76  # £ per head (draft model ICB blueprint; facts-v2 §1)


def is_v3(m):
    inc = m.get("income", {})
    if isinstance(inc, dict) and "streams" in inc:
        return True
    if any(k in m for k in ("organisations", "risks", "correlations")):
        return True
    if any("pressure" in c for c in m.get("categories", [])):
        return True
    return any(("targets" in x or "drives" in x) for x in m.get("metrics", []))


def check_keys3(ck, obj, kind, path):
    if not isinstance(obj, dict):
        ck.err(path, f"expected an object ({kind})")
        return False
    for k in obj:
        ck.ok(k in ORDER3[kind], f"{path}.{k}", f"unknown key for {kind}")
    for k in REQUIRED3[kind]:
        ck.ok(k in obj, path, f"missing required key {k!r}")
    return True


def check_id3(ck, i, path, seen):
    if not isinstance(i, str):
        ck.err(path, "id must be a string")
        return
    ck.ok(bool(ID_RE.match(i)), path, f"id {i!r} is not lower-case words joined by - or .")
    ck.ok(i not in RESERVED3, path, f"id {i!r} is a reserved word")
    ck.ok(not YEARISH_RE.match(i), path, f"id {i!r} looks like a year")
    ck.ok(i not in seen, path, f"id {i!r} is not unique")
    seen.add(i)


def per_year_ok(ck, arr, path, nonneg=False):
    ok = isinstance(arr, list) and len(arr) > 0 and all(is_num(x) and math.isfinite(x) for x in arr)
    ck.ok(ok, path, "non-empty array of finite numbers")
    if ok and nonneg:
        ck.ok(all(x >= 0 for x in arr), path, "entries >= 0")
    return ok


def child_path3(path, key, parent):
    if path == "":
        return key
    if re.search(r"\.delivers\[[^\]]+\]$", path):          # delivers[category] -> place map
        return f"{path}[{key}]"
    if path.startswith("actuals[") and path.endswith(".organisations"):
        return f"{path}[{key}]"
    return child_path(path, key, parent)


def walk_numbers3(node, path, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if path == "" and k == "sources":
                continue
            walk_numbers3(v, child_path3(path, k, node), out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            if isinstance(v, dict) and "id" in v:
                walk_numbers3(v, f"{path}[{v['id']}]", out)
            elif isinstance(v, dict) and "assumption" in v:
                walk_numbers3(v, f"{path}[{v['assumption']}]", out)
            elif isinstance(v, dict) and "a" in v and "b" in v:
                walk_numbers3(v, f"{path}[{v['a']},{v['b']}]", out)
            else:
                walk_numbers3(v, f"{path}[{i}]", out)
    elif is_num(node):
        out.append(path)


def source_of(path, sources):
    """The most specific `sources` key covering path (itself or an ancestor), or None."""
    best = None
    for k in sources:
        if path == k or path.startswith(k + ".") or path.startswith(k + "["):
            if best is None or len(k) > len(best):
                best = k
    return best


def validate3(ck, m, require_status=True):
    check_keys3(ck, m, "top", "$")
    ck.ok(isinstance(m.get("name"), str), "name", "must be a string")
    years = m.get("years")
    ck.ok(isinstance(years, int) and not isinstance(years, bool) and 1 <= years <= 20, "years", "whole number 1..20")
    ck.ok(isinstance(m.get("firstYear"), int), "firstYear", "whole number")
    for p in ("inflation", "efficiency"):
        per_year_ok(ck, m.get(p), p)
    ck.ok(m.get("policy", "meet-demand") in ("meet-demand", "hold-budgets"), "policy", "meet-demand or hold-budgets")
    seen = set()
    inc = m.get("income", {})
    streams = []
    if check_keys3(ck, inc, "income", "income"):
        if "streams" in inc:
            ck.ok("base" not in inc and "growth" not in inc, "income", "either {base, growth} or {streams}, never both")
            streams = inc["streams"]
            ck.ok(isinstance(streams, list) and len(streams) > 0, "income.streams", "non-empty list")
        else:
            ck.ok(is_num(inc.get("base")) and inc["base"] >= 0, "income.base", ">= 0")
            per_year_ok(ck, inc.get("growth"), "income.growth")
    cats = m.get("categories", [])
    kinds = {c.get("id"): c.get("kind") for c in cats}
    orgs = m.get("organisations", [])
    commissioners = [o for o in orgs if o.get("kind") == "commissioner"]
    com_ids = {o.get("id") for o in commissioners}
    for st in streams:
        p = f"income.streams[{st.get('id')}]"
        check_keys3(ck, st, "stream", p)
        check_id3(ck, st.get("id"), p + ".id", seen)
        has_base, has_amounts = "base" in st, "amounts" in st
        ck.ok(has_base != has_amounts, p, "needs either base (with growth) or amounts, not both")
        if has_base:
            ck.ok(is_num(st["base"]) and st["base"] >= 0, p + ".base", ">= 0")
            if "growth" in st:
                per_year_ok(ck, st["growth"], p + ".growth")
        if has_amounts:
            per_year_ok(ck, st["amounts"], p + ".amounts")
            ck.ok("growth" not in st, p + ".growth", "a stream with amounts has no growth")
        for f in ("recurrent", "mhisBase"):
            if f in st:
                ck.ok(isinstance(st[f], bool), f"{p}.{f}", "boolean")
        if "commissioner" in st:
            ck.ok(st["commissioner"] in com_ids, p + ".commissioner", "must name a commissioner")

    for c in cats:
        p = f"categories[{c.get('id')}]"
        check_keys3(ck, c, "category", p)
        check_id3(ck, c.get("id"), p + ".id", seen)
        ck.ok(c.get("kind") in ("treatment", "prevention"), p + ".kind", "treatment or prevention")
        ck.ok(is_num(c.get("base")) and c["base"] >= 0, p + ".base", ">= 0")
        for f in ("cashable", "variable", "maxUnmet"):
            if f in c:
                ck.ok(is_num(c[f]) and 0 <= c[f] <= 1, f"{p}.{f}", "in [0, 1]")
        if c.get("kind") == "prevention":
            for f in ("variable", "maxUnmet", "growsWithIncome"):
                ck.ok(f not in c, f"{p}.{f}", "belongs to treatment categories only")
        if "growsWithIncome" in c:
            ck.ok(isinstance(c["growsWithIncome"], bool), p + ".growsWithIncome", "boolean")
        if "pressure" in c:
            per_year_ok(ck, c["pressure"], p + ".pressure")
        r = c.get("returns")
        if r is not None:
            check_keys3(ck, r, "returns", p + ".returns")
            per_year_ok(ck, r.get("kernel"), p + ".returns.kernel")
            to = r.get("to", {})
            for t, s in to.items():
                ck.ok(kinds.get(t) == "treatment", f"{p}.returns.to[{t}]", "must name a treatment category")
                ck.ok(t != c.get("id"), f"{p}.returns.to[{t}]", "must not name the category itself")
                ck.ok(is_num(s) and s >= 0, f"{p}.returns.to[{t}]", ">= 0")
            ck.ok(abs(sum(to.values()) - 1) <= 1e-9, p + ".returns.to", f"shares sum to {sum(to.values())!r}, not 1")

    ens = m.get("enablers", [])
    for e in ens:
        p = f"enablers[{e.get('id')}]"
        check_keys3(ck, e, "enabler", p)
        check_id3(ck, e.get("id"), p + ".id", seen)
        ck.ok(is_num(e.get("cost")), p + ".cost", "number")
        for t in e.get("efficiency", {}):
            ck.ok(kinds.get(t) == "treatment", f"{p}.efficiency[{t}]", "must name a treatment category")
    enids = {e.get("id") for e in ens}

    mets = m.get("metrics", [])
    for x in mets:
        p = f"metrics[{x.get('id')}]"
        check_keys3(ck, x, "metric", p)
        check_id3(ck, x.get("id"), p + ".id", seen)
        ck.ok(x.get("better", "higher") in ("higher", "lower"), p + ".better", "higher or lower")
        ck.ok(x.get("aggregate", "mean") in ("mean", "sum"), p + ".aggregate", "mean or sum")
        if "ceiling" in x:
            ck.ok(is_num(x["ceiling"]) and x["ceiling"] >= 0, p + ".ceiling", ">= 0")
        if "min" in x and "max" in x:
            ck.ok(x["min"] <= x["max"], p, "min <= max")
        ck.ok(not ("target" in x and "targets" in x), p, "give target or targets, not both")
        tl = x.get("targets", [x["target"]] if "target" in x else [])
        if "targets" in x:
            ck.ok(isinstance(x["targets"], list) and len(x["targets"]) > 0, p + ".targets", "non-empty list")
        for i, tg in enumerate(tl):
            check_keys3(ck, tg, "target", f"{p}.targets[{i}]")
            ck.ok(isinstance(tg.get("year"), int), f"{p}.targets[{i}].year", "a calendar year")
        for j, r in x.get("responses", {}).items():
            check_keys3(ck, r, "response", f"{p}.responses[{j}]")
            ck.ok(j in kinds, f"{p}.responses[{j}]", "must name a category")
            per_year_ok(ck, r.get("kernel"), f"{p}.responses[{j}].kernel")
        for e in x.get("enablers", {}):
            ck.ok(e in enids, f"{p}.enablers[{e}]", "must name an enabler")
        for c in x.get("activity", {}):
            ck.ok(c in kinds, f"{p}.activity[{c}]", "must name a category")
        d = x.get("drives")
        if d is not None:
            check_keys3(ck, d, "drives", p + ".drives")
            ck.ok(x.get("aggregate", "mean") == "sum", p + ".drives", "only a sum metric may drive a line")
            ck.ok(kinds.get(d.get("category")) == "treatment", p + ".drives.category", "must name a treatment category")
            ck.ok(is_num(d.get("unitCost")) and d["unitCost"] > 0, p + ".drives.unitCost", "> 0")
            for j in x.get("responses", {}):
                cj = next((c for c in cats if c.get("id") == j), {})
                ck.ok(d.get("category") not in (cj.get("returns") or {}).get("to", {}), f"{p}.drives",
                      f"{j} has returns to {d.get('category')} and is a response of this metric: the saving "
                      f"would be counted twice")
    metids = {x.get("id"): x for x in mets}

    pls = m.get("places", [])
    place_ids = [q.get("id") for q in pls]
    ws = []
    if pls:
        given = [("incomeShare" in q) for q in pls]
        ck.ok(all(given) or not any(given), "places", "incomeShare for every place or for none")
        tot_pop = sum(q.get("population", 0) for q in pls)
        for q in pls:
            p = f"places[{q.get('id')}]"
            check_keys3(ck, q, "place", p)
            check_id3(ck, q.get("id"), p + ".id", seen)
            ck.ok(is_num(q.get("population")) and q["population"] > 0, p + ".population", "> 0")
            for c, v in q.get("categories", {}).items():
                check_keys3(ck, v, "placeCategory", f"{p}.categories[{c}]")
                ck.ok(c in kinds, f"{p}.categories[{c}]", "must name a category")
            for x, v in q.get("metrics", {}).items():
                check_keys3(ck, v, "placeMetric", f"{p}.metrics[{x}]")
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

    # organisations
    covered = {}
    delivered = {}
    for o in orgs:
        p = f"organisations[{o.get('id')}]"
        check_keys3(ck, o, "organisation", p)
        check_id3(ck, o.get("id"), p + ".id", seen)
        kind = o.get("kind")
        ck.ok(kind in ("commissioner", "provider"), p + ".kind", "commissioner or provider")
        if kind == "commissioner":
            for f in ("delivers", "planPosition", "support"):
                ck.ok(f not in o, f"{p}.{f}", "a commissioner has no " + f)
            for q in o.get("places", []):
                ck.ok(q in place_ids, f"{p}.places", f"no such place {q!r}")
                ck.ok(q not in covered, f"{p}.places", f"place {q!r} already belongs to {covered.get(q)}")
                covered[q] = o.get("id")
            if pls:
                h = sum(w for q, w in zip(pls, ws) if q["id"] in o.get("places", []))
                ck.ok(h > 0, f"{p}.places", "its places have no income share")
        elif kind == "provider":
            ck.ok("places" not in o, p + ".places", "a provider has no places")
            for c, mp in o.get("delivers", {}).items():
                ck.ok(kinds.get(c) == "treatment", f"{p}.delivers[{c}]", "must name a treatment category")
                if pls:
                    ck.ok(isinstance(mp, dict), f"{p}.delivers[{c}]", "place -> share")
                    for q, s in (mp.items() if isinstance(mp, dict) else []):
                        ck.ok(q in place_ids, f"{p}.delivers[{c}][{q}]", "no such place")
                        ck.ok(is_num(s) and 0 <= s <= 1, f"{p}.delivers[{c}][{q}]", "share in [0, 1]")
                        delivered[(c, q)] = delivered.get((c, q), 0.0) + s
            for f in ("planPosition", "support"):
                if f in o:
                    per_year_ok(ck, o[f], f"{p}.{f}", nonneg=(f == "support"))
    if commissioners and pls:
        for q in place_ids:
            ck.ok(q in covered, "organisations", f"place {q!r} belongs to no commissioner")
    for (c, q), s in delivered.items():
        ck.ok(s <= 1 + 1e-9, f"organisations.delivers[{c}][{q}]", f"providers' shares sum to {s:.4f} > 1")
    orgids = {o.get("id") for o in orgs}

    # risks
    for r in m.get("risks", []):
        p = f"risks[{r.get('id')}]"
        check_keys3(ck, r, "risk", p)
        check_id3(ck, r.get("id"), p + ".id", seen)
        ck.ok(r.get("kind") in ("risk", "mitigation"), p + ".kind", "risk or mitigation")
        per_year_ok(ck, r.get("impact"), p + ".impact", nonneg=True)
        ck.ok(is_num(r.get("probability")) and 0 <= r["probability"] <= 1, p + ".probability", "in [0, 1]")
        if "org" in r:
            ck.ok(r["org"] in orgids, p + ".org", "must name an organisation")
        if "recurrent" in r:
            ck.ok(isinstance(r["recurrent"], bool), p + ".recurrent", "boolean")

    # uncertainty: every assumption must exist and have an effect (MODEL.md §1, §5)
    stream_ids = {st.get("id"): st for st in streams}
    with_returns = {c["id"] for c in cats if c.get("returns")}
    responded = {j for x in mets for j in x.get("responses", {})}
    cashable_used = {t for c in cats if c.get("returns") for t in c["returns"].get("to", {})}
    cashable_used |= {x["drives"]["category"] for x in mets if x.get("drives")}
    risk_ids = {r.get("id") for r in m.get("risks", [])}
    unc_ids = []
    for u in m.get("uncertainty", []):
        a = u.get("assumption", "")
        p = f"uncertainty[{a}]"
        check_keys3(ck, u, "uncertainty", p)
        ck.ok(a not in unc_ids, p, "assumption listed twice")
        unc_ids.append(a)
        lo, hi = u.get("low"), u.get("high")
        mo = u.get("mode", (lo + hi) / 2 if is_num(lo) and is_num(hi) else None)
        ck.ok(is_num(lo) and is_num(hi) and is_num(mo) and lo <= mo <= hi, p, "needs low <= mode <= high")
        if a in PER_YEAR3:
            ck.ok(a != "allocation-growth" or not streams, p, "a model with streams has no allocation-growth")
            continue
        if "." not in a:
            ck.err(p, "unknown assumption")
            continue
        obj, field = a.rsplit(".", 1)
        if field == "demand-growth":
            ck.ok(kinds.get(obj) is not None, p, "no such category")
        elif field == "pressure":
            ck.ok(kinds.get(obj) is not None, p, "no such category")
        elif field == "cashable":
            ck.ok(obj in cashable_used, p, "no returns or drives land on this category, so cashable has no effect")
        elif field == "return-scale":
            ck.ok(obj in with_returns, p, "category has no returns")
        elif field == "effect-scale":
            ck.ok(obj in responded, p, "no metric responds to this category")
        elif field == "cost":
            ck.ok(obj in enids, p, "no such enabler")
        elif field in ("trend", "level"):
            ck.ok(obj in metids, p, "no such metric")
        elif field == "growth":
            ck.ok(obj in stream_ids and "base" in stream_ids[obj], p, "no stream with a base of that id")
        elif field == "amount":
            ck.ok(obj in stream_ids and "amounts" in stream_ids[obj], p, "no stream with amounts of that id")
        elif field == "probability":
            ck.ok(obj in risk_ids, p, "no such risk")
        else:
            ck.err(p, "unknown assumption field")

    # correlations
    pairs = set()
    corr = m.get("correlations", [])
    for cr in corr:
        a, b = cr.get("a"), cr.get("b")
        p = f"correlations[{a},{b}]"
        check_keys3(ck, cr, "correlation", p)
        ck.ok(a in unc_ids and b in unc_ids, p, "both assumptions need an uncertainty entry")
        ck.ok(a != b, p, "a pair of two different assumptions")
        ck.ok(is_num(cr.get("rho")) and -1 < cr["rho"] < 1, p + ".rho", "in (-1, 1)")
        key = tuple(sorted((str(a), str(b))))
        ck.ok(key not in pairs, p, "pair given twice")
        pairs.add(key)
    if corr:
        names = sorted({x for cr in corr for x in (cr["a"], cr["b"])})
        M = [[1.0 if i == j else 0.0 for j in range(len(names))] for i in range(len(names))]
        for cr in corr:
            i, j = names.index(cr["a"]), names.index(cr["b"])
            M[i][j] = M[j][i] = cr["rho"]
        ck.ok(cholesky(M) is not None, "correlations", "the correlation matrix is not positive definite")

    # actuals
    first, T = m.get("firstYear", 0), m.get("years", 1)
    for y, v in m.get("actuals", {}).items():
        p = f"actuals[{y}]"
        mm = re.match(r"^(\d{4})/(\d{2})$", y)
        ck.ok(bool(mm) and (int(mm.group(1)) + 1) % 100 == int(mm.group(2)), p, "year label like 2025/26")
        if mm:
            ck.ok(int(mm.group(1)) <= first + T - 1, p, "after the horizon's last year")
        for k in v:
            ck.ok(k in ACTUAL_KEYS3, f"{p}.{k}", "unknown actuals key")
        for o in v.get("organisations", {}):
            ck.ok(o in orgids, f"{p}.organisations[{o}]", "no such organisation")

    # sources: every number has one, and (version 3) every source says its status
    srcs = m.get("sources", {})
    for k, v in srcs.items():
        if isinstance(v, str):
            ck.ok(not require_status, f"sources[{k}]", "a version 3 default model gives {cite, status}, not a bare string")
        else:
            check_keys3(ck, v, "source", f"sources[{k}]")
            ck.ok(isinstance(v.get("cite"), str) and v["cite"].strip() != "", f"sources[{k}].cite", "a citation")
            ck.ok(v.get("status") in STATUSES, f"sources[{k}].status", "sourced, derived or estimate")
    nums = []
    walk_numbers3(m, "", nums)
    keys = list(srcs.keys())
    missing = [p for p in nums if not sourced(p, keys)]
    for p in missing:
        ck.err(p, "number has no `sources` entry (itself or a parent)")
    status_count = {s: 0 for s in STATUSES}
    for p in nums:
        k = source_of(p, keys)
        if k is not None:
            v = srcs[k]
            st_ = v.get("status", "sourced") if isinstance(v, dict) else "sourced"
            if st_ in status_count:
                status_count[st_] += 1
    ck.notes.append(f"{len(nums)} numbers, {len(keys)} source keys, {len(missing)} unsourced; by status: " +
                    ", ".join(f"{s} {n}" for s, n in status_count.items()))

    # the default model's own policy (issue 24): uncertainty centred on the plan, M.level and M.trend per metric
    plan_scalar = scalar_plan_values(m)
    for u in m.get("uncertainty", []):
        a = u["assumption"]
        mo = u.get("mode", (u["low"] + u["high"]) / 2)
        if is_per_year(m, a):
            ck.ok(abs(mo) <= 1e-12, f"uncertainty[{a}]", f"a per-year offset's mode must be 0 (the plan), not {mo}")
        elif a in plan_scalar:
            ck.ok(abs(mo - plan_scalar[a]) <= 1e-9, f"uncertainty[{a}]",
                  f"mode {mo} is not the plan value {plan_scalar[a]}")
    drawn = {u["assumption"] for u in m.get("uncertainty", []) if u["low"] < u["high"]}
    for x in mets:
        ck.ok(x["id"] + ".trend" in drawn, f"metrics[{x['id']}]", "no M.trend uncertainty with low < high")
        ck.ok(x["id"] + ".level" in drawn, f"metrics[{x['id']}]", "no M.level uncertainty with low < high")
    return nums


def is_per_year(m, a):
    if a in PER_YEAR3:
        return True
    if "." in a:
        obj, field = a.rsplit(".", 1)
        return field in ("growth", "amount", "pressure")
    return False


def scalar_plan_values(m):
    """Plan value of every scalar assumption (MODEL.md §5)."""
    v = {}
    for c in m["categories"]:
        v[c["id"] + ".demand-growth"] = c.get("demandGrowth", 0.0)
        v[c["id"] + ".cashable"] = c.get("cashable", 1.0)
        v[c["id"] + ".return-scale"] = 1.0
        v[c["id"] + ".effect-scale"] = 1.0
    for e in m.get("enablers", []):
        v[e["id"] + ".cost"] = e["cost"]
    for x in m.get("metrics", []):
        v[x["id"] + ".trend"] = x.get("trend", 0.0)
        v[x["id"] + ".level"] = 0.0
    for r in m.get("risks", []):
        v[r["id"] + ".probability"] = r["probability"]
    return v


def cholesky(A):
    n = len(A)
    L = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            s = A[i][j] - sum(L[i][k] * L[j][k] for k in range(j))
            if i == j:
                if s <= 1e-12:
                    return None
                L[i][j] = math.sqrt(s)
            else:
                L[i][j] = s / L[j][j]
    return L


# ----- the MODEL.md §3, §4 and §9 equations (no enabler changes: L = 1) -------------------------------------------

class Model3:
    """Precomputed structure of a version 3 model for runs of its equations."""

    def __init__(self, m, T=None):
        self.m = m
        self.T = T or m["years"]
        self.first = m["firstYear"]
        pls = m.get("places") or [{"id": "(all)", "population": 1, "incomeShare": 1.0}]
        self.places = pls
        self.pids = [q["id"] for q in pls]
        tot = sum(q["population"] for q in pls)
        self.s = [q["population"] / tot for q in pls]
        self.w = [q.get("incomeShare", q["population"] / tot) for q in pls]
        self.cats = m["categories"]
        self.cids = [c["id"] for c in self.cats]
        self.cat = {c["id"]: c for c in self.cats}
        self.share = {}
        self.delta = {}
        for c in self.cats:
            for pi, q in enumerate(pls):
                qc = q.get("categories", {}).get(c["id"], {})
                self.share[c["id"], pi] = qc.get("share", self.w[pi])
                self.delta[c["id"], pi] = qc.get("demandGrowthDelta", 0.0)
        inc = m["income"]
        if "streams" in inc:
            self.streams = inc["streams"]
        else:
            self.streams = [{"id": "(income)", "name": "income", "base": inc["base"], "growth": inc["growth"]}]
        self.orgs = m.get("organisations", [])
        self.coms = [o for o in self.orgs if o["kind"] == "commissioner"]
        self.provs = [o for o in self.orgs if o["kind"] == "provider"]
        self.com_of_place = {}
        for o in self.coms:
            for q in o.get("places", []):
                self.com_of_place[self.pids.index(q)] = o["id"]
        self.h = {o["id"]: sum(self.w[self.pids.index(q)] for q in o.get("places", [])) for o in self.coms}
        self.metrics = m.get("metrics", [])
        self.risks = m.get("risks", [])

    def a(self, st, pi):
        """A stream's share in place pi (MODEL.md §3)."""
        o = st.get("commissioner")
        if o is None:
            return self.w[pi]
        return self.w[pi] / self.h[o] if self.com_of_place.get(pi) == o else 0.0


def yr(arr, t):
    """Per-year array, 0-based year t; beyond its length the last entry."""
    return arr[t] if t < len(arr) else arr[-1]


def run3(M, draw=None, X=None, policy=None, money_only=False):
    """One run of the equations. draw: outturn values of assumptions {id: value}; per-year assumptions take an
    offset added to years 2..T. X: {(category, place index): [£m per year]} (invest-style money). Plan values are
    the file's (no `set`)."""
    m, T, P = M.m, M.T, len(M.places)
    draw = draw or {}
    X = X or {}
    policy = policy or m.get("policy", "meet-demand")

    def off(a, t):
        return draw.get(a, 0.0) if t >= 1 else 0.0

    # income
    streams_out, streams_plan = OrderedDict(), OrderedDict()
    for st in M.streams:
        sp, so = [0.0] * T, [0.0] * T
        for t in range(T):
            if "amounts" in st:
                sp[t] = yr(st["amounts"], t)
                so[t] = sp[t] + off(st["id"] + ".amount", t)
            else:
                g = st.get("growth", [0.0])
                gid = "allocation-growth" if st["id"] == "(income)" else st["id"] + ".growth"
                sp[t] = st["base"] if t == 0 else sp[t - 1] * (1 + yr(g, t))
                so[t] = st["base"] if t == 0 else so[t - 1] * (1 + yr(g, t) + off(gid, t))
        streams_out[st["id"]], streams_plan[st["id"]] = so, sp
    inc_p = [[sum(M.a(st, pi) * streams_out[st["id"]][t] for st in M.streams) for t in range(T)] for pi in range(P)]
    nri_p = [[sum(M.a(st, pi) * streams_out[st["id"]][t] for st in M.streams if st.get("recurrent", True) is False)
              for t in range(T)] for pi in range(P)]

    infl = m["inflation"]
    eff = m["efficiency"]

    # programme terms of metrics (depend on money only), for drives
    prog = {}
    for x in M.metrics:
        if not x.get("responses") or not X:
            continue
        prog[x["id"]] = programme_terms(M, x, X, draw)

    out = {"streams": streams_out, "streamsPlan": streams_plan, "income": inc_p, "nri": nri_p, "cat": {}}
    for c in M.cats:
        cid = c["id"]
        treat = c["kind"] == "treatment"
        press = c.get("pressure", [0.0])
        g0 = draw.get(cid + ".demand-growth", c.get("demandGrowth", 0.0))
        gp0 = c.get("demandGrowth", 0.0)
        cash = draw.get(cid + ".cashable", c.get("cashable", 1.0))
        rs = draw.get(cid + ".return-scale", 1.0)
        rows = []
        for pi in range(P):
            F, Fp = [0.0] * T, [0.0] * T
            F[0] = Fp[0] = c["base"] * M.share[cid, pi]
            g, gp = g0 + M.delta[cid, pi], gp0 + M.delta[cid, pi]
            for t in range(1, T):
                i_o = yr(infl, t) + off("inflation", t) + yr(press, t) + off(cid + ".pressure", t)
                i_p = yr(infl, t) + yr(press, t)
                if treat:
                    e_o = max(-0.5, min(0.5, yr(eff, t) + off("efficiency", t)))
                    e_p = max(-0.5, min(0.5, yr(eff, t)))
                    F[t] = F[t - 1] * (1 + g) * (1 + i_o) * (1 - e_o)
                    Fp[t] = Fp[t - 1] * (1 + gp) * (1 + i_p) * (1 - e_p)
                else:
                    F[t] = F[t - 1] * (1 + g) * (1 + i_o)
                    Fp[t] = Fp[t - 1] * (1 + gp) * (1 + i_p)
            rows.append({"F": F, "Fp": Fp, "cash": cash})
        out["cat"][cid] = rows
    # savings S (returns and drives)
    S = {(cid, pi): [0.0] * T for cid in M.cids for pi in range(P)}
    for j in M.cats:
        r = j.get("returns")
        if not r:
            continue
        rsj = draw.get(j["id"] + ".return-scale", 1.0)
        for pi in range(P):
            xs = X.get((j["id"], pi))
            if not xs:
                continue
            for t in range(T):
                tot = sum(yr(xs, s) * rsj * yr(r["kernel"], t - s) for s in range(t + 1))
                for c, sh in r["to"].items():
                    S[c, pi][t] += sh * tot
    for x in M.metrics:
        d = x.get("drives")
        if not d or x["id"] not in prog:
            continue
        dirm = -1.0 if x.get("better", "higher") == "lower" else 1.0
        for pi in range(P):
            for t in range(T):
                S[d["category"], pi][t] += dirm * prog[x["id"]][pi][t] * d["unitCost"]
    out["S"] = S
    for cid in M.cids:
        c = M.cat[cid]
        treat = c["kind"] == "treatment"
        for pi in range(P):
            row = out["cat"][cid][pi]
            F, Fp = row["F"], row["Fp"]
            xs = X.get((cid, pi))
            xv = [yr(xs, t) if xs else 0.0 for t in range(T)]
            budget = [Fp[t] + xv[t] for t in range(T)]
            if treat:
                demand = [max(0.0, F[t] - row["cash"] * S[cid, pi][t] + max(xv[t], 0.0)) for t in range(T)]
                if policy == "hold-budgets":
                    mu = c.get("maxUnmet", 1.0)
                    outturn = [max(min(demand[t], max(budget[t], 0.0)), (1 - mu) * demand[t]) for t in range(T)]
                else:
                    outturn = demand[:]
                v = c.get("variable", 0.0)
                payment = [budget[t] + v * (outturn[t] - budget[t]) for t in range(T)]
                row.update(demand=demand, outturn=outturn, budget=budget, payment=payment,
                           unmet=[demand[t] - outturn[t] for t in range(T)],
                           released=[(1 - row["cash"]) * S[cid, pi][t] for t in range(T)],
                           gap=[payment[t] - outturn[t] for t in range(T)])
            else:
                o = [F[t] + xv[t] for t in range(T)]
                row.update(demand=o, outturn=o, budget=budget, payment=o[:], unmet=[0.0] * T, released=[0.0] * T,
                           gap=[0.0] * T)
    # enablers (L = 1): an actual cost above plan reaches both balances from year 2
    enc = [0.0] * T
    for e in m.get("enablers", []):
        ce = draw.get(e["id"] + ".cost", e["cost"])
        for t in range(1, T):
            enc[t] += ce - e["cost"]
    bal_p, icb_p = [], []
    for pi in range(P):
        bal_p.append([inc_p[pi][t] - sum(out["cat"][c][pi]["outturn"][t] for c in M.cids) - M.w[pi] * enc[t]
                      for t in range(T)])
        icb_p.append([inc_p[pi][t] - sum(out["cat"][c][pi]["payment"][t] for c in M.cids) - M.w[pi] * enc[t]
                      for t in range(T)])
    plan_pos = {o["id"]: [yr(o.get("planPosition", [0.0]), t) for t in range(T)] for o in M.provs}
    support = {o["id"]: [yr(o.get("support", [0.0]), t) for t in range(T)] for o in M.provs}
    balance = [sum(bal_p[pi][t] for pi in range(P)) + sum(plan_pos[o][t] for o in plan_pos) for t in range(T)]
    icb = [sum(icb_p[pi][t] for pi in range(P)) for t in range(T)]
    nri = [sum(nri_p[pi][t] for pi in range(P)) for t in range(T)]
    orgs = OrderedDict()
    for o in M.orgs:
        if o["kind"] == "commissioner":
            ps = [M.pids.index(q) for q in o.get("places", [])]
            b = [sum(icb_p[pi][t] for pi in ps) for t in range(T)]
            u = [b[t] - sum(nri_p[pi][t] for pi in ps) for t in range(T)]
        else:
            b = plan_pos[o["id"]][:]
            for c, mp in o.get("delivers", {}).items():
                for q, d in mp.items():
                    pi = M.pids.index(q)
                    for t in range(T):
                        b[t] += d * out["cat"][c][pi]["gap"][t]
            u = [b[t] - support[o["id"]][t] for t in range(T)]
        orgs[o["id"]] = {"kind": o["kind"], "balance": b, "underlying": u}
    other = [0.0] * T
    for c in M.cids:
        if M.cat[c]["kind"] != "treatment":
            continue
        for pi, q in enumerate(M.pids):
            dsum = sum(o.get("delivers", {}).get(c, {}).get(q, 0.0) for o in M.provs)
            for t in range(T):
                other[t] += (1 - dsum) * out["cat"][c][pi]["gap"][t]
    sup_tot = [sum(support[o][t] for o in support) for t in range(T)]
    out.update(balance_p=bal_p, icb_p=icb_p, balance=balance, icbBalance=icb, nonRecurrentIncome=nri, orgs=orgs,
               otherProviders=other, support=support, planPosition=plan_pos,
               underlying=[balance[t] - nri[t] - sup_tot[t] for t in range(T)],
               icbUnderlying=[icb[t] - nri[t] for t in range(T)], enablerCost=enc)
    if money_only:
        return out
    # risk-adjusted (expected) positions
    ra, ira = balance[:], icb[:]
    ora = {o: orgs[o]["balance"][:] for o in orgs}
    for r in M.risks:
        sg = -1.0 if r["kind"] == "risk" else 1.0
        pr = draw.get(r["id"] + ".probability", r["probability"])
        org = r.get("org")
        for t in range(T):
            v = sg * pr * yr(r["impact"], t)
            ra[t] += v
            if org is None or org in {o["id"] for o in M.coms}:
                ira[t] += v
            if org is not None:
                ora[org][t] += v
            else:
                for o in M.coms:
                    ora[o["id"]][t] += v * M.h[o["id"]]
    out.update(riskAdjusted=ra, icbRiskAdjusted=ira)
    for o in orgs:
        orgs[o]["riskAdjusted"] = ora[o]
    out["mhis"] = mhis_headroom(M, out)
    return out


def mhis_headroom(M, out):
    """Headroom of the mental health investment standard at plan, system and each commissioner (MODEL.md §3)."""
    T, P = M.T, len(M.places)
    G = [c["id"] for c in M.cats if c.get("growsWithIncome")]
    if not G:
        return None
    base_streams = [st for st in M.streams if st.get("mhisBase")] or M.streams

    def Ib(ps, t):
        return sum(M.a(st, pi) * out["streamsPlan"][st["id"]][t] for st in base_streams for pi in ps)

    def H(ps, t):
        return sum(out["cat"][c][pi]["budget"][t] for c in G for pi in ps)

    res = OrderedDict()
    groups = [("system", list(range(P)))] + [(o["id"], [M.pids.index(q) for q in o.get("places", [])]) for o in M.coms]
    for name, ps in groups:
        res[name] = [None] + [H(ps, t) - H(ps, t - 1) * Ib(ps, t) / Ib(ps, t - 1) for t in range(1, T)]
    return res


def programme_terms(M, x, X, draw):
    """programme[m, p, t] in the metric's units (MODEL.md §4), L = 1 (so q = 1 and M[s] = 1)."""
    T, P = M.T, len(M.places)
    mean = x.get("aggregate", "mean") == "mean"
    res = []
    for pi in range(P):
        k = 1.0 / M.s[pi] if mean else 1.0
        C = x.get("ceiling")
        if C is not None and not mean:
            C = C * M.s[pi]
        row = []
        for t in range(T):
            lin = 0.0
            for j, r in x.get("responses", {}).items():
                xs = X.get((j, pi))
                if not xs:
                    continue
                e = draw.get(j + ".effect-scale", 1.0)
                lin += r["perMillion"] * e * sum(yr(xs, s) * yr(r["kernel"], t - s) for s in range(t + 1))
            lin *= k
            if C is None:
                row.append(lin)
            elif C == 0:
                row.append(0.0)
            else:
                row.append(C * math.tanh(lin / C))
        res.append(row)
    return res


def metric_values(M, x, run, run0, X, draw=None):
    """value[m, p, t] (MODEL.md §4) for one metric, with run = the scenario and run0 = the same with X = 0."""
    draw = draw or {}
    T, P = M.T, len(M.places)
    mean = x.get("aggregate", "mean") == "mean"
    prog = programme_terms(M, x, X, draw) if X else [[0.0] * T for _ in range(P)]
    lvl = draw.get(x["id"] + ".level", 0.0)
    trend0 = draw.get(x["id"] + ".trend", x.get("trend", 0.0))
    vals = []
    for pi, q in enumerate(M.places):
        pm = q.get("metrics", {}).get(x["id"], {})
        k = 1.0 / M.s[pi] if mean else 1.0
        if mean:
            base = pm.get("base", x["base"]) + lvl
            trend = trend0 + pm.get("trendDelta", 0.0)
            lo, hi = x.get("min", -math.inf), x.get("max", math.inf)
        else:
            base = pm.get("base", x["base"] * M.s[pi]) + lvl * M.s[pi]
            trend = trend0 * M.s[pi] + pm.get("trendDelta", 0.0)
            lo = x["min"] * M.s[pi] if "min" in x else -math.inf
            hi = x["max"] * M.s[pi] if "max" in x else math.inf
        row = []
        for t in range(T):
            cap = k * x.get("capacity", 0.0) * sum(run["cat"][c][pi]["released"][t] - run["cat"][c][pi]["unmet"][t]
                                                   for c in M.cids)
            act = k * sum(wt * (run["cat"][c][pi]["outturn"][t] - run0["cat"][c][pi]["outturn"][t])
                          for c, wt in x.get("activity", {}).items())
            v = base + trend * t + prog[pi][t] + cap + act
            row.append(min(max(v, lo), hi))
        vals.append(row)
    system = [sum((M.s[pi] if mean else 1.0) * vals[pi][t] for pi in range(P)) for t in range(T)]
    gap = [max(vals[pi][t] for pi in range(P)) - min(vals[pi][t] for pi in range(P)) for t in range(T)] if mean else None
    return vals, system, gap


def tri_quantile(u, a, c, b):
    if b <= a:
        return a
    f = (c - a) / (b - a)
    if u < f:
        return a + math.sqrt(u * (b - a) * (c - a))
    return b - math.sqrt((1 - u) * (b - a) * (b - c))


def percentile(xs, q):
    """Linear interpolation between order statistics (numpy's default, 'type 7')."""
    ys = sorted(xs)
    h = (len(ys) - 1) * q
    lo = int(math.floor(h))
    hi = min(lo + 1, len(ys) - 1)
    return ys[lo] + (h - lo) * (ys[hi] - ys[lo])


def montecarlo3(M, n, seed=1):
    """Monte Carlo of the baseline (no levers): every uncertainty entry drawn (Gaussian copula for the
    correlated ones), every risk and mitigation happening with its probability. Returns the system, ICB and
    underlying balances by draw."""
    import random
    from statistics import NormalDist
    rng = random.Random(seed)
    nd = NormalDist()
    unc = M.m.get("uncertainty", [])
    names = [u["assumption"] for u in unc]
    corr = M.m.get("correlations", [])
    cnames = sorted({x for cr in corr for x in (cr["a"], cr["b"])})
    L = None
    if cnames:
        A = [[1.0 if i == j else 0.0 for j in range(len(cnames))] for i in range(len(cnames))]
        for cr in corr:
            i, j = cnames.index(cr["a"]), cnames.index(cr["b"])
            A[i][j] = A[j][i] = cr["rho"]
        L = cholesky(A)
    com_ids = {o["id"] for o in M.coms}
    T = M.T
    res = {"balance": [], "icbBalance": [], "underlying": [], "balanceBeforeMitigations": []}
    for _ in range(n):
        us = {}
        if L:
            z = [nd.inv_cdf(min(max(rng.random(), 1e-12), 1 - 1e-12)) for _ in cnames]
            for i, a in enumerate(cnames):
                us[a] = nd.cdf(sum(L[i][k] * z[k] for k in range(i + 1)))
        draw = {}
        for u in unc:
            a = u["assumption"]
            uu = us[a] if a in us else rng.random()
            draw[a] = tri_quantile(uu, u["low"], u.get("mode", (u["low"] + u["high"]) / 2), u["high"])
        run = run3(M, draw=draw, money_only=True)
        b, ib, ub = run["balance"][:], run["icbBalance"][:], run["underlying"][:]
        bb = b[:]
        for r in M.risks:
            pr = draw.get(r["id"] + ".probability", r["probability"])
            if rng.random() >= pr:
                continue
            sg = -1.0 if r["kind"] == "risk" else 1.0
            on_icb = r.get("org") is None or r.get("org") in com_ids
            for t in range(T):
                v = sg * yr(r["impact"], t)
                b[t] += v
                if sg < 0:
                    bb[t] += v
                if on_icb:
                    ib[t] += v
                if r.get("recurrent", True):
                    ub[t] += v
        res["balance"].append(b)
        res["icbBalance"].append(ib)
        res["underlying"].append(ub)
        res["balanceBeforeMitigations"].append(bb)
    return res


def read_table(docpath, marker):
    """Rows (lists of cells) of the Markdown table between <!-- marker --> and <!-- /marker -->."""
    if not os.path.exists(docpath):
        return None
    text = open(docpath, encoding="utf-8").read()
    mm = re.search(rf"<!-- {re.escape(marker)} -->(.*?)<!-- /{re.escape(marker)} -->", text, re.S)
    if not mm:
        return None
    rows = []
    for line in mm.group(1).splitlines():
        line = line.strip()
        if not line.startswith("|") or re.match(r"^\|[\s:|-]+\|$", line):
            continue
        rows.append([x.strip() for x in line.strip("|").split("|")])
    return rows[1:] if rows else rows   # drop the header row


def num_cell(s):
    s = s.strip().strip("*").replace(",", "").replace("−", "-").replace("£", "").replace("m", "").strip()
    if s.endswith("%"):
        return float(s[:-1]) / 100
    return float(s)


def fmt(x, w=8, d=1):
    if x is None:
        return f"{'-':>{w}}"
    v = round(x, d)
    if v == 0:
        v = 0.0
    return f"{v:{w}.{d}f}"


def main3(m, path, years, quiet, mc_draws, seed, docpath):
    ck = Checker()
    validate3(ck, m)
    if ck.errors:
        print(f"{path}: {len(ck.errors)} problem(s):")
        for e in ck.errors:
            print("  " + e)
        return 1
    M = Model3(m, years)
    T, first = M.T, M.first
    run = run3(M)
    lines = []
    say = lines.append

    # 1. the system equals its organisations (MODEL.md §9), at plan and in an outturn that moves every gap
    probe = {"acute.demand-growth": m["categories"][0].get("demandGrowth", 0) + 0.01, "inflation": 0.005,
             "efficiency": -0.005, "core.growth": -0.003}
    probe = {k: v for k, v in probe.items() if k.split(".")[0] in M.cids or k in ("inflation", "efficiency")
             or any(st["id"] + ".growth" == k for st in M.streams)}
    for label_, r in (("plan", run), ("outturn probe", run3(M, draw=probe, money_only=True)),
                      ("outturn probe, hold-budgets", run3(M, draw=probe, policy="hold-budgets", money_only=True))):
        if not M.coms:
            break
        for t in range(T):
            s = sum(r["orgs"][o]["balance"][t] for o in r["orgs"]) + r["otherProviders"][t]
            ck.ok(abs(s - r["balance"][t]) <= 1e-9 * max(1.0, abs(r["balance"][t])), "organisations",
                  f"{label_}: system {r['balance'][t]!r} differs from its organisations {s!r} in year {t + 1}")

    # 2. running costs within the per-head cap
    pop = sum(q["population"] for q in M.places)
    if "running-costs" in M.cat:
        cap = RUNNING_COST_CAP * pop / 1e6
        ck.ok(M.cat["running-costs"]["base"] <= cap + 0.05, "categories[running-costs].base",
              f"{M.cat['running-costs']['base']} above the £{RUNNING_COST_CAP}-a-head cap ({cap:.2f})")

    # 3. MHIS: met at plan in every year for every commissioner
    if run["mhis"]:
        for name, hd in run["mhis"].items():
            for t in range(1, T):
                ck.ok(hd[t] >= -1e-9, f"MHIS[{name}]", f"breach at plan in {label(first, t)} (headroom {hd[t]:.3f})")

    # 4. the 2026/27 positions against facts-v3: each trust's reported position is the breakeven the 2026/27
    #    business rules require; its underlying position is its latest published plan excluding DSF
    for oid, (plan25, why) in FACT_TRUST_PLANS.items():
        if oid not in run["orgs"]:
            continue
        o = next(x for x in M.provs if x["id"] == oid)
        ck.ok(abs(yr(o.get("planPosition", [0.0]), 0)) <= 1e-9, f"organisations[{oid}].planPosition",
              "2026/27 plan must be breakeven (business rules from 2026/27)")
        if plan25 is not None:
            u0 = run["orgs"][oid]["underlying"][0]
            ck.ok(abs(u0 - plan25) <= 0.05, f"organisations[{oid}]",
                  f"2026/27 underlying {u0:.2f} differs from facts-v3 {plan25} ({why})")
    for o in M.coms:
        b0 = run["orgs"][o["id"]]["balance"][0]
        ck.ok(0 <= b0 <= 0.5, f"organisations[{o['id']}]",
              f"2026/27 ICB position {b0:.3f} is not the planned breakeven (0 to a £0.5m surplus)")
    for o, r_ in run["orgs"].items():
        for t in range(T):
            ck.ok(r_["balance"][t] >= 0, f"organisations[{o}]",
                  f"plan in deficit in {label(first, t)} ({r_['balance'][t]!r}): each body must break even")

    # 5. income bridge and CIP bridge in the documentation
    inc_rows = read_table(docpath, "bridge-v3")
    if inc_rows is not None:
        vals = [(r[0], num_cell(r[-1])) for r in inc_rows if re.match(r"^\**[−\-+]?[0-9,]+\.[0-9]+\**$", r[-1].strip())]
        tot = [v for n, v in vals if n.strip("*").lower().startswith("total")]
        parts = [v for n, v in vals if not n.strip("*").lower().startswith("total")]
        inc0 = sum(run["streams"][s][0] for s in run["streams"])
        ck.ok(len(tot) == 1 and abs(sum(parts) - tot[0]) < 0.051, "bridge-v3", f"rows sum to {sum(parts):.1f}, total {tot}")
        ck.ok(len(tot) == 1 and abs(tot[0] - inc0) < 0.051, "bridge-v3", f"total {tot} differs from 2026/27 income {inc0:.2f}")
    else:
        ck.notes.append(f"no <!-- bridge-v3 --> table in {docpath}")
    cip_rows = read_table(docpath, "cip-bridge")
    cip_checked = 0
    if cip_rows is not None:
        eff0 = m["efficiency"][0]
        col25, col26 = {}, {}
        for r in cip_rows:
            name = r[0].strip("`* ")
            try:
                col25[name], col26[name] = num_cell(r[1]), num_cell(r[-1])
            except ValueError:
                ck.err(f"cip-bridge[{name}]", "the 2025/26 and 2026/27 cells must be numbers")
                continue
            if name in M.cat:
                c = M.cat[name]
                ck.ok(abs(col26[name] - c["base"]) <= 0.051, f"cip-bridge[{name}]",
                      f"2026/27 {col26[name]} differs from the model's base {c['base']}")
                if "savings" in r[-2].lower():
                    g = c.get("demandGrowth", 0.0)
                    infl0 = m["inflation"][0] + yr(c.get("pressure", [0.0]), 0)
                    l26 = col25[name] * (1 + g) * (1 + infl0) * (1 - eff0)
                    ck.ok(abs(l26 - c["base"]) <= 0.051, f"cip-bridge[{name}]",
                          f"2025/26 {col25[name]} x (1+{g})(1+{infl0:.4f})(1-{eff0}) = {l26:.2f}, model base {c['base']}")
                    cip_checked += 1
        tot_k = next((k for k in col25 if k.lower().startswith("total")), None)
        inc_k = next((k for k in col25 if k.lower().startswith("income")), None)
        lines_ = [k for k in col25 if k not in (tot_k, inc_k)]
        inc0_ = sum(run["streams"][s_][0] for s_ in run["streams"])
        if tot_k is None or inc_k is None:
            ck.err("cip-bridge", "needs a Total spend row and an Income row")
        else:
            ck.ok(abs(sum(col25[k] for k in lines_) - col25[tot_k]) <= 0.051 and
                  abs(sum(col26[k] for k in lines_) - col26[tot_k]) <= 0.051, "cip-bridge", "rows do not add to the total")
            ck.ok(-0.051 <= col26[inc_k] - col26[tot_k] <= 0.5 and abs(col25[tot_k] - col25[inc_k]) <= 0.051,
                  "cip-bridge", "spend and income differ: the 2025/26 plan is breakeven and 2026/27's breakeven or a "
                  "small surplus")
            ck.ok(abs(col26[inc_k] - inc0_) <= 0.051, "cip-bridge", f"income {col26[inc_k]} differs from the model's {inc0_:.2f}")
            ck.ok(abs(col26[tot_k] - sum(c["base"] for c in M.cats)) <= 0.051, "cip-bridge",
                  "total 2026/27 spend differs from the model's bases")
    else:
        ck.notes.append(f"no <!-- cip-bridge --> table in {docpath}")

    # 6. prevention aimed at the worst place narrows the gap on every mean metric it moves
    #    (with a modest sum and with a sum that saturates every response), where the model has places
    target_rows = []
    amounts = (2.0, 20.0)
    for j in [c for c in M.cats if c["kind"] == "prevention"] if len(M.places) > 1 else []:
        for x in M.metrics:
            if j["id"] not in x.get("responses", {}) or x.get("aggregate", "mean") != "mean":
                continue
            if x["responses"][j["id"]]["perMillion"] == 0:
                continue
            v0, s0, g0 = metric_values(M, x, run, run, {})
            better_low = x.get("better", "higher") == "lower"
            firstvals = [v0[pi][0] for pi in range(len(M.places))]
            worst = max(range(len(firstvals)), key=lambda i: firstvals[i]) if better_low else \
                min(range(len(firstvals)), key=lambda i: firstvals[i])
            nworst = sum(1 for v in firstvals if abs(v - firstvals[worst]) < 1e-9)
            after = []
            for amount in amounts:
                X = {(j["id"], worst): [0.0] + [amount] * (T - 1)}
                rX = run3(M, X=X, money_only=True)
                v1, s1, g1 = metric_values(M, x, rX, run, X)
                narrows = all(g1[t] <= g0[t] + 1e-9 for t in range(T)) and g1[-1] < g0[-1] - 1e-9 and nworst == 1
                ck.ok(narrows, f"metrics[{x['id']}]", f"£{amount}m a year of {j['id']} in {M.pids[worst]} (worst "
                      f"place) does not narrow the gap: {g0} -> {g1}")
                after.append((g1[-1], s1[-1] - s0[-1]))
            target_rows.append((j["id"], x["id"], M.pids[worst], g0[-1], after))

    # 6b. two scenarios the reviews ran (REVIEW-v2-clinical C-B1 and C-M5), worked out from the equations:
    #     2% of acute moved into West Essex prevention; £10m a year moved out of mental health under each policy
    scen_rows = []
    if len(M.places) > 1 and "acute" in M.cat and "mental-health" in M.cat:
        prev = [c["id"] for c in M.cats if c["kind"] == "prevention"]
        pw = M.pids.index("west-essex") if "west-essex" in M.pids else len(M.pids) - 1
        a = [0.0] + [0.02 * run["cat"]["acute"][pw]["budget"][t] for t in range(1, T)]
        pb = {k: M.cat[k]["base"] * M.share[k, pw] for k in prev}
        X = {("acute", pw): [-v for v in a]}
        for k in prev:
            X[k, pw] = [v * pb[k] / sum(pb.values()) for v in a]
        rX = run3(M, X=X, money_only=True)
        for t in range(T):
            sm = sum(rX["orgs"][o]["balance"][t] for o in rX["orgs"]) + rX["otherProviders"][t]
            ck.ok(abs(sm - rX["balance"][t]) <= 1e-9 * max(1.0, abs(rX["balance"][t])), "organisations",
                  f"shift scenario: system differs from its organisations in year {t + 1}")
        narrowed, widened = [], []
        for x in M.metrics:
            if x.get("aggregate", "mean") != "mean":
                continue
            _, _, g0 = metric_values(M, x, run, run, {})
            _, _, g1 = metric_values(M, x, rX, run, X)
            if abs(g1[-1] - g0[-1]) < 1e-9:
                continue
            (narrowed if g1[-1] < g0[-1] else widened).append(f"{x['id']} {g0[-1]:.2f}->{g1[-1]:.2f}")
            if any(k in x.get("responses", {}) for k in prev):
                ck.ok(g1[-1] < g0[-1], f"metrics[{x['id']}]", "2% of West Essex acute moved into its prevention "
                      f"programmes widens the gap: {g0[-1]:.3f} -> {g1[-1]:.3f}")
        scen_rows.append(("2% of West Essex acute to its prevention programmes from " + label(first, 1),
                          [rX["balance"][t] - run["balance"][t] for t in range(T)],
                          [rX["icbBalance"][t] - run["icbBalance"][t] for t in range(T)], narrowed, widened))
        # mental health cut
        lines_mh = [x for x in M.metrics if x.get("activity", {}).get("mental-health", 0) > 0
                    and x.get("better", "higher") == "higher"]
        for pol in ("hold-budgets", "meet-demand"):
            base_r = run3(M, policy=pol, money_only=True)
            fp = [sum(base_r["cat"]["mental-health"][pi]["budget"][t] for pi in range(len(M.places))) for t in range(T)]
            X = {}
            for pi in range(len(M.places)):
                xs = [0.0] + [10.0 * base_r["cat"]["mental-health"][pi]["budget"][t] / fp[t] for t in range(1, T)]
                X["mental-health", pi] = [-v for v in xs]
                X["prevention.lifestyles", pi] = xs
            rX = run3(M, X=X, policy=pol, money_only=True)
            harm = []
            for x in lines_mh:
                _, s0, _ = metric_values(M, x, base_r, base_r, {})
                _, s1, _ = metric_values(M, x, rX, base_r, X)
                harm.append((x["id"], s1[-1] - s0[-1]))
                if pol == "hold-budgets":
                    ck.ok(s1[-1] < s0[-1] - 1e-9 if x.get("better", "higher") == "higher" else s1[-1] > s0[-1] + 1e-9,
                          f"metrics[{x['id']}]", "a mental health cut under hold-budgets does no harm")
            scen_rows.append((f"£10m a year from mental-health to prevention.lifestyles, {pol}",
                              [rX["balance"][t] - base_r["balance"][t] for t in range(T)],
                              [rX["icbBalance"][t] - base_r["icbBalance"][t] for t in range(T)],
                              [f"{i} {d:+.2f}" for i, d in harm], []))

    # 7. Monte Carlo: the plan within P10-P90 and the median within a quarter of that width of it
    mc_rows = []
    if mc_draws:
        mc = montecarlo3(M, mc_draws, seed)
        plan = {"balance": run["balance"], "icbBalance": run["icbBalance"], "underlying": run["underlying"]}
        for key in ("balance", "icbBalance", "underlying"):
            for t in range(T):
                xs = [d[t] for d in mc[key]]
                p10, p50, p90 = percentile(xs, 0.1), percentile(xs, 0.5), percentile(xs, 0.9)
                pb = sum(1 for v in xs if v >= 0) / len(xs)
                pl = plan[key][t]
                ok_in = p10 - 1e-9 <= pl <= p90 + 1e-9
                ok_med = abs(p50 - pl) <= 0.25 * (p90 - p10) + 1e-9
                ck.ok(ok_in and ok_med, f"montecarlo[{key}]",
                      f"{label(first, t)}: plan {pl:.2f}, P10 {p10:.2f}, P50 {p50:.2f}, P90 {p90:.2f}")
                mc_rows.append((key, t, pl, p10, p50, p90, pb))
        mc_bb = [[d[t] for d in mc["balanceBeforeMitigations"]] for t in range(T)]

    if not quiet:
        say(f"model: {m['name']} ({path})")
        say(f"version 3 file; horizon {label(first, 0)}-{label(first, T - 1)} ({T} years)")
        yrs = "".join(f"{label(first, t):>10}" for t in range(T))
        say("\nIncome by stream (£m):")
        say(f"{'':38}{yrs}")
        for sid, v in run["streams"].items():
            say(f"  {sid:36}" + "".join(fmt(x, 10) for x in v))
        say(f"  {'total income':36}" + "".join(fmt(sum(run['income'][pi][t] for pi in range(len(M.places))), 10)
                                               for t in range(T)))
        say(f"  {'of which non-recurrent':36}" + "".join(fmt(x, 10) for x in run["nonRecurrentIncome"]))
        say("\nEfficient cost by line, at plan (£m; outturn = budget = payment, so every provider gap is 0):")
        for c in M.cids:
            say(f"  {c:36}" + "".join(fmt(sum(run['cat'][c][pi]['budget'][t] for pi in range(len(M.places))), 10)
                                      for t in range(T)))
        say(f"  {'efficiency (gross savings rate)':36}" + "".join(f"{yr(m['efficiency'], t) * 100:9.2f}%"
                                                               for t in range(T)) + "   (entry 1: the 2026/27 rate in the bases)")
        say("\nPositions (£m):")
        say(f"{'':38}{yrs}")
        rows = [("system balance", run["balance"]), ("ICB balance (both commissioners)", run["icbBalance"]),
                ("underlying (no DSF, no one-off money)", run["underlying"]),
                ("risk-adjusted (expected)", run["riskAdjusted"]), ("ICB risk-adjusted", run["icbRiskAdjusted"])]
        for n, v in rows:
            say(f"  {n:36}" + "".join(fmt(x, 10) for x in v))
        for pi, q in enumerate(M.pids):
            say(f"  {'place ' + q + ' (ICB)':36}" + "".join(fmt(x, 10) for x in run["icb_p"][pi]))
        say("\nOrganisations (£m): balance / underlying / risk-adjusted")
        for o, r in run["orgs"].items():
            say(f"  {o:14} {r['kind']:12} bal " + " ".join(fmt(x, 6) for x in r["balance"]) +
                "   und " + " ".join(fmt(x, 6) for x in r["underlying"]) +
                "   r-a " + " ".join(fmt(x, 6) for x in r["riskAdjusted"]))
        say(f"  {'other providers':27} " + " ".join(fmt(x, 6) for x in run["otherProviders"]))
        say("  (system = commissioners + providers + other providers: checked at plan, in outturn probes under both "
            "policies and in a shift scenario)")
        if run["mhis"]:
            say("\nMental health investment standard, headroom at plan (£m; year 1 has none):")
            for name, hd in run["mhis"].items():
                say(f"  {name:36}" + "".join(fmt(x, 10) for x in hd))
        say("\nThe 2026/27 bridge: planned positions against facts-v3 (£m)")
        say(f"  {'organisation':14} {'facts-v3 2025/26 plan excl. DSF':48} {'2026/27 plan':>12} {'support':>8} "
            f"{'underlying':>10} {'risk-adj.':>9}")
        for o in M.coms:
            r = run["orgs"][o["id"]]
            say(f"  {o['id']:14} {'breakeven as an individual body (business rules)':48} {r['balance'][0]:12.1f} "
                f"{0.0:8.1f} {r['underlying'][0]:10.1f} {r['riskAdjusted'][0]:9.1f}")
        for o in M.provs:
            r = run["orgs"][o["id"]]
            plan25, why = FACT_TRUST_PLANS.get(o["id"], (None, "not in facts-v3"))
            say(f"  {o['id']:14} {why[:48]:48} {r['balance'][0]:12.1f} {run['support'][o['id']][0]:8.2f} "
                f"{r['underlying'][0]:10.2f} {r['riskAdjusted'][0]:9.2f}")
        say(f"  {'footprint':14} {'sum of the above (+ other providers)':48} {run['balance'][0]:12.1f} "
            f"{sum(run['support'][o][0] for o in run['support']):8.2f} {run['underlying'][0]:10.2f} "
            f"{run['riskAdjusted'][0]:9.2f}")
        say("\nRisk register (expected effect = sign x probability x impact, £m):")
        for r in M.risks:
            sg = -1 if r["kind"] == "risk" else 1
            say(f"  {r['id']:30} {r['kind']:10} {str(r.get('org', '(commissioners)')):16} p={r['probability']:.2f} "
                + " ".join(fmt(sg * r["probability"] * yr(r["impact"], t), 6, 2) for t in range(T)))
        if inc_rows is not None:
            say(f"\nIncome bridge in the documentation: {len(parts)} streams, sum {sum(parts):.1f}, total "
                f"{tot[0] if tot else None}, model {inc0:.1f}")
        if cip_rows is not None:
            say(f"\nCIP bridge in the documentation: {cip_checked} lines recomputed from the model's entry-1 rates "
                f"(efficiency {m['efficiency'][0] * 100:.2f}%, inflation {m['inflation'][0] * 100:.2f}%)")
        if target_rows:
            say(f"\nPrevention aimed at the worst place, from {label(first, 1)}: gap between places in "
                f"{label(first, T - 1)}, with no money -> £{amounts[0]:.0f}m a year -> £{amounts[1]:.0f}m a year "
                f"(system change in brackets)")
            for j, x, q, a, after in target_rows:
                say(f"  {j:32} {x:24} in {q:16} {a:7.3f} -> " +
                    " -> ".join(f"{g:7.3f} ({dv:+.3f})" for g, dv in after))
        for name, db, di, nar, wid in scen_rows:
            say(f"\nScenario: {name}")
            say("  change in the system balance  " + " ".join(fmt(x, 7) for x in db))
            say("  change in the ICB balance     " + " ".join(fmt(x, 7) for x in di))
            if nar or wid:
                say(f"  in {label(first, T - 1)}: " + ("; ".join(nar) if not name.startswith("2%") else
                    "gaps narrowed: " + "; ".join(nar) + (" | widened: " + "; ".join(wid) if wid else "")))
        if mc_rows:
            say(f"\nMonte Carlo ({mc_draws} draws, seed {seed}): plan against P10 / P50 / P90, and P(>= 0)")
            for key, t, pl, p10, p50, p90, pb in mc_rows:
                say(f"  {key:11} {label(first, t)}  plan {pl:8.1f}   P10 {p10:8.1f}  P50 {p50:8.1f}  P90 {p90:8.1f}"
                    f"   P(>=0) {pb * 100:5.1f}%")
            say("  P(balance >= 0) before mitigations: " + " ".join(
                f"{sum(1 for v in mc_bb[t] if v >= 0) / len(mc_bb[t]) * 100:.1f}%" for t in range(T)))
        for n in ck.notes:
            say("note: " + n)
        print("\n".join(lines))
    if ck.errors:
        print(f"\n{len(ck.errors)} problem(s):")
        for e in ck.errors:
            print("  " + e)
        return 1
    print("\nall checks passed")
    return 0


def main(argv):
    path = os.path.join(HERE, "default-model-v3.json")
    years = None
    quiet = False
    mc_draws = None
    seed = 1
    doc = None
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--years":
            years = int(args.pop(0))
        elif a == "--quiet":
            quiet = True
        elif a == "--montecarlo":
            mc_draws = int(args.pop(0))
        elif a == "--seed":
            seed = int(args.pop(0))
        elif a == "--doc":
            doc = args.pop(0)
        else:
            path = a
    try:
        m = json.load(open(path, encoding="utf-8"), object_pairs_hook=pairs_hook)
    except ValueError as e:
        print(f"{path}: not valid JSON: {e}")
        return 1
    if is_v3(m):
        return main3(m, path, years, quiet, 1000 if mc_draws is None else mc_draws, seed,
                     doc or os.path.join(HERE, "DEFAULT-MODEL.md"))
    ck = Checker()
    validate(ck, m)
    first = m["firstYear"]
    T = years or m["years"]
    res = baseline(m, T)
    lines = mhis(ck, m, res, T)

    rows, total = bridge_total(doc or os.path.join(HERE, "DEFAULT-MODEL-v2.md"))
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

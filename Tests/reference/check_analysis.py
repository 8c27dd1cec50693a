#!/usr/bin/env python3
"""Check hweplan's `sensitivity` and `montecarlo` against hweplan_ref.py.

Usage:  python3 check_analysis.py HWEPLAN_BINARY OUTDIR [--contract 2] [--quick] [--cases N] [--seed S]
                                  [--features LIST]

--contract 2 checks a program that implements MODEL.md version 2 exactly as this
script did before version 3 (the same cases, the same checks).  Without it the
cases are version 3 models (gen_cases.py's --v3 generator: organisations, income
streams, risks and mitigations, pressure, drives, correlations) and scripts with
version 3 statements (`outturn`, `risk`, `mitigation`, `rule`, rates with `%`), and
the reference is hweplan_ref.py's version 3:

For each of a few random models (gen_cases.py's generator plus a non-empty
`uncertainty` list: scalar and per-year entries, some repeated, some with
low = mode = high, some for assumptions the script `set`s and so holds) it
writes OUTDIR/case-K.json and OUTDIR/case-K.scenario:

    scenario new s
    <1-4 lever statements>
    sensitivity balance
    sensitivity METRIC in YEAR
    sensitivity icb-balance | CATEGORY | balance in PLACE | METRIC in PLACE [in YEAR]
    montecarlo N seed 5

runs the reference (in this process, keeping its raw draws) and
`HWEPLAN_BINARY --model case-K.json --format json case-K.scenario`, saves both
outputs (case-K.ref.jsonl, case-K.out.jsonl) and compares:

 * sensitivity: scenario, target, place and year exactly; the same rows (assumption
   names) in the same order; low, high and swing within 1e-9 relative (1e-9
   absolute near 0).  Rows whose swings are equal within that tolerance but
   not exactly equal in the reference may come in either order (a
   last-bit difference decides a "tie"); rows tied exactly in both outputs
   must keep model order.
 * montecarlo: scenario, draws, seed and years exactly; the metric ids;
   pBalanced[t] and pIcbBalanced[t] (MODEL.md v2) within +-0.02 (quick:
   +-0.03) absolute, likewise each place's pBalanced[t] where the model has
   places, and pBalancedEveryYear when both outputs give it.
   The two programs use different random generators (MODEL.md only asks for
   triangular draws), so percentiles are compared by a RANK test, which needs
   no scale: the program's P10/P50/P90 of balance and of every metric, x, is
   (and of icbBalance) placed in the reference's own sorted draws; the share of reference draws
   below x must be within DELTA of 0.10/0.50/0.90 (with atoms, e.g. a clamped
   metric or a year no draw moves, the share strictly below x must be
   <= p + DELTA and the share at or below x >= p - DELTA).  Both a sample
   quantile's rank and an empirical CDF have standard deviation
   sqrt(p(1-p)/N), so the difference has sd sqrt(2 p(1-p)/N) <= 0.0050 at
   N = 20,000 (0.0100 at 5,000).  DELTA = 0.025 (quick: 0.04) is 5 (4) sd
   at the worst case p = 0.5: a correct program fails it with odds well under
   1 in 10,000 per figure, while a wrong draw (e.g. a per-year offset applied
   to year 1 too, a scalar offset instead of replaced, a held assumption
   drawn) moves whole distributions by far more.  The pBalanced tolerances
   are 4 sd (0.02 at 20,000) and 3 sd (0.03 at 5,000) at p = 0.5, as the
   brief asked.
   A pBalanced (pIcbBalanced, place pBalanced) mismatch in a year whose
   reference draws have that balance within 1e-9 of 0 is reported as a note,
   not a failure (the sign of a rounding error decides it).

Version 3 (the default) also checks: the third sensitivity names a version 3 target
where the model has one (underlying, risk-adjusted or an organisation's balance);
montecarlo's pBalancedBeforeMitigations[t] and each organisation's pBalanced[t] as
pBalanced above, and the rank test on the underlying balance's P10/P50/P90.  The
uncertainty lists add C.pressure, S.growth, S.amount, M.level and R.probability
entries and, for some models, `correlations` (a Gaussian copula, MODEL.md §5).

--features LIST (version 3 only; comma-separated, `core` always implied) restricts the
cases to those version 3 features, as gen_cases.py --features does (its docstring lists the
names): the models, the uncertainty entries (C.pressure needs pressure, M.level level,
S.growth / S.amount streams, R.probability risks), the statements (`outturn` needs outturn;
without it the held assumption is `set`), the version 3 sensitivity target (underlying needs
streams, nonrecurrent or organisations; risk-adjusted needs risks; with neither the third
sensitivity is a version 2 one) and the correlations.  Montecarlo's `underlying` bands and
pBalancedBeforeMitigations are still compared when the program gives them; when it does not
and their features are off (underlying: streams, nonrecurrent, organisations;
beforeMitigations: risks) that is a note, not a failure.  Without --features every feature
is used, and the same --seed gives the same cases as before the option existed.

Exit status 1 on any mismatch (or a crash / non-zero exit of either side),
0 otherwise.  --quick: 5 cases, 5,000 draws (the defaults are 10 and 20,000).
The same --seed (default 20261122) gives the same cases.
"""

import bisect
import json
import math
import os
import random
import subprocess
import sys
import time

sys.dont_write_bytecode = True      # keep the folder free of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import hweplan_ref as ref  # noqa: E402
import gen_cases as gc     # noqa: E402

REL = 1e-9
ABS = 1e-9
MC_SEED = 5


# --------------------------------------------------------------------------- generation

def gen_uncertainty(rng, model, v3=False):
    """A non-empty `uncertainty` list for a gen_cases model (MODEL.md §1, §5)."""
    cats = model["categories"]
    enab = model.get("enablers", [])
    mets = model.get("metrics", [])

    def entry(aid, lo, mode, hi):
        lo, hi = round(lo, 5), round(hi, 5)
        if rng.random() < 0.1:                        # degenerate: low = mode = high
            return {"assumption": aid, "low": lo, "mode": lo, "high": lo}
        e = {"assumption": aid, "low": lo, "high": hi}
        if mode is not None and rng.random() < 0.7:   # else the default midpoint
            e["mode"] = round(min(hi, max(lo, mode)), 5)
        return e

    def per_year(aid):
        lo, hi = -rng.uniform(0, 0.012), rng.uniform(0, 0.015)
        return entry(aid, lo, rng.uniform(lo, hi) if rng.random() < 0.5 else 0.0, hi)

    def scalar(kind):
        if kind == "effect-scale":
            c = rng.choice(gc.effective_ids(model, "effect-scale"))
            lo, hi = rng.uniform(0.2, 1.0), rng.uniform(1.0, 2.5)
            return entry(c + ".effect-scale", lo, rng.choice([1.0, rng.uniform(lo, hi)]), hi)
        if kind == "demand-growth":
            c = rng.choice(cats)
            g = c.get("demandGrowth", 0.0)
            lo, hi = g - rng.uniform(0, 0.02), g + rng.uniform(0, 0.03)
            return entry(c["id"] + ".demand-growth", lo, g, hi)
        if kind == "cashable":
            cid = rng.choice(gc.effective_ids(model, "cashable"))
            c = next(x for x in cats if x["id"] == cid)
            k = c.get("cashable", 1.0)
            lo, hi = max(0.0, k - rng.uniform(0, 0.4)), min(1.0, k + rng.uniform(0, 0.4))
            return entry(c["id"] + ".cashable", lo, k, hi)
        if kind == "return-scale":
            with_returns = [c for c in cats if "returns" in c]
            c = rng.choice(with_returns)
            lo, hi = rng.uniform(0.2, 1.0), rng.uniform(1.0, 2.0)
            return entry(c["id"] + ".return-scale", lo, rng.choice([1.0, rng.uniform(lo, hi)]), hi)
        if kind == "cost":
            e = rng.choice(enab)
            lo, hi = e["cost"] * rng.uniform(0.5, 1.0), e["cost"] * rng.uniform(1.0, 1.8) + 1
            return entry(e["id"] + ".cost", lo, e["cost"], hi)
        if kind == "level":
            x = rng.choice(mets)
            lo, hi = -rng.uniform(0, 3), rng.uniform(0, 3)
            return entry(x["id"] + ".level", lo, rng.choice([0.0, rng.uniform(lo, hi)]), hi)
        if kind == "probability":
            r = rng.choice(model["risks"])
            p = r["probability"]
            lo, hi = max(0.0, p - rng.uniform(0, 0.4)), min(1.0, p + rng.uniform(0, 0.4))
            return entry(r["id"] + ".probability", lo, p, hi)
        x = rng.choice(mets)
        tr = x.get("trend", 0.0)
        lo, hi = tr - rng.uniform(0, 0.5), tr + rng.uniform(0, 0.5)
        return entry(x["id"] + ".trend", lo, tr, hi)

    kinds = ["demand-growth", "demand-growth"]
    if gc.effective_ids(model, "cashable"):
        kinds += ["cashable"]
    if gc.effective_ids(model, "return-scale"):
        kinds += ["return-scale", "return-scale"]
    if gc.effective_ids(model, "effect-scale"):
        kinds += ["effect-scale", "effect-scale"]
    if enab:
        kinds += ["cost", "cost"]
    if mets:
        kinds += ["trend", "trend"]
    per_year_ids = list(ref.PER_YEAR_ASSUMPTIONS)
    if v3:
        streams = model["income"].get("streams")
        if streams:
            per_year_ids.remove("allocation-growth")
            per_year_ids += [st["id"] + ".growth" for st in streams if "base" in st][:1]
        if gc.feat("pressure"):
            per_year_ids += [rng.choice(cats)["id"] + ".pressure"]
        kinds += ["level"] if mets and gc.feat("level") else []
        kinds += ["probability", "probability"] if model.get("risks") else []
    unc = []
    for aid in rng.sample(per_year_ids, rng.randint(1, min(3, len(per_year_ids)))):
        unc.append(per_year(aid))
    if v3 and model["income"].get("streams") and rng.random() < 0.4:
        amounts = [st for st in model["income"]["streams"] if "amounts" in st]
        if amounts:
            lo, hi = -rng.uniform(0, 10), rng.uniform(0, 10)
            unc.append(entry(rng.choice(amounts)["id"] + ".amount", lo, 0.0, hi))
    for _ in range(rng.randint(1, 5)):
        unc.append(scalar(rng.choice(kinds)))
    if rng.random() < 0.3:                            # the same per-year assumption twice: offsets add
        unc.append(per_year(rng.choice([u["assumption"] for u in unc
                                        if u["assumption"] in per_year_ids])))
    if rng.random() < 0.3:                            # the same scalar twice: the later entry wins
        scal = [u for u in unc if u["assumption"] not in per_year_ids
                and not u["assumption"].endswith(".amount")]
        if scal:
            u = dict(rng.choice(scal))
            span = abs(u["high"] - u["low"]) + 0.01
            u = {"assumption": u["assumption"], "low": round(u["low"] - span / 2, 5),
                 "high": round(u["high"] + span / 3, 5)}
            if u["assumption"].endswith(".cashable") or u["assumption"].endswith(".probability"):
                u["low"], u["high"] = max(0.0, u["low"]), min(1.0, u["high"])
            unc.append(u)
    rng.shuffle(unc)
    return unc


def set_text_v3(rng, model, aid):
    """A `set` or `outturn` statement for assumption `aid` (which the scenario then holds),
    written as version 3 asks (rates with `%`)."""
    owner, field = (aid, aid) if aid in ref.PER_YEAR_ASSUMPTIONS else aid.rsplit(".", 1)
    verb = "outturn" if gc.feat("outturn") and field != "probability" and rng.random() < 0.5 else "set"
    per_year = aid in ref.PER_YEAR_ASSUMPTIONS or field in ("growth", "amount", "pressure")
    period = gc.period_text(rng, model, None, True) if per_year else ""
    if verb == "outturn" and rng.random() < 0.4:
        return "outturn %s = %s of plan%s" % (aid, gc.pct_text(rng, 50, 130, 0), period)
    if per_year and field != "amount" or field in ("demand-growth", "cashable"):
        v = gc.pct_text(rng, -1 if field != "cashable" else 0, 5 if field != "cashable" else 100, 2)
    elif field in ("return-scale", "effect-scale", "probability"):
        v = gc.fmt_num(round(rng.uniform(0, 1 if field == "probability" else 2.5), 3))
    elif field in ("cost", "amount"):
        v = gc.money_text(rng, round(rng.uniform(0, 80), 2))
    else:
        v = gc.fmt_num(round(rng.uniform(-1.5, 1.5), 3))
    return "%s %s = %s%s" % (verb, aid, v, period)


def set_text(rng, model, aid):
    """A `set` statement for assumption `aid` (which the scenario then holds)."""
    if aid in ref.PER_YEAR_ASSUMPTIONS:
        val = gc.pct_text(rng, -1, 5, 2) if rng.random() < 0.5 else gc.fmt_num(round(rng.uniform(-0.01, 0.05), 4))
        return "set %s = %s%s" % (aid, val, gc.period_text(rng, model))
    owner, field = aid.rsplit(".", 1)
    if field == "demand-growth":
        v = gc.pct_text(rng, -2, 7, 2)
    elif field == "cashable":
        v = gc.fmt_num(round(rng.uniform(0, 1), 3))
    elif field in ("return-scale", "effect-scale"):
        v = gc.fmt_num(round(rng.uniform(0, 2.5), 3))
    elif field == "cost":
        v = gc.money_text(rng, round(rng.uniform(0, 80), 2))
    else:
        v = gc.fmt_num(round(rng.uniform(-1.5, 1.5), 3))
    return "set %s = %s" % (aid, v)


def gen_script(rng, model, draws, v3=False):
    loaded = gc.load(model, v3)
    session = ref.Session(loaded)
    session.execute("scenario new s")
    lines = ["# check_analysis.py", "scenario new s"]
    n = rng.randint(1, 4)
    unc_ids = [u["assumption"] for u in model["uncertainty"]]
    held_wanted = rng.random() < 0.6
    for i in range(n):
        for _attempt in range(60):
            if held_wanted and i == 0:
                text = (set_text_v3 if v3 else set_text)(rng, model, rng.choice(unc_ids))
            elif v3:
                text = gc.gen_statement_v3(rng, model)
            else:
                text = gc.gen_statement(rng, model)
            if gc.try_add(session, text):
                lines.append(text)
                break
    lines.append("sensitivity balance")
    met = rng.choice(model["metrics"])["id"]
    t = rng.randint(1, model["years"])
    lines.append("sensitivity %s in %s" % (met, gc.year_text(rng, model, t)))
    # a version 2 target: icb-balance, a category's outturn, or a place's balance or metric
    text = "sensitivity " + rng.choice(["icb-balance", rng.choice(model["categories"])["id"]])
    if model.get("places") and rng.random() < 0.6:
        text = "sensitivity %s in %s" % (rng.choice(["balance", "icb-balance", met]),
                                         rng.choice(model["places"])["id"])
    whole = ((["underlying"] if gc.underlying_on() else []) + (["risk-adjusted"] if gc.feat("risks") else [])
             + [o["id"] for o in model.get("organisations", [])])
    if v3 and rng.random() < 0.75 and whole:          # a version 3 target
        text = "sensitivity " + rng.choice(whole)
    if rng.random() < 0.5:
        text += " in " + gc.year_text(rng, model, rng.randint(1, model["years"]))
    lines.append(text)
    lines.append("montecarlo %d seed %d" % (draws, MC_SEED))
    return "\n".join(lines) + "\n"


def gen_case(rng, k, draws, v3=False):
    for _ in range(100):
        model = gc.gen_model(rng, k, v3) if v3 else gc.gen_model(rng, k)
        if not model.get("metrics"):
            continue
        model["uncertainty"] = gen_uncertainty(rng, model, v3)
        model.pop("correlations", None)
        if v3 and gc.feat("correlations") and rng.random() < 0.5:
            gc.gen_correlations(rng, model)
        try:
            gc.load(model, v3)
        except ref.PlanError:
            continue
        return model, gen_script(rng, model, draws, v3)
    raise RuntimeError("could not generate a valid case")


# --------------------------------------------------------------------------- comparison

def close(a, b):
    if not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        return False
    if a == b:
        return True
    d = abs(a - b)
    return d <= ABS or d <= REL * max(abs(a), abs(b))


def compare_sensitivity(exp, act, where, out, notes):
    for key in ("kind", "scenario", "target", "place", "year"):
        if exp.get(key) != act.get(key) or key not in act:
            out.append("%s.%s: expected %r, got %r" % (where, key, exp.get(key), act.get(key)))
    er, ar = exp["rows"], act.get("rows")
    if not isinstance(ar, list):
        out.append("%s.rows: missing or not a list" % where)
        return
    if len(er) != len(ar):
        out.append("%s.rows: expected %d rows %s, got %d %s" % (
            where, len(er), [r["assumption"] for r in er], len(ar),
            [r.get("assumption") for r in ar]))
        return
    # blocks of consecutive reference rows whose swings are equal within tolerance
    i = 0
    while i < len(er):
        j = i + 1
        while j < len(er) and close(er[j]["swing"], er[i]["swing"]):
            j += 1
        block_e, block_a = er[i:j], ar[i:j]
        names_e = [r["assumption"] for r in block_e]
        names_a = [r.get("assumption") for r in block_a]
        if names_e == names_a:
            pairs = list(zip(block_e, block_a))
        elif sorted(names_e) == sorted(names_a) and not all(r["swing"] == block_e[0]["swing"]
                                                            for r in block_e):
            # a near tie (equal within 1e-9, not bit-equal in the reference): any order;
            # match duplicates of one name in order
            notes.append("%s.rows[%d..%d]: near-tied swings, order %s vs %s (accepted)"
                         % (where, i, j - 1, names_e, names_a))
            pool = list(block_a)
            pairs = []
            for r in block_e:
                k = next(n for n, x in enumerate(pool) if x.get("assumption") == r["assumption"])
                pairs.append((r, pool.pop(k)))
        else:
            out.append("%s.rows[%d..%d]: expected assumptions %s, got %s" % (where, i, j - 1, names_e, names_a))
            pairs = list(zip(block_e, block_a))
        for n, (re_, ra) in enumerate(pairs):
            for key in ("low", "high", "swing"):
                if not close(re_[key], ra.get(key)):
                    out.append("%s.rows[%d] (%s).%s: expected %r, got %r" % (
                        where, i + n, re_["assumption"], key, re_[key], ra.get(key)))
        i = j


def rank_check(sorted_ref, x, p, delta):
    """Where x falls in the reference draws: (ok, share below, share at or below)."""
    n = len(sorted_ref)
    tol = 1e-9 * max(1.0, abs(x))
    below = bisect.bisect_left(sorted_ref, x - tol) / n
    at_or_below = bisect.bisect_right(sorted_ref, x + tol) / n
    return (below <= p + delta and at_or_below >= p - delta), below, at_or_below


def compare_montecarlo(exp, act, draws, where, out, notes, p_tol, delta, stats):
    for key in ("kind", "scenario", "draws", "seed", "years"):
        if exp.get(key) != act.get(key):
            out.append("%s.%s: expected %r, got %r" % (where, key, exp.get(key), act.get(key)))
    T = len(exp["years"])
    n = exp["draws"]

    def skipped(key, features):
        """--features: a version 3 key the program leaves out while none of its features is on
        is a note, not a failure (it is compared when given)."""
        if key in act or any(gc.feat(f) for f in features):
            return False
        notes.append("%s.%s: not given (features %s not selected): not compared"
                     % (where, key, ", ".join(features)))
        return True

    def shares(name, exp_p, act_p, series):
        """P(balance >= 0) per year, within p_tol (a note, not a failure, when reference
        draws sit within 1e-9 of 0)."""
        if not isinstance(act_p, list) or len(act_p) != T:
            out.append("%s: expected %d numbers, got %r" % (name, T, act_p))
            return
        for t in range(T):
            e, a = exp_p[t], act_p[t]
            if not isinstance(a, (int, float)):
                out.append("%s[%d]: not a number: %r" % (name, t, a))
                continue
            d = abs(e - a)
            sd = math.sqrt(max(e * (1 - e), 1.0 / n) * 2.0 / n)
            stats["p"].append((d, d / sd))
            if d > p_tol:
                near0 = sum(1 for dd in series if abs(dd[t + 1]) <= 1e-9 * max(1.0, abs(dd[t + 1])))
                msg = "%s[%d] (%s): reference %.4f, program %.4f (|diff| %.4f > %.3f, %.1f sd)" % (
                    name, t, exp["years"][t], e, a, d, p_tol, d / sd)
                if near0:
                    notes.append(msg + " -- %d reference draws within 1e-9 of 0: not counted" % near0)
                else:
                    out.append(msg)

    shares(where + ".pBalanced", exp["pBalanced"], act.get("pBalanced"), draws["balance"])
    shares(where + ".pIcbBalanced", exp["pIcbBalanced"], act.get("pIcbBalanced"), draws["icbBalance"])
    if "places" in exp:
        ap = act.get("places")
        if not isinstance(ap, dict) or sorted(ap) != sorted(exp["places"]):
            out.append("%s.places: expected ids %s, got %r" % (
                where, sorted(exp["places"]), sorted(ap) if isinstance(ap, dict) else ap))
        else:
            for pid in exp["places"]:
                got = ap[pid].get("pBalanced") if isinstance(ap[pid], dict) else None
                shares("%s.places.%s.pBalanced" % (where, pid), exp["places"][pid]["pBalanced"],
                       got, draws["places"][pid])
    elif act.get("places"):
        out.append("%s.places: unexpected (the model has no places)" % where)
    if "pBalancedBeforeMitigations" in exp and not skipped("pBalancedBeforeMitigations", ("risks",)):
        shares(where + ".pBalancedBeforeMitigations", exp["pBalancedBeforeMitigations"],
               act.get("pBalancedBeforeMitigations"), draws["beforeMitigations"])
    if "organisations" in exp:
        ao = act.get("organisations")
        if not isinstance(ao, dict) or sorted(ao) != sorted(exp["organisations"]):
            out.append("%s.organisations: expected ids %s, got %r" % (
                where, sorted(exp["organisations"]), sorted(ao) if isinstance(ao, dict) else ao))
        else:
            for oid in exp["organisations"]:
                got = ao[oid].get("pBalanced") if isinstance(ao[oid], dict) else None
                shares("%s.organisations.%s.pBalanced" % (where, oid),
                       exp["organisations"][oid]["pBalanced"], got, draws["orgs"][oid])
    elif act.get("organisations"):
        out.append("%s.organisations: unexpected (the model has no organisations)" % where)
    if "pBalancedEveryYear" in act and "pBalancedEveryYear" in exp:
        e, a = exp["pBalancedEveryYear"], act["pBalancedEveryYear"]
        if abs(e - a) > p_tol:
            out.append("%s.pBalancedEveryYear: reference %.4f, program %.4f" % (where, e, a))

    def bands(name, exp_b, act_b, series):
        if not isinstance(act_b, dict):
            out.append("%s: missing" % name)
            return
        for key, p in (("p10", 0.10), ("p50", 0.50), ("p90", 0.90)):
            arr = act_b.get(key)
            if not isinstance(arr, list) or len(arr) != T:
                out.append("%s.%s: expected %d numbers, got %r" % (name, key, T, arr))
                continue
            for t in range(T):
                col = sorted(d[t + 1] for d in series)
                ok, below, at_or = rank_check(col, arr[t], p, delta)
                stats["rank"].append(min(abs(below - p), abs(at_or - p)) if not (below <= p <= at_or) else 0.0)
                if not ok:
                    out.append("%s.%s[%d] (%s): program %r, reference %r; program's value lies at "
                               "reference rank %.4f..%.4f, want %.2f +- %.3f" % (
                                   name, key, t, exp["years"][t], arr[t], exp_b[key][t], below, at_or, p, delta))

    bands(where + ".balance", exp["balance"], act.get("balance"), draws["balance"])
    bands(where + ".icbBalance", exp["icbBalance"], act.get("icbBalance"), draws["icbBalance"])
    if "underlying" in exp and not skipped("underlying", gc.UNDERLYING_FEATURES):   # version 3
        bands(where + ".underlying", exp["underlying"], act.get("underlying"), draws["underlying"])
    am = act.get("metrics")
    if not isinstance(am, dict) or sorted(am) != sorted(exp["metrics"]):
        out.append("%s.metrics: expected ids %s, got %s" % (
            where, sorted(exp["metrics"]), sorted(am) if isinstance(am, dict) else am))
        return
    for mid in exp["metrics"]:
        bands("%s.metrics.%s" % (where, mid), exp["metrics"][mid], am[mid], draws["metrics"][mid])


# --------------------------------------------------------------------------- main

def main(argv):
    args = list(argv[1:])
    quick = "--quick" in args
    if quick:
        args.remove("--quick")
    v3 = True
    if "--contract" in args:
        i = args.index("--contract")
        if i + 1 >= len(args) or args[i + 1] not in ("2", "3"):
            sys.stderr.write("check_analysis.py: --contract is 2 or 3\n")
            return 2
        v3 = args[i + 1] == "3"
        del args[i:i + 2]
    try:
        features = gc.take_features_option(args)
        if features is not None:
            if not v3:
                raise ValueError("--features is for version 3 (not with --contract 2)")
            gc.set_features(gc.parse_features(features))
    except ValueError as err:
        sys.stderr.write("check_analysis.py: %s\n" % err)
        return 2
    ncases, seed = (5 if quick else 10), 20261122
    for opt in ("--cases", "--seed"):
        if opt in args:
            i = args.index(opt)
            val = int(args[i + 1])
            del args[i:i + 2]
            if opt == "--cases":
                ncases = val
            else:
                seed = val
    if len(args) != 2:
        sys.stderr.write("usage: check_analysis.py HWEPLAN_BINARY OUTDIR [--contract 2] [--quick] "
                         "[--cases N] [--seed S] [--features LIST]\n")
        return 2
    binary, outdir = args
    draws = 5000 if quick else 20000
    p_tol = 0.03 if quick else 0.02
    delta = 0.04 if quick else 0.025
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(seed)
    failures = 0
    stats = {"p": [], "rank": []}
    t_ref = t_bin = 0.0
    for k in range(1, ncases + 1):
        model, script = gen_case(rng, k, draws, v3)
        mpath = os.path.join(outdir, "case-%d.json" % k)
        spath = os.path.join(outdir, "case-%d.scenario" % k)
        with open(mpath, "w", encoding="utf-8") as f:
            json.dump(model, f, indent=2, ensure_ascii=False)
            f.write("\n")
        with open(spath, "w", encoding="utf-8") as f:
            f.write(script)
        out, notes = [], []
        # reference, in process (keeping the raw draws)
        t0 = time.time()
        loaded = gc.load(model, v3)
        session = ref.Session(loaded)
        session.keep_draws = []
        try:
            exp = list(ref.run_script(loaded, script, spath, session))
        except ref.PlanError as err:
            print("case %d: the reference failed: %s" % (k, err))
            failures += 1
            continue
        t_ref += time.time() - t0
        with open(os.path.join(outdir, "case-%d.ref.jsonl" % k), "w", encoding="utf-8") as f:
            for obj in exp:
                f.write(json.dumps(obj, separators=(",", ":"), allow_nan=False) + "\n")
        # the program
        t0 = time.time()
        try:
            proc = subprocess.run([binary, "--model", mpath, "--format", "json", spath],
                                  capture_output=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as err:
            print("case %d: could not run %s: %s" % (k, binary, err))
            failures += 1
            continue
        t_bin += time.time() - t0
        with open(os.path.join(outdir, "case-%d.out.jsonl" % k), "wb") as f:
            f.write(proc.stdout)
        if proc.returncode != 0:
            out.append("exit status %d; stderr: %s" % (proc.returncode,
                                                      proc.stderr.decode("utf-8", "replace").strip()[:500]))
        act = []
        for line in proc.stdout.decode("utf-8", "replace").split("\n"):
            if line.strip():
                try:
                    act.append(json.loads(line))
                except ValueError as err:
                    out.append("output is not JSON lines: %s: %r" % (err, line[:200]))
        if len(act) != len(exp):
            out.append("expected %d JSON lines (3 sensitivity, 1 montecarlo), got %d"
                       % (len(exp), len(act)))
        else:
            mc = 0
            for n, (e, a) in enumerate(zip(exp, act), start=1):
                where = "line %d" % n
                if a.get("kind") != e["kind"]:
                    out.append("%s.kind: expected %r, got %r" % (where, e["kind"], a.get("kind")))
                elif e["kind"] == "sensitivity":
                    compare_sensitivity(e, a, where, out, notes)
                else:
                    compare_montecarlo(e, a, session.keep_draws[mc], where, out, notes,
                                       p_tol, delta, stats)
                    mc += 1
        status = "FAIL" if out else "ok"
        unc = ", ".join(u["assumption"] for u in model["uncertainty"])
        held = sorted(ref.held_assumptions(session.scenarios["s"]) &
                      {u["assumption"] for u in model["uncertainty"]})
        print("case %d: %s  (T=%d, %d places, %d uncertainty entries: %s; held: %s)"
              % (k, status, model["years"], len(model.get("places", [])), len(model["uncertainty"]),
                 unc, ", ".join(held) or "none"))
        for m in notes:
            print("  note: " + m)
        for m in out:
            print("  " + m)
        if out:
            failures += 1
    if stats["p"]:
        worst = max(stats["p"])
        print("pBalanced: %d figures, largest |diff| %.4f (%.1f sd); percentile rank tests: %d, "
              "largest rank error %.4f" % (len(stats["p"]), worst[0], max(z for _, z in stats["p"]),
                                           len(stats["rank"]), max(stats["rank"] or [0.0])))
    print("%d of %d cases failed (reference %.1f s, program %.1f s; %d draws, pBalanced +-%.3f, rank +-%.3f)"
          % (failures, ncases, t_ref, t_bin, draws, p_tol, delta))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

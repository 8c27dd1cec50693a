#!/usr/bin/env python3
"""Random test cases for hweplan, checked against the reference implementation.

Usage:  python3 gen_cases.py OUTDIR N SEED

Writes OUTDIR/case-K.json (a random but valid model, MODEL.md §1) and
OUTDIR/case-K.scenario (a script of random lever statements, LANGUAGE.md),
K = 1..N.  The same SEED gives the same files.  Every candidate statement is
tried on the reference session first; one the reference refuses (e.g. a
prevention budget would go negative, MODEL.md §3) is replaced by another, so
every script runs to the end without error.
"""

import json
import os
import random
import sys

sys.dont_write_bytecode = True      # keep the folder free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hweplan_ref as ref  # noqa: E402

TREATMENT_IDS = ["acute", "primary-care", "community", "mental-health", "prescribing",
                 "specialised", "urgent-care", "social-care.health"]
PREVENTION_IDS = ["prevention.lifestyles", "prevention.falls", "prevention.smoking",
                  "prevention.cvd", "prevention.early-years"]
ENABLER_IDS = ["digital", "workforce", "estates", "data-and-insight", "population-health"]
METRIC_IDS = ["hle", "smoking-prevalence", "waiting-list", "emergency-admissions",
              "inequality-gap", "staff-vacancies", "obesity"]


def r2(x, nd=4):
    return round(x, nd)


def maybe(rng, p=0.5):
    return rng.random() < p


def kernel(rng, lo=0.0, hi=1.0):
    n = rng.randint(1, 6)
    k, v = [], 0.0
    for _ in range(n):
        if maybe(rng, 0.7):            # mostly rising, like a real payback curve
            v = min(hi, v + rng.uniform(0, (hi - lo) / 2))
        else:
            v = rng.uniform(lo, hi)
        k.append(r2(v, 3))
    return k


def shares(rng, ids):
    """Shares over a random non-empty subset of ids, in 1/20ths, summing to 1 (within 1e-15)."""
    chosen = rng.sample(ids, rng.randint(1, len(ids)))
    parts = [1] * len(chosen)
    for _ in range(20 - len(chosen)):
        parts[rng.randrange(len(chosen))] += 1
    return {c: p / 20 for c, p in zip(chosen, parts)}     # sum is 1 within 1e-15


def gen_model(rng, k):
    T = rng.randint(3, 7)
    first = rng.randint(2015, 2035)
    treat = rng.sample(TREATMENT_IDS, rng.randint(3, 6))
    prev = rng.sample(PREVENTION_IDS, rng.randint(1, 4))
    enab = rng.sample(ENABLER_IDS, rng.randint(0, 4))
    mets = rng.sample(METRIC_IDS, rng.randint(1, 5))
    cats = []
    for cid in treat:
        c = {"id": cid, "name": "Treatment " + cid, "kind": "treatment",
             "base": r2(rng.uniform(20, 1500), 1)}
        if maybe(rng, 0.8):
            c["demandGrowth"] = r2(rng.uniform(-0.01, 0.06))
        if maybe(rng, 0.7):
            c["cashable"] = r2(rng.uniform(0, 1), 2)
        if maybe(rng, 0.3):
            c["priority"] = rng.randint(1, 5)
        if maybe(rng, 0.12):           # a treatment line with returns (m_j = 1 in §3)
            c["returns"] = {"kernel": kernel(rng, 0, 0.3),
                            "to": shares(rng, [t for t in treat if t != cid])}
        cats.append(c)
    for cid in prev:
        c = {"id": cid, "name": "Prevention " + cid, "kind": "prevention",
             "base": r2(rng.uniform(1, 30), 1)}
        if maybe(rng, 0.6):
            c["demandGrowth"] = r2(rng.uniform(-0.02, 0.05))
        if maybe(rng, 0.3):
            c["cashable"] = r2(rng.uniform(0, 1), 2)
        if maybe(rng, 0.5):
            c["priority"] = rng.randint(1, 5)
        if maybe(rng, 0.92):
            c["returns"] = {"kernel": kernel(rng, 0, 2.0), "to": shares(rng, treat)}
        cats.append(c)
    rng.shuffle(cats)

    enablers = []
    for eid in enab:
        e = {"id": eid, "name": "Enabler " + eid, "cost": r2(rng.uniform(0, 60), 1)}
        if maybe(rng, 0.8):
            e["lag"] = rng.randint(0, 2)
        if maybe(rng, 0.7):
            # occasionally large enough that M = max(0, ...) clips at 0
            e["prevention"] = r2(rng.choice([rng.uniform(-0.5, 1.0), rng.uniform(1.0, 2.5)]), 3)
        if maybe(rng, 0.6):
            e["equity"] = r2(rng.uniform(-0.5, 1.5), 3)
        if maybe(rng, 0.7):
            eff = {}
            for cid in rng.sample(treat, rng.randint(1, len(treat))):
                # occasionally large enough that the epsilon clamp binds
                eff[cid] = r2(rng.choice([rng.uniform(-0.02, 0.03), rng.uniform(0.3, 0.8)]), 4)
            e["efficiency"] = eff
        enablers.append(e)

    all_cats = [c["id"] for c in cats]
    metrics = []
    for mid in mets:
        base = r2(rng.uniform(0, 100), 2)
        x = {"id": mid, "name": "Metric " + mid, "base": base}
        if maybe(rng, 0.7):
            x["unit"] = rng.choice(["%", "years", "per 100k", "£m", ""])
        if maybe(rng, 0.3):
            x["priority"] = rng.randint(1, 5)
        if maybe(rng, 0.7):
            x["better"] = rng.choice(["higher", "lower"])
        if maybe(rng, 0.7):
            x["trend"] = r2(rng.uniform(-1, 1), 3)
        lohi = rng.random()
        if lohi < 0.25:
            x["min"], x["max"] = r2(base - rng.uniform(0, 3), 2), r2(base + rng.uniform(0, 3), 2)
        elif lohi < 0.4:
            x["min"] = r2(base - rng.uniform(0, 3), 2)
        elif lohi < 0.55:
            x["max"] = r2(base + rng.uniform(0, 3), 2)
        if maybe(rng, 0.4):
            x["ceiling"] = r2(rng.choice([0.0, rng.uniform(0, 0.5), rng.uniform(0.5, 5)]), 3)
        if maybe(rng, 0.75):
            where = rng.random()
            if where < 0.7:
                ty = first + rng.randint(0, T - 1)
            elif where < 0.85:
                ty = first + T + rng.randint(0, 3)
            else:
                ty = first - rng.randint(1, 3)
            x["target"] = {"value": r2(base + rng.uniform(-3, 3), 2), "year": ty}
        if maybe(rng, 0.6):
            x["equity"] = maybe(rng, 0.6)
        if maybe(rng, 0.85):
            resp = {}
            pool = prev + ([rng.choice(treat)] if maybe(rng, 0.3) else [])
            for j in rng.sample(pool, rng.randint(1, len(pool))):
                resp[j] = {"perMillion": r2(rng.uniform(-0.3, 0.3), 4), "kernel": kernel(rng, 0, 1)}
            x["responses"] = resp
        if enab and maybe(rng, 0.6):
            x["enablers"] = {e: r2(rng.uniform(-1, 1), 3)
                             for e in rng.sample(enab, rng.randint(1, len(enab)))}
        if maybe(rng, 0.5):
            x["capacity"] = r2(rng.uniform(-0.05, 0.05), 4)
        if maybe(rng, 0.5):
            x["activity"] = {c: r2(rng.uniform(-0.05, 0.05), 4)
                             for c in rng.sample(all_cats, rng.randint(1, 3))}
        metrics.append(x)

    total_base = sum(c["base"] for c in cats)
    model = {"name": "Random case %d" % k, "firstYear": first, "years": T,
             "income": {"base": r2(total_base * rng.uniform(0.97, 1.04), 1),
                        "growth": [r2(rng.uniform(-0.05, 0.05))] +
                                  [r2(rng.uniform(0.0, 0.06)) for _ in range(T - 1)]},
             "inflation": [r2(rng.uniform(-0.05, 0.05))] +
                          [r2(rng.uniform(0.0, 0.05)) for _ in range(T - 1)],
             "efficiency": [r2(rng.uniform(-0.05, 0.05))] +
                           [r2(rng.uniform(0.0, 0.03)) for _ in range(T - 1)],
             "categories": cats}
    pol = rng.random()
    if pol < 0.4:
        model["policy"] = "meet-demand"
    elif pol < 0.8:
        model["policy"] = "hold-budgets"
    if enablers or maybe(rng, 0.3):
        model["enablers"] = enablers
    if metrics:
        model["metrics"] = metrics
    if maybe(rng, 0.4):
        unc = [{"assumption": "inflation", "low": -0.005, "high": 0.01}]
        c0 = rng.choice(all_cats)
        unc.append({"assumption": c0 + ".demand-growth", "low": -0.01, "mode": 0.0, "high": 0.02})
        model["uncertainty"] = unc
    if maybe(rng, 0.3):
        model["sources"] = {"income.base": "made up for a test", "inflation": "also made up"}
    return model


# --------------------------------------------------------------------------- scripts

def fmt_num(v):
    s = repr(float(v))
    return s[:-2] if s.endswith(".0") else s


def money_text(rng, v):
    """A money amount of v £m in one of the lexical forms of LANGUAGE.md."""
    form = rng.randrange(7)
    if form == 0:
        return "£%sm" % fmt_num(v)
    if form == 1:
        return "%sm" % fmt_num(v)
    if form == 2:
        return fmt_num(v)                                   # bare number = £m
    if form == 3:
        return "£%sbn" % fmt_num(round(v / 1000.0, 6))
    if form == 4:
        return "£%dk" % int(round(v * 1000))
    if form == 5:
        return "£{:,}k".format(int(round(v * 1000)))         # £12,500k
    return "£{:,}m".format(int(round(v))) if v >= 1 else "£%sm" % fmt_num(v)


def year_text(rng, model, t):
    y = model["firstYear"] + t - 1
    form = rng.randrange(3)
    if form == 0:
        return "%d/%02d" % (y, (y + 1) % 100)
    if form == 1:
        return "%d-%02d" % (y, (y + 1) % 100)
    return "y%d" % t


def period_text(rng, model):
    T = model["years"]
    form = rng.randrange(5)
    if form == 0:
        return ""
    a = rng.randint(1, T)
    if form == 1:
        return " in " + year_text(rng, model, a)
    if form == 2:
        return " from " + year_text(rng, model, a)
    b = rng.randint(a, T)
    rng_txt = year_text(rng, model, a) + ".." + year_text(rng, model, b)
    return (" " if form == 3 else " in ") + rng_txt


def kw(rng, word):
    """Keywords are case-insensitive: sometimes shout them."""
    c = rng.random()
    if c < 0.15:
        return word.upper()
    if c < 0.3:
        return word.capitalize()
    return word


def pct_text(rng, lo, hi, nd=1):
    return "%s%%" % fmt_num(round(rng.uniform(lo, hi), nd))


def gen_statement(rng, model):
    treat = [c["id"] for c in model["categories"] if c["kind"] == "treatment"]
    prev = [c["id"] for c in model["categories"] if c["kind"] == "prevention"]
    enab = [e["id"] for e in model.get("enablers", [])]
    mets = [x["id"] for x in model.get("metrics", [])]
    allc = treat + prev
    choice = rng.randrange(14)
    if choice <= 3:                                          # shift
        kind = rng.randrange(5)
        if kind == 0:
            src, dst = rng.sample(treat, 2)
        elif kind == 1:
            src, dst = rng.choice(treat), rng.choice(["prevention"] + prev)
        elif kind == 2:
            src, dst = rng.choice(["prevention"] + prev), rng.choice(treat)
        elif kind == 3 and len(prev) >= 2:
            src, dst = rng.sample(prev, 2)
        else:
            src, dst = rng.choice(allc), "prevention"
            if src in prev:
                src = rng.choice(treat)
        out_of_prev = src == "prevention" or src in prev
        if maybe(rng):
            amt = pct_text(rng, 0.1, 25 if out_of_prev else 8)
        else:
            amt = money_text(rng, round(rng.uniform(0.1, 3 if out_of_prev else 40), 2))
        of = rng.choice(["", " " + kw(rng, "of"), " " + kw(rng, "from")])
        return "%s %s%s %s %s %s%s" % (kw(rng, "shift"), amt, of, src, kw(rng, "to"), dst,
                                       period_text(rng, model))
    if choice <= 5:                                          # invest
        dst = rng.choice(allc + ["prevention"])
        amt = pct_text(rng, 0.1, 20) if maybe(rng) else money_text(rng, round(rng.uniform(0.1, 30), 2))
        return "%s %s %s %s%s" % (kw(rng, "invest"), amt, kw(rng, "in"), dst, period_text(rng, model))
    if choice <= 7 and enab:                                 # enable
        at = ""
        if maybe(rng, 0.7):
            at = " %s %s%%" % (kw(rng, "at"), rng.choice([0, 50, 100, 150, 200, rng.randint(0, 200),
                                                          round(rng.uniform(0, 200), 1)]))
        return "%s %s%s%s" % (kw(rng, "enable"), rng.choice(enab), at, period_text(rng, model))
    if choice == 8 and enab:                                 # disable
        return "%s %s%s" % (kw(rng, "disable"), rng.choice(enab), period_text(rng, model))
    if choice <= 10:                                         # per-year assumptions
        aid = rng.choice(["allocation-growth", "inflation", "efficiency"])
        if maybe(rng):
            val = pct_text(rng, -1, 6, 2)
        else:
            val = fmt_num(round(rng.uniform(-0.01, 0.06), 4))
        return "%s %s = %s%s" % (kw(rng, "set"), aid, val, period_text(rng, model))
    if choice == 11:
        return "%s policy = %s" % (kw(rng, "set"), rng.choice(["hold-budgets", "meet-demand"]))
    # scalar assumptions (no period)
    opts = ["demand-growth", "cashable", "return-scale"] + (["cost"] if enab else []) + \
           (["trend"] if mets else [])
    field = rng.choice(opts)
    if field == "demand-growth":
        c = rng.choice(allc)
        v = pct_text(rng, -2, 7, 2) if maybe(rng) else fmt_num(round(rng.uniform(-0.02, 0.07), 4))
    elif field == "cashable":
        c = rng.choice(allc)
        v = pct_text(rng, 0, 100, 0) if maybe(rng) else fmt_num(round(rng.uniform(0, 1), 3))
    elif field == "return-scale":
        c = rng.choice([x["id"] for x in model["categories"] if "returns" in x] or allc)
        v = fmt_num(round(rng.uniform(0, 2.5), 3)) if maybe(rng, 0.7) else pct_text(rng, 0, 250, 0)
    elif field == "cost":
        c = rng.choice(enab)
        v = money_text(rng, round(rng.uniform(0, 80), 2))
    else:
        c = rng.choice(mets)
        v = fmt_num(round(rng.uniform(-1.5, 1.5), 3))
    return "%s %s.%s = %s" % (kw(rng, "set"), c, field, v)


def try_add(session, text):
    try:
        session.execute(text)
        return True
    except ref.PlanError:
        return False


def gen_script(rng, model, k):
    loaded = ref.load_model(json.loads(json.dumps(model)))
    session = ref.Session(loaded)
    lines = ["# random case %d (gen_cases.py)" % k, ""]
    if maybe(rng, 0.25):
        lines.append(kw(rng, "simulate") + "   # baseline first")
    lines.append("%s %s s" % (kw(rng, "scenario"), kw(rng, "new")))
    session.execute("scenario new s")
    pending = []                       # statements waiting to be joined with ';'
    for _ in range(rng.randint(1, 8)):
        for _attempt in range(40):
            text = gen_statement(rng, model)
            if try_add(session, text):
                break
        else:
            continue
        if maybe(rng, 0.2):
            pending.append(text)
            continue
        if pending:
            lines.append("; ".join(pending + [text]))
            pending = []
        else:
            lines.append(text + ("   # a lever" if maybe(rng, 0.1) else ""))
        if maybe(rng, 0.1):
            lines.append("")
    if pending:
        lines.append("; ".join(pending))
    lines.append(kw(rng, "simulate"))
    if maybe(rng, 0.3):
        lines.append("scenario new t from s")
        session.execute("scenario new t from s")
        for _attempt in range(40):
            text = gen_statement(rng, model)
            if try_add(session, text):
                lines.append(text)
                break
        lines.append("simulate; scenario use s; simulate")
    if maybe(rng, 0.15):
        lines.append("scenario use baseline")
        lines.append("simulate")
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) != 4:
        sys.stderr.write("usage: gen_cases.py OUTDIR N SEED\n")
        return 2
    outdir, n, seed = argv[1], int(argv[2]), int(argv[3])
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(seed)
    for k in range(1, n + 1):
        model = gen_model(rng, k)
        script = gen_script(rng, model, k)
        # final check: the whole script runs on the reference and gives finite JSON
        loaded = ref.load_model(json.loads(json.dumps(model)))
        for obj in ref.run_script(loaded, script, "case-%d.scenario" % k):
            json.dumps(obj, allow_nan=False)
        with open(os.path.join(outdir, "case-%d.json" % k), "w", encoding="utf-8") as f:
            json.dump(model, f, indent=2, ensure_ascii=False)
            f.write("\n")
        with open(os.path.join(outdir, "case-%d.scenario" % k), "w", encoding="utf-8") as f:
            f.write(script)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

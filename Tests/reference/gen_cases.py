#!/usr/bin/env python3
"""Random test cases for hweplan, checked against the reference implementation.

Usage:  python3 gen_cases.py [--v3 [--features LIST]] OUTDIR N SEED

Writes OUTDIR/case-K.json (a random but valid model, MODEL.md §1) and
OUTDIR/case-K.scenario (a script of random lever statements, LANGUAGE.md),
K = 1..N, and, for some cases, OUTDIR/case-K.csv (actuals that the script
loads with `actuals load "case-K.csv"`).  The same SEED gives the same files.
Every candidate statement is tried on the reference session first; one the
reference refuses (e.g. a prevention budget would go negative, MODEL.md §3)
is replaced by another, so every script runs to the end without error.

About half the models are version-1 style (no new keys, arrays exactly
`years` long); the others use version 2: 2-4 places (shares, demand growth
deltas, metric bases and trend deltas, sum metrics), `variable`, `maxUnmet`,
`growsWithIncome`, treatment returns, per-year arrays and kernels of any
length, effect-scale uncertainty, up to 10 years, actuals.  Scripts may use
`in PLACE`, `model horizon N`, `sensitivity` (balance, icb-balance, metrics,
categories, by place), `actuals load`, `show actuals` and `explain variance`.
Without --v3 the cases are version 2's (checked with `hweplan_ref.py --contract 2`), and
the same SEED gives exactly the files this program wrote before version 3.

With --v3 every model is a version 3 model (MODEL.md v3), checked with the version 3
reference (`hweplan_ref.py` without --contract): places (mostly) with commissioners
covering them (one or two; sometimes none, or one holding a model without places),
providers with `delivers`, `planPosition` and `support`; income streams (a core stream
with growth, some with `mhisBase`, non-recurrent deficit support as `amounts`, a
commissioner's own stream) or version 2 income; `pressure`; risks and mitigations with
and without `org`, recurrent or not; metrics that `drive` a line; `targets` lists;
ceilings; uncertainty on S.growth, S.amount, C.pressure, M.level and R.probability;
`correlations`; organisation actuals.  Scripts use every version 3 statement (`outturn`
with values and `N% of plan`, `risk`, `mitigation`, `rule grows-with-income off|on`,
`invest ... non-recurrent`, `set` of S.growth / S.amount / C.pressure / R.probability /
M.level, rates always with `%`, years like `27/28`), then simulate, sensitivity on the
version 3 targets (underlying, risk-adjusted, an organisation), show actuals and explain
variance of an organisation's balance.

--features LIST (with --v3 only; comma-separated) restricts the version 3 cases to the
features named, so that an engine moving to version 3 one feature at a time can be
compared on exactly what it implements.  `core` is always implied:

  core           version 3 semantics on version 2-shaped models: rates always with `%`,
                 `target` and `targets` (both forms, years before, within and after the
                 horizon), ceilings (tanh), years like `27/28`; shift, invest, enable,
                 disable, set (allocation-growth, inflation, efficiency, demand-growth,
                 cashable, return-scale, effect-scale, cost, trend), set policy, simulate,
                 sensitivity (v2 targets), actuals, show actuals, explain variance;
                 places or not; growsWithIncome on none, one or several categories;
                 sources as plain strings only
  level          M.level: set, and uncertainty entries
  outturn        `outturn ID = VALUE [PERIOD]` and `outturn ID = N% of plan`
  rule           `rule grows-with-income off|on [PERIOD]`
  pressure       category `pressure` arrays, set/outturn C.pressure, its uncertainty
  streams        income streams (base + growth, amounts, recurrent false, mhisBase; a
                 commissioner's stream only with organisations too), S.growth / S.amount
                 statements and uncertainty
  nonrecurrent   `invest ... non-recurrent`
  organisations  commissioners and providers (delivers, planPosition, support), an
                 organisation as sensitivity target, in actuals and explain variance
  risks          the model's risks and mitigations, `risk` / `mitigation` statements,
                 R.probability set and uncertainty, `sensitivity risk-adjusted`
  correlations   `correlations`
  drives         a metric's `drives`
  sources        sources written {cite, status}

`sensitivity underlying` is used when streams, nonrecurrent or organisations is on (the
features that make the underlying position differ from the balance).  `all` names every
feature.  Without --features (or with every feature named) --v3 makes exactly the cases it
made before the option existed; a given LIST and SEED always give the same files.
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


# --------------------------------------------------------------------------- --features

FEATURES = ("core", "level", "outturn", "rule", "pressure", "streams", "nonrecurrent",
            "organisations", "risks", "correlations", "drives", "sources")
UNDERLYING_FEATURES = ("streams", "nonrecurrent", "organisations")
ENABLED = None          # the version 3 features in use; None = every one (plain --v3)


def parse_features(text):
    """`core,outturn,...` -> a frozenset of feature names (core always in); ValueError on an
    unknown name."""
    names = {"core"}
    for word in text.split(","):
        word = word.strip().lower()
        if not word:
            continue
        if word == "all":
            names.update(FEATURES)
        elif word in FEATURES:
            names.add(word)
        else:
            raise ValueError("unknown feature %r (known: %s, all)" % (word, ", ".join(FEATURES)))
    return frozenset(names)


def set_features(names):
    """Restrict the version 3 generators to `names` (None: every feature)."""
    global ENABLED
    ENABLED = None if names is None else frozenset(names) | {"core"}


def feat(name):
    """Is version 3 feature `name` generated?  Every gate is tested BEFORE the random draw it
    guards, so with every feature on the generators draw exactly as they did before
    --features existed (the same seed gives the same files)."""
    return ENABLED is None or name in ENABLED


def underlying_on():
    return any(feat(f) for f in UNDERLYING_FEATURES)


def take_features_option(argv):
    """Remove `--features LIST` / `--features=LIST` from argv; -> the LIST text or None."""
    for i, a in enumerate(argv):
        if a == "--features":
            if i + 1 >= len(argv):
                raise ValueError("--features needs a comma-separated list")
            text = argv[i + 1]
            del argv[i:i + 2]
            return text
        if a.startswith("--features="):
            del argv[i]
            return a[len("--features="):]
    return None


def r2(x, nd=4):
    return round(x, nd)


def maybe(rng, p=0.5):
    return rng.random() < p


def kernel(rng, lo=0.0, hi=1.0, long=False):
    n = rng.randint(1, 12 if long and rng.random() < 0.4 else 6)
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


PLACE_IDS = ["north", "south", "east", "west", "central", "coast"]


def year_array(rng, T, v2, first_range, rest_range, nd=4):
    """A per-year array: exactly T long (v1 style) or any non-empty length (v2, §1)."""
    n = T if not v2 or rng.random() < 0.3 else rng.randint(1, T + 3)
    return [r2(rng.uniform(*first_range), nd)] + [r2(rng.uniform(*rest_range), nd) for _ in range(n - 1)]


def partition(rng, n, parts=20):
    """n positive shares in 1/parts-ths summing to 1 (within 1e-15)."""
    k = [1] * n
    for _ in range(parts - n):
        k[rng.randrange(n)] += 1
    return [x / parts for x in k]


def load(model, v3=False):
    """The model through the reference's loader, under the contract the case is for."""
    return ref.load_model(json.loads(json.dumps(model)), 3 if v3 else 2)


def gen_model(rng, k, v3=False):
    v2 = rng.random() < 0.5
    if v3:
        v2 = True
    T = rng.randint(3, 10) if v2 else rng.randint(3, 7)
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
        if maybe(rng, 0.25 if v2 else 0.12):      # a treatment line with returns (m_j = 1 in §3)
            c["returns"] = {"kernel": kernel(rng, 0, 0.3, v2),
                            "to": shares(rng, [t for t in treat if t != cid])}
        if v2:
            if maybe(rng, 0.45):
                c["variable"] = r2(rng.choice([0.0, 1.0, rng.uniform(0, 1)]), 3)
            if maybe(rng, 0.45):
                c["maxUnmet"] = r2(rng.choice([0.0, 1.0, rng.uniform(0, 0.2), rng.uniform(0, 1)]), 3)
            if maybe(rng, 0.25):
                c["growsWithIncome"] = maybe(rng, 0.85)
        if v3 and feat("pressure") and maybe(rng, 0.3):
            c["pressure"] = year_array(rng, T, True, (-0.05, 0.05), (0.0, 0.03))
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
            c["returns"] = {"kernel": kernel(rng, 0, 2.0, v2), "to": shares(rng, treat)}
        if v3 and feat("pressure") and maybe(rng, 0.2):
            c["pressure"] = year_array(rng, T, True, (-0.05, 0.05), (0.0, 0.02))
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
        if v2 and maybe(rng, 0.45):
            x["aggregate"] = rng.choice(["sum", "sum", "mean"])
        if maybe(rng, 0.85):
            resp = {}
            pool = prev + ([rng.choice(treat)] if maybe(rng, 0.3) else [])
            for j in rng.sample(pool, rng.randint(1, len(pool))):
                resp[j] = {"perMillion": r2(rng.uniform(-0.3, 0.3), 4), "kernel": kernel(rng, 0, 1, v2)}
            x["responses"] = resp
        if enab and maybe(rng, 0.6):
            x["enablers"] = {e: r2(rng.uniform(-1, 1), 3)
                             for e in rng.sample(enab, rng.randint(1, len(enab)))}
        if maybe(rng, 0.5):
            x["capacity"] = r2(rng.uniform(-0.05, 0.05), 4)
        if maybe(rng, 0.5):
            x["activity"] = {c: r2(rng.uniform(-0.05, 0.05), 4)
                             for c in rng.sample(all_cats, rng.randint(1, 3))}
        if v3:
            gen_metric_v3(rng, x, cats, treat, first, T)
        metrics.append(x)

    total_base = sum(c["base"] for c in cats)
    model = {"name": "Random case %d" % k, "firstYear": first, "years": T,
             "income": {"base": r2(total_base * rng.uniform(0.97, 1.04), 1),
                        "growth": year_array(rng, T, v2, (-0.05, 0.05), (0.0, 0.06))},
             "inflation": year_array(rng, T, v2, (-0.05, 0.05), (0.0, 0.05)),
             "efficiency": year_array(rng, T, v2, (-0.05, 0.05), (0.0, 0.03)),
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
    if v2 and maybe(rng, 0.85):
        model["places"] = gen_places(rng, model)
    if v3:
        gen_model_v3_parts(rng, model)
    with_actuals = v2 and maybe(rng, 0.6)
    if maybe(rng, 0.85 if with_actuals else 0.6 if v2 else 0.4):
        model["uncertainty"] = gen_uncertainty(rng, model, v2) if not v3 else gen_uncertainty_v3(rng, model)
    if v3 and feat("correlations") and model.get("uncertainty") and maybe(rng, 0.5):
        gen_correlations(rng, model)
    if maybe(rng, 0.3):
        model["sources"] = {"income.base": "made up for a test", "inflation": "also made up"}
        if v3 and feat("sources"):
            model["sources"]["categories[acute].pressure"] = {"cite": "a guess", "status": "estimate"}
            model["sources"]["inflation"] = {"cite": "also made up", "status": rng.choice(
                ["sourced", "derived", "estimate"])}
    if with_actuals:
        model["actuals"] = gen_model_actuals(rng, model, v3)
    return model


# --------------------------------------------------------------------------- version 3 models

STREAM_IDS = ["core", "delegated", "specialised-allocation", "deficit-support", "convergence",
              "local-top-up"]
COMMISSIONER_IDS = ["central-east", "essex-icb"]
PROVIDER_IDS = ["north-acute", "county-community", "mh-trust", "west-hospitals"]
RISK_IDS = ["cip-slippage", "drugs-overspend", "ucr-demand", "pay-award", "estates-claim"]
MITIGATION_IDS = ["vacancy-control", "contingency", "asset-sale"]


def gen_metric_v3(rng, x, cats, treat, first, T):
    """Version 3 metric keys: `targets` lists, `drives` on a sum metric, a ceiling."""
    if "target" in x and maybe(rng, 0.5):
        tg = [x.pop("target")]
        for _ in range(rng.randint(1, 3)):
            where = rng.random()
            ty = (first + rng.randint(0, T - 1) if where < 0.7 else
                  first + T + rng.randint(0, 2) if where < 0.85 else first - rng.randint(1, 2))
            tg.append({"value": r2(x["base"] + rng.uniform(-3, 3), 2), "year": ty})
        x["targets"] = tg
    if feat("drives") and maybe(rng, 0.35):
        # a metric that counts activity drives a line's savings (§3); only a sum metric may
        resp_cats = list(x.get("responses", {}))
        blocked = set()
        for j in resp_cats:
            cj = next(c for c in cats if c["id"] == j)
            if "returns" in cj:
                blocked.update(cj["returns"]["to"])
        free = [c for c in treat if c not in blocked]
        if free and resp_cats:
            x["aggregate"] = "sum"
            x["drives"] = {"category": rng.choice(free), "unitCost": r2(rng.uniform(0.05, 2.0), 3)}
            if "ceiling" not in x and maybe(rng, 0.6):
                x["ceiling"] = r2(rng.uniform(0.5, 20), 2)
    if "ceiling" not in x and maybe(rng, 0.2):
        x["ceiling"] = r2(rng.uniform(0.1, 5), 3)


def gen_model_v3_parts(rng, model):
    """Organisations, income streams and risks (MODEL.md v3 §1, §3, §9)."""
    T = model["years"]
    places = model.get("places", [])
    treat = [c["id"] for c in model["categories"] if c["kind"] == "treatment"]
    orgs = []
    shape = rng.random() if feat("organisations") else 1.0     # 1.0: no organisation at all
    if places:
        if shape < 0.75:                          # commissioners covering every place
            pids = [pl["id"] for pl in places]
            rng.shuffle(pids)
            if len(pids) >= 2 and maybe(rng, 0.6):
                cut = rng.randint(1, len(pids) - 1)
                groups = [pids[:cut], pids[cut:]]
            else:
                groups = [pids]
            for cid, grp in zip(COMMISSIONER_IDS, groups):
                o = {"id": cid, "name": "Commissioner " + cid, "kind": "commissioner", "places": grp}
                orgs.append(o)
    elif shape < 0.6:
        o = {"id": COMMISSIONER_IDS[0], "name": "The ICB", "kind": "commissioner"}
        if maybe(rng):
            o["places"] = []
        orgs.append(o)
    if shape < 0.9:                               # providers, with or without commissioners
        left = {c: {pl["id"]: 1.0 for pl in places} if places else 1.0 for c in treat}
        for pid in rng.sample(PROVIDER_IDS, rng.randint(1, 3)):
            o = {"id": pid, "name": "Provider " + pid, "kind": "provider"}
            dl = {}
            for c in rng.sample(treat, rng.randint(1, min(3, len(treat)))):
                if places:
                    sub = {}
                    for pl in places:
                        if maybe(rng, 0.7) and left[c][pl["id"]] > 0.05:
                            sh = round(rng.uniform(0, left[c][pl["id"]]), 3)
                            if maybe(rng, 0.1):
                                sh = left[c][pl["id"]]          # the whole of what is left
                            left[c][pl["id"]] -= sh
                            sub[pl["id"]] = sh
                    if sub:
                        dl[c] = sub
                elif left[c] > 0.05:
                    sh = round(rng.uniform(0, left[c]), 3)
                    left[c] -= sh
                    dl[c] = sh
            if dl or maybe(rng, 0.2):
                o["delivers"] = dl
            # a provider of a fully variable line whose gap is budget + (outturn - budget) - outturn,
            # rounding noise, always gets a planPosition away from 0, so its deficit years are
            # not decided by rounding (MODEL.md §9)
            noisy = any(next(c for c in model["categories"] if c["id"] == cid).get("variable") == 1.0
                        for cid in dl)
            if noisy or maybe(rng, 0.7):
                o["planPosition"] = [r2(rng.choice([-1, 1]) * rng.uniform(0.5, 10), 2)
                                     for _ in range(rng.randint(1, T + 1))]
            if maybe(rng, 0.5):
                o["support"] = [r2(rng.uniform(0, 8), 2) for _ in range(rng.randint(1, T))] + [0.0]
            orgs.append(o)
    if orgs:
        rng.shuffle(orgs)
        model["organisations"] = orgs
    comms = [o["id"] for o in orgs if o["kind"] == "commissioner"]
    # income streams (else version 2 income)
    if feat("streams") and maybe(rng, 0.7):
        total = model["income"]["base"]
        growth = model["income"]["growth"]
        streams = [{"id": "core", "name": "Core services", "base": r2(total * rng.uniform(0.8, 0.95), 1),
                    "growth": growth}]
        if maybe(rng, 0.6):
            streams[0]["mhisBase"] = True
        rest = total - streams[0]["base"]
        if maybe(rng, 0.6):
            streams.append({"id": "delegated", "name": "Delegated primary care",
                            "base": r2(rest * rng.uniform(0.3, 0.8), 1),
                            "growth": [0.0] + [r2(rng.uniform(0, 0.04)) for _ in range(rng.randint(0, T))]})
            if maybe(rng, 0.5):
                streams[-1]["mhisBase"] = True
            if maybe(rng, 0.2):
                streams[-1]["recurrent"] = True
        if maybe(rng, 0.7):
            streams.append({"id": "deficit-support", "name": "Deficit support",
                            "amounts": [r2(rng.uniform(5, 30), 1)] +
                            [r2(rng.uniform(0, 15), 1) for _ in range(rng.randint(0, T - 1))] + [0.0],
                            "recurrent": False})
        if maybe(rng, 0.4):
            streams.append({"id": "convergence", "name": "Convergence adjustment",
                            "amounts": [r2(rng.uniform(-10, 10), 1) for _ in range(rng.randint(1, T))]})
            if maybe(rng, 0.3):
                streams[-1]["recurrent"] = False
        if comms and maybe(rng, 0.6):
            streams.append({"id": "local-top-up", "name": "A commissioner's own allocation",
                            "base": r2(rng.uniform(5, 40), 1), "commissioner": rng.choice(comms)})
            if maybe(rng, 0.5):
                streams[-1]["growth"] = [0.0, r2(rng.uniform(-0.02, 0.05))]
        rng.shuffle(streams)
        model["income"] = {"streams": streams}
    # risks and mitigations
    if feat("risks") and maybe(rng, 0.75):
        risks = []
        org_ids = [o["id"] for o in orgs]
        for rid in rng.sample(RISK_IDS, rng.randint(1, 3)) + rng.sample(MITIGATION_IDS, rng.randint(0, 2)):
            r = {"id": rid, "name": "Entry " + rid, "kind": "mitigation" if rid in MITIGATION_IDS else "risk",
                 "impact": [r2(rng.uniform(0, 20), 2) for _ in range(rng.randint(1, T))],
                 "probability": r2(rng.choice([rng.uniform(0, 1), 1.0, 0.5]), 3)}
            if org_ids and maybe(rng, 0.6):
                r["org"] = rng.choice(org_ids)
            if maybe(rng, 0.25):
                r["recurrent"] = False
            risks.append(r)
        model["risks"] = risks


def gen_uncertainty_v3(rng, model):
    """A short, well-separated `uncertainty` list using the version 3 assumptions too."""
    streams = model["income"].get("streams")
    per_year = ["inflation", "efficiency"] + ([] if streams else ["allocation-growth"])
    unc = [{"assumption": rng.choice(per_year),
            "low": -round(rng.uniform(0.002, 0.01), 4), "high": round(rng.uniform(0.005, 0.015), 4)}]
    c0 = rng.choice([c["id"] for c in model["categories"]])
    unc.append({"assumption": c0 + ".demand-growth", "low": -0.01, "mode": 0.0, "high": 0.02})
    eff = effective_ids(model, "effect-scale")
    if eff and maybe(rng, 0.6):
        unc.append({"assumption": rng.choice(eff) + ".effect-scale",
                    "low": round(rng.uniform(0.3, 0.9), 3), "mode": 1.0,
                    "high": round(rng.uniform(1.1, 2.0), 3)})
    if model.get("enablers") and maybe(rng, 0.4):
        e = rng.choice(model["enablers"])
        unc.append({"assumption": e["id"] + ".cost", "low": r2(e["cost"] * 0.8, 2),
                    "mode": e["cost"], "high": r2(e["cost"] * 1.5 + 3, 2)})
    if feat("pressure") and maybe(rng, 0.5):
        unc.append({"assumption": rng.choice(model["categories"])["id"] + ".pressure",
                    "low": -0.005, "mode": 0.0, "high": round(rng.uniform(0.005, 0.02), 4)})
    if streams:
        based = [st for st in streams if "base" in st]
        amounts = [st for st in streams if "amounts" in st]
        if based and maybe(rng, 0.5):
            unc.append({"assumption": rng.choice(based)["id"] + ".growth",
                        "low": -round(rng.uniform(0.002, 0.01), 4), "mode": 0.0,
                        "high": round(rng.uniform(0.002, 0.01), 4)})
        if amounts and maybe(rng, 0.4):
            unc.append({"assumption": rng.choice(amounts)["id"] + ".amount",
                        "low": -round(rng.uniform(1, 8), 2), "mode": 0.0, "high": round(rng.uniform(1, 8), 2)})
    if model.get("metrics") and feat("level") and maybe(rng, 0.5):
        x = rng.choice(model["metrics"])
        unc.append({"assumption": x["id"] + ".level", "low": -round(rng.uniform(0.5, 3), 2), "mode": 0.0,
                    "high": round(rng.uniform(0.5, 3), 2)})
    if model.get("risks") and maybe(rng, 0.6):
        r = rng.choice(model["risks"])
        p = r["probability"]
        unc.append({"assumption": r["id"] + ".probability", "low": round(max(0.0, p - 0.3), 3),
                    "mode": p, "high": round(min(1.0, p + 0.2), 3)})
    rng.shuffle(unc)
    return unc


def gen_correlations(rng, model):
    """One or two pairs {a, b, rho} of assumptions with uncertainty entries, kept positive definite."""
    ids = []
    for u in model["uncertainty"]:
        if u["assumption"] not in ids:
            ids.append(u["assumption"])
    if len(ids) < 2:
        return
    pairs, seen = [], set()
    for _ in range(rng.randint(1, 2)):
        a, b = rng.sample(ids, 2)
        if frozenset((a, b)) in seen:
            continue
        seen.add(frozenset((a, b)))
        pairs.append({"a": a, "b": b, "rho": r2(rng.choice([rng.uniform(-0.7, 0.7), 0.5, -0.4]), 3)})
    if ref.cholesky(ref.correlation_matrix(ids, pairs)) is not None:
        model["correlations"] = pairs


def gen_places(rng, model):
    P = rng.randint(2, 4)
    ids = rng.sample(PLACE_IDS, P)
    places = [{"id": pid, "name": "Place " + pid, "population": rng.randint(50, 900) * 1000}
              for pid in ids]
    if maybe(rng, 0.6):
        for pl, w in zip(places, partition(rng, P)):
            pl["incomeShare"] = w
    for c in model["categories"]:
        explicit = maybe(rng, 0.4)
        sh = partition(rng, P)
        for pl, w in zip(places, sh):
            entry = {}
            if explicit:
                entry["share"] = w
            if maybe(rng, 0.3):
                entry["demandGrowthDelta"] = r2(rng.uniform(-0.01, 0.01))
            if entry or maybe(rng, 0.05):
                pl.setdefault("categories", {})[c["id"]] = entry
    for x in model.get("metrics", []):
        for pl in places:
            entry = {}
            if maybe(rng, 0.4):
                entry["base"] = r2(max(0.0, x["base"] * rng.uniform(0.6, 1.4)
                                       * (pl["population"] / 1e6 if x.get("aggregate") == "sum" else 1)), 2)
            if maybe(rng, 0.3):
                entry["trendDelta"] = r2(rng.uniform(-0.3, 0.3), 3)
            if entry:
                pl.setdefault("metrics", {})[x["id"]] = entry
    return places


def effective_ids(model, field):
    """Categories for which an assumption C.field has an effect (MODEL.md §1)."""
    cats = model["categories"]
    if field == "cashable":
        named = set()
        for c in cats:
            if "returns" in c:
                named.update(c["returns"]["to"])
        for x in model.get("metrics", []):
            if "drives" in x:                         # version 3: a driven line's savings
                named.add(x["drives"]["category"])
        return [c["id"] for c in cats if c["kind"] == "treatment" and c["id"] in named]
    if field == "return-scale":
        return [c["id"] for c in cats if "returns" in c]
    if field == "effect-scale":
        named = []
        for x in model.get("metrics", []):
            for j in x.get("responses", {}):
                if j not in named:
                    named.append(j)
        return [c["id"] for c in cats if c["id"] in named]
    return [c["id"] for c in cats]


def gen_uncertainty(rng, model, v2):
    """A short, well-separated `uncertainty` list (distinct ranges: no near-tied swings)."""
    unc = [{"assumption": rng.choice(["inflation", "allocation-growth", "efficiency"]),
            "low": -round(rng.uniform(0.002, 0.01), 4), "high": round(rng.uniform(0.005, 0.015), 4)}]
    c0 = rng.choice([c["id"] for c in model["categories"]])
    unc.append({"assumption": c0 + ".demand-growth", "low": -0.01, "mode": 0.0, "high": 0.02})
    if v2:
        eff = effective_ids(model, "effect-scale")
        if eff and maybe(rng, 0.8):
            unc.append({"assumption": rng.choice(eff) + ".effect-scale",
                        "low": round(rng.uniform(0.3, 0.9), 3), "mode": 1.0,
                        "high": round(rng.uniform(1.1, 2.0), 3)})
        if model.get("enablers") and maybe(rng, 0.6):
            e = rng.choice(model["enablers"])
            unc.append({"assumption": e["id"] + ".cost", "low": r2(e["cost"] * 0.8, 2),
                        "mode": e["cost"], "high": r2(e["cost"] * 1.5 + 3, 2)})
        if maybe(rng, 0.4):
            rs = effective_ids(model, "return-scale")
            if rs:
                unc.append({"assumption": rng.choice(rs) + ".return-scale",
                            "low": round(rng.uniform(0.4, 0.9), 3), "high": round(rng.uniform(1.1, 1.6), 3)})
    rng.shuffle(unc)
    return unc


def baseline_run(model, v3=False):
    doc = json.loads(json.dumps(model))
    doc.pop("actuals", None)
    loaded = load(doc, v3)
    return loaded, ref.run(loaded, [])


def noisy(rng, v, money=True):
    if money:
        return round(v * (1 + rng.uniform(-0.006, 0.006)) + rng.uniform(-1, 1), 3)
    return round(v + rng.uniform(-0.5, 0.5), 3)


def item_figure(loaded, res, item, place, t):
    return ref.item_value(loaded, res, item, place, t)


def gen_model_actuals(rng, model, v3=False):
    """`actuals` of the model file: history before the horizon and some years within it."""
    loaded, res = baseline_run(model, v3)
    T, first = model["years"], model["firstYear"]
    out = {}
    years = [first - rng.randint(1, 3)] if maybe(rng, 0.6) else []
    years += rng.sample(range(first, first + T), rng.randint(1, min(3, T)))
    cats = [c["id"] for c in model["categories"]]
    mets = [x["id"] for x in model.get("metrics", [])]
    for y in sorted(set(years)):
        t = y - first + 1
        entry = {}

        def fig(item, place, money=True):
            if t >= 1:
                return noisy(rng, item_figure(loaded, res, item, place, t), money)
            return round(rng.uniform(-20, 20) if item in ("balance", "icb-balance")
                         else rng.uniform(10, 3000), 3)
        for key, item in (("income", "income"), ("spend", "spend"), ("balance", "balance"),
                          ("icbBalance", "icb-balance")):
            if maybe(rng, 0.4):
                entry[key] = fig(item, None)
        for c in rng.sample(cats, rng.randint(0, 2)):
            entry.setdefault("categories", {})[c] = fig(c, None)
        if mets and t >= 1:
            for x in rng.sample(mets, rng.randint(0, 1)):
                entry.setdefault("metrics", {})[x] = fig(x, None, False)
        for pl in model.get("places", []):
            if maybe(rng, 0.4):
                sub = {"balance": fig("balance", pl["id"])}
                if maybe(rng, 0.5):
                    sub["icbBalance"] = fig("icb-balance", pl["id"])
                if maybe(rng, 0.4):
                    c = rng.choice(cats)
                    sub.setdefault("categories", {})[c] = fig(c, pl["id"])
                entry.setdefault("places", {})[pl["id"]] = sub
        if v3 and t >= 1 and model.get("organisations") and maybe(rng, 0.6):
            o = rng.choice(model["organisations"])
            entry.setdefault("organisations", {})[o["id"]] = fig(o["id"], None)
        label = "%d/%02d" % (y, (y + 1) % 100)
        out[label] = entry
    return out


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


def year_text(rng, model, t, v3=False):
    y = model["firstYear"] + t - 1
    form = rng.randrange(3)
    if v3 and form == 0 and 2000 <= y <= 2098 and maybe(rng, 0.4):
        return "%02d%s%02d" % (y % 100, rng.choice("/-"), (y + 1) % 100)      # `27/28` (20xx)
    if form == 0:
        return "%d/%02d" % (y, (y + 1) % 100)
    if form == 1:
        return "%d-%02d" % (y, (y + 1) % 100)
    return "y%d" % t


def period_text(rng, model, T=None, v3=False):
    T = T or model["years"]
    form = rng.randrange(5)
    if form == 0:
        return ""
    a = rng.randint(1, T)
    if form == 1:
        return " in " + year_text(rng, model, a, v3)
    if form == 2:
        return " from " + year_text(rng, model, a, v3)
    b = rng.randint(a, T)
    rng_txt = year_text(rng, model, a, v3) + ".." + year_text(rng, model, b, v3)
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


def place_text(rng, model):
    """` in PLACE` for a shift or invest, sometimes, where the model has places."""
    if model.get("places") and maybe(rng, 0.35):
        return " %s %s" % (kw(rng, "in"), rng.choice(model["places"])["id"])
    return ""


def gen_statement(rng, model, T=None):
    T = T or model["years"]
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
        return "%s %s%s %s %s %s%s%s" % (kw(rng, "shift"), amt, of, src, kw(rng, "to"), dst,
                                         place_text(rng, model), period_text(rng, model, T))
    if choice <= 5:                                          # invest
        dst = rng.choice(allc + ["prevention"])
        amt = pct_text(rng, 0.1, 20) if maybe(rng) else money_text(rng, round(rng.uniform(0.1, 30), 2))
        return "%s %s %s %s%s%s" % (kw(rng, "invest"), amt, kw(rng, "in"), dst,
                                    place_text(rng, model), period_text(rng, model, T))
    if choice <= 7 and enab:                                 # enable
        at = ""
        if maybe(rng, 0.7):
            at = " %s %s%%" % (kw(rng, "at"), rng.choice([0, 50, 100, 150, 200, rng.randint(0, 200),
                                                          round(rng.uniform(0, 200), 1)]))
        return "%s %s%s%s" % (kw(rng, "enable"), rng.choice(enab), at, period_text(rng, model, T))
    if choice == 8 and enab:                                 # disable
        return "%s %s%s" % (kw(rng, "disable"), rng.choice(enab), period_text(rng, model, T))
    if choice <= 10:                                         # per-year assumptions
        aid = rng.choice(["allocation-growth", "inflation", "efficiency"])
        if maybe(rng):
            val = pct_text(rng, -1, 6, 2)
        else:
            val = fmt_num(round(rng.uniform(-0.01, 0.06), 4))
        return "%s %s = %s%s" % (kw(rng, "set"), aid, val, period_text(rng, model, T))
    if choice == 11:
        return "%s policy = %s" % (kw(rng, "set"), rng.choice(["hold-budgets", "meet-demand"]))
    # scalar assumptions (no period), only those that have an effect (MODEL.md §1, §5)
    opts = ["demand-growth"] + [f for f in ("cashable", "return-scale", "effect-scale")
                                if effective_ids(model, f)] + \
           (["cost"] if enab else []) + (["trend"] if mets else [])
    field = rng.choice(opts)
    if field == "demand-growth":
        c = rng.choice(allc)
        v = pct_text(rng, -2, 7, 2) if maybe(rng) else fmt_num(round(rng.uniform(-0.02, 0.07), 4))
    elif field == "cashable":
        c = rng.choice(effective_ids(model, field))
        v = pct_text(rng, 0, 100, 0) if maybe(rng) else fmt_num(round(rng.uniform(0, 1), 3))
    elif field in ("return-scale", "effect-scale"):
        c = rng.choice(effective_ids(model, field))
        v = fmt_num(round(rng.uniform(0, 2.5), 3)) if maybe(rng, 0.7) else pct_text(rng, 0, 250, 0)
    elif field == "cost":
        c = rng.choice(enab)
        v = money_text(rng, round(rng.uniform(0, 80), 2))
    else:
        c = rng.choice(mets)
        v = fmt_num(round(rng.uniform(-1.5, 1.5), 3))
    return "%s %s.%s = %s" % (kw(rng, "set"), c, field, v)


def gen_statement_v3(rng, model, T=None):
    """A version 3 statement (LANGUAGE.md v3): the money and enabler levers of version 2, rates
    always with `%`, and `outturn`, `risk`, `mitigation`, `rule`, `non-recurrent`."""
    T = T or model["years"]
    cats = model["categories"]
    treat = [c["id"] for c in cats if c["kind"] == "treatment"]
    mets = [x["id"] for x in model.get("metrics", [])]
    enab = [e["id"] for e in model.get("enablers", [])]
    streams = model["income"].get("streams", [])
    orgs = [o["id"] for o in model.get("organisations", [])]
    risks = [r["id"] for r in model.get("risks", [])]

    def allowed(choice):                              # --features: the statements to make
        return not (choice == 6 and not feat("nonrecurrent") or 7 <= choice <= 9 and not feat("risks")
                    or choice == 10 and not feat("rule") or choice >= 16 and not feat("outturn"))
    choice = rng.randrange(20)
    while not allowed(choice):                        # never with every feature on
        choice = rng.randrange(20)
    if choice <= 5:                                   # shift / invest / enable / disable (v2 forms)
        for _ in range(50):
            text = gen_statement(rng, model, T)
            if text.split()[0].lower() != "set":
                return text
        return text
    if choice == 6:                                   # invest ... non-recurrent
        dst = rng.choice([c["id"] for c in cats] + ["prevention"])
        amt = pct_text(rng, 0.1, 10) if maybe(rng, 0.3) else money_text(rng, round(rng.uniform(0.1, 30), 2))
        return "%s %s %s %s%s%s %s" % (kw(rng, "invest"), amt, kw(rng, "in"), dst, place_text(rng, model),
                                       period_text(rng, model, T, True), kw(rng, "non-recurrent"))
    if choice <= 9:                                   # risk / mitigation
        what = "risk" if maybe(rng, 0.65) else "mitigation"
        pool = (RISK_IDS if what == "risk" else MITIGATION_IDS) + risks
        rid = rng.choice(pool)
        text = "%s %s %s" % (kw(rng, what), rid, money_text(rng, round(rng.uniform(0, 25), 2)))
        if orgs and maybe(rng, 0.5):
            text += " %s %s" % (kw(rng, "on"), rng.choice(orgs))
        text += period_text(rng, model, T, True)
        if maybe(rng, 0.7):
            text += " %s %s" % (kw(rng, "at"), pct_text(rng, 0, 100, rng.choice([0, 1])))
        return text
    if choice == 10:                                  # rule grows-with-income off|on
        return "%s grows-with-income %s%s" % (kw(rng, "rule"), rng.choice(["off", "off", "on"]),
                                              period_text(rng, model, T, True))
    if choice == 11:
        return "%s policy = %s" % (kw(rng, "set"), rng.choice(["hold-budgets", "meet-demand"]))
    verb = "outturn" if choice >= 16 else "set"
    # an assumption and a value written as §2 asks
    per_year = ["inflation", "efficiency"] + ([] if streams else ["allocation-growth"])
    opts = [("rate-y", a) for a in per_year]
    opts += [("rate-y", st["id"] + ".growth") for st in streams if "base" in st]
    opts += [("money-y", st["id"] + ".amount") for st in streams if "amounts" in st]
    if feat("pressure"):
        opts += [("rate-y", rng.choice(cats)["id"] + ".pressure")]
    opts += [("rate", rng.choice(cats)["id"] + ".demand-growth")]
    opts += [("cash", c + ".cashable") for c in effective_ids(model, "cashable")[:1]]
    opts += [("scale", c + ".return-scale") for c in effective_ids(model, "return-scale")[:2]]
    opts += [("scale", c + ".effect-scale") for c in effective_ids(model, "effect-scale")[:2]]
    opts += [("money", e + ".cost") for e in enab[:2]]
    opts += [("unit", x + ".trend") for x in mets[:1]]
    if feat("level"):
        opts += [("unit", x + ".level") for x in mets[:2]]
    if verb == "set":
        opts += [("prob", r + ".probability") for r in risks]
    form, aid = rng.choice(opts)
    period = period_text(rng, model, T, True) if form in ("rate-y", "money-y") else ""
    if verb == "outturn" and maybe(rng, 0.45):
        return "%s %s = %s %s plan%s" % (kw(rng, "outturn"), aid, pct_text(rng, 40, 140, rng.choice([0, 1])),
                                        kw(rng, "of"), period)
    if form in ("rate-y", "rate"):
        val = pct_text(rng, -1, 6, 2)
    elif form == "cash":
        val = pct_text(rng, 0, 100, 0)
    elif form == "scale":
        val = fmt_num(round(rng.uniform(0, 2.5), 3)) if maybe(rng, 0.6) else pct_text(rng, 0, 250, 0)
    elif form == "prob":
        val = fmt_num(round(rng.uniform(0, 1), 2)) if maybe(rng) else pct_text(rng, 0, 100, 0)
    elif form == "money":
        val = money_text(rng, round(rng.uniform(0, 80), 2))
    elif form == "money-y":
        val = money_text(rng, round(rng.uniform(0, 40), 2))
    else:
        val = fmt_num(round(rng.uniform(-1.5, 1.5), 3))
    return "%s %s = %s%s" % (kw(rng, verb), aid, val, period)


def try_add(session, text):
    try:
        session.execute(text)
        return True
    except ref.PlanError:
        return False


def horizon_statement(rng, session):
    T = session.model["T"]
    return "%s %s %d" % (kw(rng, "model"), kw(rng, "horizon"),
                         rng.randint(max(2, T - 2), min(12, T + 4)))


def target_text(rng, model, money_only=False, v3=False):
    """TARGET [in PLACE] for sensitivity (and ITEM for explain variance)."""
    words = ["balance", "balance", "icb-balance", "icb-balance"]
    words += [x["id"] for x in model.get("metrics", [])]
    words += [rng.choice(model["categories"])["id"]]
    if v3:
        whole = (["underlying", "underlying"] if underlying_on() else []) + \
                (["risk-adjusted", "risk-adjusted"] if feat("risks") else []) + \
                [o["id"] for o in model.get("organisations", [])] * 2
        if whole and maybe(rng, 0.6):
            return rng.choice(whole)
    w = rng.choice(words)
    if model.get("places") and maybe(rng, 0.4):
        w += " in " + rng.choice(model["places"])["id"]
    return w


def gen_csv(rng, model, session, v3=False):
    """An actuals CSV (MODEL.md §8) around the current scenario's projection."""
    loaded = session.model
    res = ref.run(loaded, session.scenarios[session.current])
    T, first = loaded["T"], loaded["firstYear"]
    items = ["income", "spend", "balance", "icb-balance"] + \
            [c["id"] for c in loaded["categories"]] + [x["id"] for x in loaded["metrics"]]
    mets = {x["id"] for x in loaded["metrics"]}
    places = [""] + [pl["id"] for pl in model.get("places", [])]
    orgs = [o["id"] for o in model.get("organisations", [])] if v3 else []
    rows = ["year,place,item,value"]
    for _ in range(rng.randint(1, 8)):
        y = rng.randint(first - 2, first + T - 1)
        t = y - first + 1
        item, place = rng.choice(items), rng.choice(places)
        if orgs and maybe(rng, 0.35):
            item, place = rng.choice(orgs), ""          # an organisation's balance (§8, version 3)
        if t >= 1:
            v = noisy(rng, ref.item_value(loaded, res, item, place or None, t), item not in mets)
        else:
            v = round(rng.uniform(-20, 200), 3)
        sep = rng.choice(["/", "-"])
        rows.append("%d%s%02d,%s,%s,%s" % (y, sep, (y + 1) % 100, place, item, fmt_num(v)))
    return "\n".join(rows) + "\n"


def gen_script(rng, model, k, v3=False):
    """-> (script text, actuals CSV text or None)."""
    loaded = load(model, v3)
    session = ref.Session(loaded)
    v2ish = bool(model.get("places") or model.get("actuals") or model["years"] > 7 or v3)
    if v3:
        def gen_statement(rng, model, T):                  # noqa: F811 (the version 3 generator)
            return gen_statement_v3(rng, model, T)
    else:
        gen_statement = globals()["gen_statement"]
    lines = ["# random case %d (gen_cases.py)" % k, ""]
    csv_text = None
    if maybe(rng, 0.25):
        lines.append(kw(rng, "simulate") + "   # baseline first")
    if maybe(rng, 0.15 if v2ish else 0.05):
        text = horizon_statement(rng, session)
        if try_add(session, text):
            lines.append(text)
    lines.append("%s %s s" % (kw(rng, "scenario"), kw(rng, "new")))
    session.execute("scenario new s")
    pending = []                       # statements waiting to be joined with ';'
    for _ in range(rng.randint(1, 8)):
        if maybe(rng, 0.08 if v2ish else 0.03):
            text = horizon_statement(rng, session)
            if not try_add(session, text):
                continue
        else:
            for _attempt in range(40):
                text = gen_statement(rng, model, session.model["T"])
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
        if v3 and maybe(rng, 0.15):
            lines.append("simulate")
    if pending:
        lines.append("; ".join(pending))
    lines.append(kw(rng, "simulate"))
    if maybe(rng, 0.3):
        lines.append("scenario new t from s")
        session.execute("scenario new t from s")
        for _attempt in range(40):
            text = gen_statement(rng, model, session.model["T"])
            if try_add(session, text):
                lines.append(text)
                break
        lines.append("simulate; scenario use s; simulate")
    # actuals: load a CSV, show them, explain a variance
    if v2ish and maybe(rng, 0.5):
        csv_text = gen_csv(rng, model, session, v3)
        name = "case-%d.csv" % k
        session.actuals.update(ref.load_actuals_csv(session.model, csv_text, name))
        lines.append('actuals load "%s"' % name)
    if session.actuals and maybe(rng, 0.9):
        lines.append("%s %s" % (kw(rng, "show"), kw(rng, "actuals")))
        first, T = session.model["firstYear"], session.model["T"]
        keys = sorted((key for key in session.actuals if first + 1 <= key[0] <= first + T - 1),
                      key=lambda key: (key[0], key[1] or "", key[2]))
        orgs = [o["id"] for o in model.get("organisations", [])] if v3 else []
        money = [key for key in keys if key[2] in ["balance", "spend", "icb-balance"] + orgs]
        if keys and maybe(rng, 0.85):
            y, place, item = rng.choice(money if money and maybe(rng, 0.7) else keys)
            text = "%s %s %s%s in %s" % (kw(rng, "explain"), kw(rng, "variance"), item,
                                         (" in " + place) if place else "",
                                         year_text(rng, model, y - first + 1, v3))
            session.execute(text)
            lines.append(text)
    if model.get("uncertainty") and maybe(rng, 0.5):
        for _ in range(rng.randint(1, 2)):
            text = "%s %s" % (kw(rng, "sensitivity"), target_text(rng, model, v3=v3))
            if maybe(rng, 0.6):
                text += " in " + year_text(rng, model, rng.randint(1, session.model["T"]), v3)
            session.execute(text)
            lines.append(text)
    if maybe(rng, 0.15):
        lines.append("scenario use baseline")
        lines.append("simulate")
    return "\n".join(lines) + "\n", csv_text


def main(argv):
    argv = list(argv)
    v3 = "--v3" in argv
    if v3:
        argv.remove("--v3")
    try:
        features = take_features_option(argv)
        if features is not None:
            if not v3:
                raise ValueError("--features needs --v3")
            set_features(parse_features(features))
    except ValueError as err:
        sys.stderr.write("gen_cases.py: %s\n" % err)
        return 2
    if len(argv) != 4:
        sys.stderr.write("usage: gen_cases.py [--v3 [--features LIST]] OUTDIR N SEED\n")
        return 2
    outdir, n, seed = argv[1], int(argv[2]), int(argv[3])
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(seed)
    for k in range(1, n + 1):
        model = gen_model(rng, k, v3)
        script, csv_text = gen_script(rng, model, k, v3)
        with open(os.path.join(outdir, "case-%d.json" % k), "w", encoding="utf-8") as f:
            json.dump(model, f, indent=2, ensure_ascii=False)
            f.write("\n")
        spath = os.path.join(outdir, "case-%d.scenario" % k)
        with open(spath, "w", encoding="utf-8") as f:
            f.write(script)
        if csv_text is not None:
            with open(os.path.join(outdir, "case-%d.csv" % k), "w", encoding="utf-8") as f:
                f.write(csv_text)
        # final check: the whole script runs on the reference (from the files written,
        # so the CSV is found next to the script) and gives finite JSON
        loaded = load(model, v3)
        for obj in ref.run_script(loaded, script, spath):
            json.dumps(obj, allow_nan=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

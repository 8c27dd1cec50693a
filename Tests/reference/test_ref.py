#!/usr/bin/env python3
"""Hand-worked checks of hweplan_ref.py against MODEL.md.

Run:  python3 test_ref.py    or    python3 -m unittest   (from this folder)

Every expected number below was worked out by hand from MODEL.md before the
test was run; the working is in the comments.  The models are tiny: two
treatment categories and one prevention category over two years.

The classes before "VERSION 3" test MODEL.md version 2 and run the reference
under `contract=2` (hweplan_ref.py --contract 2); the classes after it test
version 3 (the default contract).
"""

import json
import os
import sys
import unittest

sys.dont_write_bytecode = True      # keep the folder free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hweplan_ref as ref  # noqa: E402


def load(model_doc, contract=2):
    return ref.load_model(json.loads(json.dumps(model_doc)), contract)


def simulate(model_doc, script, contract=2):
    model = load(model_doc, contract)
    return list(ref.run_script(model, script, "<test>"))


def simulate3(model_doc, script):
    return simulate(model_doc, script, 3)


class Approx(unittest.TestCase):
    def near(self, got, want, msg=""):
        if isinstance(want, list):
            self.assertEqual(len(got), len(want), msg)
            for i, (g, w) in enumerate(zip(got, want)):
                self.near(g, w, "%s[%d]" % (msg, i))
            return
        self.assertAlmostEqual(got, want, places=9, msg="%s: got %r want %r" % (msg, got, want))


# ---------------------------------------------------------------------------
# Model A: savings, demand/outturn under both policies, unmet, released,
# capacity, activity vs B0, ceiling clip, clamp, targets in/out of horizon.
# ---------------------------------------------------------------------------
MODEL_A = {
    "name": "Model A", "firstYear": 2023, "years": 2,
    "income": {"base": 100, "growth": [0.0, 0.1]},
    "inflation": [0.0, 0.1],
    "efficiency": [0.0, 0.1],
    "categories": [
        {"id": "acute", "name": "Acute", "kind": "treatment", "base": 50, "cashable": 0.5},
        {"id": "primary", "name": "Primary", "kind": "treatment", "base": 30, "demandGrowth": 0.1},
        {"id": "prev", "name": "Prevention", "kind": "prevention", "base": 10,
         "returns": {"kernel": [0.5, 2.0], "to": {"acute": 0.6, "primary": 0.4}}},
    ],
    "metrics": [
        {"id": "hle", "name": "HLE", "unit": "years", "base": 60, "trend": 0.5,
         "responses": {"prev": {"perMillion": 0.1, "kernel": [1.0, 0.5]}},
         "capacity": 0.2, "activity": {"acute": 0.01},
         "target": {"value": 61, "year": 2024}},
        {"id": "smoking", "name": "Smoking", "unit": "%", "base": 20, "better": "lower",
         "responses": {"prev": {"perMillion": -1.0, "kernel": [1.0]}},
         "ceiling": 3, "min": 16.5, "max": 25, "target": {"value": 19, "year": 2030}},
        {"id": "gap", "name": "Gap", "base": 5},
        {"id": "flat-hi", "name": "Flat", "base": 5, "target": {"value": 5, "year": 2024}},
        {"id": "flat-lo", "name": "Flat", "base": 5, "better": "lower",
         "target": {"value": 5, "year": 2023}},
    ],
}
# F (efficient cost, §3), no enablers so eps = efficiency[t]:
#   acute   F1 = 50, F2 = 50 * 1.0 * 1.1 * 0.9 = 49.5
#   primary F1 = 30, F2 = 30 * 1.1 * 1.1 * 0.9 = 32.67
#   prev    F1 = 10, F2 = 10 * 1.0 * 1.1       = 11
# Script levers:
#   invest 2m in prevention in y1           -> X[prev,1] = +2 (single p: share 10/10)
#   shift 10% of acute to prevention (y2)  -> a = 0.1 * F[acute,2] = 4.95
#                                             X[acute,2] = -4.95, X[prev,2] = +4.95
# M = 1 (no enablers), r = 1.
# S (§3):  inner(t) = sum_s X[prev,s] * kernel[t-s]
#   t=1: 2 * 0.5                     = 1.0    -> S[acute,1] = 0.6, S[primary,1] = 0.4
#   t=2: 2 * 2.0 + 4.95 * 0.5 = 6.475        -> S[acute,2] = 3.885, S[primary,2] = 2.59
SCRIPT_A = """
scenario new a
invest 2m in prevention in y1
shift 10% of acute to prevention
simulate
"""


class ModelA(Approx):
    def test_meet_demand(self):
        [r] = simulate(MODEL_A, SCRIPT_A)
        self.assertEqual(r["years"], ["2023/24", "2024/25"])
        c = r["categories"]
        # acute  t1: demand = 50 - 0.5*0.6 + 0 = 49.7; budget 50
        #        t2: demand = 49.5 - 0.5*3.885 + (-4.95)+ = 47.5575; budget 49.5 - 4.95 = 44.55
        self.near(c["acute"]["budget"], [50, 44.55], "acute budget")
        self.near(c["acute"]["outturn"], [49.7, 47.5575], "acute outturn")
        self.near(c["acute"]["unmet"], [0, 0])
        self.near(c["acute"]["savings"], [0.6, 3.885], "acute savings")
        # primary (cashable 1): 30 - 0.4 = 29.6; 32.67 - 2.59 = 30.08
        self.near(c["primary"]["budget"], [30, 32.67])
        self.near(c["primary"]["outturn"], [29.6, 30.08])
        self.near(c["primary"]["savings"], [0.4, 2.59])
        # prevention: budget = outturn = F + X = 12, 15.95; unmet = savings = 0
        self.near(c["prev"]["budget"], [12, 15.95])
        self.near(c["prev"]["outturn"], [12, 15.95])
        self.near(c["prev"]["unmet"], [0, 0])
        self.near(c["prev"]["savings"], [0, 0])
        # income 100, 110; spend 49.7+29.6+12 = 91.3; 47.5575+30.08+15.95 = 93.5875
        self.near(r["income"], [100, 110])
        self.near(r["spend"], [91.3, 93.5875])
        self.near(r["balance"], [8.7, 16.4125])
        self.near(r["cumulative"], [8.7, 25.1125])
        # no variable share: payment = budget, so the ICB pays 50 + 30 + 12 and
        # 44.55 + 32.67 + 15.95: icbBalance 8, 16.83; providerGap = budget - outturn
        self.near(r["icbBalance"], [8, 110 - 44.55 - 32.67 - 15.95])
        self.near(r["icbCumulative"], [8, 8 + 110 - 44.55 - 32.67 - 15.95])
        self.near(c["acute"]["payment"], [50, 44.55])
        self.near(c["acute"]["providerGap"], [0.3, 44.55 - 47.5575])
        self.near(c["prev"]["payment"], [12, 15.95])
        self.near(c["prev"]["providerGap"], [0, 0])
        self.assertEqual(r["objective"], {"balancedEveryYear": True, "deficitYears": [],
                                          "firstDeficitYear": None,
                                          "icb": {"balancedEveryYear": True, "deficitYears": [],
                                                  "firstDeficitYear": None}})
        self.assertEqual(r["breaches"], [])
        self.assertNotIn("places", r)
        self.assertEqual(r["enablers"], {})
        m = r["metrics"]
        # hle: programme t1 = 0.1*(2*1.0) = 0.2; t2 = 0.1*(2*0.5 + 4.95*1.0) = 0.595
        #      released acute = 0.5*S = 0.3, 1.9425; unmet 0 -> capacity 0.06, 0.3885
        #      B0 acute (X=0, L=1) = F = 50, 49.5; B - B0 = -0.3, -1.9425; *0.01
        #      t1: 60 + 0 + 0.2 + 0.06 - 0.003 = 60.257
        #      t2: 60 + 0.5 + 0.595 + 0.3885 - 0.019425 = 61.464075  (>= 61: met)
        self.near(m["hle"]["values"], [60.257, 61.464075], "hle")
        self.assertEqual(m["hle"]["unit"], "years")
        self.assertEqual(m["hle"]["target"], 61)
        self.assertEqual(m["hle"]["targetYear"], "2024/25")
        self.assertIs(m["hle"]["met"], True)
        # smoking: programme t1 = -1*2 = -2; t2 = -(2 + 4.95) = -6.95 -> clipped to -3
        #          t1: 20 - 2 = 18; t2: 20 - 3 = 17 (min 16.5 does not bind; the clamp
        #          is checked in Model C)
        #          target year 2030 is outside the horizon: shown, met null
        self.near(m["smoking"]["values"], [18, 17], "smoking")
        self.assertEqual(m["smoking"]["targetYear"], "2030/31")
        self.assertIsNone(m["smoking"]["met"])
        # gap: no target, no unit (defaults) -> no target keys at all (§6, V14), unit "";
        # no places -> no "gap" array either
        self.assertEqual(m["gap"], {"unit": "", "values": [5.0, 5.0]})
        # flat-hi / flat-lo: value 5 equals the target 5: met on either side (equality counts)
        self.assertIs(m["flat-hi"]["met"], True)
        self.assertIs(m["flat-lo"]["met"], True)
        self.assertEqual(m["flat-lo"]["targetYear"], "2023/24")

    def test_hold_budgets(self):
        [r] = simulate(MODEL_A, SCRIPT_A.replace("simulate", "set policy = hold-budgets\nsimulate"))
        c = r["categories"]
        # acute t2: demand 47.5575 > budget 44.55 -> outturn 44.55, unmet 3.0075
        self.near(c["acute"]["outturn"], [49.7, 44.55])
        self.near(c["acute"]["unmet"], [0, 3.0075])
        self.near(c["primary"]["outturn"], [29.6, 30.08])
        self.near(c["primary"]["unmet"], [0, 0])
        # spend t2 = 44.55 + 30.08 + 15.95 = 90.58; balance 19.42
        self.near(r["spend"], [91.3, 90.58])
        self.near(r["balance"], [8.7, 19.42])
        self.near(r["cumulative"], [8.7, 28.12])
        # hle t2: capacity = 0.2*(1.9425 - 3.0075) = -0.213
        #         activity: B0 under hold-budgets is still F = 49.5; (44.55 - 49.5)*0.01 = -0.0495
        #         60.5 + 0.595 - 0.213 - 0.0495 = 60.8325 (< 61: not met)
        self.near(r["metrics"]["hle"]["values"], [60.257, 60.8325])
        self.assertIs(r["metrics"]["hle"]["met"], False)

    def test_negative_budget_under_hold_budgets(self):
        # shift 60m from acute to primary in y1 under hold-budgets, no prevention money:
        # acute budget = 50 - 60 = -10 -> outturn min(50, 0) = 0, unmet 50;
        # primary demand = 30 + 60+ = 90 = budget -> outturn 90.
        [r] = simulate(MODEL_A, "scenario new h; set policy = hold-budgets\n"
                                "shift £60m from acute to primary in 2023/24; simulate")
        c = r["categories"]
        self.near(c["acute"]["budget"], [-10, 49.5])
        self.near(c["acute"]["outturn"], [0, 49.5])
        self.near(c["acute"]["unmet"], [50, 0])
        self.near(c["primary"]["outturn"], [90, 32.67])
        # spend t1 = 0 + 90 + 10 = 100 -> balance exactly 0 (balanced: 0 >= 0)
        self.assertEqual(r["balance"][0], 0.0)
        self.assertEqual(r["objective"]["deficitYears"], [])
        self.assertIs(r["objective"]["balancedEveryYear"], True)

    def test_prevention_never_negative(self):
        # F[prev,2] = 11: taking exactly 11 leaves 0 (allowed), 12 is refused
        [r] = simulate(MODEL_A, "scenario new z; shift 11 from prevention to acute in y2; simulate")
        self.near(r["categories"]["prev"]["budget"], [10, 0])
        with self.assertRaises(ref.PlanError):
            simulate(MODEL_A, "scenario new z; shift 12m from prevention to acute in y2")
        # a refused statement changes nothing: the session keeps going without it
        s = ref.Session(load(MODEL_A))
        s.execute("scenario new z")
        with self.assertRaises(ref.PlanError):
            s.execute("shift 12m from prev to acute in y2")
        self.assertEqual(s.scenarios["z"], [])

    def test_prevention_group_split_by_base_share(self):
        # A second prevention line, base 30, demandGrowth 0.1: F = 30, 30*1.1*1.1 = 36.3
        doc = json.loads(json.dumps(MODEL_A))
        doc["categories"].append({"id": "prev2", "name": "P2", "kind": "prevention",
                                  "base": 30, "demandGrowth": 0.1})
        # shift 10% of acute (4.95 in y2) to prevention: split by BASE share 10/40, 30/40
        #   prev  += 1.2375, prev2 += 3.7125
        # invest 10% in prevention in y2: a = 0.1 * (11 + 36.3) = 4.73, split 1/4, 3/4
        #   prev  += 1.1825, prev2 += 3.5475
        [r] = simulate(doc, "scenario new g; shift 10% of acute to prevention\n"
                            "invest 10% in prevention in y2; simulate")
        c = r["categories"]
        self.near(c["prev"]["budget"], [10, 11 + 1.2375 + 1.1825])
        self.near(c["prev2"]["budget"], [30, 36.3 + 3.7125 + 3.5475])
        self.near(c["acute"]["budget"], [50, 44.55])

    def test_baseline_is_the_plan(self):
        # baseline: X = 0, L = 1 -> outturn = F, spend 90, 93.17; income 100, 110
        [r] = simulate(MODEL_A, "simulate")
        self.assertEqual(r["scenario"], "baseline")
        self.near(r["spend"], [90, 49.5 + 32.67 + 11])
        self.near(r["metrics"]["hle"]["values"], [60, 60.5])


# ---------------------------------------------------------------------------
# Model B: enablers: levels, lags, costs (L) vs effects (Lf), eps, M, q.
# ---------------------------------------------------------------------------
MODEL_B = {
    "name": "Model B", "firstYear": 2030, "years": 2,
    "income": {"base": 100, "growth": [0.0, 0.0]},
    "inflation": [0.0, 0.0],
    "efficiency": [0.0, 0.02],
    "categories": [
        {"id": "acute", "name": "Acute", "kind": "treatment", "base": 60, "cashable": 0.5},
        {"id": "comm", "name": "Community", "kind": "treatment", "base": 30, "cashable": 0},
        {"id": "prev", "name": "Prevention", "kind": "prevention", "base": 10,
         "returns": {"kernel": [1.0], "to": {"acute": 0.5, "comm": 0.5}}},
    ],
    "enablers": [
        {"id": "dig", "name": "Digital", "cost": 20, "prevention": 0.5, "equity": 0.2,
         "efficiency": {"acute": 0.1}},
        {"id": "work", "name": "Workforce", "cost": 10, "lag": 1, "equity": 0.5,
         "efficiency": {"comm": 0.2}},
        {"id": "slow", "name": "Slow", "cost": 7, "lag": 2, "prevention": 1, "equity": 5,
         "efficiency": {"acute": 0.5}},
    ],
    "metrics": [
        {"id": "eq", "name": "Equity metric", "base": 10, "equity": True,
         "responses": {"prev": {"perMillion": 0.5, "kernel": [1]}},
         "enablers": {"dig": 2.0, "work": 0.4}, "capacity": 0.1, "activity": {"comm": 0.1}},
        {"id": "plain", "name": "Plain metric", "base": 10,
         "responses": {"prev": {"perMillion": 0.5, "kernel": [1]}}},
    ],
}
# Levers:  enable dig at 150%      (y2)  -> L[dig]  = [1, 1.5]
#          disable work in y1            -> L[work] = [0, 1]
#          enable slow at 50%      (y2)  -> L[slow] = [1, 0.5]
#          invest 4m in prev       (y2)  -> X[prev] = [0, 4]
# Lf (§2): dig lag 0 -> [1, 1.5]; work lag 1 -> [1 (t-1 < 1), L[work,1] = 0];
#          slow lag 2 -> [1, 1] (never reaches a set level within 2 years)
# eps[acute,2] = 0.02 + 0.1*(1.5-1) + 0.5*(1-1) = 0.07;  eps[comm,2] = 0.02 + 0.2*(0-1) = -0.18
# F: acute 60, 60*0.93 = 55.8; comm 30, 30*1.18 = 35.4; prev 10, 10
# M[1] = 1; M[2] = (1 + 0.5*0.5) * (1 + 0) * (1 + 1*0) = 1.25
# S[.,2] = 0.5 * 4 * 1 * 1.0 * 1.25 = 2.5 each for acute and comm; S[.,1] = 0
SCRIPT_B = """
scenario new b
enable dig at 150%
disable work in y1
enable slow at 50%
invest 4m in prev
simulate
"""


class ModelB(Approx):
    def test_enablers(self):
        [r] = simulate(MODEL_B, SCRIPT_B)
        c = r["categories"]
        # acute t2: demand = 55.8 - 0.5*2.5 = 54.55; released 1.25
        # comm  t2: demand = 35.4 - 0*2.5 = 35.4;   released 2.5
        self.near(c["acute"]["budget"], [60, 55.8])
        self.near(c["acute"]["outturn"], [60, 54.55])
        self.near(c["acute"]["savings"], [0, 2.5])
        self.near(c["comm"]["outturn"], [30, 35.4])
        self.near(c["comm"]["savings"], [0, 2.5])
        self.near(c["prev"]["outturn"], [10, 14])
        # costs use L: dig 20*(L-1) = [0, 10]; work 10*(L-1) = [-10, 0]; slow 7*(L-1) = [0, -3.5]
        e = r["enablers"]
        self.near(e["dig"]["level"], [1, 1.5])
        self.near(e["dig"]["cost"], [0, 10])
        self.near(e["work"]["level"], [0, 1])
        self.near(e["work"]["cost"], [-10, 0])
        self.near(e["slow"]["level"], [1, 0.5])
        self.near(e["slow"]["cost"], [0, -3.5])
        # spend t1 = 60 + 30 + 10 - 10 = 90; t2 = 54.55 + 35.4 + 14 + 6.5 = 110.45
        self.near(r["spend"], [90, 110.45])
        self.near(r["balance"], [10, -10.45])
        self.near(r["cumulative"], [10, -0.45])
        # payment = budget (variable 0): icbBalance t2 = 100 - (55.8 + 35.4 + 14) - 6.5 = -11.7
        self.near(r["icbBalance"], [10, -11.7])
        self.assertEqual(r["objective"], {"balancedEveryYear": False, "deficitYears": ["2031/32"],
                                          "firstDeficitYear": "2031/32",
                                          "icb": {"balancedEveryYear": False,
                                                  "deficitYears": ["2031/32"],
                                                  "firstDeficitYear": "2031/32"}})
        m = r["metrics"]
        # eq: q[1] = 1; q[2] = (1 + 0.2*0.5) * (1 + 0.5*(0-1)) * (1 + 5*0) = 1.1*0.5 = 0.55
        #     programme t2 = 0.5 * 4 * 1 * 1.25 * 0.55 = 1.375
        #     enabler   t2 = 2*(1.5-1) + 0.4*(0-1) = 0.6   (t1: 0, all Lf = 1)
        #     capacity  t2 = 0.1 * (1.25 + 2.5) = 0.375
        #     activity: B0 comm (L = 1: eps = 0.02) = 30, 29.4; B = 30, 35.4 -> 0.1*6 = 0.6
        #     t2 = 10 + 1.375 + 0.6 + 0.375 + 0.6 = 12.95
        self.near(m["eq"]["values"], [10, 12.95], "eq")
        # plain (no equity): programme t2 = 0.5 * 4 * 1.25 = 2.5
        self.near(m["plain"]["values"], [10, 12.5], "plain")


# ---------------------------------------------------------------------------
# Model C: set assumptions (any order), percentages of the scenario's F,
# eps clamp, M clipped at 0, return-scale, kernel beyond its length,
# programme of a treatment line (m_j = 1), clamp to max, B0 with set values.
# ---------------------------------------------------------------------------
MODEL_C = {
    "name": "Model C", "firstYear": 2023, "years": 2,
    "income": {"base": 200, "growth": [0.5, 0.05]},
    "inflation": [0.3, 0.02],
    "efficiency": [0.9, 0.01],
    "categories": [
        {"id": "a", "name": "A", "kind": "treatment", "base": 100, "demandGrowth": 0.05,
         "cashable": 0.4},
        {"id": "b", "name": "B", "kind": "treatment", "base": 50},
        {"id": "p", "name": "P", "kind": "prevention", "base": 20, "demandGrowth": 0.1,
         "returns": {"kernel": [0.2], "to": {"a": 1.0}}},
    ],
    "enablers": [
        {"id": "big", "name": "Big", "cost": 5, "prevention": 3.0, "efficiency": {"a": 0.8}},
    ],
    "metrics": [
        {"id": "m", "name": "M", "base": 50, "better": "lower", "min": 0, "max": 50.5,
         "enablers": {"big": 0.2}, "target": {"value": 50.2, "year": 2024}},
        {"id": "n", "name": "N", "base": 0,
         "responses": {"b": {"perMillion": 0.1, "kernel": [0.5, 1.0]},
                       "p": {"perMillion": 1, "kernel": [1]}},
         "activity": {"a": 0.01}},
    ],
}
# The shift and the invest come first; the assumptions they depend on are set
# later, yet F (and so the percentages) uses them all (§2).
SCRIPT_C = """
scenario new c
SHIFT 10% From a TO b              # y2
invest 50% in p y1..y2
Disable big in 2024-25
set a.demand-growth = 10%
set inflation = 0%                 # y2 (year 1's entry is ignored anyway)
set efficiency = 5%
set allocation-growth = 0.1
set a.cashable = 0.5
set p.return-scale = 2
set big.cost = £8m
set m.trend = 1
simulate
"""
# Levels: L[big] = [1, 0], lag 0 -> Lf = [1, 0]
# eps[a,2] = 0.05 + 0.8*(0 - 1) = -0.75 -> clamped to -0.5;  eps[b,2] = 0.05
# F: a 100, 100 * 1.1 * 1.0 * 1.5 = 165;  b 50, 50 * 0.95 = 47.5;  p 20, 20 * 1.1 = 22
# X: shift 10% of F[a,2] = 16.5: X[a,2] = -16.5, X[b,2] = +16.5
#    invest 50% of F[p,t]: X[p] = [10, 11]
# M[1] = 1; M[2] = max(0, 1 + 3*(0 - 1)) = 0
# S[a,t] = sum_s X[p,s] * r(2) * kernel[t-s] (0.2, last entry beyond) * M[s]
#   t=1: 10*2*0.2*1 = 4;  t=2: 10*2*0.2*1 + 11*2*0.2*0 = 4
# a: t1 demand = 100 - 0.5*4 = 98, budget 100; t2 demand = 165 - 2 + 0 = 163, budget 148.5
# b: t1 50; t2 demand = 47.5 + 16.5 (X+) = 64 = budget
# p: 30, 33
# enabler cost (v2, §3): c_e[t] L - plan with plan = 5 (the file's cost), c_e[1] = 5,
#   c_e[2] = 8 (set): [5*1 - 5, 8*0 - 5] = [0, -5]
# spend: 98 + 50 + 30 = 178;  163 + 64 + 33 - 5 = 255
# income: 200 (growth[1] ignored), 200 * 1.1 = 220; balance 22, -35; cumulative 22, -13


class ModelC(Approx):
    def test_assumptions_and_clamps(self):
        [r] = simulate(MODEL_C, SCRIPT_C)
        c = r["categories"]
        self.near(c["a"]["budget"], [100, 148.5])
        self.near(c["a"]["outturn"], [98, 163])
        self.near(c["a"]["savings"], [4, 4])
        self.near(c["b"]["budget"], [50, 64])
        self.near(c["b"]["outturn"], [50, 64])
        self.near(c["p"]["budget"], [30, 33])
        self.near(r["enablers"]["big"]["cost"], [0, -5])
        self.near(r["income"], [200, 220])
        self.near(r["spend"], [178, 255])
        self.near(r["balance"], [22, -35])
        self.near(r["cumulative"], [22, -13])
        m = r["metrics"]
        # m: t1 = 50; t2 = 50 + 1*1 (trend set to 1) + 0.2*(0 - 1) = 50.8 -> max 50.5
        #    better lower, target 50.2 in 2024/25: 50.5 > 50.2 -> not met
        self.near(m["m"]["values"], [50, 50.5])
        self.assertIs(m["m"]["met"], False)
        # n: p part: t1 = 1*10*1*M1 = 10; t2 = 1*(10*1*1 + 11*1*M2=0) = 10
        #    b part (treatment, m_j = 1): t2 = 0.1 * 16.5 * 0.5 = 0.825
        #    activity: B0 a (set assumptions, L = 1: eps = 0.05) = 100, 100*1.1*0.95 = 104.5
        #              (98 - 100)*0.01 = -0.02;  (163 - 104.5)*0.01 = 0.585
        #    n = 9.98, 10 + 0.825 + 0.585 = 11.41
        self.near(m["n"]["values"], [9.98, 11.41])


# ---------------------------------------------------------------------------
# Language: amounts, years, periods, keywords.
# ---------------------------------------------------------------------------


class Language(Approx):
    def setUp(self):
        self.model = load(MODEL_A)

    def parse(self, text):
        return ref.parse_lever(text, self.model)

    def test_money_forms(self):
        for text, want in [("£12m", 12), ("12m", 12), ("£1.2bn", 1200), ("£500k", 0.5),
                           ("£1,250m", 1250), ("7", 7), ("£2,500k", 2.5)]:
            st = self.parse("invest %s in acute" % text)
            self.assertEqual(st["amount"][0], "money", text)
            self.near(st["amount"][1], want, text)
        self.assertEqual(self.parse("invest 2% in acute")["amount"], ("pct", 0.02))

    def test_periods(self):
        # horizon 2023/24 .. 2024/25 (T = 2); omitted = years 2..T
        def years(text):
            return ref.st_years(self.parse(text), self.model["T"])
        self.assertEqual(years("invest 1 in acute"), [2])
        self.assertEqual(years("invest 1 in acute in 2023/24"), [1])
        self.assertEqual(years("invest 1 in acute from 2023-24"), [1, 2])
        self.assertEqual(years("invest 1 in acute y1..y2"), [1, 2])
        self.assertEqual(years("invest 1 in acute in y1..2024/25"), [1, 2])
        for bad in ["invest 1 in acute in y3", "invest 1 in acute y2..y1",
                    "invest 1 in acute in 2023/25", "set acute.cashable = 1 in y2",
                    "enable x", "shift 1 from acute to acute",
                    "shift 1 from prev to prevention", "invest 1 in nowhere"]:
            with self.assertRaises(ref.PlanError, msg=bad):
                self.parse(bad)

    def test_keywords_case_and_separators(self):
        out = simulate(MODEL_A, "# comment\n\nSCENARIO NEW k ; Invest 1m IN acute \\\n in y1\n"
                                "simulate ; scenario use baseline ; simulate")
        self.assertEqual([o["scenario"] for o in out], ["k", "baseline"])
        self.near(out[0]["categories"]["acute"]["budget"], [51, 49.5])

    def test_baseline_cannot_change(self):
        with self.assertRaises(ref.PlanError):
            simulate(MODEL_A, "invest 1m in acute")


# ---------------------------------------------------------------------------
# Model Z: sensitivity and Monte Carlo (MODEL.md §5, §7).
# ---------------------------------------------------------------------------
MODEL_Z = {
    "name": "Model Z", "firstYear": 2023, "years": 3,
    "income": {"base": 100, "growth": [0.0, 0.0, 0.0]},
    "inflation": [0.0, 0.0, 0.0], "efficiency": [0.0, 0.0, 0.0],
    "categories": [{"id": "acute", "name": "Acute", "kind": "treatment", "base": 100}],
    "metrics": [{"id": "hle", "name": "HLE", "base": 60, "trend": 0.5}],
    "uncertainty": [
        {"assumption": "inflation", "low": -0.01, "mode": 0.0, "high": 0.01},
        {"assumption": "acute.demand-growth", "low": 0.0, "mode": 0.01, "high": 0.02},
        {"assumption": "hle.trend", "low": 0.0, "high": 1.0},          # mode 0.5 (midpoint)
    ],
}
# balance[2] = 100 - 100 (1 + g)(1 + i2)   (F[acute,2] = 100 (1+g)(1+infl[2]), eps = 0)


class Analysis(Approx):
    def test_percentile_type7(self):
        xs = [1.0, 2.0, 3.0, 4.0]
        # h = (n - 1) p: p10 -> 0.3, p50 -> 1.5, p90 -> 2.7
        self.near([ref.percentile(xs, p) for p in (0.1, 0.5, 0.9)], [1.3, 2.5, 3.7])
        self.near(ref.percentile([5.0], 0.9), 5.0)

    def test_sensitivity_balance(self):
        out = simulate(MODEL_Z, "sensitivity balance in y2")[0]
        self.assertEqual((out["scenario"], out["target"], out["year"]),
                         ("baseline", "balance", "2024/25"))
        # inflation (g at mode 0.01): low 100 - 101*0.99 = 0.01, high 100 - 101*1.01 = -2.01
        # demand-growth (i2 at mode 0): low 0, high 100 - 102 = -2
        # hle.trend: no effect on balance (100 - 101 = -1 both ends), swing 0, last
        rows = out["rows"]
        self.assertEqual([r["assumption"] for r in rows],
                         ["inflation", "acute.demand-growth", "hle.trend"])
        self.near([rows[0]["low"], rows[0]["high"], rows[0]["swing"]], [0.01, -2.01, 2.02])
        self.near([rows[1]["low"], rows[1]["high"], rows[1]["swing"]], [0.0, -2.0, 2.0])
        self.near([rows[2]["low"], rows[2]["high"], rows[2]["swing"]], [-1.0, -1.0, 0.0])

    def test_sensitivity_metric_default_year_and_held(self):
        # the scenario sets inflation (in year 1 only: no effect, but held all the same)
        out = simulate(MODEL_Z, "scenario new s; set inflation = 3% in y1; sensitivity hle")[0]
        self.assertEqual(out["year"], "2025/26")          # no `in YEAR`: the last year
        # hle[3] = 60 + trend * 2: low 60, high 62; the other rows tie at 0 in model order
        self.assertEqual([r["assumption"] for r in out["rows"]], ["hle.trend", "acute.demand-growth"])
        self.near([out["rows"][0]["low"], out["rows"][0]["high"]], [60.0, 62.0])
        self.near(out["rows"][1]["swing"], 0.0)

    def test_duplicate_entries(self):
        doc = json.loads(json.dumps(MODEL_Z))
        doc["uncertainty"].append({"assumption": "acute.demand-growth", "low": 0.03, "high": 0.03})
        doc["uncertainty"].append({"assumption": "inflation", "low": 0.0, "mode": 0.0, "high": 0.03})
        rows = simulate(doc, "sensitivity balance in y2")[0]["rows"]
        # g is held at 0.03 by the later (degenerate) entry; inflation offsets add:
        # entry 1 at -0.01/+0.01 with entry 5 at mode 0: 100 - 103*0.99 = -1.97, 100 - 103*1.01 = -4.03
        # entry 5 at 0/0.03 with entry 1 at mode 0: -3, 100 - 103*1.03 = -6.09 (swing 3.09, first)
        self.assertEqual([r["assumption"] for r in rows],
                         ["inflation", "inflation", "acute.demand-growth", "hle.trend",
                          "acute.demand-growth"])
        self.near([rows[0]["low"], rows[0]["high"]], [-3.0, -6.09])
        self.near([rows[1]["low"], rows[1]["high"]], [-1.97, -4.03])
        self.near([rows[2]["swing"], rows[4]["swing"]], [0.0, 0.0])

    def test_montecarlo(self):
        out = simulate(MODEL_Z, "scenario new s; set acute.demand-growth = 0; montecarlo 4000 seed 3")[0]
        self.assertEqual((out["kind"], out["draws"], out["seed"]), ("montecarlo", 4000, 3))
        # balance[1] = 0 exactly (counts as balanced); balance[t] = 100 - 100 (1 + i)^(t-1)
        # with i ~ triangular(-0.01, 0, 0.01): P(balance >= 0) = 1/2 in years 2 and 3
        self.assertEqual(out["pBalanced"][0], 1.0)
        for t in (1, 2):
            self.assertLess(abs(out["pBalanced"][t] - 0.5), 0.03)
        self.near(out["balance"]["p50"][0], 0.0)
        # triangular(-0.01, 0, 0.01): P10 = -0.01 + 0.02 sqrt(0.1 * 0.5) = -0.005528
        self.assertLess(abs(out["balance"]["p90"][1] - 0.5528), 0.05)
        # hle.trend ~ triangular(0, 0.5, 1): hle[3] = 60 + 2 trend; P50 = 61
        self.assertLess(abs(out["metrics"]["hle"]["p50"][2] - 61.0), 0.05)
        again = simulate(MODEL_Z, "scenario new s; set acute.demand-growth = 0; montecarlo 4000 seed 3")[0]
        self.assertEqual(out, again)                      # same seed, same figures

    def test_montecarlo_all_held_is_deterministic(self):
        out = simulate(MODEL_Z, "scenario new s; set inflation = 0.01; set acute.demand-growth = 0; "
                                "set hle.trend = 1; montecarlo 10 seed 9; simulate")
        mc, sim = out
        for key in ("p10", "p50", "p90"):
            self.near(mc["balance"][key], sim["balance"])
            self.near(mc["metrics"]["hle"][key], [60, 61, 62])


# ---------------------------------------------------------------------------
# Model P (version 2): two places, the ICB's position, variable share,
# maxUnmet, growsWithIncome, treatment returns, a kernel shorter than the
# horizon, per-year arrays shorter than the horizon, mean and sum metrics,
# enabler overrun, sensitivity by place, actuals and explain variance.
# ---------------------------------------------------------------------------
MODEL_P = {
    "name": "Model P", "firstYear": 2026, "years": 3,
    "income": {"base": 100, "growth": [0.0, 0.1]},        # year 3 reads the last entry: 0.1
    "inflation": [0.0], "efficiency": [0.0],               # one entry: 0 in every year
    "categories": [
        {"id": "acute", "name": "Acute", "kind": "treatment", "base": 60,
         "variable": 0.5, "maxUnmet": 0.1},
        {"id": "mh", "name": "Mental health", "kind": "treatment", "base": 20,
         "maxUnmet": 0, "growsWithIncome": True},
        {"id": "comm", "name": "Community", "kind": "treatment", "base": 10,
         "returns": {"kernel": [0.5], "to": {"acute": 1.0}}},
        {"id": "prev", "name": "Prevention", "kind": "prevention", "base": 10},
    ],
    "enablers": [{"id": "dig", "name": "Digital", "cost": 10}],
    "metrics": [
        {"id": "rate", "name": "A rate", "base": 10, "trend": 1,
         "responses": {"comm": {"perMillion": 0.1, "kernel": [1]}}},
        {"id": "count", "name": "A count", "base": 100, "trend": 4, "aggregate": "sum",
         "ceiling": 10, "responses": {"comm": {"perMillion": 2, "kernel": [1]}}},
    ],
    "places": [
        {"id": "north", "name": "North", "population": 3000, "incomeShare": 0.6,
         "categories": {"acute": {"share": 0.5, "demandGrowthDelta": 0.1}},
         "metrics": {"rate": {"base": 12, "trendDelta": 0.5}}},
        {"id": "south", "name": "South", "population": 1000, "incomeShare": 0.4,
         "categories": {"acute": {"share": 0.5, "demandGrowthDelta": -0.1}},
         "metrics": {"count": {"base": 30}}},
    ],
    "uncertainty": [
        {"assumption": "acute.demand-growth", "low": -0.1, "mode": 0.0, "high": 0.1},
        {"assumption": "inflation", "low": 0.0, "mode": 0.0, "high": 0.02},
        {"assumption": "dig.cost", "low": 8, "mode": 10, "high": 14},
        {"assumption": "rate.trend", "low": 0, "high": 2},
    ],
    "actuals": {"2025/26": {"balance": -3},
                "2026/27": {"balance": 1.0, "places": {"north": {"balance": 5}}}},
}
# s_p = 0.75, 0.25; w_p = 0.6, 0.4.
# F (no inflation or efficiency):
#   acute north 30 (g 0.1): 30, 33, 36.3      south 30 (g -0.1): 30, 27, 24.3
#   mh    north 12, south 8;   comm north 6, south 4;   prev north 6, south 4 (constant)
# income north 60, 66, 72.6; south 40, 44, 48.4; system 100, 110, 121
# baseline (X = 0): payment = budget = outturn; balance = icbBalance
#   north: 60 - 54 = 6; 66 - 57 = 9; 72.6 - 60.3 = 12.3
#   south: 40 - 46 = -6; 44 - 43 = 1; 48.4 - 40.3 = 8.1
#   system 0, 10, 20.4
SCRIPT_P = """
scenario new p
shift 10m from acute to comm in y2
simulate
"""
# The shift is split by F[acute,p,2]: 33/60 and 27/60 -> north 5.5, south 4.5.
# comm's returns (a treatment line: m_j = 1), kernel [0.5]; for k >= 1 the last
# entry 0.5 holds: S[acute,north] = 0, 2.75, 2.75; S[acute,south] = 0, 2.25, 2.25.
# acute north y2: demand 33 - 2.75 = 30.25, budget 27.5, outturn 30.25 (meet-demand),
#   payment 27.5 + 0.5 * 2.75 = 28.875, providerGap -1.375
#   y3: demand 36.3 - 2.75 = 33.55, budget 36.3, payment 36.3 - 0.5 * 2.75 = 34.925, gap 1.375
# acute south y2: demand 24.75, budget 22.5, payment 23.625, gap -1.125
#   y3: demand 22.05, budget 24.3, payment 23.175, gap 1.125
# comm north y2 6 + 5.5 = 11.5, south 4 + 4.5 = 8.5 (variable 0: payment = budget = outturn)
# north y2: spend 30.25 + 12 + 11.5 + 6 = 59.75, balance 6.25; payments 58.375, icb 7.625
#       y3: spend 33.55 + 24 = 57.55, balance 15.05; payments 58.925, icb 13.675
# south y2: spend 24.75 + 8 + 8.5 + 4 = 45.25, balance -1.25; payments 44.125, icb -0.125
#       y3: spend 22.05 + 16 = 38.05, balance 10.35; payments 39.175, icb 9.225
# system: balance 0, 5, 25.4; icbBalance 0, 7.5, 22.9 (= balance - sum of gaps: -2.5, +2.5)


class PlacesV2(Approx):
    def test_shift_two_places_meet_demand(self):
        [r] = simulate(MODEL_P, SCRIPT_P)
        self.assertEqual(list(r.keys()), ["kind", "scenario", "model", "years", "income", "spend",
                                          "balance", "cumulative", "icbBalance", "icbCumulative",
                                          "categories", "enablers", "metrics", "objective",
                                          "breaches", "places"])
        c = r["categories"]
        self.assertEqual(list(c["acute"].keys()), ["budget", "outturn", "unmet", "savings",
                                                   "payment", "providerGap"])
        self.near(c["acute"]["budget"], [60, 50, 60.6])
        self.near(c["acute"]["outturn"], [60, 55, 55.6])
        self.near(c["acute"]["savings"], [0, 5, 5])
        self.near(c["acute"]["payment"], [60, 52.5, 58.1])
        self.near(c["acute"]["providerGap"], [0, -2.5, 2.5])
        self.near(c["comm"]["budget"], [10, 20, 10])
        self.near(c["comm"]["providerGap"], [0, 0, 0])
        self.near(r["income"], [100, 110, 121])
        self.near(r["balance"], [0, 5, 25.4])
        self.near(r["cumulative"], [0, 5, 30.4])
        self.near(r["icbBalance"], [0, 7.5, 22.9])
        self.near(r["icbCumulative"], [0, 7.5, 30.4])
        # the ICB differs from the system by exactly the providers' gap: with variable
        # share v = 0.5 the ICB pays v of the double running, providers carry the rest
        for t in range(3):
            self.near(r["balance"][t] - r["icbBalance"][t],
                      sum(c[k]["providerGap"][t] for k in c), "gap %d" % t)
        n, s = r["places"]["north"], r["places"]["south"]
        self.assertEqual(list(n.keys()), ["income", "spend", "balance", "icbBalance",
                                          "categories", "metrics"])
        self.near(n["income"], [60, 66, 72.6])
        self.near(n["spend"], [54, 59.75, 57.55])
        self.near(n["balance"], [6, 6.25, 15.05])
        self.near(n["icbBalance"], [6, 7.625, 13.675])
        self.near(s["balance"], [-6, -1.25, 10.35])
        self.near(s["icbBalance"], [-6, -0.125, 9.225])
        self.near(n["categories"]["acute"]["payment"], [30, 28.875, 34.925])
        self.near(s["categories"]["acute"]["providerGap"], [0, -1.125, 1.125])
        self.near(n["categories"]["comm"]["budget"], [6, 11.5, 6])
        # mental health (growsWithIncome): budget 20 flat while income grows 10%: breach
        # in 2027/28 and 2028/29
        self.assertEqual(r["breaches"], [
            {"rule": "grows-with-income", "category": "mh", "year": "2027/28"},
            {"rule": "grows-with-income", "category": "mh", "year": "2028/29"}])
        self.assertEqual(r["objective"]["icb"], {"balancedEveryYear": True, "deficitYears": [],
                                                 "firstDeficitYear": None})

    def test_unfunded_invest_vs_shift(self):
        # invest 10m in comm in y2: no double running -- the ICB and the providers agree
        # (gap 0 in y2), but both pay 10m more; in y3 the savings come (gap 2.5 as above)
        [r] = simulate(MODEL_P, "scenario new i; invest 10m in comm in y2; simulate")
        # invest splits by the TARGET's F: comm 6/10, 4/10 -> north 6, south 4
        self.near(r["places"]["north"]["categories"]["comm"]["budget"], [6, 12, 6])
        # S[acute,north,2] = 3, south 2: acute demand 30, 25 = outturn; budget 33, 27
        # payment = 33 + 0.5*(30 - 33) = 31.5, 27 - 1 = 26 -> gap +1.5, +1
        self.near(r["categories"]["acute"]["providerGap"], [0, 2.5, 2.5])

    def test_hold_budgets_max_unmet(self):
        [r] = simulate(MODEL_P, "scenario new h; set policy = hold-budgets\n"
                                "shift 20m from acute to comm in y2; simulate")
        # north 11, south 9. acute north y2: S = 5.5, demand 27.5, budget 22:
        #   min(27.5, 22) = 22 but at most maxUnmet 10% unmet: (1 - 0.1) 27.5 = 24.75
        #   -> outturn 24.75, unmet 2.75, payment 22 + 0.5*2.75 = 23.375, gap -1.375
        # south: S = 4.5, demand 22.5, budget 18 -> outturn 20.25, unmet 2.25,
        #   payment 19.125, gap -1.125
        # y3: budgets exceed demand (36.3 vs 36.3 - 5.5; 24.3 vs 24.3 - 4.5): outturn = demand
        n = r["places"]["north"]["categories"]["acute"]
        self.near(n["outturn"], [30, 24.75, 30.8])
        self.near(n["unmet"], [0, 2.75, 0])
        self.near(n["payment"], [30, 23.375, 36.3 - 0.5 * 5.5])
        self.near(n["providerGap"], [0, -1.375, 2.75])
        self.near(r["categories"]["acute"]["outturn"], [60, 45, 30.8 + 19.8])
        self.near(r["categories"]["acute"]["unmet"], [0, 5, 0])
        # mh has maxUnmet 0: always meets demand (here demand = budget anyway)
        self.near(r["categories"]["mh"]["unmet"], [0, 0, 0])

    def test_max_unmet_zero_overspends(self):
        # take 5m out of mh in y2 under hold-budgets: demand stays 20 (X+ = 0), budget 15;
        # maxUnmet 0 -> outturn = demand 20: providers overspend, gap -5 (variable 0)
        [r] = simulate(MODEL_P, "scenario new h; set policy = hold-budgets\n"
                                "shift 5m from mh to prevention in y2; simulate")
        self.near(r["categories"]["mh"]["outturn"], [20, 20, 20])
        self.near(r["categories"]["mh"]["unmet"], [0, 0, 0])
        self.near(r["categories"]["mh"]["providerGap"], [0, -5, 0])
        # split by F[mh,p,2] = 12, 8 -> 3 and 2 into prevention of each place
        self.near(r["places"]["south"]["categories"]["prev"]["budget"], [4, 6, 4])

    def test_metrics_mean_and_sum(self):
        [r] = simulate(MODEL_P, SCRIPT_P)
        m = r["metrics"]
        # rate (mean): k_north = 1/0.75, k_south = 1/0.25 = 4
        #   north: base 12 (place), trend 1 + 0.5: programme = 4/3 * 0.1 * 5.5 = 0.7333..
        #          (y3: kernel [1] -> last entry 1, still 5.5 -> 0.7333..)
        #          12, 13.5 + 0.7333.. = 14.2333.., 15 + 0.7333.. = 15.7333..
        #   south: base 10, trend 1: programme 4 * 0.1 * 4.5 = 1.8: 10, 12.8, 13.8
        #   system 0.75 n + 0.25 s: 11.5, 13.875, 15.25;  gap n - s: 2, 1.4333.., 1.9333..
        pn, ps = r["places"]["north"]["metrics"], r["places"]["south"]["metrics"]
        self.near(pn["rate"], [12, 13.5 + 0.55 / 0.75, 15 + 0.55 / 0.75])
        self.near(ps["rate"], [10, 12.8, 13.8])
        self.near(m["rate"]["values"], [11.5, 13.875, 15.25])
        self.near(m["rate"]["gap"], [2, 1.5 + 0.55 / 0.75 - 0.8, 1 + 0.55 / 0.75 + 0.2])
        self.assertEqual(list(m["rate"].keys()), ["unit", "values", "gap"])   # no target
        # count (sum): k = 1; ceiling 10 x s_p = 7.5, 2.5; trend 4 x s_p = 3, 1
        #   north: base 100 x 0.75 = 75: programme 2 * 5.5 = 11 -> 7.5: 75, 85.5, 88.5
        #   south: base 30 (the place's, as written), trend 1, programme 9 -> 2.5: 30, 33.5, 34.5
        #   system: sum 105, 119, 123; no gap for a sum metric
        self.near(pn["count"], [75, 85.5, 88.5])
        self.near(ps["count"], [30, 33.5, 34.5])
        self.near(m["count"]["values"], [105, 119, 123])
        self.assertEqual(list(m["count"].keys()), ["unit", "values"])

    def test_effect_scale(self):
        [r] = simulate(MODEL_P, "scenario new e; set comm.effect-scale = 2\n"
                                "shift 10m from acute to comm in y2; simulate")
        # rate north programme doubles: 1.4666..; south 3.6
        self.near(r["places"]["south"]["metrics"]["rate"], [10, 14.6, 15.6])
        # return-scale is not touched: balances as in SCRIPT_P
        self.near(r["balance"], [0, 5, 25.4])
        with self.assertRaises(ref.PlanError):       # prev has no metric response: no effect
            simulate(MODEL_P, "scenario new e; set prev.effect-scale = 2")

    def test_enabler_overrun_at_level_one(self):
        [base] = simulate(MODEL_P, "simulate")
        [r] = simulate(MODEL_P, "scenario new o; set dig.cost = £15m; simulate")
        # c_e[1] = plan 10, c_e[t] = 15 from year 2; level 1: cost 15 - 10 = 5
        self.near(r["enablers"]["dig"]["cost"], [0, 5, 5])
        self.near(r["enablers"]["dig"]["level"], [1, 1, 1])
        self.near([a - b for a, b in zip(base["balance"], r["balance"])], [0, 5, 5])
        self.near([a - b for a, b in zip(base["icbBalance"], r["icbBalance"])], [0, 5, 5])
        # split by incomeShare: north 3, south 2
        self.near([a - b for a, b in zip(base["places"]["north"]["balance"],
                                         r["places"]["north"]["balance"])], [0, 3, 3])
        # disabled from y2 with the overrun: 15 * 0 - 10 = -10
        [d] = simulate(MODEL_P, "scenario new o; set dig.cost = 15; disable dig; simulate")
        self.near(d["enablers"]["dig"]["cost"], [0, -10, -10])

    def test_percentages_and_in_place(self):
        [r] = simulate(MODEL_P, "scenario new q; invest 10% in acute in y2\n"
                                "invest 10% in acute in north in y3; simulate")
        n, s = r["places"]["north"]["categories"]["acute"], r["places"]["south"]["categories"]["acute"]
        # y2: a = 10% of (33 + 27) = 6, split 3.3 / 2.7; y3: 10% of north's 36.3, all north
        self.near(n["budget"], [30, 36.3, 36.3 * 1.1])
        self.near(s["budget"], [30, 29.7, 24.3])

    def test_prevention_refusal_names_place(self):
        s = ref.Session(load(MODEL_P))
        s.execute("scenario new z")
        s.execute("shift 4m from prevention to acute in south in y2")     # leaves exactly 0
        with self.assertRaises(ref.PlanError) as cm:
            s.execute("shift 0.5m from prevention to acute in south in y2")
        self.assertIn("south", str(cm.exception))
        self.assertIn("2027/28", str(cm.exception))
        self.assertEqual(len(s.scenarios["z"]), 1)
        with self.assertRaises(ref.PlanError):                            # no places there
            s.execute("enable dig in north")

    def test_nothing_to_split_by(self):
        doc = json.loads(json.dumps(MODEL_P))
        doc["places"][0]["categories"]["prev"] = {"share": 1.0}
        doc["places"][1]["categories"]["prev"] = {"share": 0.0}
        # without `in PLACE` the money follows F: all of it to north
        [r] = simulate(doc, "scenario new n; invest 2m in prevention in y2; simulate")
        self.near(r["places"]["north"]["categories"]["prev"]["budget"], [10, 12, 10])
        with self.assertRaises(ref.PlanError):
            simulate(doc, "scenario new n; invest 2m in prevention in south in y2")

    def test_horizon(self):
        out = simulate(MODEL_P, "scenario new h; invest 1m in mh; simulate\n"
                                "model horizon 5; simulate")
        self.assertEqual(len(out[1]["years"]), 5)
        # the omitted period runs to the new end; growth's last entry (0.1) holds
        self.near(out[1]["categories"]["mh"]["budget"], [20, 21, 21, 21, 21])
        self.near(out[1]["income"], [100, 110, 121, 133.1, 146.41])
        with self.assertRaises(ref.PlanError):
            simulate(MODEL_P, "scenario new h; invest 1m in mh from y3; model horizon 2")

    def test_sensitivity_by_place(self):
        out = simulate(MODEL_P, "sensitivity balance in north in y2\nsensitivity icb-balance")
        r = out[0]
        self.assertEqual(list(r.keys()), ["kind", "scenario", "target", "place", "year", "rows"])
        self.assertEqual((r["target"], r["place"], r["year"]), ("balance", "north", "2027/28"))
        # north balance y2 = 66 - 30 (1.1 + g)(1 + i) - 24 (1 + i) - 0.6 (c - 10)
        #   g: 12 / 6; cost: 10.2 / 6.6; inflation: 9 / 66 - 57 * 1.02 = 7.86; trend: 0
        self.assertEqual([x["assumption"] for x in r["rows"]],
                         ["acute.demand-growth", "dig.cost", "inflation", "rate.trend"])
        self.near([r["rows"][0]["low"], r["rows"][0]["high"]], [12, 6])
        self.near([r["rows"][1]["low"], r["rows"][1]["high"]], [10.2, 6.6])
        self.near([r["rows"][2]["low"], r["rows"][2]["high"]], [9, 7.86])
        self.assertEqual((out[1]["target"], out[1]["place"], out[1]["year"]),
                         ("icb-balance", None, "2028/29"))

    def test_montecarlo_places(self):
        r = simulate(MODEL_P, "montecarlo 50 seed 2")[0]
        self.assertEqual(list(r.keys()), ["kind", "scenario", "draws", "seed", "years", "pBalanced",
                                          "pIcbBalanced", "pBalancedEveryYear", "balance",
                                          "icbBalance", "metrics", "places"])
        # baseline: no gaps, so the ICB balance equals the system's in every draw
        self.assertEqual(r["pBalanced"], r["pIcbBalanced"])
        self.assertEqual(r["places"]["south"]["pBalanced"][0], 0.0)     # -6 in year 1, always
        self.assertEqual(r["places"]["north"]["pBalanced"][0], 1.0)

    def test_actuals_and_variance(self):
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "act.csv"), "w") as f:
                f.write("year,place,item,value\n2027-28,,balance,7\n2026/27,north,balance,5.5\n")
            script = os.path.join(d, "s.scenario")
            with open(script, "w") as f:
                f.write('actuals load "act.csv"\nshow actuals\nexplain variance balance in y2\n'
                        "explain variance balance in north in 2026/27\n")
            model = load(MODEL_P)
            with open(script) as f:
                var, ex, ex2 = list(ref.run_script(model, f.read(), script))
        self.assertEqual(list(var.keys()), ["kind", "scenario", "years", "items"])
        self.assertEqual(var["years"], ["2025/26", "2026/27", "2027/28", "2028/29"])
        # system balance: actuals -3 (history), 1, 7 (loaded); projected 0, 10, 20.4
        self.assertEqual(var["items"][0]["item"], "balance")
        self.assertIsNone(var["items"][0]["place"])
        self.assertEqual(var["items"][0]["actual"], [-3, 1, 7, None])
        self.assertEqual(var["items"][0]["projected"][0], None)
        self.near(var["items"][0]["projected"][1:], [0, 10, 20.4])
        self.assertEqual(var["items"][0]["variance"][0], None)
        self.near(var["items"][0]["variance"][1:3], [1, -3])
        self.assertIsNone(var["items"][0]["variance"][3])
        # north balance: the CSV replaced the model's 5 by 5.5; projected 6 -> variance -0.5
        self.assertEqual((var["items"][1]["item"], var["items"][1]["place"]), ("balance", "north"))
        self.near(var["items"][1]["variance"][1], -0.5)
        self.assertEqual(len(var["items"]), 2)
        # explain: balance y2 = 10 - 60 g (g: acute.demand-growth) = 7 -> g = 0.05 (key 0.25)
        #          10 - 100 i = 7 -> i = 0.03, outside [0, 0.02] (key 1.5)
        #          10 - (c - 10) = 7 -> c = 13 (key 3/6 = 0.5)
        #          rate.trend cannot move the balance: null, last
        self.assertEqual(list(ex.keys()), ["kind", "scenario", "item", "place", "year", "actual",
                                           "projected", "rows"])
        self.assertEqual((ex["item"], ex["place"], ex["year"], ex["actual"]),
                         ("balance", None, "2027/28", 7))
        self.near(ex["projected"], 10)
        rows = ex["rows"]
        self.assertEqual([x["assumption"] for x in rows],
                         ["acute.demand-growth", "dig.cost", "inflation", "rate.trend"])
        self.assertEqual(list(rows[0].keys()), ["assumption", "value", "explains", "withinRange"])
        self.near([x["explains"] for x in rows[:3]], [0.05, 13, 0.03])
        self.near([x["value"] for x in rows], [0, 10, 0, 1])
        self.assertEqual([x["withinRange"] for x in rows], [True, True, False, None])
        self.assertIsNone(rows[3]["explains"])
        # year 1: nothing in `uncertainty` acts in year 1 -> every row null
        self.assertTrue(all(x["explains"] is None for x in ex2["rows"]))


class Version1Unchanged(Approx):
    def test_longer_arrays_and_short_kernels(self):
        # a v1 model whose per-year arrays are longer than `years` gives the same figures
        doc = json.loads(json.dumps(MODEL_A))
        doc["inflation"] = [0.0, 0.1, 0.5, 0.7]
        doc["income"]["growth"] = [0.0, 0.1, 9.0]
        doc["efficiency"] = [0.0, 0.1, 0.2]
        self.assertEqual(simulate(doc, SCRIPT_A), simulate(MODEL_A, SCRIPT_A))



# ===========================================================================
# VERSION 3 (MODEL.md v3, LANGUAGE.md v3): the default contract
# ===========================================================================

def org(kind, oid, **kw):
    d = {"id": oid, "name": oid.title(), "kind": kind}
    d.update(kw)
    return d


# ---------------------------------------------------------------------------
# Plan and outturn on a block contract (§2, §3, §9)
# ---------------------------------------------------------------------------
MODEL_BLOCK = {
    "name": "Block", "firstYear": 2026, "years": 2,
    "income": {"base": 100, "growth": [0.0]},
    "inflation": [0.0], "efficiency": [0.0, 0.05],
    "categories": [
        {"id": "acute", "name": "Acute", "kind": "treatment", "base": 60},
        {"id": "comm", "name": "Community", "kind": "treatment", "base": 30},
        {"id": "prev", "name": "Prevention", "kind": "prevention", "base": 10}],
    "organisations": [org("commissioner", "icb"),
                      org("provider", "trust", delivers={"acute": 1.0, "comm": 0.5})],
}
# Plan (Fp): acute 60, 60 * 0.95 = 57; comm 30, 28.5; prev 10, 10 (no efficiency on prevention).
# `outturn efficiency = 60% of plan` (years 2..T): outturn efficiency[2] = 0.6 * 0.05 = 0.03, so
# F: acute 60 * 0.97 = 58.2, comm 29.1.  Budgets stay at plan (57, 28.5); demand = outturn =
# 58.2, 29.1; block contracts (variable 0): payment = budget, providerGap = -1.2, -0.6.
#   icbBalance y2 = 100 - 57 - 28.5 - 10 = 4.5  (the plan's: 100 - 95.5)
#   balance    y2 = 100 - (58.2 + 29.1 + 10) = 2.7
#   trust = 1.0 * -1.2 + 0.5 * -0.6 = -1.5;  otherProviders = 0.5 * -0.6 = -0.3
#   2.7 = 4.5 + (-1.5) + (-0.3)
# Year 1 (no efficiency): everything 0.


class PlanAndOutturnV3(Approx):
    def test_outturn_on_block_contracts_lands_on_providers(self):
        base, r = simulate3(MODEL_BLOCK, "simulate\nscenario new s\n"
                                         "outturn efficiency = 60% of plan\nsimulate")
        self.near(base["icbBalance"], [0, 4.5])
        self.near(r["icbBalance"], [0, 4.5], "the ICB's position stays at plan")
        self.near(r["balance"], [0, 2.7])
        self.near(r["categories"]["acute"]["budget"], [60, 57])
        self.near(r["categories"]["acute"]["outturn"], [60, 58.2])
        self.near(r["categories"]["acute"]["payment"], [60, 57])
        self.near(r["categories"]["comm"]["providerGap"], [0, -0.6])
        o = r["organisations"]
        self.assertEqual(list(o), ["icb", "trust"])
        self.assertEqual(o["icb"]["kind"], "commissioner")
        self.near(o["icb"]["balance"], [0, 4.5])
        self.near(o["trust"]["balance"], [0, -1.5])
        self.near(r["otherProviders"], [0, -0.3])
        self.assertEqual(r["objective"]["organisations"]["trust"],
                         {"balancedEveryYear": False, "deficitYears": ["2027/28"],
                          "firstDeficitYear": "2027/28"})
        # the same outturn written as a value
        [r2] = simulate3(MODEL_BLOCK, "scenario new s; outturn efficiency = 3%; simulate")
        self.near(r2["balance"], r["balance"])
        # `set` moves the plan: budgets follow, nothing is left with the providers
        [r3] = simulate3(MODEL_BLOCK, "scenario new s; set efficiency = 3%; simulate")
        self.near(r3["categories"]["acute"]["budget"], [60, 58.2])
        self.near(r3["icbBalance"], [0, 2.7])
        self.near(r3["organisations"]["trust"]["balance"], [0, 0])

    def test_variable_contract_moves_the_icb(self):
        doc = json.loads(json.dumps(MODEL_BLOCK))
        doc["categories"][1]["variable"] = 1.0
        # comm fully variable: payment = outturn 29.1, gap 0: icb 100 - 57 - 29.1 - 10 = 3.9;
        # trust = -1.2 (acute only); balance still 2.7 = 3.9 - 1.2 + 0
        [r] = simulate3(doc, "scenario new s; outturn efficiency = 60% of plan; simulate")
        self.near(r["icbBalance"], [0, 3.9])
        self.near(r["organisations"]["trust"]["balance"], [0, -1.2])
        self.near(r["otherProviders"], [0, 0])
        self.near(r["balance"], [0, 2.7])

    def test_rates_need_percent(self):
        for text, note in [("set efficiency = 0.03", "write 3%, not 0.03"),
                           ("set efficiency = 1.2", "write 1.2%, not 1.2"),
                           ("set efficiency = -2", "write -2%, not -2"),
                           ("outturn efficiency = 3", "write 3%, not 3"),
                           ("set acute.demand-growth = 0.6", "write 60%, not 0.6"),
                           ("set acute.pressure = 0.025", "write 2.5%, not 0.025")]:
            with self.assertRaises(ref.PlanError, msg=text) as cm:
                simulate3(MODEL_BLOCK, "scenario new s\n" + text)
            self.assertIn(note, str(cm.exception), text)
        for text in ["set efficiency = £3m", "set m.trend = 2%", "set m.level = £1m",
                     "set efficiency = 3% of plan",             # `of plan` is an outturn value
                     "set acute.pressure = 2% in north"]:         # no places here
            with self.assertRaises(ref.PlanError, msg=text):
                simulate3(dict(MODEL_BLOCK, metrics=[{"id": "m", "name": "M", "base": 1}]),
                          "scenario new s\n" + text)
        # version 2 read a bare number as a fraction
        [r] = simulate(MODEL_BLOCK_V2, "scenario new s; set efficiency = 0.03; simulate")
        self.near(r["balance"], [0, 2.7])
        # `27/28` is 2027/28
        [r] = simulate3(MODEL_BLOCK, "scenario new s; outturn efficiency = 3% in 27/28; simulate")
        self.near(r["balance"], [0, 2.7])

    def test_prevention_refusal_on_outturn(self):
        # taking all 10 of prev's plan budget in y2 leaves 0 (allowed); an outturn inflation of
        # -10% then makes its outturn F + X = 9 - 10 = -1: refused, naming the year
        s = ref.Session(load(MODEL_BLOCK, 3))
        s.execute("scenario new z")
        s.execute("shift 10m from prev to acute in y2")
        with self.assertRaises(ref.PlanError) as cm:
            s.execute("outturn inflation = -10% in y2")
        self.assertIn("2027/28", str(cm.exception))
        self.assertEqual(len(s.scenarios["z"]), 1)


MODEL_BLOCK_V2 = {k: v for k, v in MODEL_BLOCK.items() if k != "organisations"}


# ---------------------------------------------------------------------------
# The identity: the system is its organisations (§9), on random version 3 models
# ---------------------------------------------------------------------------
class IdentitiesV3(Approx):
    def test_random_models(self):
        import random
        import gen_cases as gc
        checked = 0
        for seed in range(14):
            rng = random.Random(1000 + seed)
            doc = gc.gen_model(rng, 1, True)
            model = load(doc, 3)
            session = ref.Session(model)
            session.execute("scenario new s")
            for _ in range(6):
                for _attempt in range(30):
                    if gc.try_add(session, gc.gen_statement_v3(rng, doc)):
                        break
            res = ref.run(model, session.scenarios["s"])
            r = ref.simulation_object(model, "s", res)
            T = model["T"]
            comms = [o["id"] for o in model["commissioners"]]
            for t in range(T):
                scale = max(1.0, max(abs(x) for x in r["spend"]))

                def eq(a, b, what):
                    self.assertLessEqual(abs(a - b), 1e-9 * scale, "seed %d %s[%d]" % (seed, what, t))
                gaps = sum(c["providerGap"][t] for c in r["categories"].values())
                eq(r["balance"][t], r["icbBalance"][t] + gaps + sum(
                    ref.at_year(o["planPosition"], t + 1) for o in model["providers"]), "balance")
                eq(r["riskAdjusted"][t], r["balance"][t] + sum(x["probability"] * x["impact"][t]
                                                               for x in r["risks"]), "riskAdjusted")
                if not model["organisations"]:
                    continue
                orgs = r["organisations"]
                for key, whole in (("balance", "balance"), ("underlying", "underlying"),
                                   ("riskAdjusted", "riskAdjusted")):
                    total = sum(orgs[o][key][t] for o in orgs) + r["otherProviders"][t]
                    if not comms:
                        total += {"balance": r["icbBalance"], "underlying": r["icbUnderlying"],
                                  "riskAdjusted": r["icbRiskAdjusted"]}[key][t]
                    eq(total, r[whole][t], "sum of organisations' " + key)
                if comms:
                    eq(sum(orgs[c]["balance"][t] for c in comms), r["icbBalance"][t], "commissioners")
                    eq(sum(orgs[c]["riskAdjusted"][t] for c in comms), r["icbRiskAdjusted"][t],
                       "commissioners' riskAdjusted")
                    checked += 1
        self.assertGreater(checked, 10)


# ---------------------------------------------------------------------------
# Risks and mitigations (§9): risk-adjusted rows, a draw's positions, Monte Carlo
# ---------------------------------------------------------------------------
MODEL_RISKS = {
    "name": "Risks", "firstYear": 2026, "years": 2,
    "income": {"base": 100, "growth": [0.0]}, "inflation": [0.0], "efficiency": [0.0],
    "categories": [
        {"id": "acute", "name": "Acute", "kind": "treatment", "base": 60},
        {"id": "mh", "name": "Mental health", "kind": "treatment", "base": 20},
        {"id": "prev", "name": "Prevention", "kind": "prevention", "base": 10}],
    "places": [{"id": "north", "name": "North", "population": 600, "incomeShare": 0.6},
               {"id": "south", "name": "South", "population": 400, "incomeShare": 0.4}],
    "organisations": [org("commissioner", "c1", places=["north"]),
                      org("commissioner", "c2", places=["south"]),
                      org("provider", "trust", delivers={"acute": {"north": 0.5}}, planPosition=[-3])],
    "risks": [
        {"id": "r1", "name": "R1", "kind": "risk", "org": "trust", "impact": [0, 10], "probability": 0.5},
        {"id": "r2", "name": "R2", "kind": "mitigation", "impact": [4], "probability": 0.25},
        {"id": "r3", "name": "R3", "kind": "risk", "org": "c2", "impact": [2], "probability": 1,
         "recurrent": False}],
}
# Every place's lines are w_p of the model's (default shares): north income 60, spend 54 -> 6;
# south 40 - 36 = 4.  icbBalance 10; c1 6, c2 4; trust planPosition -3 (no gaps): balance 7.
# Script: `risk r4 £3m on c1 at 50%` (every year, year 1 too); `set r2.probability = 50%`.
# sigma pi i:  r1 (trust)  0, -5;  r2 (no org) +2, +2 shared c1 0.6 / c2 0.4 (h_o);
#              r3 (c2) -2, -2;  r4 (c1) -1.5, -1.5
#   riskAdjusted    = 7 + (0 + 2 - 2 - 1.5, -5 + 2 - 2 - 1.5) = 5.5, 0.5
#   icbRiskAdjusted = 10 + (2 - 2 - 1.5) = 8.5, 8.5        (r1 is on a provider)
#   c1 = 6 + 1.2 - 1.5 = 5.7;  c2 = 4 + 0.8 - 2 = 2.8;  trust = -3, -8
SCRIPT_RISKS = "scenario new s\nrisk r4 £3m on c1 at 50%\nset r2.probability = 50%\nsimulate\n"


class RisksV3(Approx):
    def test_risk_adjusted_rows(self):
        [r] = simulate3(MODEL_RISKS, SCRIPT_RISKS)
        self.near(r["balance"], [7, 7])
        self.near(r["icbBalance"], [10, 10])
        self.near(r["riskAdjusted"], [5.5, 0.5])
        self.near(r["icbRiskAdjusted"], [8.5, 8.5])
        o = r["organisations"]
        self.near(o["c1"]["riskAdjusted"], [5.7, 5.7])
        self.near(o["c2"]["riskAdjusted"], [2.8, 2.8])
        self.near(o["trust"]["riskAdjusted"], [-3, -8])
        self.near(o["trust"]["balance"], [-3, -3])
        self.near(r["underlying"], [7, 7])                 # no NRI, NRX or support
        self.assertEqual(r["risks"], [
            {"id": "r1", "kind": "risk", "org": "trust", "probability": 0.5, "impact": [0, -10]},
            {"id": "r2", "kind": "mitigation", "org": None, "probability": 0.5, "impact": [4, 4]},
            {"id": "r3", "kind": "risk", "org": "c2", "probability": 1, "impact": [-2, -2]},
            {"id": "r4", "kind": "risk", "org": "c1", "probability": 0.5, "impact": [-3, -3]}])
        # the plan carries no risks: places, balances as without the register
        self.assertNotIn("riskAdjusted", r["places"]["north"])

    def test_a_draw_where_everything_happens(self):
        model = load(MODEL_RISKS, 3)
        s = ref.Session(model)
        for line in SCRIPT_RISKS.splitlines()[:3]:
            s.execute(line)
        res = ref.run(model, s.scenarios["s"])
        d = ref.risk_draw(model, res, [True, True, True, True])
        # system 7 + (0 | -10) + 4 - 2 - 3 = 6, -4; before mitigations (no r2): 2, -8
        self.near(d["balance"][1:], [6, -4])
        self.near(d["before"][1:], [2, -8])
        # ICB: r2, r3, r4: 10 + 4 - 2 - 3 = 9
        self.near(d["icbBalance"][1:], [9, 9])
        # underlying: r3 is not recurrent: 7 + 4 - 3 (+ r1's -10 in y2) = 8, -2
        self.near(d["underlying"][1:], [8, -2])
        self.near(d["orgs"]["c1"][1:], [6 + 2.4 - 3] * 2)
        self.near(d["orgs"]["c2"][1:], [4 + 1.6 - 2] * 2)
        self.near(d["orgs"]["trust"][1:], [-3, -13])
        d0 = ref.risk_draw(model, res, [False] * 4)
        self.near(d0["balance"][1:], [7, 7])

    def test_montecarlo(self):
        [mc] = simulate3(MODEL_RISKS, SCRIPT_RISKS.replace("simulate", "montecarlo 4000 seed 3"))
        # y1: 7 + 4b - 2 - 3c >= 2 always.  y2: 5 - 10a + 4b - 3c >= 0 iff r1 does not happen
        self.assertEqual(mc["pBalanced"][0], 1.0)
        self.assertLess(abs(mc["pBalanced"][1] - 0.5), 0.04)
        self.assertEqual(mc["pBalancedBeforeMitigations"][0], 1.0)
        # before mitigations y2: 5 - 10a - 3c >= 0 iff a = 0: the same draws
        self.assertEqual(mc["pBalancedBeforeMitigations"][1], mc["pBalanced"][1])
        self.assertEqual(mc["pIcbBalanced"], [1.0, 1.0])
        self.assertEqual(mc["organisations"]["trust"]["pBalanced"], [0.0, 0.0])
        self.assertEqual(mc["organisations"]["c1"]["pBalanced"], [1.0, 1.0])
        self.assertEqual(mc["organisations"]["c2"]["pBalanced"], [1.0, 1.0])
        self.assertEqual(mc["places"]["south"]["pBalanced"], [1.0, 1.0])   # places carry no risks
        # underlying y2 = 7 - 10a + 4b - 3c (r3 not recurrent): 1/8 of draws at -6
        self.assertEqual(mc["underlying"]["p10"][1], -6.0)
        self.assertTrue(1.0 <= mc["underlying"]["p50"][1] <= 4.0)

    def test_statements_replace_and_probability(self):
        # `mitigation r1 £6m in y2` replaces r1 in place: its kind, org (none), impact and
        # probability (default 100%) are the statement's; `set r1.probability` later applies
        [r] = simulate3(MODEL_RISKS, "scenario new s; mitigation r1 £6m in y2\n"
                                     "set r1.probability = 0.2; risk new-one 1 at 10%\n"
                                     "set new-one.probability = 30%; simulate")
        self.assertEqual(r["risks"][0], {"id": "r1", "kind": "mitigation", "org": None,
                                         "probability": 0.2, "impact": [0, 6]})
        self.assertEqual(r["risks"][-1]["id"], "new-one")
        self.assertEqual(r["risks"][-1]["probability"], 0.3)
        self.near(r["risks"][-1]["impact"], [-1, -1])
        for bad in ["risk acute £1m", "risk x 5%", "risk x £1m at 0.5", "risk x £1m on nowhere",
                    "risk x -1", "outturn r2.probability = 50%", "risk at £1m",
                    "shift 1m from acute to mh non-recurrent"]:
            with self.assertRaises(ref.PlanError, msg=bad):
                simulate3(MODEL_RISKS, "scenario new s\n" + bad)


# ---------------------------------------------------------------------------
# The mental health investment standard (§3): the sum of its lines against the
# mhisBase streams, per commissioner, with headroom, switchable by year
# ---------------------------------------------------------------------------
MODEL_MHIS = {
    "name": "MHIS", "firstYear": 2026, "years": 3,
    "income": {"streams": [
        {"id": "core", "name": "Core", "base": 100, "growth": [0.0, 0.1], "mhisBase": True},
        {"id": "extra", "name": "Extra", "base": 20, "growth": [0.0, 0.5]}]},
    "inflation": [0.0], "efficiency": [0.0],
    "categories": [
        {"id": "mh", "name": "MH", "kind": "treatment", "base": 20, "growsWithIncome": True},
        {"id": "ld", "name": "LD", "kind": "treatment", "base": 10, "growsWithIncome": True},
        {"id": "acute", "name": "Acute", "kind": "treatment", "base": 60}],
    "places": [{"id": "north", "name": "North", "population": 1, "incomeShare": 0.5},
               {"id": "south", "name": "South", "population": 1, "incomeShare": 0.5}],
    "organisations": [org("commissioner", "c1", places=["north"]),
                      org("commissioner", "c2", places=["south"])],
}
# Ib (plan income of the mhisBase streams): 100, 110, 121 (growth's last entry 0.1 holds);
# each place half.  `invest 2m in mh in north in y2`: budgets of G = {mh, ld}:
#   H_c1 = 15, 17, 15;  H_c2 = 15, 15, 15;  H = 30, 32, 30
# headroom[t] = H[t] - H[t-1] Ib[t] / Ib[t-1]  (ratio 1.1):
#   system  -, 32 - 33 = -1,   30 - 35.2 = -5.2
#   c1      -, 17 - 16.5 = 0.5, 15 - 18.7 = -3.7
#   c2      -, 15 - 16.5 = -1.5, -1.5
# breaches, by year then commissioner: c2 y2, c1 y3, c2 y3 (not the system's)


class MhisV3(Approx):
    def test_headroom_and_breaches(self):
        a, b, c = simulate3(MODEL_MHIS, "scenario new s; invest 2m in mh in north in y2; simulate\n"
                                        "rule grows-with-income off in y3; simulate\n"
                                        "outturn core.growth = 0%; simulate")
        self.assertIsNone(a["mhisHeadroom"][0])
        self.near(a["mhisHeadroom"][1:], [-1, -5.2])
        self.near(a["organisations"]["c1"]["mhisHeadroom"][1:], [0.5, -3.7])
        self.near(a["organisations"]["c2"]["mhisHeadroom"][1:], [-1.5, -1.5])
        self.assertEqual([(x["org"], x["year"]) for x in a["breaches"]],
                         [("c2", "2027/28"), ("c1", "2028/29"), ("c2", "2028/29")])
        x = a["breaches"][0]
        self.assertEqual(list(x), ["rule", "category", "categories", "org", "year", "headroom"])
        self.assertEqual((x["rule"], x["category"], x["categories"]),
                         ("grows-with-income", "mh", ["mh", "ld"]))
        self.near(x["headroom"], -1.5)
        # the rule off in y3: no year-3 breach, the headroom still reported
        self.assertEqual([(x["org"], x["year"]) for x in b["breaches"]], [("c2", "2027/28")])
        self.near(b["mhisHeadroom"][1:], [-1, -5.2])
        # an outturn of the income does not move the standard (judged at plan)
        self.assertEqual([(x["org"], x["year"]) for x in c["breaches"]], [("c2", "2027/28")])
        self.near(c["mhisHeadroom"][1:], [-1, -5.2])
        self.near(c["streams"]["core"], [100, 100, 100])
        self.near(c["streams"]["extra"], [20, 30, 45])
        self.near(c["income"], [120, 130, 145])

    def test_without_commissioners_the_system_is_judged(self):
        doc = {k: v for k, v in MODEL_MHIS.items() if k != "organisations"}
        [r] = simulate3(doc, "scenario new s; invest 2m in mh in north in y2; simulate")
        self.assertEqual([(x["year"], "org" in x) for x in r["breaches"]],
                         [("2027/28", False), ("2028/29", False)])
        self.near([x["headroom"] for x in r["breaches"]], [-1, -5.2])


# ---------------------------------------------------------------------------
# Metrics (§4): tanh saturation, drives, M.level, targets judged from their year on
# ---------------------------------------------------------------------------
def metric_model(metrics, places=None, years=2, cats=None):
    d = {"name": "Metrics", "firstYear": 2026, "years": years,
         "income": {"base": 200, "growth": [0.0]}, "inflation": [0.0], "efficiency": [0.0],
         "categories": cats or [
             {"id": "acute", "name": "Acute", "kind": "treatment", "base": 100, "cashable": 0.5},
             {"id": "prev", "name": "Prevention", "kind": "prevention", "base": 10}],
         "metrics": metrics}
    if places:
        d["places"] = places
    return d


RESP = {"prev": {"perMillion": 1.0, "kernel": [1.0]}}


class MetricsV3(Approx):
    def test_tanh(self):
        doc = metric_model([{"id": "m1", "name": "C 2", "base": 0, "ceiling": 2, "responses": RESP},
                            {"id": "m2", "name": "C 0", "base": 0, "ceiling": 0, "responses": RESP},
                            {"id": "m3", "name": "none", "base": 0, "responses": RESP}])
        # invest 1m in y1: linear = 1 in y1 and y2 (the kernel's last entry holds)
        #   C 2: 2 tanh(1 / 2) = 0.924234314520...; C 0: 0; none: 1
        [r] = simulate3(doc, "scenario new s; invest 1m in prev in y1; simulate")
        self.near(r["metrics"]["m1"]["values"], [0.9242343145200195] * 2)
        self.near(r["metrics"]["m2"]["values"], [0, 0])
        self.near(r["metrics"]["m3"]["values"], [1, 1])
        [v2] = simulate(doc, "scenario new s; invest 1m in prev in y1; simulate")
        self.near(v2["metrics"]["m1"]["values"], [1, 1])              # version 2 clips at +-2
        # beyond the ceiling no cliff: 10m gives 2 tanh(5) = 1.99981840...; a negative effect too
        [r] = simulate3(doc, "scenario new s; invest 10m in prev in y1; simulate")
        self.near(r["metrics"]["m1"]["values"][0], 2 * 0.9999092042625951)
        [r] = simulate3(doc, "scenario new s; shift 3m from prev to acute in y1; simulate")
        self.near(r["metrics"]["m1"]["values"][0], -2 * 0.9051482536448664)   # -2 tanh(1.5)

    def test_tanh_place_ceiling(self):
        # a sum metric: ceiling 4 x s_p (north 3, south 1); 2m in south: south linear 2 (k_p = 1):
        # 1 tanh(2) = 0.964027580075817; north 0
        doc = metric_model([{"id": "n", "name": "N", "base": 0, "aggregate": "sum", "ceiling": 4,
                             "responses": RESP}],
                           places=[{"id": "north", "name": "N", "population": 3},
                                   {"id": "south", "name": "S", "population": 1}])
        [r] = simulate3(doc, "scenario new s; invest 2m in prev in south in y1; simulate")
        self.near(r["places"]["south"]["metrics"]["n"], [0.964027580075817] * 2)
        self.near(r["places"]["north"]["metrics"]["n"], [0, 0])

    def test_drives(self):
        adm = {"id": "adm", "name": "Admissions", "base": 1000, "aggregate": "sum", "better": "lower",
               "responses": {"prev": {"perMillion": -10, "kernel": [1]}},
               "drives": {"category": "acute", "unitCost": 0.002}}
        doc = metric_model([adm])
        # invest 5m in prev in y2: programme = -10 * 5 = -50 admissions (k = 1);
        # S[acute,2] = dir (-1) * -50 * 0.002 = +0.1; demand = 100 - 0.5 * 0.1 = 99.95
        [r] = simulate3(doc, "scenario new s; invest 5m in prev in y2; simulate")
        a = r["categories"]["acute"]
        self.near(a["savings"], [0, 0.1])
        self.near(a["outturn"], [100, 99.95])
        self.near(a["budget"], [100, 100])
        self.near(r["metrics"]["adm"]["values"], [1000, 950])
        self.near(r["balance"], [90, 200 - 99.95 - 15])
        # effect-scale scales the saving with the admissions (one quantity)
        [r] = simulate3(doc, "scenario new s; set prev.effect-scale = 2; invest 5m in prev in y2; simulate")
        self.near(r["categories"]["acute"]["savings"], [0, 0.2])
        self.near(r["metrics"]["adm"]["values"], [1000, 900])
        # cashable has an effect through drives alone (acute has no returns to it)
        [r] = simulate3(doc, "scenario new s; set acute.cashable = 100%; invest 5m in prev in y2; simulate")
        self.near(r["categories"]["acute"]["outturn"], [100, 99.9])
        # saturating together: ceiling 40: programme = 40 tanh(-50 / 40)
        doc2 = metric_model([dict(adm, ceiling=40)])
        [r] = simulate3(doc2, "scenario new s; invest 5m in prev in y2; simulate")
        self.near(r["metrics"]["adm"]["values"][1], 1000 - 40 * 0.8482836399575129)
        self.near(r["categories"]["acute"]["savings"][1], 0.002 * 40 * 0.8482836399575129)

    def test_drives_rules(self):
        adm = {"id": "adm", "name": "Admissions", "base": 1000, "aggregate": "sum", "better": "lower",
               "responses": {"prev": {"perMillion": -10, "kernel": [1]}},
               "drives": {"category": "acute", "unitCost": 0.002}}
        with self.assertRaises(ref.PlanError):                         # only a sum metric
            load(metric_model([dict(adm, aggregate="mean")]), 3)
        with self.assertRaises(ref.PlanError):                         # unitCost > 0
            load(metric_model([dict(adm, drives={"category": "acute", "unitCost": 0})]), 3)
        cats = [{"id": "acute", "name": "A", "kind": "treatment", "base": 100},
                {"id": "prev", "name": "P", "kind": "prevention", "base": 10,
                 "returns": {"kernel": [1], "to": {"acute": 1.0}}}]
        with self.assertRaises(ref.PlanError) as cm:                   # counted twice
            load(metric_model([adm], cats=cats), 3)
        self.assertIn("prev", str(cm.exception))
        self.assertIn("acute", str(cm.exception))
        with self.assertRaises(ref.PlanError):                         # version 2 has no drives
            load(metric_model([adm]), 2)

    def test_level(self):
        doc = metric_model([{"id": "rate", "name": "Rate", "base": 10},
                            {"id": "count", "name": "Count", "base": 100, "aggregate": "sum"}],
                           places=[{"id": "north", "name": "N", "population": 3},
                                   {"id": "south", "name": "S", "population": 1}])
        # mean: every place's base + 2; sum: base s_p * 100 + 4 s_p: north 78, south 26
        [r] = simulate3(doc, "scenario new s; set rate.level = 2; set count.level = 4; simulate")
        self.near(r["places"]["north"]["metrics"]["rate"], [12, 12])
        self.near(r["metrics"]["rate"]["values"], [12, 12])
        self.near(r["places"]["north"]["metrics"]["count"], [78, 78])
        self.near(r["places"]["south"]["metrics"]["count"], [26, 26])
        self.near(r["metrics"]["count"]["values"], [104, 104])
        with self.assertRaises(ref.PlanError):
            simulate3(doc, "scenario new s; set rate.level = 2%")

    def test_targets(self):
        doc = metric_model([
            {"id": "hle", "name": "HLE", "base": 60, "trend": 1,
             "targets": [{"value": 61.5, "year": 2027}, {"value": 60, "year": 2020},
                         {"value": 62, "year": 2030}, {"value": 59, "year": 2028}]},
            {"id": "low", "name": "Lower", "base": 60, "trend": 1, "better": "lower",
             "target": {"value": 62, "year": 2028}}], years=4)
        # values 60, 61, 62, 63 (2026/27 .. 2029/30)
        [r] = simulate3(doc, "simulate")
        h = r["metrics"]["hle"]
        self.assertEqual(h["targets"], [
            # judged 2027/28 on: 61 < 61.5, then 62, 63: not met in every judged year
            {"value": 61.5, "year": "2027/28", "met": False, "metYears": ["2028/29", "2029/30"]},
            # before the horizon: judged in every year, met in all
            {"value": 60, "year": "2020/21", "met": True,
             "metYears": ["2026/27", "2027/28", "2028/29", "2029/30"]},
            # after the horizon: shown, not judged
            {"value": 62, "year": "2030/31", "met": None, "metYears": []},
            {"value": 59, "year": "2028/29", "met": True, "metYears": ["2028/29", "2029/30"]}])
        # the version 2 keys describe the first target
        self.assertEqual((h["target"], h["targetYear"], h["met"]), (61.5, "2027/28", False))
        # better lower, 62 from 2028/29: 62 (met, equal) then 63 (not): version 3 not met
        lo = r["metrics"]["low"]
        self.assertEqual(lo["targets"], [{"value": 62, "year": "2028/29", "met": False,
                                          "metYears": ["2028/29"]}])
        self.assertIs(lo["met"], False)
        [v2] = simulate(doc_v2_targets(doc), "simulate")
        self.assertIs(v2["metrics"]["low"]["met"], True)               # version 2: that year only
        with self.assertRaises(ref.PlanError):                         # not both
            load(metric_model([{"id": "x", "name": "X", "base": 1, "target": {"value": 1, "year": 2026},
                                "targets": [{"value": 1, "year": 2026}]}]), 3)


def doc_v2_targets(doc):
    d = json.loads(json.dumps(doc))
    d["metrics"] = [x for x in d["metrics"] if "targets" not in x]
    return d


# ---------------------------------------------------------------------------
# Income streams, non-recurrent money, the underlying position (§3, §9)
# ---------------------------------------------------------------------------
MODEL_UND = {
    "name": "Underlying", "firstYear": 2026, "years": 3,
    "income": {"streams": [
        {"id": "core", "name": "Core", "base": 100},
        {"id": "deficit-support", "name": "Deficit support", "amounts": [10, 5, 0], "recurrent": False}]},
    "inflation": [0.0], "efficiency": [0.0],
    "categories": [{"id": "acute", "name": "Acute", "kind": "treatment", "base": 100}],
    "organisations": [org("commissioner", "icb"),
                      org("provider", "trust", delivers={"acute": 1.0}, planPosition=[-8, -4, 0],
                          support=[8, 4, 0])],
}
# income 110, 105, 100; `invest 3m in acute in y2 non-recurrent`: budget = outturn = 103 in y2
# icbBalance 10, 2, 0; trust = planPosition -8, -4, 0 (no gap); balance = 2, -2, 0
# NRI 10, 5, 0; NRX 0, 3, 0; support 8, 4, 0
#   underlying    = balance - NRI + NRX - support = 2 - 10 - 8, -2 - 5 + 3 - 4, 0 = -16, -8, 0
#   icbUnderlying = icbBalance - NRI + NRX = 0, 0, 0
#   trust's underlying = balance - support = -16, -8, 0; the ICB's (commissioner) 0, 0, 0


class UnderlyingV3(Approx):
    def test_underlying(self):
        [r] = simulate3(MODEL_UND, "scenario new s; invest 3m in acute in y2 non-recurrent; simulate")
        self.near(r["income"], [110, 105, 100])
        self.near(r["streams"]["core"], [100, 100, 100])
        self.near(r["streams"]["deficit-support"], [10, 5, 0])
        self.near(r["nonRecurrentIncome"], [10, 5, 0])
        self.near(r["icbBalance"], [10, 2, 0])
        self.near(r["balance"], [2, -2, 0])
        self.near(r["underlying"], [-16, -8, 0])
        self.near(r["icbUnderlying"], [0, 0, 0])
        self.near(r["organisations"]["trust"]["underlying"], [-16, -8, 0])
        self.near(r["organisations"]["icb"]["underlying"], [0, 0, 0])
        self.near(r["organisations"]["icb"]["balance"], [10, 2, 0])
        self.assertNotIn("mhisHeadroom", r)                            # no growsWithIncome line

    def test_stream_assumptions(self):
        # S.amount is money (year 1 is entry 1); S.growth a rate; outturn moves what is received
        [r] = simulate3(MODEL_UND, "scenario new s; set deficit-support.amount = 7 in y3\n"
                                   "outturn core.growth = 2% in y2..y3; simulate")
        self.near(r["streams"]["deficit-support"], [10, 5, 7])
        self.near(r["streams"]["core"], [100, 102, 104.04])
        # income 110, 107, 111.04; balance = income - 100 + planPosition = 2, 3, 11.04
        # underlying = balance - NRI - support = 2 - 10 - 8, 3 - 5 - 4, 11.04 - 7 - 0
        self.near(r["underlying"], [-16, -6, 4.04])
        for bad in ["set deficit-support.amount = 7%", "set core.growth = 0.02",
                    "set core.amount = 5", "set allocation-growth = 1%"]:      # streams: no allocation-growth
            with self.assertRaises(ref.PlanError, msg=bad):
                simulate3(MODEL_UND, "scenario new s\n" + bad)

    def test_commissioner_stream(self):
        doc = {"name": "Local", "firstYear": 2026, "years": 2,
               "income": {"streams": [{"id": "core", "name": "Core", "base": 100},
                                      {"id": "local", "name": "Local", "base": 8, "commissioner": "c2"}]},
               "inflation": [0.0], "efficiency": [0.0],
               "categories": [{"id": "acute", "name": "Acute", "kind": "treatment", "base": 100}],
               "places": [{"id": "north", "name": "N", "population": 3, "incomeShare": 0.75},
                          {"id": "south", "name": "S", "population": 1, "incomeShare": 0.25}],
               "organisations": [org("commissioner", "c1", places=["north"]),
                                 org("commissioner", "c2", places=["south"])]}
        # a[local, south] = w_south / h_c2 = 1: south income 25 + 8 = 33; north 75
        [r] = simulate3(doc, "simulate")
        self.near(r["places"]["north"]["income"], [75, 75])
        self.near(r["places"]["south"]["income"], [33, 33])
        self.near(r["organisations"]["c2"]["balance"], [8, 8])
        self.near(r["organisations"]["c1"]["balance"], [0, 0])
        self.assertEqual(list(r["objective"]["organisations"]), ["c1", "c2"])

    def test_loader_rules(self):
        def bad(change):
            d = json.loads(json.dumps(MODEL_RISKS))
            change(d)
            with self.assertRaises(ref.PlanError):
                load(d, 3)
        bad(lambda d: d["organisations"][0].update(places=["north", "south"]))     # a place twice
        bad(lambda d: d["organisations"][1].update(places=[]))                     # south in none
        bad(lambda d: d["organisations"][2].update(places=["north"]))              # provider places
        bad(lambda d: d["organisations"][0].update(planPosition=[1]))              # commissioner money
        bad(lambda d: d["organisations"][2].update(support=[-1]))
        bad(lambda d: d["organisations"].append(org("provider", "p2", delivers={"acute": {"north": 0.6}})))
        bad(lambda d: d["organisations"][2].update(delivers={"prev": {"north": 0.5}}))  # not treatment
        bad(lambda d: d["risks"][0].update(org="nobody"))
        bad(lambda d: d["risks"][0].update(probability=1.5))
        bad(lambda d: d["risks"][0].update(impact=[-1]))
        bad(lambda d: d["categories"].append({"id": "on", "name": "On", "kind": "treatment", "base": 1}))
        bad(lambda d: d.update(income={"base": 1, "growth": [0], "streams": []}))
        bad(lambda d: d.update(sources={"x": {"cite": "y", "status": "guess"}}))
        ok = json.loads(json.dumps(MODEL_RISKS))
        ok["organisations"].append(org("provider", "p2", delivers={"acute": {"north": 0.5}}))
        ok["sources"] = {"x": {"cite": "y", "status": "estimate"}, "inflation": "ONS"}
        load(ok, 3)
        with self.assertRaises(ref.PlanError):                         # contract 2: unknown key
            load(MODEL_RISKS, 2)


# ---------------------------------------------------------------------------
# Analyses move the outturn only (§5, §7, §8): sensitivity, Monte Carlo,
# explain variance of an organisation's balance; correlations
# ---------------------------------------------------------------------------
MODEL_SENS = {
    "name": "Sensitivity", "firstYear": 2026, "years": 2,
    "income": {"base": 100, "growth": [0.0]}, "inflation": [0.0], "efficiency": [0.0],
    "categories": [{"id": "acute", "name": "Acute", "kind": "treatment", "base": 100,
                    "demandGrowth": 0.01}],
    "organisations": [org("provider", "trust", delivers={"acute": 1.0})],
    "uncertainty": [{"assumption": "acute.demand-growth", "low": 0.0, "mode": 0.01, "high": 0.02}],
    "actuals": {"2027/28": {"organisations": {"trust": -0.5}}},
}
# y2: budget (plan) 101, outturn 100 (1 + g):  icbBalance = 100 - 101 = -1 whatever g
#     balance = 100 - 100 (1 + g): 0 at g = 0, -2 at g = 0.02;  trust = gap = 101 - 100 (1 + g)


class AnalysesV3(Approx):
    def test_sensitivity_moves_outturn_only(self):
        out = simulate3(MODEL_SENS, "sensitivity icb-balance in y2\nsensitivity balance\n"
                                    "sensitivity trust\nsensitivity underlying\nsensitivity risk-adjusted")
        icb, bal, trust, und, ra = [o["rows"][0] for o in out]
        self.near([icb["low"], icb["high"], icb["swing"]], [-1, -1, 0])
        self.near([bal["low"], bal["high"]], [0, -2])
        self.near([trust["low"], trust["high"]], [1, -1])
        self.near([und["low"], und["high"]], [0, -2])
        self.near([ra["low"], ra["high"]], [0, -2])
        self.assertEqual((out[2]["target"], out[2]["place"]), ("trust", None))
        [v2] = simulate(MODEL_SENS_V2, "sensitivity icb-balance in y2")
        self.near([v2["rows"][0]["low"], v2["rows"][0]["high"]], [0, -2])   # version 2 moved the budget
        with self.assertRaises(ref.PlanError):
            simulate3(MODEL_SENS, "sensitivity trust in y9")

    def test_montecarlo_icb_at_plan(self):
        [mc] = simulate3(MODEL_SENS, "montecarlo 300 seed 4")
        self.assertEqual(mc["pIcbBalanced"], [1.0, 0.0])               # -1 in every draw
        self.near(mc["icbBalance"]["p10"], [0, -1])
        self.assertEqual(mc["organisations"]["trust"]["pBalanced"][0], 1.0)

    def test_variance_of_an_organisation(self):
        var, ex = simulate3(MODEL_SENS, "show actuals\nexplain variance trust in 2027/28")
        self.assertEqual(var["items"], [{"item": "trust", "place": None, "actual": [None, -0.5],
                                         "projected": [0.0, 0.0], "variance": [None, -0.5]}])
        # 101 - 100 (1 + g) = -0.5  ->  g = 0.015 (the probe moves the outturn only)
        self.assertEqual((ex["item"], ex["place"], ex["actual"]), ("trust", None, -0.5))
        self.near(ex["projected"], 0)
        row = ex["rows"][0]
        self.near([row["value"], row["explains"]], [0.01, 0.015])
        self.assertIs(row["withinRange"], True)

    def test_correlations(self):
        import random
        doc = json.loads(json.dumps(MODEL_SENS))
        doc["uncertainty"] += [{"assumption": "inflation", "low": -0.01, "mode": 0.0, "high": 0.01},
                               {"assumption": "efficiency", "low": -0.01, "high": 0.01}]
        doc["correlations"] = [{"a": "acute.demand-growth", "b": "inflation", "rho": 0.9}]
        model = load(doc, 3)
        entries = ref.uncertain_entries(model, [])
        cop = ref.copula_setup(model, entries)
        self.assertEqual(cop[0], ["acute.demand-growth", "inflation", "efficiency"])
        rng = random.Random(1)
        xs = [ref.draw_values(rng, entries, cop) for _ in range(3000)]
        g = [d[0][1] for d in xs]
        i = [d[1][1] for d in xs]
        e = [d[2][1] for d in xs]

        def corr(a, b):
            ma, mb = sum(a) / len(a), sum(b) / len(b)
            sab = sum((x - ma) * (y - mb) for x, y in zip(a, b))
            return sab / (sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b)) ** 0.5
        self.assertGreater(corr(g, i), 0.8)
        self.assertLess(abs(corr(g, e)), 0.08)
        self.assertTrue(all(0.0 <= x <= 0.02 for x in g))
        # the triangular quantile: median of triangular(0, 0.01, 0.02) is 0.01
        self.near(ref.triangular_quantile(0.5, 0.0, 0.01, 0.02), 0.01)
        # held assumptions leave the matrix: nothing left to correlate -> independent draws
        self.assertIsNone(ref.copula_setup(model, [u for u in entries if u["assumption"] != "inflation"]))
        for corr_bad in ([{"a": "acute.demand-growth", "b": "inflation", "rho": 1.0}],
                         [{"a": "acute.demand-growth", "b": "nothing", "rho": 0.5}],
                         [{"a": "inflation", "b": "acute.demand-growth", "rho": 0.5},
                          {"a": "acute.demand-growth", "b": "inflation", "rho": 0.4}],
                         [{"a": "acute.demand-growth", "b": "inflation", "rho": 0.9},
                          {"a": "acute.demand-growth", "b": "efficiency", "rho": 0.9},
                          {"a": "inflation", "b": "efficiency", "rho": -0.9}]):   # not positive definite
            d = json.loads(json.dumps(doc))
            d["correlations"] = corr_bad
            with self.assertRaises(ref.PlanError):
                load(d, 3)


MODEL_SENS_V2 = {k: v for k, v in MODEL_SENS.items() if k not in ("organisations", "actuals")}


class LanguageV3(Approx):
    def test_outturn_forms(self):
        doc = json.loads(json.dumps(MODEL_BLOCK))
        doc["enablers"] = [{"id": "dig", "name": "Digital", "cost": 10}]
        # E.cost is outturn only: `N% of plan` is N% of the file's cost; the later statement wins
        [r] = simulate3(doc, "scenario new s; set dig.cost = £20m; outturn dig.cost = 120% of plan; simulate")
        self.near(r["enablers"]["dig"]["cost"], [0, 2])
        [r] = simulate3(doc, "scenario new s; outturn dig.cost = 120% of plan; set dig.cost = £20m; simulate")
        self.near(r["enablers"]["dig"]["cost"], [0, 10])
        # `N% of plan` takes the plan after every `set`, whatever the order typed
        [a] = simulate3(doc, "scenario new s; outturn efficiency = 50% of plan; set efficiency = 6%; simulate")
        [b] = simulate3(doc, "scenario new s; set efficiency = 6%; outturn efficiency = 3%; simulate")
        self.near(a["balance"], b["balance"])
        self.near(a["categories"]["acute"]["budget"], [60, 60 * 0.94])
        self.near(a["categories"]["acute"]["outturn"], [60, 60 * 0.97])

    def test_cli_contract_flag(self):
        import subprocess
        import tempfile
        here = os.path.dirname(os.path.abspath(__file__))
        with tempfile.TemporaryDirectory() as d:
            mp, sp = os.path.join(d, "m.json"), os.path.join(d, "s.scenario")
            with open(mp, "w") as f:
                json.dump(MODEL_BLOCK_V2, f)
            with open(sp, "w") as f:
                f.write("scenario new s\nset efficiency = 0.03\nsimulate\n")
            cmd = [sys.executable, os.path.join(here, "hweplan_ref.py")]
            p2 = subprocess.run(cmd + ["--contract", "2", mp, sp], capture_output=True, text=True)
            self.assertEqual(p2.returncode, 0, p2.stderr)
            self.near(json.loads(p2.stdout)["balance"], [0, 2.7])
            p3 = subprocess.run(cmd + [mp, sp], capture_output=True, text=True)
            self.assertEqual(p3.returncode, 1)
            self.assertIn("write 3%, not 0.03", p3.stderr)

if __name__ == "__main__":
    unittest.main()

#!/usr/bin/env python3
"""Hand-worked checks of hweplan_ref.py against MODEL.md.

Run:  python3 test_ref.py    or    python3 -m unittest   (from this folder)

Every expected number below was worked out by hand from MODEL.md before the
test was run; the working is in the comments.  The models are tiny: two
treatment categories and one prevention category over two years.
"""

import json
import os
import sys
import unittest

sys.dont_write_bytecode = True      # keep the folder free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hweplan_ref as ref  # noqa: E402


def simulate(model_doc, script):
    model = ref.load_model(json.loads(json.dumps(model_doc)))
    return list(ref.run_script(model, script, "<test>"))


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
        self.assertEqual(r["objective"], {"balancedEveryYear": True, "deficitYears": [],
                                          "firstDeficitYear": None})
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
        # gap: no target, no unit (defaults) -> nulls, unit ""
        self.assertEqual(m["gap"], {"unit": "", "values": [5.0, 5.0], "target": None,
                                    "targetYear": None, "met": None})
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
        s = ref.Session(ref.load_model(json.loads(json.dumps(MODEL_A))))
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
        self.assertEqual(r["objective"], {"balancedEveryYear": False, "deficitYears": ["2031/32"],
                                          "firstDeficitYear": "2031/32"})
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
# enabler cost: 8 * (L - 1) = [0, -8]
# spend: 98 + 50 + 30 = 178;  163 + 64 + 33 - 8 = 252
# income: 200 (growth[1] ignored), 200 * 1.1 = 220; balance 22, -32; cumulative 22, -10


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
        self.near(r["enablers"]["big"]["cost"], [0, -8])
        self.near(r["income"], [200, 220])
        self.near(r["spend"], [178, 252])
        self.near(r["balance"], [22, -32])
        self.near(r["cumulative"], [22, -10])
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
        self.model = ref.load_model(json.loads(json.dumps(MODEL_A)))

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
        self.assertEqual(self.parse("invest 1 in acute")["years"], [2])
        self.assertEqual(self.parse("invest 1 in acute in 2023/24")["years"], [1])
        self.assertEqual(self.parse("invest 1 in acute from 2023-24")["years"], [1, 2])
        self.assertEqual(self.parse("invest 1 in acute y1..y2")["years"], [1, 2])
        self.assertEqual(self.parse("invest 1 in acute in y1..2024/25")["years"], [1, 2])
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


if __name__ == "__main__":
    unittest.main()

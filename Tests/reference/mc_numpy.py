#!/usr/bin/env python3
"""hweplan's Monte Carlo as a planner's analyst would write it in NumPy.

Usage:
    python3 mc_numpy.py MODEL.json [--draws N] [--seed S] [--repeat R] [--chunk B] [--json] [--contract 2|3]
    python3 mc_numpy.py --check BINARY [--draws N] [--seed S] [--contract 2|3]

The contract is MODEL.md version 3 unless `--contract 2` asks for version 2, which reproduces this
program's version 2 output byte for byte.

The first form runs `montecarlo N seed S` on the BASELINE plan of MODEL.json
(no statements: every enabler level 1, no money flows, the model's own
policy) and prints two machine-readable lines

    numpy montecarlo N draws: X ms
    numpy best of R: Y ms

X being the median over R repeats of the compute time (Y the shortest): the
draws (random numbers included), every run and the percentiles; loading the
model and importing NumPy are not timed.  With --json it then prints the "montecarlo"
object of MODEL.md §7 (the keys of hweplan's `--format json` output; under version 3 with
pBalancedBeforeMitigations and underlying).

`--check BINARY` runs BINARY's `montecarlo N seed S` on
docs/default-model-v2.json (three places), on the same model under
`hold-budgets` and on Benchmarks/one-place-v1.json, and compares every number
with this program's (to 1e-9 relative, reporting how many are bit-identical;
a key of this program's object that BINARY does not print is a mismatch);
it also re-runs 18 of the draws with hweplan_ref.run (the pure-Python
reference, under the same contract) and compares every balance and metric
(version 3: and the underlying position) to 1e-12 (money relative to the
year's spend: a balance is a small difference of large sums).  Under
version 3 it then checks, against hweplan_ref alone, the built-in model under
hold-budgets with `pressure` on two lines and uncertainty entries on a
C.pressure and two M.level (terms the three models leave at 0).  Exit status
0 when everything agrees, 1 otherwise.  `check(binary, contract=3)` does the
same from Python.

How it is vectorised.  One draw is one run of MODEL.md §3-§4, and every
equation is one NumPy expression over all the draws of a chunk at once: the
draws are an axis of every array.  It is the LAST axis -- the lines are
(place, category, draw), the metrics (place, metric, draw), the assumptions
(assumption, draw) -- so that each elementwise operation runs one long
contiguous loop over the draws while per-line and per-place constants
broadcast along it; with the draws first, shape (n, P, C), every constant
broadcast becomes a loop of length C per draw and the program ran about
twice as slowly.  The only Python loops are over years (the money equations
are recurrences in t), uncertainty entries, enablers and metrics with an
activity term, plus the sums over categories and places, which add whole
slabs of draws one line (or place) after another in model order, as the
engine adds them, so that the results agree with hweplan bit for bit, not
merely to 1e-9 (np.add.reduce would do the same for n > 1 draws, but for a
single draw it switches to pairwise summation).

Memory and speed.  Draws go in chunks (default 8,192) through arrays that
are allocated once and reused (a fresh multi-megabyte temporary per
equation and year cost more in page faults than the arithmetic).  The
per-draw results kept for the percentiles are one (series, N) float64
buffer, (2 + metrics) x years x 8 bytes per draw: 640 MB for a million draws
of the built-in model, kept between repeats as the engine keeps its own.
Percentiles use np.partition (a quickselect, like the engine's) and the
engine's interpolation formula.

The random numbers are the engine's (Uncertainty.swift in the Swift sources):
a counter-based SplitMix64 hash of (seed, draw, entry), computed here for
all draws and entries at once with wrapping uint64 arithmetic, so draw d of
this program is draw d of hweplan.

Scope: the baseline plan only.  With no statements X = 0 (no shifts or
investments), hence S = 0 (no savings), programme = 0 (no metric responses,
so neither version 2's clip nor version 3's tanh saturation arises) and
Lf = 1 (no enabler terms in ε, M, q or the metrics); those terms are
therefore not computed (they are exactly 0).  Everything else of the contract
is: places, efficient cost, treatment and prevention lines under either
policy, payments, enabler cost overruns, income, both balances, and metrics
per place with their capacity and activity terms, clamps and aggregation.
Dependencies: NumPy and the standard library (hweplan_ref.py, next to this
file, loads and validates the model and serves as the oracle in --check).

Version.  By default this peer implements MODEL.md version 3 for a model
without income streams, organisations, risks or correlations (one with any of
them is refused: their terms are not implemented here); `--contract 2`
(load(path, 2), check(..., contract=2)) runs version 2 exactly as before, on
version 2 model files.  What version 3 changes in a baseline draw (§2-§5, §7,
hweplan_ref's W10, W12, W14, W16, W17, W28):

  - Draws move the outturn only.  Fp, the efficient cost at the plan's values,
    is the same in every draw and is worked out once (`Model.Fp`); a treatment
    line's budget is Fp (version 2: F, moved by the draw), its demand max(0, F)
    at the drawn values, its outturn demand (meet-demand) or
    max(min(demand, Fp⁺), (1 − maxUnmet)·demand) (hold-budgets), its payment
    Fp + variable·(outturn − Fp); a prevention line's outturn and payment are
    F (its budget Fp).  Income and the enablers' costs are the drawn ones.
    Under hold-budgets a draw whose F exceeds Fp leaves demand unmet, which
    the metrics' capacity term reads.
  - B0 (§4) is the same run's outturn (same policy, Fp budgets): in the
    baseline it is the outturn itself and the activity term is 0, not computed.
  - `pressure` (per category and year, default [0]) joins inflation:
    F[t] = F[t−1]·((1 + g)·(1 + inflation[t] + pressure_c[t]))·(1 − ε[t]);
    C.pressure is a per-year assumption (a draw is an offset to years 2..T).
    It is computed only where the model has it or draws it (with pressure 0 the
    factor is version 2's exactly).
  - M.level (default 0) is added to every place's metric base, × s_p for a sum
    metric, and may be drawn (a scalar: the draw replaces it).
  - The "montecarlo" object adds pBalancedBeforeMitigations (with no risks,
    pBalanced) and underlying {p10, p50, p90} (with no non-recurrent income,
    one-off money or provider support, the balance's percentiles).

Not implemented (the model is refused): income streams (base × growth or
amounts, commissioner shares, non-recurrent income, S.growth / S.amount
draws); the providers' planPosition in the system balance and the
organisations' balances; the risk register's Bernoulli draws (with the engine's
own stream of random numbers for them), their reach (§9) and R.probability
draws; the Gaussian copula for `correlations` (the engine's normal generator and
Phi, to stay bit-identical).  Statements (money, levels, set/outturn) are out of
scope in either version.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import hweplan_ref as ref  # noqa: E402  (model loading/validation and the per-draw oracle)

REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
QUANTILES = (("p10", 0.10), ("p50", 0.50), ("p90", 0.90))

# ---------------------------------------------------------------------------
# Random numbers: the engine's counter-based SplitMix64 (Uncertainty.swift)
# ---------------------------------------------------------------------------

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15          # seed multiplier
ENTRY = 0xD6E8FEB86659FD93           # entry multiplier
MIX1 = np.uint64(0xBF58476D1CE4E5B9)
MIX2 = np.uint64(0x94D049BB133111EB)
S30, S27, S31, S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)


def mix(z, tmp):
    """SplitMix64's finaliser, in place on the uint64 array z (tmp: scratch of z's shape).
    NumPy's integer arithmetic wraps mod 2^64, as the engine's &* does."""
    z ^= np.right_shift(z, S30, out=tmp)
    z *= MIX1
    z ^= np.right_shift(z, S27, out=tmp)
    z *= MIX2
    z ^= np.right_shift(z, S31, out=tmp)
    return z


def uniforms(seed, first, n, entries, bits=None, tmp=None, out=None):
    """u[k, d] in [0, 1) for entries k = 0..entries-1 and draws d = first..first+n-1:
    key = mix(seed·GOLDEN + d) ^ (k·ENTRY);  u = (mix(key) >> 11) · 2^-53.
    bits and tmp (uint64) and out (float64), of shape (entries, n), are reused when given."""
    shape = (entries, n)
    bits = np.empty(shape, dtype=np.uint64) if bits is None else bits
    tmp = np.empty(shape, dtype=np.uint64) if tmp is None else tmp
    out = np.empty(shape) if out is None else out
    draws = np.arange(first, first + n, dtype=np.uint64) + np.uint64((seed * GOLDEN) & MASK64)
    keys = mix(draws, np.empty_like(draws))                                     # (n,)
    salts = np.array([(k * ENTRY) & MASK64 for k in range(entries)], dtype=np.uint64)
    np.bitwise_xor(salts[:, None], keys, out=bits)
    mix(bits, tmp)
    bits >>= S11                                                                 # 53 bits: exact as a double
    return np.multiply(bits, 2.0 ** -53, out=out)


def triangular(u, low, mode, high, left=None, take=None):
    """Inverse CDF of triangular(low, mode, high) at u, computed in place of u: u (K, n),
    low/mode/high (K, 1); left and take are scratch arrays of u's shape, reused when given.
    The engine's arithmetic:  u < split ? low + √(u·w·(mode−low)) : high − √((1−u)·w·(high−mode)),
    w = high − low, split = (mode − low)/w; an entry of width 0 is its one value."""
    width = high - low
    positive = width[:, 0] > 0
    split = (mode - low) / np.where(width > 0, width, 1.0)
    take = np.empty_like(u) if take is None else take
    take[...] = u < split                               # 1.0 where the left branch applies, else 0.0
    left = np.multiply(u, width, out=left)
    left *= mode - low
    np.sqrt(left, out=left)
    left += low
    right = np.subtract(1.0, u, out=u)
    right *= width
    right *= high - mode
    np.sqrt(right, out=right)
    np.subtract(high, right, out=right)
    # Select without np.where (slow on a random mask): x·1 + y·0 is exactly x for finite x, y.
    left *= take
    np.subtract(1.0, take, out=take)
    right *= take
    right += left
    right[~positive] = low[~positive]
    return right


def runs(mask):
    """The indices where `mask` holds, as slices of consecutive indices (slices give views, not copies)."""
    out = []
    for c, on in enumerate(mask):
        if on:
            if out and out[-1].stop == c:
                out[-1] = slice(out[-1].start, c + 1)
            else:
                out.append(slice(c, c + 1))
    return out


def add_in_order(a, axis, out):
    """Σ of `a` over `axis` (0 or 1) into `out`, adding the terms one after another in index order,
    the order in which the engine adds lines and places; returns out."""
    take = (lambda i: a[i]) if axis == 0 else (lambda i: a[:, i])
    np.copyto(out, take(0))
    for i in range(1, a.shape[axis]):
        out += take(i)
    return out


# ---------------------------------------------------------------------------
# The model as arrays (MODEL.md §1 defaults resolved by hweplan_ref.load_model)
# ---------------------------------------------------------------------------


class Model:
    """Everything a baseline draw needs, as NumPy arrays indexed [place, category] etc.

    The assumption vector (MODEL.md §5) is laid out like the engine's: growth[T], inflation[T],
    efficiency[T], demand-growth[C], cashable[C], return-scale[C], effect-scale[C], cost[E], trend[M];
    version 3 adds level[M] and then pressure[C·T] (category by category, year by year).  It holds
    the outturn values of a draw; the plan values are the model's (`params`), and under version 3
    everything read at plan (Fp, hence the budgets) is worked out once from them (`plan_cost`).
    """

    def __init__(self, m):
        self.raw = m
        self.v3 = m["v3"]
        T, cats, enas, mets, places = m["T"], m["categories"], m["enablers"], m["metrics"], m["places"]
        C, E, M, P = len(cats), len(enas), len(mets), len(places)
        self.T, self.C, self.E, self.M, self.P = T, C, E, M, P
        if self.v3:
            beyond = [key for key in ("streams", "organisations", "risks", "correlations") if m[key]]
            if beyond:
                raise ValueError("mc_numpy implements the baseline of a model without income streams, "
                                 "organisations, risks or correlations; this model has %s" % ", ".join(beyond))
        self.has_places = m["has_places"]
        self.policy = m["policy"]                      # baseline: the model's own policy (§2)
        self.labels = ref.horizon_labels(m)

        # §5 assumption vector and where each assumption lives in it
        at = ref.at_year
        self.off = {"allocation-growth": 0, "inflation": T, "efficiency": 2 * T}
        pDemand = 3 * T
        pCashable, pReturn, pEffect = pDemand + C, pDemand + 2 * C, pDemand + 3 * C
        pCost, pTrend = pDemand + 4 * C, pDemand + 4 * C + E
        for i, c in enumerate(cats):
            self.off[c["id"] + ".demand-growth"] = pDemand + i
            self.off[c["id"] + ".cashable"] = pCashable + i
            self.off[c["id"] + ".return-scale"] = pReturn + i
            self.off[c["id"] + ".effect-scale"] = pEffect + i
        for i, e in enumerate(enas):
            self.off[e["id"] + ".cost"] = pCost + i
        for i, x in enumerate(mets):
            self.off[x["id"] + ".trend"] = pTrend + i
        params = ([at(m["growth"], t) for t in range(1, T + 1)]
                  + [at(m["inflation"], t) for t in range(1, T + 1)]
                  + [at(m["efficiency"], t) for t in range(1, T + 1)]
                  + [c["demandGrowth"] for c in cats] + [c["cashable"] for c in cats]
                  + [1.0] * (2 * C) + [e["cost"] for e in enas] + [x["trend"] for x in mets])
        self.sl = {"growth": slice(0, T), "inflation": slice(T, 2 * T), "efficiency": slice(2 * T, 3 * T),
                   "demand": slice(pDemand, pDemand + C), "cost": slice(pCost, pCost + E),
                   "trend": slice(pTrend, pTrend + M)}
        if self.v3:
            # version 3: M.level (§4, W17; 0 unless drawn) and C.pressure (§3, W14; per year, entry 1 ignored)
            pLevel = pTrend + M
            pPressure = pLevel + M
            for i, x in enumerate(mets):
                self.off[x["id"] + ".level"] = pLevel + i
            for i, c in enumerate(cats):
                self.off[c["id"] + ".pressure"] = pPressure + i * T
            params += [x["level"] for x in mets]
            params += [at(c["pressure"], t) for c in cats for t in range(1, T + 1)]
            self.sl["level"] = slice(pLevel, pLevel + M)
            self.sl["pressure"] = slice(pPressure, pPressure + C * T)
        self.params = np.array(params)

        # §5 uncertainty: the baseline sets nothing, so every entry is drawn, in model order
        unc = m["uncertainty"]
        self.unc_ids = [u["assumption"] for u in unc]
        self.unc_off = [self.off[a] for a in self.unc_ids]
        self.unc_per_year = [ref.is_per_year(m, a) for a in self.unc_ids]
        self.unc_low = np.array([u["low"] for u in unc])
        self.unc_mode = np.array([u["mode"] for u in unc])
        self.unc_high = np.array([u["high"] for u in unc])

        # §3 places: income share w_p, population share s_p, base_{c,p}, demandGrowthDelta_{c,p}
        self.w = np.array([pl["w"] for pl in places])
        self.s = np.array([pl["s"] for pl in places])
        self.base = np.array([[pl["base"][c["id"]] for c in cats] for pl in places])           # (P, C)
        self.delta = np.array([[pl["delta"][c["id"]] for c in cats] for pl in places])         # (P, C)
        self.income0 = m["income_base"] * self.w                                               # income[p,1]
        self.treatment = np.array([c["kind"] == "treatment" for c in cats])                    # (C,)
        # the treatment lines as runs of consecutive categories (slices give views, not copies)
        self.treatment_runs = runs(self.treatment)
        self.prevention_runs = runs(~self.treatment)
        # Treatment demand is max(0, ·); a prevention line's outturn is F + X itself, never floored:
        # a floor of −∞ lets one np.maximum serve both kinds.
        self.demand_floor = np.where(self.treatment, 0.0, -np.inf)
        self.variable = np.array([c["variable"] for c in cats])                                # 0 for prevention
        # hold-budgets keeps at least (1 − maxUnmet)·demand; prevention lines always spend F + X
        self.keep = np.where(self.treatment, [1.0 - c["maxUnmet"] for c in cats], 1.0)
        self.plan_cost = np.array([e["cost"] for e in enas])                                   # plan_e
        # Version 3: pressure is worked out only where some category has it or it is drawn (with
        # pressure 0, (1 + inflation) + 0 is 1 + inflation exactly: version 2's F), M.level only where
        # it is drawn (base + 0·s is base).
        self.has_pressure = self.v3 and (any(at(c["pressure"], t) != 0 for c in cats for t in range(2, T + 1))
                                         or any(a.rsplit(".", 1)[-1] == "pressure" for a in self.unc_ids))
        self.has_level = self.v3 and (any(x["level"] != 0 for x in mets)
                                      or any(a.rsplit(".", 1)[-1] == "level" for a in self.unc_ids))

        # §4 metrics per place, arrays (P, M)
        def per_place(f):
            return np.array([[f(x, pl) for x in mets] for pl in places]).reshape(P, M)

        def is_sum(x):
            return x["aggregate"] == "sum"

        def scale(x, pl):                              # sum metrics scale with s_p, mean metrics do not
            return pl["s"] if is_sum(x) else 1.0

        self.m_base = per_place(lambda x, pl: pl["mbase"][x["id"]] if pl["mbase"][x["id"]] is not None
                                else x["base"] * scale(x, pl))
        self.m_tscale = per_place(scale)
        self.m_tdelta = per_place(lambda x, pl: pl["mtrend"][x["id"]])
        self.m_weight = per_place(lambda x, pl: 1.0 if is_sum(x) else 1.0 / pl["s"])            # k_p
        self.m_lo = per_place(lambda x, pl: x["min"] * scale(x, pl) if x["min"] is not None else -np.inf)
        self.m_hi = per_place(lambda x, pl: x["max"] * scale(x, pl) if x["max"] is not None else np.inf)
        self.m_wcap = self.m_weight * np.array([x["capacity"] for x in mets])                   # k_p·capacity_m
        # system value: Σ_p s_p·value (mean) or Σ_p value (sum); 1·v is exactly v
        self.m_agg = per_place(lambda x, pl: 1.0 if is_sum(x) else pl["s"])
        # activity_m[c] for the metrics that have an activity map: (C, Ma)
        self.act_metrics = [k for k, x in enumerate(mets) if x["activity"]]
        cidx = {c["id"]: i for i, c in enumerate(cats)}
        self.act = np.zeros((C, len(self.act_metrics)))
        for j, k in enumerate(self.act_metrics):
            for cid, v in mets[k]["activity"].items():
                self.act[cidx[cid], j] = v
        self.act_weight = self.m_weight[:, self.act_metrics]                                    # (P, Ma)
        self.metric_ids = [x["id"] for x in mets]
        self.samples = None                            # montecarlo's per-draw buffer, kept between runs
        self.workspaces = {}                           # run's arrays, by number of draws
        self.place_ids = [pl["id"] for pl in places]
        # Version 3, §3 and W10/W12: Fp, the efficient cost at PLAN values, is what budgets read; draws
        # move the outturn only, so Fp is the same in every draw: (T, P, C, 1), and its positive part.
        if self.v3:
            self.Fp = self.plan_efficient_cost()
            self.Fp_pos = np.maximum(self.Fp, 0.0)

    # -- §5 draws --------------------------------------------------------------

    def draw_params(self, seed, first, n):
        """The assumption vectors of draws first..first+n-1, one column per draw: (len(params), n).
        Start from the plan's values; entry by entry, a scalar is replaced by its draw and a per-year
        assumption gets its draw added in years 2..T (two entries on one assumption add up)."""
        K = len(self.unc_ids)
        ws = self.workspace(n)
        p = ws["params"]
        p[...] = self.params[:, None]
        if K == 0:
            return p
        u = uniforms(seed, first, n, K, ws["bits"], ws["bits2"], ws["u"])
        values = triangular(u, self.unc_low[:, None], self.unc_mode[:, None], self.unc_high[:, None],
                            ws["left"], ws["take"])                                  # (K, n)
        for k in range(K):
            o = self.unc_off[k]
            if self.unc_per_year[k]:
                p[o + 1:o + self.T] += values[k]
            else:
                p[o] = values[k]
        return p

    # -- §3-§4: n baseline runs at once ------------------------------------------

    def workspace(self, n):
        """Arrays for n draws, allocated once and reused by every chunk of that size (the draws and
        the runs): a fresh multi-megabyte temporary per equation and year costs more in page faults
        than the arithmetic."""
        ws = self.workspaces.get(n)
        if ws is None:
            P, C, M, T = self.P, self.C, self.M, self.T
            ws = {name: np.empty((P, C, n)) for name in ("F", "demand", "outturn", "payment", "scratch")}
            ws.update({name: np.empty((P, n)) for name in ("income", "spend", "paid", "share", "ib")})
            ws.update(value=np.empty((P, M, n)), m_trend=np.empty((P, M, n)), m_base=np.empty((P, M, n)),
                      balance=np.empty((T, n)), icb=np.empty((T, n)),
                      place_balance=np.empty((P, T, n)), metrics=np.empty((M, T, n)))
            K = len(self.unc_ids)
            ws.update({name: np.empty((K, n), dtype=np.uint64) for name in ("bits", "bits2")})
            ws.update({name: np.empty((K, n)) for name in ("u", "left", "take")})
            ws["params"] = np.empty((len(self.params), n))
            self.workspaces[n] = ws                    # in practice two sizes: the chunk and the last one
        return ws

    def cost_growth(self, p):
        """What F[t] needs from an assumption vector p (len(params), n): each line's demand growth in
        each place 1 + (g_c + delta_{c,p}) (P, C, n), 1 + inflation[t] (T, n), the efficiency kept
        1 − clamp(ε[t], −0.5, 0.5) (T, n) (Lf = 1: no enabler term) and, under version 3 where the model
        has it, pressure[c, t] (C, T, n), else None."""
        growth_factor = 1.0 + (p[self.sl["demand"]] + self.delta[:, :, None])
        inflation = 1.0 + p[self.sl["inflation"]]
        keep_eff = 1.0 - np.clip(p[self.sl["efficiency"]], -0.5, 0.5)
        pressure = p[self.sl["pressure"]].reshape(self.C, self.T, p.shape[1]) if self.has_pressure else None
        return growth_factor, inflation, keep_eff, pressure

    def grow(self, F, t, growth, scratch):
        """§3 F[t] = F[t−1]·((1 + g)·(1 + inflation[t] + pressure_c[t]))·(1 − ε[t]) in place, prevention
        lines without ε; `growth` from cost_growth, t ≥ 1 (0-based).  The grouping is the engine's
        F·((1 + g)·(1 + inflation)); pressure is added to 1 + inflation as hweplan_ref adds it (the
        engine did not read `pressure` yet when this was written, so for pressure ≠ 0 bit-identity
        with it is untested; hweplan_ref agrees to ~1e-15)."""
        growth_factor, inflation, keep_eff, pressure = growth
        if pressure is None:
            np.multiply(growth_factor, inflation[t], out=scratch)
        else:
            np.multiply(growth_factor, inflation[t] + pressure[:, t], out=scratch)
        F *= scratch
        for lines in self.treatment_runs:
            F[:, lines] *= keep_eff[t]

    def plan_efficient_cost(self):
        """Version 3: Fp[t] (T, P, C, 1), the efficient cost at the plan's values (no draw), by the
        same arithmetic as F."""
        p = self.params[:, None]
        growth = self.cost_growth(p)
        F = np.array(self.base[:, :, None], dtype=float)
        scratch = np.empty_like(F)
        out = np.empty((self.T,) + F.shape)
        for t in range(self.T):
            if t > 0:
                self.grow(F, t, growth, scratch)
            out[t] = F
        return out

    def run(self, p):
        """The baseline runs of the draws whose assumption vectors are the columns of p (len(params), n).

        Every array has the draws on its last axis: (place, category, draw) for the lines,
        (place, metric, draw) for the metrics.  Returns balance (T, n), icbBalance (T, n), the metrics'
        system values (M, T, n) and the places' balances (P, T, n), views of the workspace that the next
        run overwrites.  The year loop's t = 0..T-1 is MODEL.md's t = 1..T.

        Version 2: the draws move plan and outturn alike, so each line's budget is its F.  Version 3
        (W10, W12): they move the outturn only; the budget is Fp (the plan's, worked out once) and
        demand, outturn and income read the drawn values."""
        n, T, P = p.shape[1], self.T, self.P
        ws = self.workspace(n)
        F, demand, payment, scratch = ws["F"], ws["demand"], ws["payment"], ws["scratch"]
        income, spend, paid, share, ib = ws["income"], ws["spend"], ws["paid"], ws["share"], ws["ib"]
        value = ws["value"]
        balance, icb, place_balance, metrics = ws["balance"], ws["icb"], ws["place_balance"], ws["metrics"]
        hold = self.policy == "hold-budgets"
        v3 = self.v3

        growth = p[self.sl["growth"]]                    # allocation-growth[t]   (T, n)
        # §3 growth of F: 1 + g_{c,p}, 1 + inflation[t] (and pressure), 1 − ε[c,t] with ε[c,t] =
        # efficiency[t] for every treatment line (Lf = 1: no enabler term), clamped to [−0.5, 0.5]
        cost_growth = self.cost_growth(p)
        # §3 enabler cost against plan, c_e[t]·L − plan_e with L = 1 (year 1 is at plan: 0)     (E, n)
        overrun = p[self.sl["cost"]] * 1.0 - self.plan_cost[:, None]
        # §4 trend_{m,p} = trend_m·(1 or s_p) + trendDelta_{m,p}                              (P, M, n)
        m_trend = np.multiply(p[self.sl["trend"]], self.m_tscale[:, :, None], out=ws["m_trend"])
        m_trend += self.m_tdelta[:, :, None]
        if self.has_level:
            # §4 (v3, W17) base_{m,p} + level_m·(1 or s_p)                                    (P, M, n)
            m_base = np.multiply(p[self.sl["level"]], self.m_tscale[:, :, None], out=ws["m_base"])
            m_base += self.m_base[:, :, None]
        else:
            m_base = self.m_base[:, :, None]

        F[...] = self.base[:, :, None]                   # F[c,p,1] = base_{c,p}
        income[...] = self.income0[:, None]              # income[p,1] = income.base·w_p
        for t in range(T):
            if t > 0:
                # §3 F[t] = F[t−1]·(1+g)(1+inflation[t])·(1−ε[t]); prevention lines have no ε
                self.grow(F, t, cost_growth, scratch)
                income *= 1.0 + growth[t]                # income[p,t] = income[p,t−1]·(1 + growth[t])
            # §3 lines, X = 0 and S = 0: demand = max(0, F − cashable·S + X⁺) = max(0, F); the budget is
            # F (v2) or Fp (v3).  A prevention line spends F + X itself, never floored: its floor is −∞.
            budget = self.Fp[t] if v3 else F
            np.maximum(F, self.demand_floor[:, None], out=demand)
            if hold:   # outturn = max(min(demand, budget⁺), (1 − maxUnmet)·demand)
                outturn = ws["outturn"]
                if v3:
                    np.minimum(demand, self.Fp_pos[t], out=outturn)
                else:
                    np.maximum(F, 0.0, out=outturn)
                    np.minimum(demand, outturn, out=outturn)
                np.multiply(self.keep[:, None], demand, out=scratch)
                np.maximum(outturn, scratch, out=outturn)
                # (a prevention line keeps all of its F: max(min(F, ·), 1·F) is F)
            else:      # meet-demand: outturn = demand
                outturn = demand
            # payment = budget + variable·(outturn − budget)
            np.subtract(outturn, budget, out=payment)
            payment *= self.variable[:, None]
            payment += budget
            if v3:
                # a prevention line's payment is its outturn F + X (the ICB pays what its programmes
                # cost), not its budget Fp + X (v2's budget was F, so the formula gave F there)
                for lines in self.prevention_runs:
                    payment[:, lines] = outturn[:, lines]
            # spend and payments per place: the lines in model order, then each enabler's share
            # w_p·enablerCost[t]
            add_in_order(outturn, 1, spend)
            add_in_order(payment, 1, paid)
            if t > 0:
                for e in range(self.E):
                    np.multiply(self.w[:, None], overrun[e], out=share)
                    spend += share
                    paid += share
            bal = place_balance[:, t]
            np.subtract(income, spend, out=bal)         # balance[p,t]
            np.subtract(income, paid, out=ib)           # icbBalance[p,t]
            add_in_order(bal, 0, balance[t])            # the system: sums over places, in place order
            add_in_order(ib, 0, icb[t])

            # §4 value = clamp(base + trend·(t−1) + programme + enabler + capacity + activity, min, max),
            # with programme = 0 (X = 0) and enabler = 0 (Lf = 1); v3's base includes M.level
            np.multiply(m_trend, float(t), out=value)   # (P, M, n)
            value += m_base
            if hold:
                # capacity: k_p·capacity_m·Σ_c (released − unmet), released = (1 − cashable)·S = 0;
                # under meet-demand nothing is unmet and the term is 0 (under v3's hold-budgets a draw
                # whose F exceeds the plan's Fp leaves demand unmet)
                np.subtract(outturn, demand, out=scratch)    # 0 − unmet
                freed = add_in_order(scratch, 1, np.empty((P, n)))
                value += self.m_wcap[:, :, None] * freed[:, None, :]
            if self.act_metrics and not v3:
                # activity: k_p·Σ_c activity_m[c]·(B − B0), B0 the outturn with X = 0 and L = 1 under
                # the same draw: max(0, F) for a treatment line, F for prevention, i.e. `demand`.
                # In the baseline B = B0 and the term is exactly 0; with money flows the matmul's
                # order of additions would differ from the engine's in the last bits.
                # (Version 3's B0 is the outturn of the same run under the same policy, Fp budgets
                # included: in the baseline it IS B, and the term is not computed at all.)
                np.subtract(outturn, demand, out=scratch)
                change = np.matmul(self.act.T, scratch)      # (P, Ma, n)
                for j, k in enumerate(self.act_metrics):
                    value[:, k] += self.act_weight[:, j, None] * change[:, j]
            np.clip(value, self.m_lo[:, :, None], self.m_hi[:, :, None], out=value)
            # the system value: Σ_p s_p·value (mean) or Σ_p value (sum), in place order
            value *= self.m_agg[:, :, None]
            add_in_order(value, 0, metrics[:, t])
        return balance, icb, metrics, place_balance


# ---------------------------------------------------------------------------
# §7 Monte Carlo
# ---------------------------------------------------------------------------


def percentiles(rows, qs):
    """Type-7 percentiles of each row of `rows` (S, N), reordering it in place like the engine's
    quickselect: h = (N−1)·q, k = ⌊h⌋, value = x(k) + (h−k)·(x(k+1) − x(k))."""
    n = rows.shape[1]
    hs = [(n - 1) * q for q in qs]
    ks = [int(math.floor(h)) for h in hs]
    kth = sorted({k for k in ks} | {k + 1 for k in ks if k + 1 < n})
    rows.partition(kth, axis=1)
    out = []
    for h, k in zip(hs, ks):
        lo = rows[:, k]
        if k + 1 < n and h > k:
            out.append(lo + (h - k) * (rows[:, k + 1] - lo))
        else:
            out.append(lo.copy())
    return out                                     # one (S,) array per quantile


def montecarlo(model, n, seed, chunk=8192):
    """The "montecarlo" object of MODEL.md §7 for the baseline, n draws seeded `seed`."""
    T, M, P = model.T, model.M, model.P
    # Per-draw results kept for the percentiles, series by series: balance[t], icbBalance[t], metric[m][t].
    # The buffer stays with the model between runs, as the engine keeps its own: allocating and first
    # touching hundreds of megabytes can cost more than the draws.
    size = (2 + M) * T * n
    if model.samples is None or model.samples.size < size:
        model.samples = None
        model.samples = np.empty(size)
    samples = model.samples[:size].reshape((2 + M) * T, n)
    n_bal = np.zeros(T, dtype=np.int64)
    n_icb = np.zeros(T, dtype=np.int64)
    n_place = np.zeros((P, T), dtype=np.int64)
    n_every = 0
    for first in range(0, n, chunk):
        m = min(chunk, n - first)
        bal, icb, met, pbal = model.run(model.draw_params(seed, first, m))
        samples[:T, first:first + m] = bal
        samples[T:2 * T, first:first + m] = icb
        samples[2 * T:, first:first + m] = met.reshape(M * T, m)
        n_bal += np.count_nonzero(bal >= 0, axis=1)
        n_icb += np.count_nonzero(icb >= 0, axis=1)
        n_place += np.count_nonzero(pbal >= 0, axis=2)
        n_every += int(np.count_nonzero(~(bal < 0).any(axis=0)))   # balanced every year
    p10, p50, p90 = percentiles(samples, [q for _, q in QUANTILES])
    bands = [p10, p50, p90]

    def band(start):
        return {key: bands[i][start:start + T].tolist() for i, (key, _) in enumerate(QUANTILES)}

    obj = {"kind": "montecarlo", "scenario": "baseline", "draws": n, "seed": seed, "years": model.labels,
           "pBalanced": (n_bal / n).tolist(), "pIcbBalanced": (n_icb / n).tolist(),
           "pBalancedEveryYear": n_every / n,
           "balance": band(0), "icbBalance": band(T),
           "metrics": {mid: band((2 + k) * T) for k, mid in enumerate(model.metric_ids)}}
    if model.has_places:
        obj["places"] = {pid: {"pBalanced": (n_place[q] / n).tolist()} for q, pid in enumerate(model.place_ids)}
    if model.v3:
        # §7, W28: with no risks in the register P(balanced) before mitigations is P(balanced), and
        # with no non-recurrent income, one-off money or provider support the underlying position is
        # the balance, draw by draw
        obj["pBalancedBeforeMitigations"] = obj["pBalanced"]
        obj["underlying"] = band(0)
    return obj


def load(path, contract=3):
    """The model file at `path` under MODEL.md version `contract` (3, or 2 for version 2's rules)."""
    return Model(ref.load_model_file(path, contract=contract))


# ---------------------------------------------------------------------------
# Checks: against hweplan_ref.run draw by draw, and against the binary
# ---------------------------------------------------------------------------


def close(a, b, rel):
    return abs(a - b) <= rel * max(abs(a), abs(b)) or abs(a - b) <= rel


def check_reference(model, seed=1, draws=tuple(range(16)) + (777, 9999), rel=1e-12):
    """Draws `draws` of this program against hweplan_ref.run given the same drawn values: every balance,
    ICB balance, place balance and metric value, to `rel` relative.  A balance is a small difference of
    large sums (income − spend), so money is compared relative to the larger of the value and that year's
    spend; the two programs add in different orders and differ by a few ulps of the spend.
    Returns (mismatches, largest difference so measured)."""
    raw = model.raw
    bad, worst = 0, 0.0
    for d in draws:
        p = model.draw_params(seed, d, 1)
        bal, icb, met, pbal = model.run(p)
        values = triangular(uniforms(seed, d, 1, len(model.unc_ids)), model.unc_low[:, None],
                            model.unc_mode[:, None], model.unc_high[:, None])[:, 0]
        r = ref.run(raw, [], draw=list(zip(raw["uncertainty"], values.tolist())))
        spend = r["spend"][1:]
        series = [("balance", bal[:, 0], r["balance"][1:], spend),
                  ("icbBalance", icb[:, 0], r["icbBalance"][1:], spend)]
        if model.v3:   # the underlying position of this program is the balance itself
            series.append(("underlying", bal[:, 0], r["underlying"][1:], spend))
        series += [(mid, met[k, :, 0], r["metrics"][mid][1:], None) for k, mid in enumerate(model.metric_ids)]
        series += [("place %s balance" % pid, pbal[q, :, 0], r["places"][q]["balance"][1:],
                    r["places"][q]["spend"][1:]) for q, pid in enumerate(model.place_ids)]
        for name, mine, theirs, scale in series:
            for t, (a, b) in enumerate(zip(mine.tolist(), theirs)):
                size = max(abs(a), abs(b), abs(scale[t]) if scale else 0.0)
                diff = abs(a - b) / size if size > 0 else 0.0
                worst = max(worst, diff)
                if diff > rel:
                    bad += 1
                    print("  reference draw %d %s[%d]: numpy %r, hweplan_ref %r" % (d, name, t, a, b))
    return bad, worst


def compare(expected, actual, path="$", rel=1e-9, stats=None):
    """Every number of `expected` (the binary's object) against `actual`; mismatching paths."""
    out = []
    if isinstance(expected, dict):
        for k, v in expected.items():
            if k not in actual:
                out.append("%s.%s: missing" % (path, k))
            else:
                out += compare(v, actual[k], "%s.%s" % (path, k), rel, stats)
    elif isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return ["%s: length differs" % path]
        for i, (a, b) in enumerate(zip(expected, actual)):
            out += compare(a, b, "%s[%d]" % (path, i), rel, stats)
    elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
        if stats is not None:
            stats["numbers"] += 1
            stats["identical"] += float(expected) == float(actual)
            if expected != actual:
                d = abs(expected - actual) / max(abs(expected), abs(actual))
                stats["max_rel"] = max(stats["max_rel"], d)
        if not close(float(expected), float(actual), rel):
            out.append("%s: hweplan %r, numpy %r" % (path, expected, actual))
    elif expected != actual:
        out.append("%s: hweplan %r, numpy %r" % (path, expected, actual))
    return out


def check(binary, draws=10000, seed=1, verbose=True, contract=3):
    """Compare with `binary`'s montecarlo JSON on the built-in three-place model (meet-demand and
    hold-budgets) and the one-place model, and with hweplan_ref.run (under the same contract) on a few
    draws.  Under version 3 also checks, against hweplan_ref alone, the built-in model under
    hold-budgets with pressure and uncertain M.level (which the engine is not asked about).
    True when all agree."""
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(REPO, "docs", "default-model-v2.json"), encoding="utf-8") as f:
            doc = json.load(f)
        doc["policy"] = "hold-budgets"
        hold = os.path.join(tmp, "default-model-v2-hold.json")
        with open(hold, "w", encoding="utf-8") as f:
            json.dump(doc, f)
        for path in (os.path.join(REPO, "docs", "default-model-v2.json"), hold,
                     os.path.join(REPO, "Benchmarks", "one-place-v1.json")):
            name = os.path.relpath(path, REPO) if path.startswith(REPO) else os.path.basename(path)
            model = load(path, contract)
            res = subprocess.run([binary, "--format", "json", "--model", path,
                                  "-c", "montecarlo %d seed %d" % (draws, seed)],
                                 capture_output=True, text=True)
            lines = [line for line in res.stdout.splitlines() if '"kind":"montecarlo"' in line]
            if res.returncode != 0 or not lines:
                print("%s: %s failed (exit %d): %s" % (name, binary, res.returncode, res.stderr.strip()))
                ok = False
                continue
            theirs = json.loads(lines[0])
            mine = montecarlo(model, draws, seed)
            stats = {"numbers": 0, "identical": 0, "max_rel": 0.0}
            diffs = compare(theirs, mine, stats=stats)
            extra = sorted(set(mine) - set(theirs))
            if extra:
                diffs.append("keys not in hweplan's object%s: %s"
                             % (" (MODEL.md §7 version 3 requires them)" if contract >= 3 else "", extra))
            bad_ref, worst = check_reference(model, seed)
            ok = ok and not diffs and not bad_ref
            if verbose:
                print("%s (contract %d): %d draws seed %d: %d numbers, %d bit-identical, max relative difference "
                      "%.3g: %s; hweplan_ref on 18 draws: %s (max relative difference %.3g)"
                      % (name, contract, draws, seed, stats["numbers"], stats["identical"], stats["max_rel"],
                         "all agree to 1e-9" if not diffs else "%d MISMATCHES" % len(diffs),
                         "agree to 1e-12" if not bad_ref else "%d MISMATCHES" % bad_ref, worst))
                for line in diffs[:20]:
                    print("  " + line)
                if len(diffs) > 20:
                    print("  ... and %d more" % (len(diffs) - 20))
        if contract >= 3:
            # Version 3 terms the two models above leave at 0, against the reference only: pressure on two
            # lines, a drawn pressure, a drawn M.level on a mean and on a sum metric, under hold-budgets.
            cats = {c["id"]: c for c in doc["categories"]}
            cats["acute"]["pressure"] = [0.0, 0.01, 0.015]
            cats["prevention.lifestyles"]["pressure"] = [0.0, 0.02]
            doc["uncertainty"] += [
                {"assumption": "prescribing.pressure", "low": -0.01, "mode": 0.0, "high": 0.03},
                {"assumption": "smoking-prevalence.level", "low": -1.5, "mode": 0.0, "high": 1.0},
                {"assumption": "waiting-list.level", "low": -5.0, "mode": 0.0, "high": 12.0}]
            extra_path = os.path.join(tmp, "default-model-v3-terms.json")
            with open(extra_path, "w", encoding="utf-8") as f:
                json.dump(doc, f)
            bad_ref, worst = check_reference(load(extra_path, contract), seed)
            ok = ok and not bad_ref
            if verbose:
                print("default-model-v2.json, hold-budgets, with pressure and drawn pressure and M.level "
                      "(reference only): hweplan_ref on 18 draws: %s (max relative difference %.3g)"
                      % ("agree to 1e-12" if not bad_ref else "%d MISMATCHES" % bad_ref, worst))
    return ok


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def main(argv):
    ap = argparse.ArgumentParser(description="hweplan's baseline Monte Carlo in vectorised NumPy")
    ap.add_argument("model", nargs="?", help="model JSON file")
    ap.add_argument("--draws", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--chunk", type=int, default=8192, help="draws per vectorised block (default 8192)")
    ap.add_argument("--json", action="store_true", help="print the montecarlo JSON object")
    ap.add_argument("--check", metavar="BINARY", help="compare with BINARY's montecarlo and with hweplan_ref")
    ap.add_argument("--contract", type=int, choices=(2, 3), default=3,
                    help="MODEL.md version (default 3; 2 reproduces the version 2 peer)")
    a = ap.parse_args(argv)
    if a.check:
        return 0 if check(a.check, a.draws, a.seed, contract=a.contract) else 1
    if not a.model:
        ap.error("a model file is required (or --check BINARY)")
    if a.draws < 1 or a.repeat < 1 or a.chunk < 1 or not 0 <= a.seed <= MASK64:
        ap.error("--draws, --repeat and --chunk must be positive, --seed a UInt64")
    try:
        model = load(a.model, a.contract)
    except (ref.PlanError, ValueError) as e:
        print("mc_numpy: %s: %s" % (a.model, e), file=sys.stderr)
        return 2
    times, obj = [], None
    for _ in range(a.repeat):
        start = time.perf_counter()
        obj = montecarlo(model, a.draws, a.seed, a.chunk)
        times.append((time.perf_counter() - start) * 1000.0)
    times.sort()
    median = times[len(times) // 2] if len(times) % 2 else 0.5 * (times[len(times) // 2 - 1] + times[len(times) // 2])
    print("numpy montecarlo %d draws: %.1f ms" % (a.draws, median))
    print("numpy best of %d: %.2f ms" % (a.repeat, times[0]))
    if a.json:
        print(json.dumps(obj, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

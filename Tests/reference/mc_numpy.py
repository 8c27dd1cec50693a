#!/usr/bin/env python3
"""hweplan's Monte Carlo as a planner's analyst would write it in NumPy.

Usage:
    python3 mc_numpy.py MODEL.json [--draws N] [--seed S] [--repeat R] [--chunk B] [--json]
                                   [--contract 2|3] [--erfc scipy|libm]
    python3 mc_numpy.py --check BINARY [--draws N] [--seed S] [--contract 2|3] [--erfc scipy|libm]

The contract is MODEL.md version 3 unless `--contract 2` asks for version 2, which reproduces this
program's version 2 output byte for byte.

The first form runs `montecarlo N seed S` on the BASELINE plan of MODEL.json
(no statements: every enabler level 1, no money flows, the model's own
policy and risk register) and prints two machine-readable lines

    numpy montecarlo N draws: X ms
    numpy best of R: Y ms

X being the median over R repeats of the compute time (Y the shortest): the
draws (random numbers included: the assumptions', the copula's and the risk
register's), every run, the risks and the percentiles; loading the model and
importing NumPy are not timed.  With --json it then prints the "montecarlo"
object of MODEL.md §7 (the keys of hweplan's `--format json` output; under
version 3 with pBalancedBeforeMitigations, underlying and, for a model with
organisations, organisations {id: {pBalanced}}).

`--check BINARY` runs BINARY's `montecarlo N seed S` on
docs/default-model-v2.json (three places), on the same model under
`hold-budgets` and on Benchmarks/one-place-v1.json, and under version 3 also
on docs/default-model-v3.json (three places, two commissioners, eight
providers, eight income streams, a register of twelve entries, 72 uncertainty
entries, three correlations), on it under `hold-budgets`, on it with the terms
it leaves at 0 (`v3_terms_model`: non-recurrent income, a commissioner's own
stream, drawn S.amount and S.growth, a provider's planned position, a risk on
a commissioner, drawn and correlated R.probability, two entries on one
correlated assumption, a correlation of 0) and on a one-place version 3 model
(`one_place_v3_model`: streams, a provider without commissioners, risks on no
one, hold-budgets).  It compares every number with this program's (to 1e-9
relative, reporting how many are bit-identical; a key of this program's object
that BINARY does not print is a mismatch).  For each model it also re-runs 18
of the draws against the pure-Python reference, under the same contract
(`check_reference`): each entry's drawn value against a scalar oracle of the
draws (the generator in Python integers; the copula from hweplan_ref's
Cholesky factor, statistics.NormalDist's Φ⁻¹ -- a different algorithm from the
engine's -- and math.erfc) and each register entry's happens-or-not against
the oracle's uniform and the drawn probability; then hweplan_ref.run with
this program's drawn values and hweplan_ref.risk_draw with its decisions, and
every balance, ICB balance, underlying balance, balance before mitigations,
organisation balance, otherProviders, place balance and metric to 1e-12
(money relative to the year's spend: a balance is a small difference of
large sums).  Under version 3 it then checks, against hweplan_ref alone, the
version 2 model under hold-budgets with `pressure` on two lines and
uncertainty entries on a C.pressure and two M.level.  Exit status 0 when
everything agrees, 1 otherwise.  `check(binary, contract=3)` does the same
from Python.

How it is vectorised.  One draw is one run of MODEL.md §3-§4 and §9, and
every equation is one NumPy expression over all the draws of a chunk at once:
the draws are an axis of every array.  It is the LAST axis -- the lines are
(place, category, draw), the metrics (place, metric, draw), the assumptions
(assumption, draw), the streams (stream, place, draw), the organisations
(organisation, year, draw) -- so that each elementwise operation runs one
long contiguous loop over the draws while per-line and per-place constants
broadcast along it; with the draws first, shape (n, P, C), every constant
broadcast becomes a loop of length C per draw and the program ran about
twice as slowly.  The only Python loops are over years (the money equations
are recurrences in t), uncertainty entries, enablers, metrics with an activity
term, the lines each provider delivers, commissioners, register entries and
coupled assumptions, plus the sums over categories, streams and places, which
add whole slabs of draws one term after another in model order, as the engine
adds them, so that the results agree with hweplan bit for bit, not merely to
1e-9 (np.add.reduce would do the same for n > 1 draws, but for a single draw
it switches to pairwise summation).

Memory and speed.  Draws go in chunks (default 8,192) through arrays that
are allocated once and reused (a fresh multi-megabyte temporary per
equation and year cost more in page faults than the arithmetic).  The
per-draw results kept for the percentiles are one (series, N) float64
buffer, (3 + metrics) x years x 8 bytes per draw under version 3 (2 + metrics
under version 2): 840 MB for a million draws of the built-in version 3 model,
kept between repeats as the engine keeps its own.  Percentiles use
np.partition (a quickselect, like the engine's) and the engine's
interpolation formula; for 10,000 draws of the built-in version 3 model they
are about a third of the time.

The random numbers are the engine's (Uncertainty.swift, MonteCarloRunner.swift
in the Swift sources): a counter-based SplitMix64 hash of (seed, draw, entry),
computed here for all draws and entries at once with wrapping uint64
arithmetic, so draw d of this program is draw d of hweplan.  Entry k is
uncertainty entry k; COPULA_ENTRIES + a (0x2000_0000) the copula's uniform of
the a-th distinct drawn assumption; RISK_ENTRIES + r (0x4000_0000) whether
register entry r happens.

Version 3 in a baseline draw (§2-§5, §7, §9; hweplan_ref's W10, W12, W14,
W16, W17, W28, W29):

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
  - `pressure` joins inflation: F[t] = F[t−1]·((1 + g)·((1 + inflation[t]) +
    pressure_c[t]))·(1 − ε[t]), computed only where the model has it or draws it.
    M.level is added to every place's metric base, × s_p for a sum metric.
  - Income streams (§3): st[1] = base, st[t] = st[t−1]·(1 + S.growth[t]), or
    st[t] = S.amount[t] (both per-year draws, offsets to years 2..T);
    income[p,t] = Σ_st a[st,p]·st[t] with a[st,p] = w_p, or w_p / h_o in the
    places of the stream's commissioner o; NRI[p,t] the same over the
    non-recurrent streams.
  - Organisations (§9): the system balance adds each provider's planPosition
    after the sum over places; a provider's balance is its planPosition plus
    d[o,c,p]·(payment − outturn) of each line it delivers (place by place,
    category by category, as the engine adds them), a commissioner's the sum of
    its places' ICB balances.  underlying[t] = balance[t] − Σ_p NRI[p,t] + NRX[t]
    (0 in the baseline) − Σ_providers support_o[t].  otherProviders is worked
    out only for the check (the montecarlo object does not report it).
  - The risk register (§9, §7): entry r happens in a draw when its uniform is
    below its probability (R.probability where drawn: a scalar entry, drawn
    before the risk, through the copula if correlated); then it adds
    σ_r·i_r[t] (in each year where i_r[t] ≠ 0) to the system balance, to the
    ICB balance where it lands on a commissioner or on no one, to the
    underlying balance if recurrent, to the balance before mitigations if a
    risk, and to its organisation, or, with no org, to each commissioner
    × h_o = Σ_{p∈o} w_p; places carry none.  Vectorised as h·x + 0 (h 1.0 or
    0.0), which is x or +0 exactly as the engine's select.
  - Correlations (§5, Copula.swift): where some correlation joins two drawn
    assumptions, each entry takes the triangular quantile of its assumption's
    uniform (COPULA_ENTRIES + a; entries naming one assumption share it), and
    the assumptions a nonzero rho joins to another ("coupled") go through
    n = Φ⁻¹(u), z = L·n (L the engine's own Cholesky loop, z summed in j order),
    u = Φ(z); the others keep their uniform.  Φ⁻¹ is the engine's Acklam
    approximation with one Halley step (central region over the whole array,
    tails on their few elements), Φ = 0.5·erfc(−z/√2).  NumPy has no erfc:
    `--erfc scipy` (the default where SciPy is installed) takes
    scipy.special.erfc, vectorised, which differs from glibc's by an ulp for
    about 40% of arguments, so a few percentiles may differ from hweplan's in
    the last bits (seen: 1 number in 398, 7e-15 relative); `--erfc libm` (the
    default without SciPy, e.g. a system Python with NumPy alone) maps
    math.erfc, which is glibc's, over the coupled columns at a Python call per
    element (about 1.5 ms more per 10,000 draws of the built-in model) and
    gives the engine's numbers bit for bit.  The tails' log is math.log too;
    exp in the Halley step is NumPy's (its ulp only moves a 1e-9 correction).
  - The "montecarlo" object adds pBalancedBeforeMitigations, underlying
    {p10, p50, p90} and, with organisations, organisations {id: {pBalanced}}.

Scope: the baseline plan only.  With no statements X = 0 (no shifts or
investments), hence S = 0 (no savings), programme = 0 (no metric responses,
so neither version 2's clip nor version 3's tanh saturation arises, and no
metric `drives` a line), Lf = 1 (no enabler terms in ε, M, q or the metrics),
NRX = 0 (no one-off money) and the register is the model's own; those terms
are therefore not computed (they are exactly 0).  Everything else of the
Monte Carlo contract is: places, efficient cost with pressure, treatment and
prevention lines under either policy, payments, enabler cost overruns,
income (version 2's or streams), both balances, organisations, the
underlying balance, the risk register, correlations, and metrics per place
with their capacity and activity terms, clamps and aggregation.  Not
implemented (out of scope, none of them is in the montecarlo object):
statements of any kind (money, levels, set/outturn, risk/mitigation,
rules), so the held assumptions they would take out of the draws and of the
copula; the figures only `simulate` reports (risk-adjusted rows, commissioners'
underlying positions, the mental health investment standard's headroom and
breaches, targets); sensitivity, seek and explain.  A model without streams
has version 2's income.  Dependencies: NumPy and the standard library;
SciPy optional (erfc, above).  hweplan_ref.py, next to this file, loads and
validates the model and serves as the oracle in --check.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from statistics import NormalDist      # the check's own Φ⁻¹ (an independent algorithm)

import numpy as np

try:                                    # Φ's erfc, vectorised; without SciPy, glibc's through math.erfc
    from scipy.special import erfc as scipy_erfc
except ImportError:                     # pragma: no cover  (e.g. a system Python with NumPy alone)
    scipy_erfc = None

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
# The engine's entry numbers apart from the uncertainty entries' own 0, 1, 2 ...:
# UncertaintyPlan.copulaEntries + a for the copula's normals (a: the assumption among the distinct drawn
# ones), Runner.riskEntries + r for whether register entry r happens.
COPULA_ENTRIES = 0x2000_0000
RISK_ENTRIES = 0x4000_0000


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
    """u[k, d] in [0, 1) for the entries k (an int K: entries 0..K-1; else a sequence of entry numbers)
    and draws d = first..first+n-1:  key = mix(seed·GOLDEN + d) ^ (entry·ENTRY);  u = (mix(key) >> 11) · 2^-53.
    bits and tmp (uint64) and out (float64), of shape (len(entries), n), are reused when given."""
    numbers = range(entries) if isinstance(entries, int) else entries
    shape = (len(numbers), n)
    bits = np.empty(shape, dtype=np.uint64) if bits is None else bits
    tmp = np.empty(shape, dtype=np.uint64) if tmp is None else tmp
    out = np.empty(shape) if out is None else out
    draws = np.arange(first, first + n, dtype=np.uint64) + np.uint64((seed * GOLDEN) & MASK64)
    keys = mix(draws, np.empty_like(draws))                                     # (n,)
    salts = np.array([(k * ENTRY) & MASK64 for k in numbers], dtype=np.uint64)
    np.bitwise_xor(salts[:, None], keys, out=bits)
    mix(bits, tmp)
    bits >>= S11                                                                 # 53 bits: exact as a double
    return np.multiply(bits, 2.0 ** -53, out=out)


def scalar_uniform(seed, draw, entry):
    """The same number for one (seed, draw, entry), in plain Python integers (the check's oracle)."""
    def mix64(z):
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)
    key = mix64((seed * GOLDEN + draw) & MASK64)
    return (mix64(key ^ ((entry * ENTRY) & MASK64)) >> 11) * 2.0 ** -53


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


# ---------------------------------------------------------------------------
# The Gaussian copula (MODEL.md §5; Copula.swift): Cholesky factor, Φ and Φ⁻¹
# ---------------------------------------------------------------------------


def erfc_libm(x):
    """erfc of each element through math.erfc, which is the C library's (glibc's, as the engine's
    Foundation.erfc): the engine's values bit for bit, at a Python call per element."""
    return np.fromiter(map(math.erfc, x.ravel().tolist()), dtype=float, count=x.size).reshape(x.shape)


def log_libm(x):
    return np.fromiter(map(math.log, x.ravel().tolist()), dtype=float, count=x.size).reshape(x.shape)


ERFC = {"scipy": scipy_erfc, "libm": erfc_libm}
SQRT2 = math.sqrt(2.0)                       # 2.0.squareRoot()
SQRT2PI = math.sqrt(2.0 * math.pi)           # (2 * Double.pi).squareRoot()
ACKLAM_A = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00)
ACKLAM_B = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01)
ACKLAM_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00)
ACKLAM_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00)


def normal_cdf(z, erfc):
    """Φ(z) = 0.5·erfc(−z/√2) elementwise (Copula.cdf)."""
    return 0.5 * erfc(-z / SQRT2)


def normal_quantile(u, erfc):
    """Φ⁻¹(u) elementwise as the engine works it out (Copula.quantile): Acklam's rational approximation
    at p = min(max(u, 1e-300), 1 − 1e-16), then one Halley step.  The central region (95% of draws) is one
    expression over the whole array; the two tails are redone on their few elements."""
    a, b, c, d = ACKLAM_A, ACKLAM_B, ACKLAM_C, ACKLAM_D
    p = np.minimum(np.maximum(u, 1e-300), 1 - 1e-16)
    q = p - 0.5
    r = q * q
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
         / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1))

    def tail(q):
        return ((((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1))

    low = p < 0.02425
    if low.any():
        x[low] = tail(np.sqrt(-2 * log_libm(p[low])))
    high = p > 1 - 0.02425
    if high.any():
        x[high] = -tail(np.sqrt(-2 * log_libm(1 - p[high])))
    e = normal_cdf(x, erfc) - p
    u2 = e * SQRT2PI * np.exp(x * x / 2)
    return x - u2 / (1 + x * u2 / 2)


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


def as_slice(indices):
    """A sorted list of indices as a slice where they are consecutive (a view), else as they are."""
    if indices and indices == list(range(indices[0], indices[-1] + 1)):
        return slice(indices[0], indices[-1] + 1)
    return indices


def add_up(values):
    """0 + v1 + v2 + ... in order, as the engine adds constants (Python 3.12's sum() compensates)."""
    total = 0.0
    for v in values:
        total += v
    return total


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
    version 3 adds level[M], pressure[C·T] (category by category, year by year), each income stream's
    growth or amounts[T] and each register entry's probability[R].  It holds the outturn values of a
    draw; the plan values are the model's (`params`), and under version 3 everything read at plan (Fp,
    hence the budgets) is worked out once from them (`plan_cost`).
    """

    def __init__(self, m, erfc=None):
        self.raw = m
        self.v3 = m["v3"]
        T, cats, enas, mets, places = m["T"], m["categories"], m["enablers"], m["metrics"], m["places"]
        C, E, M, P = len(cats), len(enas), len(mets), len(places)
        self.T, self.C, self.E, self.M, self.P = T, C, E, M, P
        self.has_places = m["has_places"]
        self.policy = m["policy"]                      # baseline: the model's own policy (§2)
        self.labels = ref.horizon_labels(m)
        streams = (m["streams"] or []) if self.v3 else []
        orgs = m["organisations"] if self.v3 else []
        risks = m["risks"] if self.v3 else []
        self.S, self.O, self.R = len(streams), len(orgs), len(risks)

        # §5 assumption vector and where each assumption lives in it
        at = ref.at_year
        self.off = {"inflation": T, "efficiency": 2 * T}
        if not streams:                                # with streams `allocation-growth` does not exist
            self.off["allocation-growth"] = 0
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
        growth = m["growth"] if m["growth"] is not None else [0.0]   # (a model with streams: unused)
        params = ([at(growth, t) for t in range(1, T + 1)]
                  + [at(m["inflation"], t) for t in range(1, T + 1)]
                  + [at(m["efficiency"], t) for t in range(1, T + 1)]
                  + [c["demandGrowth"] for c in cats] + [c["cashable"] for c in cats]
                  + [1.0] * (2 * C) + [e["cost"] for e in enas] + [x["trend"] for x in mets])
        self.sl = {"growth": slice(0, T), "inflation": slice(T, 2 * T), "efficiency": slice(2 * T, 3 * T),
                   "demand": slice(pDemand, pDemand + C), "cost": slice(pCost, pCost + E),
                   "trend": slice(pTrend, pTrend + M)}
        if self.v3:
            # version 3: M.level (§4, W17; 0 unless drawn), C.pressure (§3, W14; per year, entry 1 ignored),
            # S.growth or S.amount (§3, per year), R.probability (§9, a scalar)
            pLevel = pTrend + M
            pPressure = pLevel + M
            pStream = pPressure + C * T
            pRisk = pStream + len(streams) * T
            for i, x in enumerate(mets):
                self.off[x["id"] + ".level"] = pLevel + i
            for i, c in enumerate(cats):
                self.off[c["id"] + ".pressure"] = pPressure + i * T
            for s, st in enumerate(streams):
                self.off[st["id"] + (".growth" if st["base"] is not None else ".amount")] = pStream + s * T
            for r, rk in enumerate(risks):
                self.off[rk["id"] + ".probability"] = pRisk + r
            params += [x["level"] for x in mets]
            params += [at(c["pressure"], t) for c in cats for t in range(1, T + 1)]
            params += [at(st["growth"] if st["base"] is not None else st["amounts"], t)
                       for st in streams for t in range(1, T + 1)]
            params += [rk["probability"] for rk in risks]
            self.sl["level"] = slice(pLevel, pLevel + M)
            self.sl["pressure"] = slice(pPressure, pPressure + C * T)
            self.sl["streams"] = slice(pStream, pStream + len(streams) * T)
            self.sl["risks"] = slice(pRisk, pRisk + len(risks))
        self.params = np.array(params)

        # §5 uncertainty: the baseline sets nothing, so every entry is drawn, in model order
        unc = m["uncertainty"]
        self.unc_ids = [u["assumption"] for u in unc]
        self.unc_off = [self.off[a] for a in self.unc_ids]
        self.unc_per_year = [ref.is_per_year(m, a) for a in self.unc_ids]
        self.unc_low = np.array([u["low"] for u in unc])
        self.unc_mode = np.array([u["mode"] for u in unc])
        self.unc_high = np.array([u["high"] for u in unc])
        self.setup_copula(m["correlations"] if self.v3 else [], erfc)

        # §3 places: income share w_p, population share s_p, base_{c,p}, demandGrowthDelta_{c,p}
        self.w = np.array([pl["w"] for pl in places])
        self.s = np.array([pl["s"] for pl in places])
        self.base = np.array([[pl["base"][c["id"]] for c in cats] for pl in places])           # (P, C)
        self.delta = np.array([[pl["delta"][c["id"]] for c in cats] for pl in places])         # (P, C)
        self.income0 = m["income_base"] * self.w if not streams else None                      # income[p,1]
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
        self.setup_streams_and_organisations(m, streams, orgs)
        self.setup_register(m, risks, orgs)

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

    def setup_copula(self, correlations, erfc):
        """§5 with `correlations` (Uncertainty.swift): where some correlation joins two drawn assumptions,
        every entry takes the triangular quantile of its ASSUMPTION's uniform, that of entry number
        COPULA_ENTRIES + a (a: the assumption's index among the distinct drawn ones, in order of first
        appearance); the assumptions a nonzero rho joins to another drawn one ("coupled") go through
        n = Φ⁻¹(u), z = L·n, u = Φ(z), the others keep their uniform (their row of L is the identity's).
        Without such a correlation each entry k takes its own uniform, entry number k."""
        self.erfc_name = erfc or ("scipy" if scipy_erfc is not None else "libm")
        if ERFC.get(self.erfc_name) is None:
            raise ValueError("erfc %r is not available (SciPy is not installed)" % self.erfc_name)
        self.erfc = ERFC[self.erfc_name]
        distinct = []
        for a in self.unc_ids:
            if a not in distinct:
                distinct.append(a)
        self.copula = None
        if not any(c["a"] in distinct and c["b"] in distinct for c in correlations):
            return
        index = {a: i for i, a in enumerate(distinct)}
        matrix = [[1.0 if i == j else 0.0 for j in range(len(distinct))] for i in range(len(distinct))]
        for c in correlations:
            if c["a"] in index and c["b"] in index:
                matrix[index[c["a"]]][index[c["b"]]] = matrix[index[c["b"]]][index[c["a"]]] = c["rho"]
        lower = ref.cholesky(matrix)   # the engine's loop (Copula.cholesky), entry for entry
        if lower is None:                              # the loader refuses such a model; the engine draws
            return                                     # independently where it has no factor
        coupled = [i for i, a in enumerate(distinct)
                   if any(c["rho"] != 0 and ((c["a"] == a and c["b"] in index) or (c["b"] == a and c["a"] in index))
                          for c in correlations)]
        self.copula = {
            "entries": [COPULA_ENTRIES + a for a in range(len(distinct))],
            "assumption_of": np.array([index[a] for a in self.unc_ids]),    # each entry's assumption
            "coupled": coupled,
            "factor": [[lower[i][j] for j in coupled] for i in coupled],    # L over the coupled alone
        }

    def setup_streams_and_organisations(self, m, streams, orgs):
        """§3 income streams and §9 organisations, as the engine compiles them (CompiledModel.swift)."""
        T, P, at = self.T, self.P, ref.at_year
        places = m["places"]
        # a place's commissioner; a model without places has one place, which its commissioner holds
        commissioner_of = [None] * P
        for o, org in enumerate(orgs):
            if org["kind"] == "commissioner":
                for q in (org["places"] if self.has_places else [0]):
                    commissioner_of[q] = o
        # (commissioner, its places in place order) and h_o = Σ_{p∈o} w_p added in place order
        self.commissioners = [(o, [q for q in range(P) if commissioner_of[q] == o])
                              for o, org in enumerate(orgs) if org["kind"] == "commissioner"]
        self.h = {o: add_up(places[q]["w"] for q in members) for o, members in self.commissioners}
        # streams: base (growing by S.growth) or amounts (S.amount); a[st,p] = w_p, or w_p / h_o for a
        # stream of commissioner o (its places only)
        has_base = np.array([st["base"] is not None for st in streams], dtype=bool)
        self.stream_base = np.array([st["base"] if st["base"] is not None else 0.0 for st in streams])
        self.base_streams = runs(has_base)
        self.amount_streams = runs(~has_base)
        share = []
        for st in streams:
            if st["commissioner"] is None:
                share.append([pl["w"] for pl in places])
            else:
                o = m["org_index"][st["commissioner"]]
                share.append([places[q]["w"] / self.h[o] if commissioner_of[q] == o else 0.0 for q in range(P)])
        self.stream_share = np.array(share).reshape(len(streams), P)
        self.nonrecurrent = [s for s, st in enumerate(streams) if not st["recurrent"]]
        # providers: planPosition (O, T) and, for each, the lines it delivers as (place, category, d) in
        # the engine's order (place by place, category by category); Σ support over providers per year
        self.org_ids = [o["id"] for o in orgs]
        self.providers = [o for o, org in enumerate(orgs) if org["kind"] == "provider"]
        self.plan_position = np.array([[at(org["planPosition"], t) if org["kind"] == "provider" else 0.0
                                        for t in range(1, T + 1)] for org in orgs]).reshape(len(orgs), T)
        self.support = [add_up(at(orgs[o]["support"], t) for o in self.providers) for t in range(1, T + 1)]
        cats = m["categories"]
        self.deliveries = [(o, [(q, c, orgs[o]["delivers"][cat["id"]][q])
                                for q in range(P) for c, cat in enumerate(cats)
                                if cat["id"] in orgs[o]["delivers"] and orgs[o]["delivers"][cat["id"]][q] != 0])
                           for o in self.providers]
        # 1 − Σ_o d[o,c,p]: what other providers deliver (otherProviders; only the check reads it)
        self.undelivered = np.array([[1.0 - add_up(orgs[o]["delivers"][cat["id"]][q] for o in self.providers
                                                   if cat["id"] in orgs[o]["delivers"])
                                      for cat in cats] for q in range(P)]).reshape(P, len(cats))

    def setup_register(self, m, risks, orgs):
        """§9 the risk register of the baseline: the model's entries in model order (Plan.risks).  Entry r
        happens in a draw when uniform(RISK_ENTRIES + r) < its probability (the drawn R.probability where
        uncertain); then it adds σ_r·i_r[t], in each year its impact is not 0, to the positions it reaches."""
        T, at = self.T, ref.at_year
        self.risk_entries = [RISK_ENTRIES + r for r in range(len(risks))]
        self.register = []
        for rk in risks:
            sign = -1.0 if rk["kind"] == "risk" else 1.0
            impact = [at(rk["impact"], t) for t in range(1, T + 1)]
            years = [t for t in range(T) if impact[t] != 0]
            org = m["org_index"][rk["org"]] if rk["org"] is not None else None
            if org is not None:
                reach = [(org, None)]                                   # a[r,o] = 1 (no multiplication)
            else:
                reach = [(o, self.h[o]) for o, _ in self.commissioners]   # a[r,o] = h_o
            self.register.append({
                "years": as_slice(years),
                "value": np.array([sign * impact[t] for t in years])[:, None],     # σ_r·i_r[t]
                "icb": org is None or orgs[org]["kind"] == "commissioner",
                "recurrent": rk["recurrent"], "risk": rk["kind"] == "risk", "reach": reach})

    # -- §5 draws --------------------------------------------------------------

    def draw_params(self, seed, first, n):
        """The assumption vectors of draws first..first+n-1, one column per draw: (len(params), n), and
        the entries' drawn values (K, n).  Start from the plan's values; entry by entry, a scalar is
        replaced by its draw and a per-year assumption gets its draw added in years 2..T (two entries on
        one assumption add up)."""
        K = len(self.unc_ids)
        ws = self.workspace(n)
        p = ws["params"]
        p[...] = self.params[:, None]
        if K == 0:
            return p, ws["u"]
        if self.copula is None:
            u = uniforms(seed, first, n, K, ws["bits"], ws["bits2"], ws["u"])
        else:
            u = np.take(self.correlated_uniforms(seed, first, n, ws), self.copula["assumption_of"], axis=0,
                        out=ws["u"])
        values = triangular(u, self.unc_low[:, None], self.unc_mode[:, None], self.unc_high[:, None],
                            ws["left"], ws["take"])                                  # (K, n)
        for k in range(K):
            o = self.unc_off[k]
            if self.unc_per_year[k]:
                p[o + 1:o + self.T] += values[k]
            else:
                p[o] = values[k]
        return p, values

    def correlated_uniforms(self, seed, first, n, ws):
        """Each distinct assumption's uniform (A, n) through the Gaussian copula (UncertaintyPlan.correlated):
        for the coupled ones n_i = Φ⁻¹(u_i), z_i = Σ_{j ≤ i} L_ij·n_j added in j order from 0, u_i = Φ(z_i);
        the others keep their uniform."""
        cop = self.copula
        u = uniforms(seed, first, n, cop["entries"], ws["cbits"], ws["cbits2"], ws["cu"])
        coupled, factor = cop["coupled"], cop["factor"]
        if not coupled:
            return u
        normals = normal_quantile(u[coupled], self.erfc)                # (coupled, n), a fresh array
        z = ws["z"]
        for i, a in enumerate(coupled):
            np.multiply(factor[i][0], normals[0], out=z)                 # 0 + L_i0·n_0 is L_i0·n_0
            for j in range(1, i + 1):
                z += factor[i][j] * normals[j]
            u[a] = normal_cdf(z, self.erfc)
        return u

    def risk_happened(self, seed, first, n, p):
        """1.0 where register entry r happens in draw d, else 0.0: (R, n).  The engine's test is
        max(0, π − u) ≠ 0, i.e. u < π, with π the draw's R.probability."""
        ws = self.workspace(n)
        u = uniforms(seed, first, n, self.risk_entries, ws["rbits"], ws["rbits2"], ws["ru"])
        np.less(u, p[self.sl["risks"]], out=ws["rhappened"])
        ws["happened"][...] = ws["rhappened"]
        return ws["happened"]

    # -- §3-§4: n baseline runs at once ------------------------------------------

    def workspace(self, n):
        """Arrays for n draws, allocated once and reused by every chunk of that size (the draws and
        the runs): a fresh multi-megabyte temporary per equation and year costs more in page faults
        than the arithmetic."""
        ws = self.workspaces.get(n)
        if ws is None:
            P, C, M, T, S, O, R = self.P, self.C, self.M, self.T, self.S, self.O, self.R
            ws = {name: np.empty((P, C, n)) for name in ("F", "demand", "outturn", "payment", "scratch")}
            ws.update({name: np.empty((P, n)) for name in ("income", "spend", "paid", "share", "ib", "nri")})
            ws.update(value=np.empty((P, M, n)), m_trend=np.empty((P, M, n)), m_base=np.empty((P, M, n)),
                      balance=np.empty((T, n)), icb=np.empty((T, n)),
                      place_balance=np.empty((P, T, n)), metrics=np.empty((M, T, n)))
            K = len(self.unc_ids)
            ws.update({name: np.empty((K, n), dtype=np.uint64) for name in ("bits", "bits2")})
            ws.update({name: np.empty((K, n)) for name in ("u", "left", "take")})
            ws["params"] = np.empty((len(self.params), n))
            if self.copula is not None:
                A = len(self.copula["entries"])
                ws.update({name: np.empty((A, n), dtype=np.uint64) for name in ("cbits", "cbits2")})
                ws.update(cu=np.empty((A, n)), z=np.empty(n))
            if self.v3:
                ws.update(underlying=np.empty((T, n)), before=np.empty((T, n)), gap=np.empty(n),
                          streams=np.empty((S, n)), stream_x=np.empty((S, P, n)), org=np.empty((O, T, n)),
                          rx=np.empty((T, n)), rtmp=np.empty((T, n)))
                ws.update({name: np.empty((R, n), dtype=np.uint64) for name in ("rbits", "rbits2")})
                ws.update(ru=np.empty((R, n)), rhappened=np.empty((R, n), dtype=bool), happened=np.empty((R, n)))
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
        F·((1 + g)·((1 + inflation) + pressure)) (Engine.efficientCost)."""
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

    def stream_values(self, streams, t, st):
        """§3 each stream's money in year t (0-based) into st (S, n): st[1] = base, st[t] = st[t−1]·(1 + growth[t])
        for a stream with a base, st[t] = amount[t] for one with amounts; `streams` (S, T, n) the draws'
        S.growth / S.amount."""
        for lines in self.base_streams:
            if t == 0:
                st[lines] = self.stream_base[lines, None]
            else:
                st[lines] *= 1.0 + streams[lines, t]
        for lines in self.amount_streams:
            st[lines] = streams[lines, t]

    def run(self, p, other=False):
        """The baseline runs of the draws whose assumption vectors are the columns of p (len(params), n).

        Every array has the draws on its last axis: (place, category, draw) for the lines,
        (place, metric, draw) for the metrics.  Returns a dict of views of the workspace that the next run
        overwrites: balance (T, n), icb (T, n), the metrics' system values metrics (M, T, n) and the places'
        balances place_balance (P, T, n); under version 3 also underlying (T, n) and, with organisations,
        org (O, T, n) -- all before the risk register (apply_risks); with `other` (the check), otherProviders
        other (T, n).  The year loop's t = 0..T-1 is MODEL.md's t = 1..T.

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
        if self.S:
            streams = p[self.sl["streams"]].reshape(self.S, T, n)   # S.growth / S.amount by stream and year
            st, st_x = ws["streams"], ws["stream_x"]
        out = {"balance": balance, "icb": icb, "metrics": metrics, "place_balance": place_balance}
        if v3:
            out["underlying"] = ws["underlying"]
        if self.O:
            out["org"] = ws["org"]
        if other:
            out["other"] = np.zeros((T, n))

        F[...] = self.base[:, :, None]                   # F[c,p,1] = base_{c,p}
        if not self.S:
            income[...] = self.income0[:, None]          # income[p,1] = income.base·w_p
        for t in range(T):
            if t > 0:
                # §3 F[t] = F[t−1]·(1+g)(1+inflation[t])·(1−ε[t]); prevention lines have no ε
                self.grow(F, t, cost_growth, scratch)
                if not self.S:
                    income *= 1.0 + growth[t]            # income[p,t] = income[p,t−1]·(1 + growth[t])
            if self.S:
                # §3 income[p,t] = Σ_st a[st,p]·st[t], the streams added in model order
                self.stream_values(streams, t, st)
                np.multiply(self.stream_share[:, :, None], st[:, None, :], out=st_x)
                add_in_order(st_x, 0, income)
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
            if v3:
                self.positions(t, outturn, payment, ib, balance[t], out, ws)

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
        return out

    def positions(self, t, outturn, payment, ib, balance, out, ws):
        """Version 3, year t (§3, §9): the system balance gets the providers' planned positions (after the
        sum over places); each provider's balance is its planPosition plus its shares d·(payment − outturn)
        of the gaps of the lines it delivers, each commissioner's the sum of its places' ICB balances; the
        underlying balance is the balance less each place's non-recurrent income, plus the one-off money
        (0 in the baseline), less the providers' support -- all in the engine's order of additions
        (Engine.organisations, Runner.gather)."""
        for o in self.providers:
            balance += self.plan_position[o, t]
        if self.O:
            org, gap = out["org"][:, t], ws["gap"]
            for o, lines in self.deliveries:
                org[o] = self.plan_position[o, t]
                for q, c, d in lines:
                    np.subtract(payment[q, c], outturn[q, c], out=gap)
                    gap *= d
                    org[o] += gap
            for o, members in self.commissioners:
                np.copyto(org[o], ib[members[0]])      # 0 + x is x
                for q in members[1:]:
                    org[o] += ib[q]
        underlying = out["underlying"][t]
        np.copyto(underlying, balance)
        if self.nonrecurrent:
            # NRI[p,t] = Σ over the non-recurrent streams of a[st,p]·st[t] (st_x, this year's), in stream order
            st_x, nri = ws["stream_x"], ws["nri"]
            add_in_order(st_x[self.nonrecurrent], 0, nri)
            for q in range(self.P):
                underlying -= nri[q]
        underlying += 0.0                              # + NRX: no one-off money in the baseline
        underlying -= self.support[t]
        if "other" in out:
            # otherProviders[t] = Σ_c Σ_p (1 − Σ_o d[o,c,p])·(payment − outturn) (Projection.swift's order)
            acc = out["other"][t]
            for c in range(self.C):
                for q in range(self.P):
                    acc += self.undelivered[q, c] * (payment[q, c] - outturn[q, c])

    def apply_risks(self, happened, out):
        """§9, §7: each register entry that happens (happened[r] 1.0, else 0.0) adds x = σ_r·i_r[t] to the
        system balance, to the ICB's where it lands on a commissioner or on no one, to the underlying
        balance if it recurs, to the balance before mitigations if it is a risk, and to its organisation
        (or to each commissioner, × h_o); places carry no risks.  In the engine's order: entry by entry,
        adding x where it happened and +0 where not (h·x + 0 is exactly that).  out["before"] is set."""
        ws = self.workspace(happened.shape[1])
        balance, icb, underlying, org = out["balance"], out["icb"], out["underlying"], out.get("org")
        before = out["before"] = ws["before"]
        np.copyto(before, balance)
        for r, entry in enumerate(self.register):
            years = entry["years"]
            if not isinstance(years, slice) and not years:
                continue
            x = np.multiply(entry["value"], happened[r], out=ws["rx"][:entry["value"].shape[0]])
            x += 0.0
            balance[years] += x
            if entry["icb"]:
                icb[years] += x
            if entry["recurrent"]:
                underlying[years] += x
            if entry["risk"]:
                before[years] += x
            for o, share in entry["reach"]:
                if share is None:
                    org[o, years] += x
                else:
                    tmp = np.multiply(x, share, out=ws["rtmp"][:x.shape[0]])
                    org[o, years] += tmp

    def draw_and_run(self, seed, first, n, other=False):
        """Draws first..first+n-1: their assumption draws, runs and (version 3) the risk register.  The
        dict of `run`, with values (K, n), the drawn entries, and under version 3 happened (R, n) and
        before (T, n), the balance before mitigations."""
        p, values = self.draw_params(seed, first, n)
        out = self.run(p, other)
        out["values"] = values
        if self.v3:
            if self.R:
                out["happened"] = self.risk_happened(seed, first, n, p)
                self.apply_risks(out["happened"], out)
            else:
                out["happened"] = np.empty((0, n))
                out["before"] = out["balance"]
        return out


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
    T, M, P, O = model.T, model.M, model.P, model.O
    # Per-draw results kept for the percentiles, series by series: balance[t], icbBalance[t], metric[m][t]
    # and (version 3) underlying[t].  The buffer stays with the model between runs, as the engine keeps its
    # own: allocating and first touching hundreds of megabytes can cost more than the draws.
    series = (3 + M if model.v3 else 2 + M) * T
    size = series * n
    if model.samples is None or model.samples.size < size:
        model.samples = None
        model.samples = np.empty(size)
    samples = model.samples[:size].reshape(series, n)
    n_bal = np.zeros(T, dtype=np.int64)
    n_icb = np.zeros(T, dtype=np.int64)
    n_place = np.zeros((P, T), dtype=np.int64)
    n_org = np.zeros((O, T), dtype=np.int64)
    n_before = np.zeros(T, dtype=np.int64)
    n_every = 0
    for first in range(0, n, chunk):
        m = min(chunk, n - first)
        out = model.draw_and_run(seed, first, m)
        bal, icb = out["balance"], out["icb"]
        samples[:T, first:first + m] = bal
        samples[T:2 * T, first:first + m] = icb
        samples[2 * T:(2 + M) * T, first:first + m] = out["metrics"].reshape(M * T, m)
        n_bal += np.count_nonzero(bal >= 0, axis=1)
        n_icb += np.count_nonzero(icb >= 0, axis=1)
        n_place += np.count_nonzero(out["place_balance"] >= 0, axis=2)
        n_every += int(np.count_nonzero(~(bal < 0).any(axis=0)))   # balanced every year
        if model.v3:
            samples[(2 + M) * T:, first:first + m] = out["underlying"]
            n_before += np.count_nonzero(out["before"] >= 0, axis=1)
            if O:
                n_org += np.count_nonzero(out["org"] >= 0, axis=2)
    p10, p50, p90 = percentiles(samples, [q for _, q in QUANTILES])
    bands = [p10, p50, p90]

    def band(start):
        return {key: bands[i][start:start + T].tolist() for i, (key, _) in enumerate(QUANTILES)}

    obj = {"kind": "montecarlo", "scenario": "baseline", "draws": n, "seed": seed, "years": model.labels,
           "pBalanced": (n_bal / n).tolist(), "pIcbBalanced": (n_icb / n).tolist(),
           "pBalancedEveryYear": n_every / n,
           "balance": band(0), "icbBalance": band(T),
           "metrics": {mid: band((2 + k) * T) for k, mid in enumerate(model.metric_ids)}}
    # §7 lists places and organisations among the required keys: {} in a model without them.
    obj["places"] = {pid: {"pBalanced": (n_place[q] / n).tolist()} for q, pid in enumerate(model.place_ids)} \
        if model.has_places else {}
    obj["organisations"] = {}
    if model.v3:
        # §7, §9, W28: P(balanced) with the register's risks drawn and its mitigations left out; the
        # underlying balance's percentiles; each organisation's P(balance ≥ 0)
        obj["pBalancedBeforeMitigations"] = (n_before / n).tolist()
        obj["underlying"] = band((2 + M) * T)
        if O:
            obj["organisations"] = {oid: {"pBalanced": (n_org[o] / n).tolist()}
                                    for o, oid in enumerate(model.org_ids)}
    return obj


def load(path, contract=3, erfc=None):
    """The model file at `path` under MODEL.md version `contract` (3, or 2 for version 2's rules); erfc:
    "scipy" or "libm" for Φ in the copula (default: SciPy's where installed)."""
    return Model(ref.load_model_file(path, contract=contract), erfc)


# ---------------------------------------------------------------------------
# Checks: against hweplan_ref.run draw by draw, and against the binary
# ---------------------------------------------------------------------------


def close(a, b, rel):
    return abs(a - b) <= rel * max(abs(a), abs(b)) or abs(a - b) <= rel


def oracle_draw(raw, seed, d):
    """Draw d's entry values and register uniforms worked out one number at a time, apart from the
    vectorised path: the generator in Python integers, MODEL.md §5's copula from hweplan_ref (its
    Cholesky factor over every drawn assumption, z = L·n for all of them) with the standard library's
    Φ⁻¹ (statistics.NormalDist, Wichura's algorithm, not the engine's Acklam) and Φ = 0.5·erfc(−z/√2)."""
    entries = raw["uncertainty"]
    cop = ref.copula_setup(raw, entries)
    if cop is None:
        values = [ref.triangular_quantile(scalar_uniform(seed, d, k), u["low"], u["mode"], u["high"])
                  for k, u in enumerate(entries)]
    else:
        ids, lower = cop
        inv = NormalDist().inv_cdf
        normals = [inv(min(max(scalar_uniform(seed, d, COPULA_ENTRIES + a), 1e-300), 1 - 1e-16))
                   for a in range(len(ids))]
        z = [sum(lower[i][k] * normals[k] for k in range(i + 1)) for i in range(len(ids))]
        u = {a: 0.5 * math.erfc(-z[i] / math.sqrt(2.0)) for i, a in enumerate(ids)}
        values = [ref.triangular_quantile(u[e["assumption"]], e["low"], e["mode"], e["high"]) for e in entries]
    risk_u = [scalar_uniform(seed, d, RISK_ENTRIES + r) for r in range(len(raw["risks"]) if raw["v3"] else 0)]
    return values, risk_u


def check_reference(model, seed=1, draws=tuple(range(16)) + (777, 9999), rel=1e-12):
    """Draws `draws` of this program against hweplan_ref given the same drawn values.

    First the draws themselves: every entry's value against `oracle_draw` (to `rel` of the entry's range),
    and, under version 3, whether each register entry happens against the oracle's uniform and the
    reference's (drawn) probability.  Then hweplan_ref.run with this program's values, and under version 3
    hweplan_ref.risk_draw with its `happened` decisions: every balance, ICB balance, underlying balance,
    balance before mitigations, organisation balance, otherProviders, place balance and metric, to `rel`
    relative.  A balance is a small difference of large sums (income − spend), so money is compared relative
    to the larger of the value and that year's spend; the two programs add in different orders and differ by
    a few ulps of the spend.  Returns (mismatches, largest difference so measured)."""
    raw = model.raw
    bad, worst = 0, 0.0
    for d in draws:
        out = model.draw_and_run(seed, d, 1, other=model.O > 0)
        values = out["values"][:, 0].tolist()
        expected, risk_u = oracle_draw(raw, seed, d)
        for k, (a, b) in enumerate(zip(values, expected)):
            u = raw["uncertainty"][k]
            diff = abs(a - b) / max(abs(a), abs(b), u["high"] - u["low"]) if a != b else 0.0
            worst = max(worst, diff)
            if diff > rel:
                bad += 1
                print("  draw %d entry %d (%s): numpy %r, oracle %r" % (d, k, u["assumption"], a, b))
        r = ref.run(raw, [], draw=list(zip(raw["uncertainty"], values)))
        spend = r["spend"][1:]
        if model.v3:
            happened = [bool(h) for h in out["happened"][:, 0]]
            oracle = [x < entry["probability"] for x, entry in zip(risk_u, r["A"]["register"])]
            for i, (a, b) in enumerate(zip(happened, oracle)):
                if a != b:
                    bad += 1
                    print("  draw %d register entry %d: numpy happened %s, oracle %s" % (d, i, a, b))
            rd = ref.risk_draw(raw, r, happened)
        else:
            rd = r
        series = [("balance", out["balance"][:, 0], rd["balance"][1:], spend),
                  ("icbBalance", out["icb"][:, 0], rd["icbBalance"][1:], spend)]
        if model.v3:
            series += [("underlying", out["underlying"][:, 0], rd["underlying"][1:], spend),
                       ("before mitigations", out["before"][:, 0], rd["before"][1:], spend)]
            series += [("organisation %s balance" % oid, out["org"][o, :, 0], rd["orgs"][oid][1:], spend)
                       for o, oid in enumerate(model.org_ids)]
            if model.O:
                series.append(("otherProviders", out["other"][:, 0], r["otherProviders"][1:], spend))
        series += [(mid, out["metrics"][k, :, 0], r["metrics"][mid][1:], None)
                   for k, mid in enumerate(model.metric_ids)]
        series += [("place %s balance" % pid, out["place_balance"][q, :, 0], r["places"][q]["balance"][1:],
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
            if path == "$" and k == "modesAwayFromPlan":
                continue        # read from the model's uncertainty list, not drawn: not part of the race
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


def extra_keys(theirs, mine, path="$"):
    """Keys of this program's object (at any depth) that the binary's does not have."""
    out = []
    if isinstance(mine, dict) and isinstance(theirs, dict):
        for k, v in mine.items():
            if k not in theirs:
                out.append("%s.%s" % (path, k))
            else:
                out += extra_keys(theirs[k], v, "%s.%s" % (path, k))
    return out


def v3_terms_model(doc):
    """The built-in version 3 model with the terms it leaves at 0 or does not exercise: non-recurrent
    deficit support and a commissioner's own stream with amounts (and S.amount drawn), a provider's
    planned position, a risk on a commissioner, drawn R.probability (one correlated with efficiency),
    an uncorrelated drawn S.growth, a second entry on a coupled assumption and a correlation of 0."""
    doc = json.loads(json.dumps(doc))
    streams = {st["id"]: st for st in doc["income"]["streams"]}
    streams["deficit-support"]["amounts"] = [14.0, 7.0, 0.0]
    streams["convergence.essex"]["amounts"] = [0.0, 1.5, 3.0]
    orgs = {o["id"]: o for o in doc["organisations"]}
    orgs["enht"]["planPosition"] = [-4.0, -2.0, 0.0]
    doc["risks"].append({"id": "essex-placements", "name": "Essex placements above plan", "kind": "risk",
                         "org": "essex", "impact": [0.0, 2.5], "probability": 0.35, "recurrent": False})
    doc["uncertainty"] += [
        {"assumption": "deficit-support.amount", "low": -3.0, "mode": 0.0, "high": 2.0},
        {"assumption": "specialised-allocation.growth", "low": -0.004, "mode": 0.0, "high": 0.002},
        {"assumption": "chc-fees.probability", "low": 0.3, "mode": 0.5, "high": 0.8},
        {"assumption": "pay-award-funding.probability", "low": 0.2, "mode": 0.5, "high": 0.6},
        {"assumption": "inflation", "low": -0.002, "mode": 0.0, "high": 0.004}]
    doc["correlations"] += [{"a": "efficiency", "b": "chc-fees.probability", "rho": -0.4},
                            {"a": "acute.demand-growth", "b": "community.demand-growth", "rho": 0.0}]
    return doc


def one_place_v3_model(doc):
    """Benchmarks/one-place-v1.json as a version 3 model without places: income streams (one of them
    non-recurrent), one provider with a planned position and support and no commissioner (so a risk on no
    one reaches the implicit ICB), risks and mitigations on the provider and on no one, recurrent and not,
    and a correlation; under hold-budgets."""
    doc = json.loads(json.dumps(doc))
    growth = doc["income"]["growth"]
    doc["income"] = {"streams": [
        {"id": "core", "name": "Core", "base": doc["income"]["base"] - 20.0, "growth": growth, "mhisBase": True},
        {"id": "deficit-support", "name": "Deficit support", "amounts": [20.0, 10.0, 0.0], "recurrent": False}]}
    doc["policy"] = "hold-budgets"
    doc["organisations"] = [{"id": "trust", "name": "The trust", "kind": "provider",
                             "delivers": {"acute": 0.8, "community": 0.5},
                             "planPosition": [-5.0, -3.0, 0.0], "support": [5.0, 3.0, 0.0]}]
    doc["risks"] = [
        {"id": "trust-cip", "name": "Trust savings", "kind": "risk", "org": "trust", "impact": [3.0, 6.0, 9.0],
         "probability": 0.5},
        {"id": "chc", "name": "Continuing care", "kind": "risk", "impact": [4.0], "probability": 0.4},
        {"id": "claim", "name": "A one-off claim", "kind": "risk", "impact": [0.0, 5.0, 0.0], "probability": 0.2,
         "recurrent": False},
        {"id": "slippage", "name": "Investment slippage", "kind": "mitigation", "impact": [3.0],
         "probability": 0.6, "recurrent": False},
        {"id": "agency", "name": "Agency spend", "kind": "mitigation", "org": "trust", "impact": [2.0],
         "probability": 0.5}]
    for u in doc["uncertainty"]:
        if u["assumption"] == "allocation-growth":
            u["assumption"] = "core.growth"
    doc["uncertainty"].append({"assumption": "chc.probability", "low": 0.2, "mode": 0.4, "high": 0.7})
    doc["correlations"] = [{"a": "inflation", "b": "core.growth", "rho": 0.5},
                           {"a": "chc.probability", "b": "inflation", "rho": 0.3}]
    return doc


def check(binary, draws=10000, seed=1, verbose=True, contract=3, erfc=None):
    """Compare with `binary`'s montecarlo JSON and with hweplan_ref (under the same contract) on a few
    draws: the built-in three-place version 2 model (meet-demand and hold-budgets) and the one-place
    model; under version 3 also the built-in version 3 model (three places, commissioners, providers,
    income streams, the risk register, correlations) under meet-demand and hold-budgets, that model with
    the terms it leaves at 0 (`v3_terms_model`) and a one-place version 3 model (`one_place_v3_model`).
    Under version 3 it then checks, against hweplan_ref alone, the built-in version 2 model under
    hold-budgets with pressure and uncertain M.level.  True when all agree."""
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        def write(name, doc):
            path = os.path.join(tmp, name)
            with open(path, "w", encoding="utf-8") as f:
                json.dump(doc, f)
            return path

        def read(path):
            with open(path, encoding="utf-8") as f:
                return json.load(f)

        doc = read(os.path.join(REPO, "docs", "default-model-v2.json"))
        doc["policy"] = "hold-budgets"
        paths = [os.path.join(REPO, "docs", "default-model-v2.json"), write("default-model-v2-hold.json", doc),
                 os.path.join(REPO, "Benchmarks", "one-place-v1.json")]
        if contract >= 3:
            v3 = read(os.path.join(REPO, "docs", "default-model-v3.json"))
            paths.append(os.path.join(REPO, "docs", "default-model-v3.json"))
            paths.append(write("default-model-v3-hold.json", dict(v3, policy="hold-budgets")))
            paths.append(write("default-model-v3-terms.json", v3_terms_model(v3)))
            paths.append(write("one-place-v3.json", one_place_v3_model(read(paths[2]))))
        for path in paths:
            name = os.path.relpath(path, REPO) if path.startswith(REPO) else os.path.basename(path)
            model = load(path, contract, erfc)
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
            extra = extra_keys(theirs, mine)
            if extra:
                diffs.append("keys not in hweplan's object%s: %s"
                             % (" (MODEL.md §7 version 3 requires them)" if contract >= 3 else "", extra))
            bad_ref, worst = check_reference(model, seed)
            ok = ok and not diffs and not bad_ref
            if verbose:
                print("%s (contract %d): %d draws seed %d: %d numbers, %d bit-identical, max relative difference "
                      "%.3g: %s; hweplan_ref on 18 draws: %s (max relative difference %.3g)%s"
                      % (name, contract, draws, seed, stats["numbers"], stats["identical"], stats["max_rel"],
                         "all agree to 1e-9" if not diffs else "%d MISMATCHES" % len(diffs),
                         "agree to 1e-12" if not bad_ref else "%d MISMATCHES" % bad_ref, worst,
                         "; copula's erfc: %s" % model.erfc_name if model.copula is not None else ""))
                for line in diffs[:20]:
                    print("  " + line)
                if len(diffs) > 20:
                    print("  ... and %d more" % (len(diffs) - 20))
        if contract >= 3:
            # Version 3 terms the models above leave at 0, against the reference only: pressure on two
            # lines, a drawn pressure, a drawn M.level on a mean and on a sum metric, under hold-budgets.
            cats = {c["id"]: c for c in doc["categories"]}
            cats["acute"]["pressure"] = [0.0, 0.01, 0.015]
            cats["prevention.lifestyles"]["pressure"] = [0.0, 0.02]
            doc["uncertainty"] += [
                {"assumption": "prescribing.pressure", "low": -0.01, "mode": 0.0, "high": 0.03},
                {"assumption": "smoking-prevalence.level", "low": -1.5, "mode": 0.0, "high": 1.0},
                {"assumption": "waiting-list.level", "low": -5.0, "mode": 0.0, "high": 12.0}]
            bad_ref, worst = check_reference(load(write("default-model-v2-hold-terms.json", doc), contract, erfc),
                                             seed)
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
    ap.add_argument("--erfc", choices=("scipy", "libm"),
                    help="erfc for the copula's Φ: SciPy's, vectorised (the default where SciPy is installed), "
                         "or the C library's through math.erfc, element by element (the engine's, bit for bit)")
    a = ap.parse_args(argv)
    if a.erfc == "scipy" and scipy_erfc is None:
        ap.error("--erfc scipy: SciPy is not installed for %s" % sys.executable)
    if a.check:
        return 0 if check(a.check, a.draws, a.seed, contract=a.contract, erfc=a.erfc) else 1
    if not a.model:
        ap.error("a model file is required (or --check BINARY)")
    if a.draws < 1 or a.repeat < 1 or a.chunk < 1 or not 0 <= a.seed <= MASK64:
        ap.error("--draws, --repeat and --chunk must be positive, --seed a UInt64")
    try:
        model = load(a.model, a.contract, a.erfc)
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

#!/usr/bin/env python3
"""Independent reference implementation of the hweplan planning model (MODEL.md version 2).

Usage:  python3 hweplan_ref.py MODEL.json SCRIPT.scenario

For every `simulate`, `sensitivity`, `montecarlo`, `show actuals` and
`explain variance` line of the script it prints one JSON line: the
"simulation" object of MODEL.md §6, the "sensitivity" / "montecarlo" objects
of §7, or the "variance" / "variance-explanation" objects of §8.  It is a
test oracle for the Swift program, written from MODEL.md (§1-§8) and the
"Lexical", "Statements" and (for the analysis commands) "Analysis" parts of
LANGUAGE.md only; seek and (Shapley) explain are not implemented.  Python
standard library only.  Monte Carlo uses Python's own random.Random(seed), so
its figures differ draw for draw from the Swift program's; only their
distributions can be compared (check_analysis.py does that).

Arrays indexed by year are Python lists of length T+1 whose index 0 is
unused (None), so that `F[c][t]` reads exactly as F[c,t] in MODEL.md with
t = 1..T.  Kernels are plain 0-based lists: kernel[k], k = years after
spending.  Places are indexed 0..P-1 in model order; a model without
`places` is one implicit place (id None, every share 1).

VERSION 2: AMBIGUITIES IN MODEL.md / LANGUAGE.md AND HOW THIS FILE RESOLVES
THEM (the most literal reading was chosen each time)

 V1. Per-year arrays (`income.growth`, `inflation`, `efficiency`) and kernels
     may have any non-empty length.  Year t reads entry t (1-based); t beyond
     the array reads its last entry.  Arrays are expanded to the CURRENT
     horizon in every run, so `model horizon N` extends them.
 V2. Reserved ids (§1): balance, icb-balance, income, spend, prevention,
     place, places, policy, rules, variance; the `show` topics baseline,
     levers, enablers, categories, metrics, assumptions, sources, scenario,
     places, actuals; the statement names shift, invest, enable, disable,
     set, scenario, reset, undo, redo, simulate, show, compare, explain,
     chart, montecarlo, sensitivity, seek, assert, run, save, export, report,
     model, actuals, echo, pause, help, quit.  "Looks like a year" = the
     whole id is `y` followed by digits.  Places obey the same id rules.
 V3. Place numbers: `population` > 0; `incomeShare` and category `share`
     are not required to be >= 0 (MODEL.md does not say so), only finite
     and summing to 1 (+-1e-9); a place metric `base` must be >= 0 (§1's
     "`base` >= 0" applies to every base).  A place map entry with no keys
     is allowed (all defaults).
 V4. "Has an effect in this model" (§1, §5): C.cashable iff C is a
     treatment category that some category's `returns.to` names (only then
     can S[C] be non-zero); C.return-scale iff C has `returns`;
     C.effect-scale iff some metric's `responses` names C; every other
     assumption always.  The rule applies to `uncertainty` entries (load
     error) and to `set` (refused).  This supersedes A25.
 V5. Splitting a statement's yearly amount a across places (no `in PLACE`,
     model with places): a_p = a * Fref[p,t] / sum_p Fref[p,t] (sums in
     place order), Fref = F of the source (invest: the target; `prevention`:
     the sum over prevention lines of that place).  Without places a_p = a
     (no division).  With `in PLACE`: a (money), or pct * Fref[p,t] of that
     place, all to that place.  Within a place, a `prevention` amount is
     split a_p * base_{k,p} / sum_k base_{k,p} (model order).
 V6. "Nothing to split by" (§2) is refused when typed, for any year of the
     period: (a) a model with places, no `in PLACE`, and sum_p Fref[p,t] = 0
     exactly; (b) a `prevention` side that would have to take or give a
     non-zero amount in a place whose prevention bases sum to 0 (this covers
     "the named place has no prevention base"; for a model without places it
     is v1's A3).  Runs that do not refuse (simulate, draws, probes) use
     w_p instead of a zero F split, and skip a zero amount in a place with no
     prevention base.
 V7. Prevention refusal: after every statement that changes a scenario
     (shift, invest, enable, disable, set, set policy), every prevention line
     in every place and year must have F + X >= -1e-9 (this replaces A4's
     strict test).  The error names the category, the place (where there are
     places), the year and the money available (that line's budget in that
     place and year before the statement).  A refused statement changes
     nothing.
 V8. `model horizon N` (N whole, 1..20) re-resolves every stored statement
     of every scenario; one whose period names a year beyond N fails the
     statement, naming it.  Conservatively, it is also refused when it would
     leave a prevention line of any scenario below -1e-9 (V7) in the new
     years.  Nothing changes on failure.  Year labels (`2031/32`) resolve to
     t = year - firstYear + 1 whatever the horizon; typed years must lie in
     the horizon current when typed.  An omitted period and `from Y` run to
     the horizon current at each run.
 V9. Enabler cost (§3, §6): per enabler c_e[t] * L[e,t] - plan_e with
     c_e[1] = plan_e (the file's `cost`), c_e[t] = the assumption E.cost for
     t >= 2; enablerCost[t] = their sum in model order; enablerCost[p,t] =
     w_p * enablerCost[t].  The enabler's reported "cost" array is the same
     per-enabler figure (supersedes A22's cost_e * (L - 1)).
V10. System figures are literal sums over places in place order: income,
     spend, balance, icbBalance and each category's budget, outturn, unmet,
     savings, payment and providerGap (balance is NOT recomputed as system
     income - system spend).  cumulative / icbCumulative are running sums of
     the system balance / icbBalance.  Without places the one place's
     figures are the system's.
V11. Per place: spend = sum_c outturn + enablerCost_p; balance = income -
     spend; icbBalance = (income - sum_c payment) - enablerCost_p, sums over
     categories in model order.
V12. growsWithIncome (§3) uses the system budget and system income, for
     t >= 2 (so never with T = 1); when income[t-1] = 0 the rule is not
     judged.  Breaches are listed by year, then category model order.
V13. Metrics per place (§4): programme = clip(k_p * sum_j (perMillion *
     e_j) * inner_j, +-ceiling_p) (e_j = j.effect-scale); a place `base`
     given in the place map is taken as written (for a sum metric too: the
     x s_p applies only to the default); trend_{m,p} uses the metric's
     `trend` assumption (set / drawn) then adds trendDelta.  The system value
     of a model without places is the one place's value; with places it is
     sum_p s_p * value (mean) or sum_p value (sum), in place order.  `gap` =
     max_p - min_p of the place values (mean metrics, models with places).
V14. Simulation metric object: keys unit, values, then target, targetYear,
     met ONLY when the metric has a target (supersedes A1), then gap only
     for a mean metric of a model with places.  `met` judges the system
     value (null when the target year is outside the current horizon).
V15. "places" appears in "simulation" and "montecarlo" only when the model
     has places.  Montecarlo keeps v1's extra key pBalancedEveryYear.
     Montecarlo "places" holds exactly {"pBalanced": [...]} per place.
V16. `sensitivity TARGET [in PLACE] [in YEAR]`: TARGET = balance |
     icb-balance | METRIC | CATEGORY (its outturn: system = sum of places).
     "target" is the word as typed (lower-cased), "place" the place id or
     null.  The object's keys: kind, scenario, target, place, year, rows.
V17. Actuals in the model file: keys are year labels `2025/26` (`2025-26`
     also accepted, as in the CSV), a real financial year (second half = the
     next year), no later than the last year of the file's `years`.  Their
     `categories`, `metrics` and `places` keys must name existing ones;
     `places` in a model without places is an error.  JSON `icbBalance` is
     the item `icb-balance`.
V18. `actuals load "FILE"`: the path is relative to the script's folder.
     The header must be `year,place,item,value` (surrounding blanks and a
     trailing CR ignored); blank lines are skipped; fields are split at
     commas (no quoting) and stripped; value must be a decimal number
     ([+-]digits[.digits][e[+-]digits]); place empty = the system, else a
     place id (an error without places); item income, spend, balance,
     icb-balance, a category or a metric id.  Errors are FILE:LINE:COLUMN,
     the 1-based column where the bad field starts.  A later row for the same
     (year, place, item) replaces an earlier one.  Loaded figures replace the
     figures they name (from the model or an earlier load); years after the
     horizon are kept (and ignored while beyond it).
V19. "variance" (§8): years run from min(earliest kept actual, first year)
     to the current horizon's end; an item (system or place) appears when it
     has an actual in those years; `projected` of a metric is its system
     value (a place's: the place value), of a category its outturn; variance
     = actual - projected.  Item order: the system, then places in model
     order; within each income, spend, balance, icb-balance, categories,
     metrics in model order.  Keys: kind, scenario, years, items; an item
     has item, place, actual, projected, variance.
V20. `explain variance ITEM [in PLACE] in YEAR`: YEAR must be in the
     horizon and have an actual for that item (else an error).  For each
     non-held uncertainty ENTRY (one row per entry, named by its
     assumption), f(v) = projected(v) - actual, where only that entry is
     applied on top of the scenario (scalar replaced, per-year offset on
     years 2..T); the scan of §8 over [lo, hi] = [low - R, high + R], R =
     high - low, x_i = lo + (hi - lo) * i / 200.  The chosen step's
     endpoint is the answer when f is exactly 0 there; otherwise bisection
     (keep the half whose ends differ in sign) until the bracket is at most
     1e-12 * (hi - lo) wide (far inside §8's 1e-9), answer its midpoint.
     "value" is the assumption's value in the scenario (not held, so the
     model's; 1 for return-/effect-scale; 0 for a per-year assumption).
     withinRange = low <= v <= high.  Rows found are sorted (stably) by
     |v - value| / R, where R = 0 gives 0 when v = value else +inf; rows
     without a v follow in uncertainty order.  Keys: kind, scenario, item,
     place, year, actual, projected, rows; a row has assumption, value,
     explains, withinRange.
V21. Statements that do not change figures are skipped silently: echo,
     compare, chart, explain (other than `explain variance`), show (other
     than `show actuals`), assert, pause, help, save, export, report,
     `scenario list`, `model show`, `model save`.  Others not implemented
     here (seek, run, reset, undo, redo, `model load`, scenario drop/rename)
     are errors.
V22. `in PLACE` is accepted only on shift and invest (and targets); it is an
     error in a model without places.  `in` followed by a place id names the
     place, followed by a year the period (the place must come first).
V23. A statement's `in PLACE` percentage uses that place's F; everything else
     as v1 (A3 now applies within each place, with base_{k,p}).

VERSION 1 NOTES (still in force unless a V-note above says otherwise)

 A1. (Superseded by V14: a metric without target has no target keys.)
 A2. `years`: the notation paragraph says "T = 5 by default" but the §1 key
     table lists `years` as required.  The table wins: a model without
     `years` is an error.
 A3. `prevention` with a percentage: a = pct * sum_k F[k,t], but each k
     gives/receives a * base_k / sum_k base_k (now within a place, V5).
 A4. (Superseded by V7: tolerance -1e-9, every place.)
 A5. Per-year assumptions may be set in year 1 (e.g. `in y1`); entry 1 is
     ignored by the equations, so such a setting has no effect.
 A6. An enabler level set in year 1 counts: it changes enablerCost[1] and,
     through Lf[e,1] (lag 0), M[1], q_m[1] and the metric enabler term in
     year 1.  epsilon is only defined for t >= 2.
 A7. The epsilon clamp to [-0.5, 0.5] is applied to the whole sum
     efficiency[t] + sum_e ..., per category and year.
 A8. The activity term uses B = outturn, for every category the activity
     map names (prevention too).
 A9. capacity sums (released - unmet) over all categories; prevention
     categories contribute 0.
A10. min and max are independent; a `ceiling` of 0 clips programme to 0.
A11. `simulate` uses the model file's own numbers; `uncertainty` plays no
     part in a deterministic run.
A12. "`base` >= 0" applies to income.base, category, metric and place
     metric bases.
A13. Values given by `set` are not range checked.
A14. Negative amounts reverse the direction; percentages above 100% are
     accepted.
A15. The word `prevention` in a category position always means the group
     (it is now a reserved id, V2).  Using it when the model has no
     prevention category is an error.
A16. Enabler `lag` is a non-negative integer; `years` (1..20), `firstYear`
     and `target.year` are integers; place `population` a number > 0.
A17. Treatment categories may have `returns` (m_j = 1); `to` names treatment
     categories other than the category itself (§1).
A18. Under hold-budgets a negative budget gives min(demand, 0) = 0, then the
     maxUnmet floor (1 - maxUnmet) * demand applies (§3).
A19. A balance of exactly 0 is balanced; a target is met on equality.
A20. A year written `2024/26` is an error; so is `y0` or a year outside the
     horizon.
A21. `scenario new NAME` makes NAME current; `from OTHER` copies OTHER's
     statements.  `scenario use baseline` is allowed.
A22. (Superseded by V9.)
A23. Identifiers: words are [a-z][a-z0-9]* joined by `-` or `.`.
A24. `enable E at P` requires a percentage; levels outside [0, 2] are errors.
A25. (Superseded by V4.)
A26. Lexical conversions are done by division: `2%` = 2/100, `£500k` =
     500/1000, `£1.2bn` = 1.2*1000.
A27. Because `prevention` splits by base share but a percentage is of the
     summed F, a prevention line can hit the V7 refusal first.
A28. The loader validates `uncertainty`, `sources` and `actuals`.

SENSITIVITY AND MONTE CARLO (MODEL.md §5, §7)

 U1. An uncertainty entry without `mode` has mode (low + high) / 2.
 U2. A draw is applied on top of the scenario's `set` statements, entry by
     entry in model order: a scalar is REPLACED (a later entry for the same
     scalar wins); a per-year assumption gets the value ADDED to each of
     years 2..T (offsets of several entries add).
 U3. An assumption the scenario sets with `set` (in any year) is held: none
     of its entries is drawn, listed in sensitivity or explained by
     `explain variance`.
 U4. Sensitivity has one row per non-held uncertainty ENTRY; for a row, that
     entry is at its low (then high), every other non-held entry at its
     mode, applied as in U2.
 U5. `low` / `high` are the target's VALUE in those runs; swing = |high -
     low|; stable sort by swing, largest first.
 U6. No `in YEAR` means t = T (the current horizon).
 U7. Each Monte Carlo draw: one random.Random(seed).triangular(low, high,
     mode) per non-held entry, in model order, then a full run.  Draws never
     refuse (V6, V7).
 U8. `montecarlo [N] [seed N]`: N defaults to 10000, the seed to 1.
 U9. pBalanced[t] (pIcbBalanced[t], places' pBalanced[t]) = share of draws
     with that balance >= 0.  pBalancedEveryYear: share balanced every year.
U10. P10/P50/P90 use linear interpolation between order statistics (numpy
     "linear", R type 7).
U11. Percentiles are given for balance, icbBalance and every metric (system
     value), every year.
U12. Speed: pure Python, roughly 0.3-3 ms per run depending on places.
"""

import json
import math
import os
import re
import sys

# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


class PlanError(Exception):
    """A model or statement error; the message names where it is."""


# ---------------------------------------------------------------------------
# §1  Model file: loading, validation and defaults
# ---------------------------------------------------------------------------

ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:[-.][a-z][a-z0-9]*)*$")
YEARISH_RE = re.compile(r"^y\d+$")

SHOW_TOPICS = ["baseline", "levers", "enablers", "categories", "metrics", "assumptions",
               "sources", "scenario", "places", "actuals"]
STATEMENT_NAMES = ["shift", "invest", "enable", "disable", "set", "scenario", "reset", "undo",
                   "redo", "simulate", "show", "compare", "explain", "chart", "montecarlo",
                   "sensitivity", "seek", "assert", "run", "save", "export", "report", "model",
                   "actuals", "echo", "pause", "help", "quit"]
RESERVED = set(["balance", "icb-balance", "income", "spend", "prevention", "place", "places",
                "policy", "rules", "variance"] + SHOW_TOPICS + STATEMENT_NAMES)     # V2

TOP_REQUIRED = ["name", "firstYear", "years", "income", "inflation", "efficiency", "categories"]
TOP_OPTIONAL = ["policy", "enablers", "metrics", "places", "uncertainty", "actuals", "sources"]
CAT_REQUIRED = ["id", "name", "kind", "base"]
CAT_OPTIONAL = ["demandGrowth", "cashable", "priority", "returns", "variable", "maxUnmet",
                "growsWithIncome"]
ENA_REQUIRED = ["id", "name", "cost"]
ENA_OPTIONAL = ["lag", "prevention", "equity", "efficiency"]
MET_REQUIRED = ["id", "name", "base"]
MET_OPTIONAL = ["unit", "priority", "better", "trend", "min", "max", "ceiling", "target",
                "equity", "aggregate", "responses", "enablers", "capacity", "activity"]
PLACE_REQUIRED = ["id", "name", "population"]
PLACE_OPTIONAL = ["incomeShare", "categories", "metrics"]
UNC_REQUIRED = ["assumption", "low", "high"]
UNC_OPTIONAL = ["mode"]
ACTUAL_KEYS = ["income", "spend", "balance", "icbBalance", "categories", "metrics", "places"]
ACTUAL_ITEM = {"income": "income", "spend": "spend", "balance": "balance",
               "icbBalance": "icb-balance"}

PER_YEAR_ASSUMPTIONS = ["allocation-growth", "inflation", "efficiency"]
CATEGORY_FIELDS = ["demand-growth", "cashable", "return-scale", "effect-scale"]
ENABLER_FIELDS = ["cost"]
METRIC_FIELDS = ["trend"]
MAX_YEARS = 20


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _num(v, path):
    if not _is_number(v) or not math.isfinite(v):
        raise PlanError("%s: expected a finite number" % path)
    return float(v)


def _int(v, path):
    if isinstance(v, bool) or not (isinstance(v, int) or (isinstance(v, float) and v.is_integer())):
        raise PlanError("%s: expected an integer" % path)
    return int(v)


def _str(v, path):
    if not isinstance(v, str):
        raise PlanError("%s: expected a string" % path)
    return v


def _bool(v, path):
    if not isinstance(v, bool):
        raise PlanError("%s: expected true or false" % path)
    return v


def _obj(v, path):
    if not isinstance(v, dict):
        raise PlanError("%s: expected an object" % path)
    return v


def _arr(v, path):
    if not isinstance(v, list):
        raise PlanError("%s: expected an array" % path)
    return v


def _keys(obj, required, optional, path):
    for k in obj:
        if k not in required and k not in optional:
            raise PlanError("%s.%s: unknown key" % (path, k))
    for k in required:
        if k not in obj:
            raise PlanError("%s.%s: missing required key" % (path, k))


def _year_array(v, path):
    """An array indexed by year: any non-empty length (V1); stored 0-based as read."""
    a = _arr(v, path)
    if not a:
        raise PlanError("%s: must not be empty" % path)
    return [_num(x, "%s[%d]" % (path, i)) for i, x in enumerate(a)]


def _kernel(v, path):
    a = _arr(v, path)
    if not a:
        raise PlanError("%s: kernel must not be empty" % path)
    return [_num(x, "%s[%d]" % (path, i)) for i, x in enumerate(a)]


def at_year(arr, t):
    """Entry t (1-based) of a per-year array; beyond its end the last entry (V1)."""
    return arr[t - 1] if t - 1 < len(arr) else arr[-1]


def parse_year_label(text):
    """`2025/26` or `2025-26` -> 2025, or None when it is not a financial-year label."""
    mt = re.fullmatch(r"(\d{4})[/-](\d{2})", text)
    if not mt:
        return None
    first = int(mt.group(1))
    if int(mt.group(2)) != (first + 1) % 100:
        return None
    return first


def load_model(doc):
    """Validate a parsed model JSON document and return it with defaults filled (§1 table)."""
    root = "$"
    _obj(doc, root)
    _keys(doc, TOP_REQUIRED, TOP_OPTIONAL, root)
    m = {}
    m["name"] = _str(doc["name"], "$.name")
    m["firstYear"] = _int(doc["firstYear"], "$.firstYear")
    T = _int(doc["years"], "$.years")
    if not (1 <= T <= MAX_YEARS):
        raise PlanError("$.years: must be a whole number from 1 to %d" % MAX_YEARS)
    m["T"] = T
    m["fileYears"] = T
    inc = _obj(doc["income"], "$.income")
    _keys(inc, ["base", "growth"], [], "$.income")
    m["income_base"] = _num(inc["base"], "$.income.base")
    if m["income_base"] < 0:
        raise PlanError("$.income.base: must be >= 0")
    m["growth"] = _year_array(inc["growth"], "$.income.growth")
    m["inflation"] = _year_array(doc["inflation"], "$.inflation")
    m["efficiency"] = _year_array(doc["efficiency"], "$.efficiency")
    m["policy"] = doc.get("policy", "meet-demand")
    if m["policy"] not in ("meet-demand", "hold-budgets"):
        raise PlanError("$.policy: expected meet-demand or hold-budgets")

    seen = set()

    def new_id(v, path):
        s = _str(v, path)
        if not ID_RE.match(s):
            raise PlanError("%s: '%s' is not lower-case words joined by '-' or '.'" % (path, s))
        if s in RESERVED:
            raise PlanError("%s: '%s' is a reserved word" % (path, s))
        if YEARISH_RE.match(s):
            raise PlanError("%s: '%s' looks like a year" % (path, s))
        if s in seen:
            raise PlanError("%s: duplicate id '%s'" % (path, s))
        seen.add(s)
        return s

    # categories -----------------------------------------------------------
    cats = []
    for i, c in enumerate(_arr(doc["categories"], "$.categories")):
        p = "$.categories[%d]" % i
        _obj(c, p)
        _keys(c, CAT_REQUIRED, CAT_OPTIONAL, p)
        cat = {"id": new_id(c["id"], p + ".id"), "name": _str(c["name"], p + ".name")}
        cat["kind"] = c["kind"]
        if cat["kind"] not in ("treatment", "prevention"):
            raise PlanError("%s.kind: expected treatment or prevention" % p)
        cat["base"] = _num(c["base"], p + ".base")
        if cat["base"] < 0:
            raise PlanError("%s.base: must be >= 0" % p)
        cat["demandGrowth"] = _num(c.get("demandGrowth", 0.0), p + ".demandGrowth")
        cat["cashable"] = _num(c.get("cashable", 1.0), p + ".cashable")
        if not (0.0 <= cat["cashable"] <= 1.0):
            raise PlanError("%s.cashable: must lie in [0, 1]" % p)
        for key, default in (("variable", 0.0), ("maxUnmet", 1.0)):
            cat[key] = _num(c.get(key, default), "%s.%s" % (p, key))
            if not (0.0 <= cat[key] <= 1.0):
                raise PlanError("%s.%s: must lie in [0, 1]" % (p, key))
        cat["growsWithIncome"] = _bool(c.get("growsWithIncome", False), p + ".growsWithIncome")
        if cat["kind"] != "treatment":
            for key in ("variable", "maxUnmet", "growsWithIncome"):
                if key in c:
                    raise PlanError("%s.%s: belongs to treatment categories only" % (p, key))
        if "priority" in c:
            _num(c["priority"], p + ".priority")
        cat["returns"] = None
        if "returns" in c:
            r = _obj(c["returns"], p + ".returns")
            _keys(r, ["kernel", "to"], [], p + ".returns")
            to = _obj(r["to"], p + ".returns.to")
            cat["returns"] = {"kernel": _kernel(r["kernel"], p + ".returns.kernel"),
                              "to": {k: _num(v, "%s.returns.to.%s" % (p, k)) for k, v in to.items()}}
        cats.append(cat)
    m["categories"] = cats
    kind = {c["id"]: c["kind"] for c in cats}

    # enablers -------------------------------------------------------------
    enas = []
    for i, e in enumerate(_arr(doc.get("enablers", []), "$.enablers")):
        p = "$.enablers[%d]" % i
        _obj(e, p)
        _keys(e, ENA_REQUIRED, ENA_OPTIONAL, p)
        en = {"id": new_id(e["id"], p + ".id"), "name": _str(e["name"], p + ".name"),
              "cost": _num(e["cost"], p + ".cost"),
              "lag": _int(e.get("lag", 0), p + ".lag"),
              "prevention": _num(e.get("prevention", 0.0), p + ".prevention"),
              "equity": _num(e.get("equity", 0.0), p + ".equity")}
        if en["lag"] < 0:
            raise PlanError("%s.lag: must be >= 0" % p)
        eff = _obj(e.get("efficiency", {}), p + ".efficiency")
        en["efficiency"] = {k: _num(v, "%s.efficiency.%s" % (p, k)) for k, v in eff.items()}
        enas.append(en)
    m["enablers"] = enas
    ena_ids = {e["id"] for e in enas}

    # metrics --------------------------------------------------------------
    mets = []
    for i, x in enumerate(_arr(doc.get("metrics", []), "$.metrics")):
        p = "$.metrics[%d]" % i
        _obj(x, p)
        _keys(x, MET_REQUIRED, MET_OPTIONAL, p)
        mt = {"id": new_id(x["id"], p + ".id"), "name": _str(x["name"], p + ".name"),
              "base": _num(x["base"], p + ".base"),
              "unit": _str(x.get("unit", ""), p + ".unit"),
              "better": x.get("better", "higher"),
              "trend": _num(x.get("trend", 0.0), p + ".trend"),
              "min": _num(x["min"], p + ".min") if "min" in x else None,
              "max": _num(x["max"], p + ".max") if "max" in x else None,
              "ceiling": _num(x["ceiling"], p + ".ceiling") if "ceiling" in x else None,
              "capacity": _num(x.get("capacity", 0.0), p + ".capacity"),
              "aggregate": x.get("aggregate", "mean")}
        if mt["base"] < 0:
            raise PlanError("%s.base: must be >= 0" % p)
        if "priority" in x:
            _num(x["priority"], p + ".priority")
        if mt["better"] not in ("higher", "lower"):
            raise PlanError("%s.better: expected higher or lower" % p)
        if mt["aggregate"] not in ("mean", "sum"):
            raise PlanError("%s.aggregate: expected mean or sum" % p)
        if mt["ceiling"] is not None and mt["ceiling"] < 0:
            raise PlanError("%s.ceiling: must be >= 0" % p)
        if mt["min"] is not None and mt["max"] is not None and mt["min"] > mt["max"]:
            raise PlanError("%s.min: must be <= max" % p)
        mt["equity"] = _bool(x.get("equity", False), p + ".equity")
        mt["target"] = None
        if "target" in x:
            tg = _obj(x["target"], p + ".target")
            _keys(tg, ["value", "year"], [], p + ".target")
            mt["target"] = {"value": _num(tg["value"], p + ".target.value"),
                            "year": _int(tg["year"], p + ".target.year")}
        mt["responses"] = {}
        for j, r in _obj(x.get("responses", {}), p + ".responses").items():
            rp = "%s.responses.%s" % (p, j)
            _obj(r, rp)
            _keys(r, ["perMillion", "kernel"], [], rp)
            if j not in kind:
                raise PlanError("%s: unknown category '%s'" % (rp, j))
            mt["responses"][j] = {"perMillion": _num(r["perMillion"], rp + ".perMillion"),
                                  "kernel": _kernel(r["kernel"], rp + ".kernel")}
        mt["enablers"] = {}
        for e, v in _obj(x.get("enablers", {}), p + ".enablers").items():
            if e not in ena_ids:
                raise PlanError("%s.enablers.%s: unknown enabler '%s'" % (p, e, e))
            mt["enablers"][e] = _num(v, "%s.enablers.%s" % (p, e))
        mt["activity"] = {}
        for c, v in _obj(x.get("activity", {}), p + ".activity").items():
            if c not in kind:
                raise PlanError("%s.activity.%s: unknown category '%s'" % (p, c, c))
            mt["activity"][c] = _num(v, "%s.activity.%s" % (p, c))
        mets.append(mt)
    m["metrics"] = mets
    met_ids = {x["id"] for x in mets}

    # cross references ------------------------------------------------------
    for i, c in enumerate(cats):
        if c["returns"] is None:
            continue
        p = "$.categories[%d].returns.to" % i
        total = 0.0
        for k, v in c["returns"]["to"].items():
            if kind.get(k) != "treatment":
                raise PlanError("%s.%s: '%s' is not a treatment category" % (p, k, k))
            if k == c["id"]:
                raise PlanError("%s.%s: a category's returns cannot go to itself" % (p, k))
            if v < 0:
                raise PlanError("%s.%s: share must be >= 0" % (p, k))
            total += v
        if abs(total - 1.0) > 1e-9:
            raise PlanError("%s: shares must sum to 1 (found %r)" % (p, total))
    for i, e in enumerate(enas):
        for k in e["efficiency"]:
            if kind.get(k) != "treatment":
                raise PlanError("$.enablers[%d].efficiency.%s: '%s' is not a treatment category" % (i, k, k))

    # places ------------------------------------------------------------------
    raw_places = _arr(doc.get("places", []), "$.places")
    places = []
    for i, pl in enumerate(raw_places):
        p = "$.places[%d]" % i
        _obj(pl, p)
        _keys(pl, PLACE_REQUIRED, PLACE_OPTIONAL, p)
        place = {"id": new_id(pl["id"], p + ".id"), "name": _str(pl["name"], p + ".name"),
                 "population": _num(pl["population"], p + ".population")}
        if place["population"] <= 0:
            raise PlanError("%s.population: must be > 0" % p)
        place["w"] = _num(pl["incomeShare"], p + ".incomeShare") if "incomeShare" in pl else None
        place["cat_raw"] = {}
        for cid, v in _obj(pl.get("categories", {}), p + ".categories").items():
            cp = "%s.categories.%s" % (p, cid)
            _obj(v, cp)
            _keys(v, [], ["share", "demandGrowthDelta"], cp)
            if cid not in kind:
                raise PlanError("%s: unknown category '%s'" % (cp, cid))
            place["cat_raw"][cid] = {
                "share": _num(v["share"], cp + ".share") if "share" in v else None,
                "delta": _num(v.get("demandGrowthDelta", 0.0), cp + ".demandGrowthDelta")}
        place["met_raw"] = {}
        for mid, v in _obj(pl.get("metrics", {}), p + ".metrics").items():
            mp = "%s.metrics.%s" % (p, mid)
            _obj(v, mp)
            _keys(v, [], ["base", "trendDelta"], mp)
            if mid not in met_ids:
                raise PlanError("%s: unknown metric '%s'" % (mp, mid))
            b = _num(v["base"], mp + ".base") if "base" in v else None
            if b is not None and b < 0:
                raise PlanError("%s.base: must be >= 0" % mp)
            place["met_raw"][mid] = {"base": b,
                                     "trendDelta": _num(v.get("trendDelta", 0.0), mp + ".trendDelta")}
        places.append(place)
    m["has_places"] = bool(places)
    if places:
        given = [pl["w"] is not None for pl in places]
        if any(given) and not all(given):
            raise PlanError("$.places: incomeShare must be given for every place or for none")
        pop = 0.0
        for pl in places:
            pop += pl["population"]
        for pl in places:
            pl["s"] = pl["population"] / pop
            if pl["w"] is None:
                pl["w"] = pl["s"]
        total = 0.0
        for pl in places:
            total += pl["w"]
        if abs(total - 1.0) > 1e-9:
            raise PlanError("$.places: incomeShare must sum to 1 (found %r)" % total)
        for c in cats:
            total = 0.0
            for pl in places:
                raw = pl["cat_raw"].get(c["id"])
                sh = raw["share"] if raw is not None and raw["share"] is not None else pl["w"]
                total += sh
            if abs(total - 1.0) > 1e-9:
                raise PlanError("$.places: the place shares of category '%s' must sum to 1 (found %r)"
                                % (c["id"], total))
    else:
        places = [{"id": None, "name": None, "population": 1.0, "w": 1.0, "s": 1.0,
                   "cat_raw": {}, "met_raw": {}}]
    for pl in places:
        pl["share"], pl["delta"], pl["mbase"], pl["mtrend"] = {}, {}, {}, {}
        for c in cats:
            raw = pl["cat_raw"].get(c["id"])
            pl["share"][c["id"]] = raw["share"] if raw is not None and raw["share"] is not None else pl["w"]
            pl["delta"][c["id"]] = raw["delta"] if raw is not None else 0.0
        for x in mets:
            raw = pl["met_raw"].get(x["id"])
            pl["mbase"][x["id"]] = raw["base"] if raw is not None else None
            pl["mtrend"][x["id"]] = raw["trendDelta"] if raw is not None else 0.0
        # base_{c,p} = base_c * share_{c,p} (§3); exact for the implicit place (share 1)
        pl["base"] = {c["id"]: c["base"] * pl["share"][c["id"]] for c in cats}
    m["places"] = places
    m["place_index"] = {pl["id"]: i for i, pl in enumerate(places) if pl["id"] is not None}

    # uncertainty (used only by sensitivity, montecarlo and explain variance) ----
    unc = []
    for i, u in enumerate(_arr(doc.get("uncertainty", []), "$.uncertainty")):
        p = "$.uncertainty[%d]" % i
        _obj(u, p)
        _keys(u, UNC_REQUIRED, UNC_OPTIONAL, p)
        aid = _str(u["assumption"], p + ".assumption")
        lo, hi = _num(u["low"], p + ".low"), _num(u["high"], p + ".high")
        mo = _num(u["mode"], p + ".mode") if "mode" in u else (lo + hi) / 2
        if not (lo <= mo <= hi):
            raise PlanError("%s: need low <= mode <= high" % p)
        if not assumption_exists(m, aid):
            raise PlanError("%s.assumption: unknown assumption '%s'" % (p, aid))
        if not assumption_has_effect(m, aid):
            raise PlanError("%s.assumption: '%s' has no effect in this model" % (p, aid))
        unc.append({"assumption": aid, "low": lo, "mode": mo, "high": hi})
    m["uncertainty"] = unc
    for k, v in _obj(doc.get("sources", {}), "$.sources").items():
        _str(v, "$.sources.%s" % k)

    # actuals ---------------------------------------------------------------------
    m["actuals"] = {}
    last = m["firstYear"] + T - 1
    for label, entry in _obj(doc.get("actuals", {}), "$.actuals").items():
        p = "$.actuals.%s" % label
        y = parse_year_label(label)
        if y is None:
            raise PlanError("%s: '%s' is not a year label such as 2025/26" % (p, label))
        if y > last:
            raise PlanError("%s: later than the horizon's last year %s" % (p, year_label(last)))
        _load_actual_entry(m, entry, p, y, None, True)
    return m


def _load_actual_entry(m, entry, p, y, place, allow_places):
    _obj(entry, p)
    _keys(entry, [], ACTUAL_KEYS if allow_places else ACTUAL_KEYS[:-1], p)
    cat_ids = {c["id"] for c in m["categories"]}
    met_ids = {x["id"] for x in m["metrics"]}
    for key in ("income", "spend", "balance", "icbBalance"):
        if key in entry:
            m["actuals"][(y, place, ACTUAL_ITEM[key])] = _num(entry[key], "%s.%s" % (p, key))
    for key, ids, what in (("categories", cat_ids, "category"), ("metrics", met_ids, "metric")):
        for k, v in _obj(entry.get(key, {}), "%s.%s" % (p, key)).items():
            if k not in ids:
                raise PlanError("%s.%s.%s: unknown %s '%s'" % (p, key, k, what, k))
            m["actuals"][(y, place, k)] = _num(v, "%s.%s.%s" % (p, key, k))
    if "places" in entry:
        for pid, sub in _obj(entry["places"], p + ".places").items():
            if pid not in m["place_index"]:
                raise PlanError("%s.places.%s: unknown place '%s'" % (p, pid, pid))
            _load_actual_entry(m, sub, "%s.places.%s" % (p, pid), y, pid, False)


def assumption_exists(model, aid):
    """Is `aid` one of the §5 assumption ids (split at the LAST dot)?"""
    if aid in PER_YEAR_ASSUMPTIONS:
        return True
    if "." not in aid:
        return False
    owner, field = aid.rsplit(".", 1)
    cats = {c["id"] for c in model["categories"]}
    enas = {e["id"] for e in model["enablers"]}
    mets = {x["id"] for x in model["metrics"]}
    return ((owner in cats and field in CATEGORY_FIELDS)
            or (owner in enas and field in ENABLER_FIELDS)
            or (owner in mets and field in METRIC_FIELDS))


def assumption_has_effect(model, aid):
    """V4: cashable / return-scale / effect-scale only where something could use them."""
    if aid in PER_YEAR_ASSUMPTIONS:
        return True
    owner, field = aid.rsplit(".", 1)
    if field == "cashable":
        cat = next(c for c in model["categories"] if c["id"] == owner)
        return cat["kind"] == "treatment" and any(
            j["returns"] is not None and owner in j["returns"]["to"] for j in model["categories"])
    if field == "return-scale":
        cat = next(c for c in model["categories"] if c["id"] == owner)
        return cat["returns"] is not None
    if field == "effect-scale":
        return any(owner in x["responses"] for x in model["metrics"])
    return True


def year_label(calendar_year):
    """`2023` -> `2023/24` (§6)."""
    return "%d/%02d" % (calendar_year, (calendar_year + 1) % 100)


def horizon_labels(model):
    return [year_label(model["firstYear"] + t - 1) for t in range(1, model["T"] + 1)]


# ---------------------------------------------------------------------------
# LANGUAGE.md "Lexical": tokens
# ---------------------------------------------------------------------------

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][+-]?\d+)?"
TOKEN_RE = re.compile(r"""
    (?P<ws>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<year>\d{4}[/-]\d{2})(?![\d%a-zA-Z])
  | (?P<money>£-?""" + _NUM + r"""(?:bn|m|k)?(?![a-zA-Z0-9])|-?""" + _NUM + r"""(?:bn|m|k)(?![a-zA-Z0-9]))
  | (?P<percent>-?""" + _NUM + r"""%)
  | (?P<number>-?""" + _NUM + r""")(?![a-zA-Z0-9])
  | (?P<range>\.\.)
  | (?P<eq>=)
  | (?P<word>[a-zA-Z][a-zA-Z0-9]*(?:[-.][a-zA-Z][a-zA-Z0-9]*)*)
""", re.VERBOSE)

MONEY_SCALE = {"bn": 1000.0, "m": 1.0, "k": 0.001, "": 1.0}


def _number(text):
    v = float(text.replace(",", ""))
    if not math.isfinite(v):
        raise PlanError("number '%s' is not finite" % text)
    return v


def tokenize(text):
    """One statement's text -> list of (kind, value, raw).  Words are lower-cased
    (LANGUAGE.md: words are case-insensitive, identifiers are lower-case)."""
    toks, i = [], 0
    while i < len(text):
        mt = TOKEN_RE.match(text, i)
        if not mt or mt.end() == i:
            raise PlanError("unexpected character %r at column %d" % (text[i], i + 1))
        i = mt.end()
        kind = mt.lastgroup
        raw = mt.group(kind)
        if kind == "ws":
            continue
        low = raw.lower()
        if kind == "string":
            toks.append(("string", re.sub(r"\\(.)", r"\1", raw[1:-1]), raw))
        elif kind == "money":
            body = low.lstrip("£")
            sfx = ""
            for s in ("bn", "m", "k"):
                if body.endswith(s):
                    sfx, body = s, body[: -len(s)]
                    break
            if sfx == "k":
                val = _number(body) / 1000.0
            else:
                val = _number(body) * MONEY_SCALE[sfx]
            toks.append(("money", val, raw))
        elif kind == "percent":
            toks.append(("percent", _number(low[:-1]) / 100.0, raw))   # `2%` = 0.02
        elif kind == "number":
            toks.append(("number", _number(low), raw))
        elif kind == "year":
            toks.append(("year", low, raw))
        elif kind == "range":
            toks.append(("range", "..", raw))
        elif kind == "eq":
            toks.append(("eq", "=", raw))
        else:
            toks.append(("word", low, raw))
    return toks


def _strip_comment(line):
    """Cut a `#` comment, leaving `#` inside a "string" alone."""
    in_str = esc = False
    for i, ch in enumerate(line):
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch == "#":
            return line[:i]
    return line


def _split_semicolons(text):
    parts, cur, in_str, esc = [], "", False, False
    for ch in text:
        if in_str:
            cur += ch
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
            cur += ch
        elif ch == ";":
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def split_statements(source):
    """Script text -> list of (line number, statement text) (LANGUAGE.md
    Lexical: one statement per line, `;` separates, `#` comments, `\\` continues)."""
    out = []
    lines = source.split("\n")
    i = 0
    while i < len(lines):
        start = i + 1
        text = ""
        while True:
            line = _strip_comment(lines[i].rstrip("\r"))
            i += 1
            stripped = line.rstrip()
            if stripped.endswith("\\"):
                text += stripped[:-1] + " "
                if i >= len(lines):
                    raise PlanError("line %d: `\\` continuation at end of file" % start)
                continue
            text += line
            break
        for part in _split_semicolons(text):
            if part.strip():
                out.append((start, part.strip()))
    return out


# ---------------------------------------------------------------------------
# LANGUAGE.md "Statements": parser (needs the model to resolve names/years)
# ---------------------------------------------------------------------------


def period_years(period, T):
    """A period as typed (V8) -> the list of years 1..T it covers in horizon T."""
    kind = period[0]
    if kind == "default":
        return list(range(2, T + 1))
    if kind == "from":
        return list(range(period[1], T + 1))
    return list(range(period[1], period[2] + 1))


def period_max_year(period):
    if period is None or period[0] == "default":
        return 0
    return period[1] if period[0] == "from" else period[2]


class Parser:
    def __init__(self, toks, model):
        self.toks, self.pos, self.model = toks, 0, model

    def peek(self, k=0):
        j = self.pos + k
        return self.toks[j] if j < len(self.toks) else (None, None, "<end>")

    def next(self):
        t = self.peek()
        self.pos += 1
        return t

    def at_word(self, *words):
        k, v, _ = self.peek()
        return k == "word" and v in words

    def expect_word(self, *words):
        k, v, raw = self.next()
        if k != "word" or (words and v not in words):
            raise PlanError("expected %s, found '%s'" % ("/".join(words) or "a name", raw))
        return v

    def end(self):
        if self.pos != len(self.toks):
            raise PlanError("unexpected '%s' after the statement" % self.peek()[2])

    # --- years and periods ------------------------------------------------
    def year(self):
        """YEAR := 2024/25 | 2024-25 | y2  ->  t in 1..T (the current horizon)."""
        k, v, raw = self.next()
        m = self.model
        if k == "year":
            first = parse_year_label(v)
            if first is None:
                raise PlanError("'%s' is not a financial year" % raw)
            t = first - m["firstYear"] + 1
        elif k == "word" and re.fullmatch(r"y\d+", v):
            t = int(v[1:])
        else:
            raise PlanError("expected a year, found '%s'" % raw)
        if not (1 <= t <= m["T"]):
            raise PlanError("year '%s' is outside the model's horizon" % raw)
        return t

    def period(self):
        """PERIOD := in Y | from Y | Y1..Y2 | in Y1..Y2; omitted = years 2..T (§2).
        Kept as typed (V8): ("default",), ("from", a), ("range", a, b)."""
        k, v, _ = self.peek()
        if k is None:
            return ("default",)
        if self.at_word("from"):
            self.next()
            return ("from", self.year())
        if self.at_word("in"):
            self.next()
        a = self.year()
        if self.peek()[0] == "range":
            self.next()
            b = self.year()
            if b < a:
                raise PlanError("range ends before it starts")
            return ("range", a, b)
        return ("range", a, a)

    def has_period(self):
        return self.pos < len(self.toks)

    # --- names ----------------------------------------------------------------
    def category(self):
        """A category id, or `prevention` meaning every prevention-kind category (§2)."""
        name = self.expect_word()
        cats = [c["id"] for c in self.model["categories"]]
        if name == "prevention":
            if not any(c["kind"] == "prevention" for c in self.model["categories"]):
                raise PlanError("the model has no prevention category")
            return "prevention"
        if name not in cats:
            raise PlanError("unknown category '%s'" % name)
        return name

    def enabler(self):
        name = self.expect_word()
        if name not in [e["id"] for e in self.model["enablers"]]:
            raise PlanError("unknown enabler '%s'" % name)
        return name

    def at_place(self):
        """`in PLACE` (V22): an `in` followed by a word that is not a year."""
        if not self.at_word("in"):
            return False
        k, v, _ = self.peek(1)
        return k == "word" and not re.fullmatch(r"y\d+", v)

    def place(self):
        """After `in`: a place id (an error in a model without places)."""
        self.expect_word("in")
        k, v, raw = self.next()
        if not self.model["has_places"]:
            raise PlanError("'in %s': the model has no places" % raw)
        if k != "word" or v not in self.model["place_index"]:
            raise PlanError("unknown place '%s'" % raw)
        return v

    def amount(self):
        """AMOUNT: money (£m; a bare number is £m) or a percentage."""
        k, v, raw = self.next()
        if k in ("money", "number"):
            return ("money", v)
        if k == "percent":
            return ("pct", v)
        raise PlanError("expected an amount, found '%s'" % raw)

    # --- statements -------------------------------------------------------------
    def statement(self):
        w = self.expect_word()
        if w == "shift":
            amt = self.amount()
            if self.at_word("of", "from"):
                self.next()
            src = self.category()
            self.expect_word("to")
            dst = self.category()
            if src == dst:
                raise PlanError("a shift's source and destination are the same category")
            kinds = {c["id"]: c["kind"] for c in self.model["categories"]}
            if (src == "prevention" and kinds.get(dst) == "prevention") or \
               (dst == "prevention" and kinds.get(src) == "prevention"):
                raise PlanError("source and destination overlap through 'prevention'")
            place = self.place() if self.at_place() else None
            period = self.period()
            self.end()
            return {"op": "shift", "amount": amt, "src": src, "dst": dst, "place": place,
                    "period": period}
        if w == "invest":
            amt = self.amount()
            self.expect_word("in")
            dst = self.category()
            place = self.place() if self.at_place() else None
            period = self.period()
            self.end()
            return {"op": "invest", "amount": amt, "dst": dst, "place": place, "period": period}
        if w == "enable":
            e = self.enabler()
            level = 1.0
            if self.at_word("at"):
                self.next()
                k, v, raw = self.next()
                if k != "percent":
                    raise PlanError("a level is a percentage, found '%s'" % raw)
                level = v
                if not (0.0 <= level <= 2.0):
                    raise PlanError("a level lies in 0-200%")
            if self.at_place():
                raise PlanError("an enabler takes no `in PLACE`")
            period = self.period()
            self.end()
            return {"op": "level", "enabler": e, "level": level, "period": period}
        if w == "disable":
            e = self.enabler()
            if self.at_place():
                raise PlanError("an enabler takes no `in PLACE`")
            period = self.period()
            self.end()
            return {"op": "level", "enabler": e, "level": 0.0, "period": period}
        if w == "set":
            aid = self.expect_word()
            if self.peek()[0] != "eq":
                raise PlanError("expected '=' after '%s'" % aid)
            self.next()
            if aid == "policy":
                v = self.expect_word("hold-budgets", "meet-demand")
                self.end()
                return {"op": "policy", "value": v}
            k, v, raw = self.next()
            if k not in ("money", "percent", "number"):
                raise PlanError("expected a value, found '%s'" % raw)
            value = v
            m = self.model
            if not assumption_exists(m, aid):
                raise PlanError("unknown assumption '%s'" % aid)
            if not assumption_has_effect(m, aid):
                raise PlanError("'%s' has no effect in this model" % aid)
            if self.at_place():
                raise PlanError("an assumption takes no `in PLACE`")
            if aid in PER_YEAR_ASSUMPTIONS:
                period = self.period()
            else:
                if self.has_period():
                    raise PlanError("'%s' is a scalar assumption: it takes no period" % aid)
                period = None
            self.end()
            return {"op": "set", "assumption": aid, "value": value, "period": period}
        raise PlanError("unknown statement '%s'" % w)


def parse_lever(text, model):
    st = Parser(tokenize(text), model).statement()
    st["text"] = text
    return st


def st_years(st, T):
    return period_years(st["period"], T)


# ---------------------------------------------------------------------------
# §5 + §2  Assumptions after `set` statements (typed order, overwrite)
# ---------------------------------------------------------------------------


def resolve_assumptions(model, statements):
    """Every §5 assumption, as the scenario's `set` statements leave it, plus policy."""
    T = model["T"]
    A = {"allocation-growth": [None] + [at_year(model["growth"], t) for t in range(1, T + 1)],
         "inflation": [None] + [at_year(model["inflation"], t) for t in range(1, T + 1)],
         "efficiency": [None] + [at_year(model["efficiency"], t) for t in range(1, T + 1)],
         "scalar": {},
         "policy": model["policy"]}
    for c in model["categories"]:
        A["scalar"][c["id"] + ".demand-growth"] = c["demandGrowth"]
        A["scalar"][c["id"] + ".cashable"] = c["cashable"]
        A["scalar"][c["id"] + ".return-scale"] = 1.0          # default 1 (§5)
        A["scalar"][c["id"] + ".effect-scale"] = 1.0          # default 1 (§4, §5)
    for e in model["enablers"]:
        A["scalar"][e["id"] + ".cost"] = e["cost"]
    for x in model["metrics"]:
        A["scalar"][x["id"] + ".trend"] = x["trend"]
    for st in statements:
        if st["op"] == "policy":
            A["policy"] = st["value"]
        elif st["op"] == "set":
            if st["period"] is None:
                A["scalar"][st["assumption"]] = st["value"]
            else:
                for t in st_years(st, T):
                    A[st["assumption"]][t] = st["value"]
    return A


def assumption_value(model, A, aid):
    """The scenario's value of an assumption (for explain variance: 0 for a per-year one)."""
    if aid in PER_YEAR_ASSUMPTIONS:
        return 0.0
    return A["scalar"][aid]


# ---------------------------------------------------------------------------
# §2  Enabler levels L and lagged levels Lf
# ---------------------------------------------------------------------------


def unit_levels(model):
    return {e["id"]: [None] + [1.0] * model["T"] for e in model["enablers"]}


def resolve_levels(model, statements):
    """L[e][t], default 1; enable/disable overwrite the years they name, typed order."""
    T = model["T"]
    L = unit_levels(model)
    for st in statements:
        if st["op"] == "level":
            for t in st_years(st, T):
                L[st["enabler"]][t] = st["level"]
    return L


def lagged_levels(model, L):
    """Lf[e,t] = L[e, t - lag_e] when t - lag_e >= 1, else 1 (§2)."""
    T = model["T"]
    Lf = {}
    for e in model["enablers"]:
        lag = e["lag"]
        Lf[e["id"]] = [None] + [L[e["id"]][t - lag] if t - lag >= 1 else 1.0
                                for t in range(1, T + 1)]
    return Lf


# ---------------------------------------------------------------------------
# §3  Money, per place
# ---------------------------------------------------------------------------


def efficiency_rates(model, A, Lf):
    """eps[c][t] = clamp(efficiency[t] + sum_e efficiency_e[c] * (Lf[e,t] - 1), -0.5, 0.5), t >= 2."""
    T = model["T"]
    eps = {}
    for c in model["categories"]:
        if c["kind"] != "treatment":
            continue
        row = [None, None]
        for t in range(2, T + 1):
            v = A["efficiency"][t]
            for e in model["enablers"]:
                if c["id"] in e["efficiency"]:
                    v += e["efficiency"][c["id"]] * (Lf[e["id"]][t] - 1.0)
            row.append(min(0.5, max(-0.5, v)))
        eps[c["id"]] = row
    return eps


def efficient_cost(model, A, eps, place):
    """F[c,p,1] = base_{c,p}; treatment F = F[t-1](1+g_{c,p})(1+infl[t])(1-eps[c,t]);
    prevention F = F[t-1](1+g_{c,p})(1+infl[t]); g_{c,p} = demand-growth + delta."""
    T = model["T"]
    F = {}
    for c in model["categories"]:
        g = A["scalar"][c["id"] + ".demand-growth"] + place["delta"][c["id"]]
        row = [None, place["base"][c["id"]]]
        for t in range(2, T + 1):
            v = row[t - 1] * (1.0 + g) * (1.0 + A["inflation"][t])
            if c["kind"] == "treatment":
                v = v * (1.0 - eps[c["id"]][t])
            row.append(v)
        F[c["id"]] = row
    return F


def prevention_multiplier(model, Lf):
    """M[s] = max(0, prod_e (1 + prevention_e * (Lf[e,s] - 1)))."""
    T = model["T"]
    M = [None]
    for s in range(1, T + 1):
        p = 1.0
        for e in model["enablers"]:
            p *= 1.0 + e["prevention"] * (Lf[e["id"]][s] - 1.0)
        M.append(max(0.0, p))
    return M


def prevention_ids(model):
    return [c["id"] for c in model["categories"] if c["kind"] == "prevention"]


def group_F(model, Fp, name, t):
    """F[c,p,t] for a category, or sum_k F[k,p,t] over prevention lines (§2)."""
    if name == "prevention":
        total = 0.0
        for k in prevention_ids(model):
            total += Fp[k][t]
        return total
    return Fp[name][t]


def add_money(model, Xp, place, name, a, t, strict):
    """Add `a` to X[., p, t] of one place: a category, or `prevention` split by base_{k,p} (§2, V5)."""
    if name != "prevention":
        Xp[name][t] += a
        return
    ks = prevention_ids(model)
    total = 0.0
    for k in ks:
        total += place["base"][k]
    if total == 0.0:
        if a == 0.0:
            return
        if strict:
            raise PlanError("nothing to split by: %s has no prevention base"
                            % (("place '%s'" % place["id"]) if place["id"] else "the model"))
        return                                                     # V6: analyses skip it
    for k in ks:
        Xp[k][t] += a * place["base"][k] / total


def scenario_money(model, statements, F, strict=False):
    """X[p][c][t] from shifts and invests (§2, V5, V6); F is the per-place efficient cost."""
    T = model["T"]
    places = model["places"]
    P = len(places)
    X = [{c["id"]: [None] + [0.0] * T for c in model["categories"]} for _ in places]
    for st in statements:
        if st["op"] not in ("shift", "invest"):
            continue
        kind, value = st["amount"]
        ref = st["src"] if st["op"] == "shift" else st["dst"]
        for t in st_years(st, T):
            if st["place"] is not None:
                pi = model["place_index"][st["place"]]
                a = value if kind == "money" else value * group_F(model, F[pi], ref, t)
                amounts = [(pi, a)]
            else:
                per = [group_F(model, F[pi], ref, t) for pi in range(P)]
                tot = 0.0
                for v in per:
                    tot += v
                a = value if kind == "money" else value * tot
                if P == 1:
                    amounts = [(0, a)]
                elif tot == 0.0:
                    if strict:
                        raise PlanError("nothing to split by: %s has no money in any place in %s"
                                        % (ref, year_label(model["firstYear"] + t - 1)))
                    amounts = [(pi, a * places[pi]["w"]) for pi in range(P)]   # V6 fallback
                else:
                    amounts = [(pi, a * per[pi] / tot) for pi in range(P)]
            for pi, ap in amounts:
                if st["op"] == "shift":
                    add_money(model, X[pi], places[pi], st["src"], -ap, t, strict)
                add_money(model, X[pi], places[pi], st["dst"], ap, t, strict)
    return X


def kernel_at(kernel, k):
    """kernel[k]; at or beyond the kernel's length the last entry is used (§3)."""
    return kernel[k] if k < len(kernel) else kernel[-1]


def savings(model, A, Xp, M):
    """S[c,p,t] = sum_j to_j[c] * sum_{s<=t} X[j,p,s] * r_j * kernel_j[t-s] * m_j[s] (§3)."""
    T = model["T"]
    S = {c["id"]: [None] + [0.0] * T for c in model["categories"]}
    for j in model["categories"]:
        if j["returns"] is None:
            continue
        r = A["scalar"][j["id"] + ".return-scale"]
        kern = j["returns"]["kernel"]
        Xj = Xp[j["id"]]
        prev = j["kind"] == "prevention"
        inner = [None]
        for t in range(1, T + 1):
            acc = 0.0
            for s in range(1, t + 1):
                m_js = M[s] if prev else 1.0
                acc += Xj[s] * r * kernel_at(kern, t - s) * m_js
            inner.append(acc)
        for c, share in j["returns"]["to"].items():
            for t in range(1, T + 1):
                S[c][t] += share * inner[t]
    return S


LINE_KEYS = ("budget", "outturn", "unmet", "savings", "payment", "providerGap", "released")


def category_lines(model, A, Fp, Xp, Sp):
    """budget, outturn, unmet, savings, payment, providerGap, released for one place (§3)."""
    T = model["T"]
    hold = A["policy"] == "hold-budgets"
    lines = {}
    for c in model["categories"]:
        cid = c["id"]
        row = {k: [None] for k in LINE_KEYS}
        for t in range(1, T + 1):
            if c["kind"] == "treatment":
                k_c = A["scalar"][cid + ".cashable"]
                demand = max(0.0, Fp[cid][t] - k_c * Sp[cid][t] + max(Xp[cid][t], 0.0))
                budget = Fp[cid][t] + Xp[cid][t]
                if hold:
                    outturn = max(min(demand, max(budget, 0.0)), (1.0 - c["maxUnmet"]) * demand)
                else:
                    outturn = demand
                unmet = demand - outturn
                sav = Sp[cid][t]
                released = (1.0 - k_c) * Sp[cid][t]
                payment = budget + c["variable"] * (outturn - budget)
                gap = payment - outturn
            else:
                budget = outturn = payment = Fp[cid][t] + Xp[cid][t]
                unmet = sav = released = gap = 0.0
            row["budget"].append(budget)
            row["outturn"].append(outturn)
            row["unmet"].append(unmet)
            row["savings"].append(sav)
            row["payment"].append(payment)
            row["providerGap"].append(gap)
            row["released"].append(released)
        lines[cid] = row
    return lines


def project_money(model, A, L, statements, strict=False):
    """The §2-§3 chain, per place, for given assumptions A, levels L and money statements."""
    Lf = lagged_levels(model, L)
    eps = efficiency_rates(model, A, Lf)
    F = [efficient_cost(model, A, eps, pl) for pl in model["places"]]
    M = prevention_multiplier(model, Lf)
    X = scenario_money(model, statements, F, strict)
    S = [savings(model, A, X[pi], M) for pi in range(len(model["places"]))]
    lines = [category_lines(model, A, F[pi], X[pi], S[pi]) for pi in range(len(model["places"]))]
    return {"Lf": Lf, "eps": eps, "F": F, "M": M, "X": X, "S": S, "lines": lines}


def income_series(model, A, place):
    """income[p,1] = base * w_p; income[p,t] = income[p,t-1] (1 + growth[t])."""
    inc = [None, model["income_base"] * place["w"]]
    for t in range(2, model["T"] + 1):
        inc.append(inc[t - 1] * (1.0 + A["allocation-growth"][t]))
    return inc


def enabler_costs(model, A, L):
    """Per enabler c_e[t] L[e,t] - plan_e, c_e[1] = plan_e (V9); enablerCost[t] their sum."""
    T = model["T"]
    per = {}
    for e in model["enablers"]:
        plan = e["cost"]
        actual = A["scalar"][e["id"] + ".cost"]
        per[e["id"]] = [None] + [(plan if t == 1 else actual) * L[e["id"]][t] - plan
                                 for t in range(1, T + 1)]
    total = [None]
    for t in range(1, T + 1):
        s = 0.0
        for e in model["enablers"]:
            s += per[e["id"]][t]
        total.append(s)
    return per, total


def _sum(values):
    s = 0.0
    for v in values:
        s += v
    return s


# ---------------------------------------------------------------------------
# §4  Metrics, per place
# ---------------------------------------------------------------------------


def equity_factor(model, metric, Lf):
    """q_m[s] = prod_e (1 + equity_e (Lf[e,s] - 1)) if the metric has equity, else 1."""
    T = model["T"]
    q = [None]
    for s in range(1, T + 1):
        v = 1.0
        if metric["equity"]:
            for e in model["enablers"]:
                v *= 1.0 + e["equity"] * (Lf[e["id"]][s] - 1.0)
        q.append(v)
    return q


def metric_place_values(model, A, metric, place, proj, pi, proj0, kinds):
    """value[m,p,t] (§4, V13)."""
    T = model["T"]
    mid = metric["id"]
    s_p = place["s"]
    is_sum = metric["aggregate"] == "sum"
    if is_sum:
        k_p = 1.0
        base = place["mbase"][mid] if place["mbase"][mid] is not None else metric["base"] * s_p
        trend = A["scalar"][mid + ".trend"] * s_p + place["mtrend"][mid]
        scale = s_p
    else:
        k_p = 1.0 / s_p
        base = place["mbase"][mid] if place["mbase"][mid] is not None else metric["base"]
        trend = A["scalar"][mid + ".trend"] + place["mtrend"][mid]
        scale = 1.0
    ceiling = metric["ceiling"] * scale if metric["ceiling"] is not None else None
    lo = metric["min"] * scale if metric["min"] is not None else None
    hi = metric["max"] * scale if metric["max"] is not None else None
    q = equity_factor(model, metric, proj["Lf"])
    X, M, Lf = proj["X"][pi], proj["M"], proj["Lf"]
    lines = proj["lines"][pi]
    lines0 = proj0["lines"][pi] if proj0 else None
    vals = [None]
    for t in range(1, T + 1):
        total = 0.0
        for j, resp in metric["responses"].items():
            inner = 0.0
            for s in range(1, t + 1):
                m_js = M[s] if kinds[j] == "prevention" else 1.0
                inner += X[j][s] * kernel_at(resp["kernel"], t - s) * m_js * q[s]
            total += resp["perMillion"] * A["scalar"][j + ".effect-scale"] * inner
        programme = k_p * total
        if ceiling is not None:
            programme = min(ceiling, max(-ceiling, programme))
        enabler = scale * _sum(v * (Lf[e][t] - 1.0) for e, v in metric["enablers"].items())
        capacity = k_p * metric["capacity"] * _sum(
            lines[c["id"]]["released"][t] - lines[c["id"]]["unmet"][t] for c in model["categories"])
        activity = k_p * _sum(v * (lines[c]["outturn"][t] - lines0[c]["outturn"][t])
                              for c, v in metric["activity"].items()) if metric["activity"] else 0.0
        v = base + trend * (t - 1) + programme + enabler + capacity + activity
        if lo is not None:
            v = max(lo, v)
        if hi is not None:
            v = min(hi, v)
        vals.append(v)
    return vals


def target_status(model, metric, vals):
    """(target, targetYear label, met) with met = None outside the horizon (§4, §6)."""
    tg = metric["target"]
    t = tg["year"] - model["firstYear"] + 1
    label = year_label(tg["year"])
    if not (1 <= t <= model["T"]):
        return tg["value"], label, None
    if metric["better"] == "higher":
        met = vals[t] >= tg["value"]
    else:
        met = vals[t] <= tg["value"]
    return tg["value"], label, met


# ---------------------------------------------------------------------------
# One full run (§2-§4) and the §6 result object
# ---------------------------------------------------------------------------


def run(model, statements, draw=None, strict=False):
    """One run of the scenario.  `draw` (optional) is a list of (uncertainty
    entry, value) pairs applied on top of the `set` statements (§5, U2)."""
    T = model["T"]
    places = model["places"]
    P = len(places)
    A = resolve_assumptions(model, statements)
    if draw:
        apply_draw(model, A, draw)
    L = resolve_levels(model, statements)
    proj = project_money(model, A, L, statements, strict)
    # B0: same model, set assumptions (and draw) and policy, X = 0, L = 1 (§4); read
    # only by the activity term, so skipped when no metric has one (same results).
    proj0 = None
    if any(x["activity"] for x in model["metrics"]):
        proj0 = project_money(model, A, unit_levels(model), [])
    per_enabler, ec_total = enabler_costs(model, A, L)
    kinds = {c["id"]: c["kind"] for c in model["categories"]}
    pl_res = []
    for pi, pl in enumerate(places):
        inc = income_series(model, A, pl)
        lines = proj["lines"][pi]
        spend, bal, icb = [None], [None], [None]
        for t in range(1, T + 1):
            ec = pl["w"] * ec_total[t]
            sp = _sum(lines[c["id"]]["outturn"][t] for c in model["categories"]) + ec
            pay = _sum(lines[c["id"]]["payment"][t] for c in model["categories"])
            spend.append(sp)
            bal.append(inc[t] - sp)
            icb.append(inc[t] - pay - ec)
        mets = {x["id"]: metric_place_values(model, A, x, pl, proj, pi, proj0, kinds)
                for x in model["metrics"]}
        pl_res.append({"income": inc, "spend": spend, "balance": bal, "icbBalance": icb,
                       "lines": lines, "metrics": mets})
    # system: sums over places (V10)
    if P == 1:
        sysr = pl_res[0]
        income, spend, balance, icbb = sysr["income"], sysr["spend"], sysr["balance"], sysr["icbBalance"]
        syslines = sysr["lines"]
        metrics = dict(sysr["metrics"])
    else:
        def ssum(get):
            return [None] + [_sum(get(r, t) for r in pl_res) for t in range(1, T + 1)]
        income = ssum(lambda r, t: r["income"][t])
        spend = ssum(lambda r, t: r["spend"][t])
        balance = ssum(lambda r, t: r["balance"][t])
        icbb = ssum(lambda r, t: r["icbBalance"][t])
        syslines = {}
        for c in model["categories"]:
            syslines[c["id"]] = {k: ssum(lambda r, t, c=c["id"], k=k: r["lines"][c][k][t])
                                 for k in LINE_KEYS}
        metrics = {}
        for x in model["metrics"]:
            if x["aggregate"] == "mean":
                metrics[x["id"]] = [None] + [
                    _sum(places[pi]["s"] * pl_res[pi]["metrics"][x["id"]][t] for pi in range(P))
                    for t in range(1, T + 1)]
            else:
                metrics[x["id"]] = [None] + [
                    _sum(pl_res[pi]["metrics"][x["id"]][t] for pi in range(P))
                    for t in range(1, T + 1)]
    cumulative, icbcum = [None], [None]
    r1 = r2 = 0.0
    for t in range(1, T + 1):
        r1 += balance[t]
        r2 += icbb[t]
        cumulative.append(r1)
        icbcum.append(r2)
    return {"A": A, "L": L, "proj": proj, "proj0": proj0, "income": income,
            "per_enabler": per_enabler, "spend": spend, "balance": balance,
            "cumulative": cumulative, "icbBalance": icbb, "icbCumulative": icbcum,
            "lines": syslines, "metrics": metrics, "places": pl_res}


def check_prevention(model, result, before):
    """§3, V7: a prevention budget F + X must not be below -1e-9 in any place and year.
    `before` is the run without the new statement: its budget is the money available."""
    for pi, pl in enumerate(model["places"]):
        for c in model["categories"]:
            if c["kind"] != "prevention":
                continue
            for t in range(1, model["T"] + 1):
                if result["places"][pi]["lines"][c["id"]]["budget"][t] < -1e-9:
                    avail = None
                    if before is not None and t < len(before["places"][pi]["lines"][c["id"]]["budget"]):
                        avail = before["places"][pi]["lines"][c["id"]]["budget"][t]
                    where = (" in %s" % pl["id"]) if pl["id"] is not None else ""
                    raise PlanError("this would leave %s negative%s in %s%s"
                                    % (c["id"], where, year_label(model["firstYear"] + t - 1),
                                       "" if avail is None else " (£%.6gm available)" % avail))


def breaches(model, result):
    """grows-with-income (§3, V12): year order, then category model order."""
    out = []
    inc = result["income"]
    for t in range(2, model["T"] + 1):
        if inc[t - 1] == 0.0:
            continue
        for c in model["categories"]:
            if not c["growsWithIncome"]:
                continue
            b = result["lines"][c["id"]]["budget"]
            if b[t] < b[t - 1] * inc[t] / inc[t - 1] - 1e-9:
                out.append({"rule": "grows-with-income", "category": c["id"],
                            "year": year_label(model["firstYear"] + t - 1)})
    return out


def _objective(labels, series, T):
    deficit = [labels[t - 1] for t in range(1, T + 1) if series[t] < 0]
    return {"balancedEveryYear": not deficit, "deficitYears": deficit,
            "firstDeficitYear": deficit[0] if deficit else None}


SIX = ("budget", "outturn", "unmet", "savings", "payment", "providerGap")


def simulation_object(model, scenario_name, result):
    T = model["T"]
    labels = horizon_labels(model)
    cats = {c["id"]: {k: result["lines"][c["id"]][k][1:] for k in SIX} for c in model["categories"]}
    enas = {e["id"]: {"level": result["L"][e["id"]][1:], "cost": result["per_enabler"][e["id"]][1:]}
            for e in model["enablers"]}
    mets = {}
    for x in model["metrics"]:
        vals = result["metrics"][x["id"]]
        o = {"unit": x["unit"], "values": vals[1:]}
        if x["target"] is not None:                                         # V14
            o["target"], o["targetYear"], o["met"] = target_status(model, x, vals)
        if x["aggregate"] == "mean" and model["has_places"]:
            o["gap"] = [max(r["metrics"][x["id"]][t] for r in result["places"])
                        - min(r["metrics"][x["id"]][t] for r in result["places"])
                        for t in range(1, T + 1)]
        mets[x["id"]] = o
    obj = _objective(labels, result["balance"], T)
    obj["icb"] = _objective(labels, result["icbBalance"], T)
    out = {"kind": "simulation", "scenario": scenario_name, "model": model["name"],
           "years": labels, "income": result["income"][1:], "spend": result["spend"][1:],
           "balance": result["balance"][1:], "cumulative": result["cumulative"][1:],
           "icbBalance": result["icbBalance"][1:], "icbCumulative": result["icbCumulative"][1:],
           "categories": cats, "enablers": enas, "metrics": mets, "objective": obj,
           "breaches": breaches(model, result)}
    if model["has_places"]:
        pls = {}
        for pi, pl in enumerate(model["places"]):
            r = result["places"][pi]
            pls[pl["id"]] = {
                "income": r["income"][1:], "spend": r["spend"][1:], "balance": r["balance"][1:],
                "icbBalance": r["icbBalance"][1:],
                "categories": {c["id"]: {k: r["lines"][c["id"]][k][1:] for k in SIX}
                               for c in model["categories"]},
                "metrics": {x["id"]: r["metrics"][x["id"]][1:] for x in model["metrics"]}}
        out["places"] = pls
    return out


# ---------------------------------------------------------------------------
# §5 + §7  Uncertainty: draws, sensitivity and Monte Carlo
# ---------------------------------------------------------------------------


def held_assumptions(statements):
    """Assumption ids the scenario sets with `set` (in any year): held, not drawn (§5, U3)."""
    return {st["assumption"] for st in statements if st["op"] == "set"}


def uncertain_entries(model, statements):
    """The `uncertainty` entries that vary in this scenario, in model order (U3)."""
    held = held_assumptions(statements)
    return [u for u in model["uncertainty"] if u["assumption"] not in held]


def apply_draw(model, A, draw):
    """Set drawn values into A, in entry order (§5): a scalar draw replaces the
    value; a per-year draw is an offset added to each of years 2..T."""
    T = model["T"]
    for entry, value in draw:
        aid = entry["assumption"]
        if aid in PER_YEAR_ASSUMPTIONS:
            row = A[aid]
            for t in range(2, T + 1):
                row[t] += value
        else:
            A["scalar"][aid] = value


def target_value(model, result, target, t):
    """The result a target names (§7, V16): target = (word, place id or None)."""
    word, place = target
    if place is None:
        if word == "balance":
            return result["balance"][t]
        if word == "icb-balance":
            return result["icbBalance"][t]
        if word in result["metrics"]:
            return result["metrics"][word][t]
        return result["lines"][word]["outturn"][t]
    r = result["places"][model["place_index"][place]]
    if word == "balance":
        return r["balance"][t]
    if word == "icb-balance":
        return r["icbBalance"][t]
    if word in r["metrics"]:
        return r["metrics"][word][t]
    return r["lines"][word]["outturn"][t]


def sensitivity(model, statements, target, t):
    """Rows of §7's tornado (U4-U6)."""
    entries = uncertain_entries(model, statements)
    rows = []
    for i, u in enumerate(entries):
        out = []
        for end in ("low", "high"):
            draw = [(v, (v[end] if j == i else v["mode"])) for j, v in enumerate(entries)]
            out.append(target_value(model, run(model, statements, draw), target, t))
        rows.append({"assumption": u["assumption"], "low": out[0], "high": out[1],
                     "swing": abs(out[1] - out[0])})
    rows.sort(key=lambda r: -r["swing"])            # stable: ties keep model order
    return rows


def percentile(sorted_values, p):
    """Linear interpolation between order statistics (numpy "linear", R type 7)."""
    n = len(sorted_values)
    h = (n - 1) * p
    lo = int(math.floor(h))
    if lo >= n - 1:
        return sorted_values[-1]
    return sorted_values[lo] + (h - lo) * (sorted_values[lo + 1] - sorted_values[lo])


def montecarlo_draws(model, statements, n, seed):
    """Run n draws; returns a dict of per-draw series (index 0 unused): balance,
    icbBalance, metrics{id}, places{id: balance} (U7)."""
    import random
    rng = random.Random(seed)
    entries = uncertain_entries(model, statements)
    out = {"balance": [], "icbBalance": [], "metrics": {x["id"]: [] for x in model["metrics"]},
           "places": {pl["id"]: [] for pl in model["places"] if pl["id"] is not None}}
    for _ in range(n):
        draw = [(u, rng.triangular(u["low"], u["high"], u["mode"])) for u in entries]
        res = run(model, statements, draw)
        out["balance"].append(res["balance"])
        out["icbBalance"].append(res["icbBalance"])
        for x in model["metrics"]:
            out["metrics"][x["id"]].append(res["metrics"][x["id"]])
        if model["has_places"]:
            for pi, pl in enumerate(model["places"]):
                out["places"][pl["id"]].append(res["places"][pi]["balance"])
    return out


def montecarlo_object(model, scenario_name, statements, n, seed, keep=None):
    """The §7 "montecarlo" object.  With `keep` (a dict), the raw draws are
    stored in it too (check_analysis.py uses them for its rank tests)."""
    T = model["T"]
    d = montecarlo_draws(model, statements, n, seed)

    def bands(series):
        out = {"p10": [], "p50": [], "p90": []}
        for t in range(1, T + 1):
            col = sorted(s[t] for s in series)
            for key, p in (("p10", 0.10), ("p50", 0.50), ("p90", 0.90)):
                out[key].append(percentile(col, p))
        return out

    def pbal(series):
        return [sum(1 for s in series if s[t] >= 0) / n for t in range(1, T + 1)]      # A19

    every = sum(1 for s in d["balance"] if all(s[t] >= 0 for t in range(1, T + 1))) / n
    if keep is not None:
        keep.update(d)
    obj = {"kind": "montecarlo", "scenario": scenario_name, "draws": n, "seed": seed,
           "years": horizon_labels(model),
           "pBalanced": pbal(d["balance"]), "pIcbBalanced": pbal(d["icbBalance"]),
           "pBalancedEveryYear": every,
           "balance": bands(d["balance"]), "icbBalance": bands(d["icbBalance"]),
           "metrics": {x["id"]: bands(d["metrics"][x["id"]]) for x in model["metrics"]}}
    if model["has_places"]:
        obj["places"] = {pl["id"]: {"pBalanced": pbal(d["places"][pl["id"]])}
                         for pl in model["places"]}
    return obj


def parse_target(p, model, allow_items=False):
    """TARGET := (balance | icb-balance | METRIC | CATEGORY) [in PLACE]; with allow_items also
    income and spend (the ITEMs of `explain variance`)."""
    word = p.expect_word()
    ok = ["balance", "icb-balance"] + (["income", "spend"] if allow_items else [])
    names = [x["id"] for x in model["metrics"]] + [c["id"] for c in model["categories"]]
    if word not in ok and word not in names:
        raise PlanError("unknown target '%s' (expected %s, a metric or a category)"
                        % (word, ", ".join(ok)))
    place = p.place() if p.at_place() else None
    return (word, place)


def parse_sensitivity(toks, model):
    """`sensitivity TARGET [in PLACE] [in YEAR]` -> (target, t); no year = the last (§7)."""
    p = Parser(toks, model)
    p.expect_word("sensitivity")
    target = parse_target(p, model)
    t = model["T"]
    if p.at_word("in"):
        p.next()
        t = p.year()
    p.end()
    return target, t


def _count(tok, what):
    k, v, raw = tok
    if k != "number" or v != int(v) or v < 0:
        raise PlanError("%s must be a whole number, found '%s'" % (what, raw))
    return int(v)


def parse_montecarlo(toks):
    """`montecarlo [N] [seed N]`; defaults 10000 draws (LANGUAGE.md), seed 1 (U8)."""
    n, seed, i = 10000, 1, 1
    if i < len(toks) and toks[i][0] == "number":
        n = _count(toks[i], "the number of draws")
        if n < 1:
            raise PlanError("the number of draws must be at least 1")
        i += 1
    if i < len(toks) and toks[i][0] == "word" and toks[i][1] == "seed":
        if i + 1 >= len(toks):
            raise PlanError("expected a number after 'seed'")
        seed = _count(toks[i + 1], "the seed")
        i += 2
    if i != len(toks):
        raise PlanError("unexpected '%s' after montecarlo" % toks[i][2])
    return n, seed


# ---------------------------------------------------------------------------
# §8  Actuals: CSV loading, variance and `explain variance`
# ---------------------------------------------------------------------------

CSV_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def load_actuals_csv(model, text, name):
    """Parse an actuals CSV (V18) -> {(year, place, item): value}; raises on the first bad row."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r").strip() != "year,place,item,value":
        raise PlanError("%s:1:1: expected the header year,place,item,value" % name)
    cats = {c["id"] for c in model["categories"]}
    mets = {x["id"] for x in model["metrics"]}
    out = {}
    for n, raw in enumerate(lines[1:], start=2):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        fields, cols, col = [], [], 1
        for part in line.split(","):
            fields.append(part)
            cols.append(col)
            col += len(part) + 1
        if len(fields) != 4:
            raise PlanError("%s:%d:1: expected 4 fields (year,place,item,value), found %d"
                            % (name, n, len(fields)))
        ytext, ptext, itext, vtext = [f.strip() for f in fields]
        y = parse_year_label(ytext)
        if y is None:
            raise PlanError("%s:%d:%d: '%s' is not a year label such as 2025/26" % (name, n, cols[0], ytext))
        place = None
        if ptext:
            if not model["has_places"]:
                raise PlanError("%s:%d:%d: the model has no places" % (name, n, cols[1]))
            if ptext not in model["place_index"]:
                raise PlanError("%s:%d:%d: unknown place '%s'" % (name, n, cols[1], ptext))
            place = ptext
        if itext not in ("income", "spend", "balance", "icb-balance") and itext not in cats \
                and itext not in mets:
            raise PlanError("%s:%d:%d: unknown item '%s'" % (name, n, cols[2], itext))
        if not CSV_NUMBER.fullmatch(vtext):
            raise PlanError("%s:%d:%d: '%s' is not a number" % (name, n, cols[3], vtext))
        v = float(vtext)
        if not math.isfinite(v):
            raise PlanError("%s:%d:%d: '%s' is not finite" % (name, n, cols[3], vtext))
        out[(y, place, itext)] = v
    return out


def item_order(model):
    """Items in §8 order for one place: income, spend, balance, icb-balance, categories, metrics."""
    return (["income", "spend", "balance", "icb-balance"] + [c["id"] for c in model["categories"]]
            + [x["id"] for x in model["metrics"]])


def item_value(model, result, item, place, t):
    word = {"icb-balance": "icb-balance"}.get(item, item)
    if item in ("income", "spend"):
        if place is None:
            return result[item][t]
        return result["places"][model["place_index"][place]][item][t]
    return target_value(model, result, (word, place), t)


def variance_object(model, scenario_name, statements, actuals):
    """The §8 "variance" object (V19)."""
    T, first = model["T"], model["firstYear"]
    last = first + T - 1
    kept = {k: v for k, v in actuals.items() if k[0] <= last}
    start = min([first] + [k[0] for k in kept])
    years = list(range(start, last + 1))
    res = run(model, statements)
    items = []
    owners = [None] + ([pl["id"] for pl in model["places"]] if model["has_places"] else [])
    for place in owners:
        for item in item_order(model):
            acts = [kept.get((y, place, item)) for y in years]
            if all(a is None for a in acts):
                continue
            proj = [item_value(model, res, item, place, y - first + 1) if y >= first else None
                    for y in years]
            var = [a - p if (a is not None and p is not None) else None for a, p in zip(acts, proj)]
            items.append({"item": item, "place": place, "actual": acts, "projected": proj,
                          "variance": var})
    return {"kind": "variance", "scenario": scenario_name, "years": [year_label(y) for y in years],
            "items": items}


def parse_explain_variance(toks, model):
    """`explain variance ITEM [in PLACE] in YEAR` -> (item, place, t)."""
    p = Parser(toks, model)
    p.expect_word("explain")
    p.expect_word("variance")
    item, place = parse_target(p, model, allow_items=True)
    p.expect_word("in")
    t = p.year()
    p.end()
    return item, place, t


def explain_variance(model, scenario_name, statements, actuals, item, place, t):
    """The §8 "variance-explanation" object (V20)."""
    y = model["firstYear"] + t - 1
    key = (y, place, item)
    if key not in actuals:
        raise PlanError("no actual for %s%s in %s" % (item, (" in %s" % place) if place else "",
                                                       year_label(y)))
    actual = actuals[key]
    base = run(model, statements)
    projected = item_value(model, base, item, place, t)
    A = base["A"]
    found, missing = [], []
    for u in uncertain_entries(model, statements):
        value = assumption_value(model, A, u["assumption"])
        R = u["high"] - u["low"]
        lo, hi = u["low"] - R, u["high"] + R

        def f(v, u=u):
            return item_value(model, run(model, statements, [(u, v)]), item, place, t) - actual

        xs = [lo + (hi - lo) * i / 200 for i in range(201)]
        fs = [f(x) for x in xs]
        best = None
        for i in range(200):
            if (fs[i] <= 0 <= fs[i + 1]) or (fs[i] >= 0 >= fs[i + 1]):
                mid = (xs[i] + xs[i + 1]) / 2
                d = abs(mid - value)
                if best is None or d < best[0]:          # strict: the lower of two equally near
                    best = (d, i)
        if best is None:
            missing.append({"assumption": u["assumption"], "value": value, "explains": None,
                            "withinRange": None})
            continue
        i = best[1]
        a, b, fa, fb = xs[i], xs[i + 1], fs[i], fs[i + 1]
        if fa == 0.0:
            v = a
        elif fb == 0.0:
            v = b
        else:
            tol = 1e-12 * (hi - lo)
            v = None
            for _ in range(200):
                if b - a <= tol:
                    break
                m_ = (a + b) / 2
                if m_ <= a or m_ >= b:
                    break
                fm = f(m_)
                if fm == 0.0:
                    v = m_
                    break
                if (fm < 0) == (fa < 0):
                    a, fa = m_, fm
                else:
                    b, fb = m_, fm
            if v is None:
                v = (a + b) / 2
        if R > 0:
            k = abs(v - value) / R
        else:
            k = 0.0 if v == value else math.inf
        found.append((k, {"assumption": u["assumption"], "value": value, "explains": v,
                          "withinRange": u["low"] <= v <= u["high"]}))
    found.sort(key=lambda kr: kr[0])                     # stable: ties keep uncertainty order
    return {"kind": "variance-explanation", "scenario": scenario_name, "item": item,
            "place": place, "year": year_label(y), "actual": actual, "projected": projected,
            "rows": [r for _, r in found] + missing}


# ---------------------------------------------------------------------------
# Session: scenarios and the script subset
# ---------------------------------------------------------------------------

SKIPPED = {"echo", "compare", "chart", "assert", "pause", "help", "save", "export", "report"}


class Session:
    def __init__(self, model, base_dir="."):
        self.model = model
        self.scenarios = {"baseline": []}
        self.current = "baseline"
        self.base_dir = base_dir
        self.actuals = dict(model.get("actuals", {}))
        self.keep_draws = None          # a list: each montecarlo appends its raw draws (check_analysis.py)

    def execute(self, text):
        """Run one statement; returns a result object, else None."""
        head = re.match(r"\s*([A-Za-z][A-Za-z0-9-]*)", text)
        head = head.group(1).lower() if head else None
        if head in SKIPPED:                                                 # V21
            return None
        toks = tokenize(text)
        if not toks:
            return None
        words = [t[1] if t[0] == "word" else None for t in toks]
        if head == "show":
            if len(toks) == 2 and words[1] == "actuals":
                return variance_object(self.model, self.current, self.scenarios[self.current],
                                       self.actuals)
            return None
        if head == "explain":
            if len(toks) > 1 and words[1] == "variance":
                item, place, t = parse_explain_variance(toks, self.model)
                return explain_variance(self.model, self.current, self.scenarios[self.current],
                                        self.actuals, item, place, t)
            return None
        if head == "simulate":
            if len(toks) != 1:
                raise PlanError("unexpected '%s' after simulate" % toks[1][2])
            res = run(self.model, self.scenarios[self.current])
            return simulation_object(self.model, self.current, res)
        if head == "scenario":
            return self.scenario_command(toks)
        if head == "model":
            return self.model_command(toks)
        if head == "actuals":
            if len(toks) == 3 and words[1] == "load" and toks[2][0] == "string":
                path = toks[2][1]
                if not os.path.isabs(path):
                    path = os.path.join(self.base_dir, path)
                try:
                    with open(path, encoding="utf-8") as f:
                        text_ = f.read()
                except OSError as err:
                    raise PlanError("cannot read %s: %s" % (toks[2][1], err))
                loaded = load_actuals_csv(self.model, text_, toks[2][1])
                self.actuals.update(loaded)
                return None
            raise PlanError('expected `actuals load "FILE"`')
        if head == "sensitivity":
            target, t = parse_sensitivity(toks, self.model)
            return {"kind": "sensitivity", "scenario": self.current, "target": target[0],
                    "place": target[1], "year": year_label(self.model["firstYear"] + t - 1),
                    "rows": sensitivity(self.model, self.scenarios[self.current], target, t)}
        if head == "montecarlo":
            n, seed = parse_montecarlo(toks)
            keep = {} if self.keep_draws is not None else None
            obj = montecarlo_object(self.model, self.current, self.scenarios[self.current],
                                    n, seed, keep)
            if keep is not None:
                self.keep_draws.append(keep)
            return obj
        st = Parser(toks, self.model).statement()
        st["text"] = text
        if self.current == "baseline":
            raise PlanError("baseline cannot be changed: try `scenario new NAME`")
        trial = self.scenarios[self.current] + [st]
        check_prevention(self.model, run(self.model, trial, strict=True),   # V6, V7
                         run(self.model, self.scenarios[self.current]))
        self.scenarios[self.current] = trial
        return None

    def model_command(self, toks):
        words = [t[1] if t[0] == "word" else None for t in toks]
        if len(toks) >= 2 and words[1] in ("show", "save"):
            return None
        if len(toks) == 3 and words[1] == "horizon":
            n = _count(toks[2], "the horizon")
            if not (1 <= n <= MAX_YEARS):
                raise PlanError("the horizon is a whole number of years from 1 to %d" % MAX_YEARS)
            for name, sts in self.scenarios.items():
                for st in sts:
                    if period_max_year(st.get("period")) > n:
                        raise PlanError("scenario '%s': `%s` names a year beyond the new horizon"
                                        % (name, st["text"]))
            old = self.model["T"]
            self.model["T"] = n
            try:                                                            # V8
                for name, sts in self.scenarios.items():
                    if sts:
                        check_prevention(self.model, run(self.model, sts, strict=True), None)
            except PlanError as err:
                self.model["T"] = old
                raise PlanError("scenario '%s': %s" % (name, err))
            return None
        raise PlanError("unsupported model command")

    def scenario_command(self, toks):
        words = [t[1] if t[0] == "word" else None for t in toks]
        if len(toks) >= 3 and words[1] == "new" and words[2] and ID_RE.match(words[2]):
            name = words[2]
            if name in self.scenarios:
                raise PlanError("scenario '%s' already exists" % name)
            base = []
            if len(toks) == 5 and words[3] == "from":
                if words[4] not in self.scenarios:
                    raise PlanError("unknown scenario '%s'" % toks[4][2])
                base = list(self.scenarios[words[4]])
            elif len(toks) != 3:
                raise PlanError("expected `scenario new NAME [from OTHER]`")
            self.scenarios[name] = base
            self.current = name
            return None
        if len(toks) == 3 and words[1] == "use":
            if words[2] not in self.scenarios:
                raise PlanError("unknown scenario '%s'" % toks[2][2])
            self.current = words[2]
            return None
        if len(toks) == 2 and words[1] == "list":
            return None
        raise PlanError("unsupported scenario command")


def run_script(model, source, name="<script>", session=None):
    """Yield the result objects of a script; raises PlanError naming file:line."""
    if session is None:
        base = os.path.dirname(os.path.abspath(name)) if os.path.exists(name) else "."
        session = Session(model, base)
    for lineno, text in split_statements(source):
        try:
            out = session.execute(text)
        except PlanError as err:
            raise PlanError("%s:%d: %s" % (name, lineno, err))
        if out is not None:
            yield out


def load_model_file(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    return load_model(doc)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: hweplan_ref.py MODEL.json SCRIPT.scenario\n")
        return 2
    try:
        model = load_model_file(argv[1])
    except (PlanError, ValueError) as err:
        sys.stderr.write("error: %s: %s\n" % (argv[1], err))
        return 1
    with open(argv[2], encoding="utf-8") as f:
        source = f.read()
    try:
        for obj in run_script(model, source, argv[2]):
            line = json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
            sys.stdout.buffer.write((line + "\n").encode("utf-8"))
    except PlanError as err:
        sys.stdout.flush()
        sys.stderr.write("error: %s\n" % err)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

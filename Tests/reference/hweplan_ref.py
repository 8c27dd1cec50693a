#!/usr/bin/env python3
"""Independent reference implementation of the hweplan planning model.

Usage:  python3 hweplan_ref.py MODEL.json SCRIPT.scenario

For every `simulate`, `sensitivity` and `montecarlo` line of the script it
prints one JSON line: the "simulation" object of MODEL.md §6, or the
"sensitivity" / "montecarlo" objects of §7.  It is a test oracle for the
Swift program, written from MODEL.md (§1-§7) and the "Lexical",
"Statements" and (for the two analysis commands) "Analysis" parts of
LANGUAGE.md only; seek and explain are not implemented.  Python standard
library only.  Monte Carlo uses Python's own random.Random(seed), so its
figures differ draw for draw from the Swift program's; only their
distributions can be compared (check_analysis.py does that).

Arrays indexed by year are Python lists of length T+1 whose index 0 is
unused (None), so that `F[c][t]` reads exactly as F[c,t] in MODEL.md with
t = 1..T.  Kernels are plain 0-based lists: kernel[k], k = years after
spending.

AMBIGUITIES IN MODEL.md / LANGUAGE.md AND HOW THIS FILE RESOLVES THEM
(the most literal reading was chosen each time)

 A1. A metric without `target`: §6 shows only the judged case.  Here
     "target", "targetYear" and "met" are all JSON null.
 A2. `years`: the notation paragraph says "T = 5 by default" but the §1 key
     table lists `years` as required.  The table wins: a model without
     `years` is an error.
 A3. `prevention` with a percentage: a = pct * sum_p F[p,t], but each p
     gives/receives a * base_p / sum_p base_p, i.e. split by BASE share,
     not by F share (literal §2).  When sum_p base_p = 0 the split is
     undefined: this file reports an error.  Computed as
     a * base_p / sum_base (left to right).
 A4. "A statement that would make [a prevention budget] negative in any
     year is refused when it is typed": checked after EVERY changing
     statement (shift, invest, enable/disable, set), on the scenario as it
     stands with that statement added (percentages recomputed), for every
     year 1..T, with a strict test F+X < 0 (no tolerance).  A refused
     statement stops the script (exit 1) like any other error.
 A5. Per-year assumptions (`allocation-growth`, `inflation`, `efficiency`)
     may be set in year 1 (e.g. `in y1`); entry 1 is ignored by the
     equations, so such a setting has no effect.
 A6. An enabler level set in year 1 (a period that names year 1) counts:
     it changes enablerCost[1] and, through Lf[e,1] (lag 0), M[1], q_m[1]
     and the metric enabler term in year 1.  epsilon is only defined for
     t >= 2 (F[c,1] = base_c), so it has no efficiency effect in year 1.
 A7. The epsilon clamp to [-0.5, 0.5] is applied to the whole sum
     efficiency[t] + sum_e ..., per category and year.
 A8. The activity term uses B = outturn (the "outturn" of §4's wording),
     for every category the activity map names (prevention too).
 A9. capacity[m,t] sums (released - unmet) over all categories; prevention
     categories contribute 0 (their unmet is 0 and they release nothing).
A10. min and max are independent: a metric with only `min` is clamped
     below only, with only `max` above only.  A metric `ceiling` of 0 clips
     programme to 0.
A11. `simulate` uses the model file's own numbers; the `uncertainty` entries
     (and their modes) play no part in a deterministic run.  They are used
     only by `sensitivity` and `montecarlo` (U1-U12).
A12. The §1 rule "`base` >= 0" is applied to every `base` key: income.base,
     category base and metric base.
A13. Values given by `set` are not range checked (e.g. `C.cashable` may be
     set outside [0,1]); only the loader checks model-file values.
A14. Negative amounts (`shift -5m ...`) are accepted and simply reverse the
     direction; percentages above 100% are accepted.
A15. The word `prevention` in a category position always means the group
     of prevention-kind categories, even if a category were literally named
     `prevention`.  Using it when the model has no prevention category is
     an error.
A16. Enabler `lag` must be a non-negative integer (MODEL.md says nothing
     about its type; Lf needs an integer shift).  Likewise `years` >= 1 and
     `firstYear`, `target.year` are integers.
A17. Treatment categories may have `returns`; they contribute to S with
     m_j = 1 (§3).  `to` may name any treatment category, including j
     itself.
A18. Under hold-budgets a negative budget gives outturn = min(demand, 0) = 0
     and unmet = demand.
A19. A balance of exactly 0 is balanced (objective is balance >= 0); a
     target is met on equality.
A20. A year written `2024/26` (second half not the next year) is an error;
     so is `y0` or any year outside the horizon.
A21. `scenario new NAME` makes NAME the current scenario; `from OTHER`
     copies OTHER's statement list.  `scenario use baseline` is allowed
     (baseline can be simulated but not changed).
A22. `E.cost` set by `set` changes both enablerCost[t] and the enabler's
     reported cost array.  The reported "cost" is cost_e * (L[e,t] - 1).
A23. Identifiers: words are [a-z][a-z0-9]* joined by `-` or `.`.
A24. `enable E at P` requires a percentage; `disable E at ...` is an error.
     Levels outside [0, 2] are errors.
A25. The `C.return-scale` assumption may be set for a category without
     `returns` (it then has no effect).
A26. Lexical conversions are done by division: `2%` = 2/100, `£500k` =
     500/1000, `£1.2bn` = 1.2*1000.  A decimal-based parser may differ in the
     last bit; far inside compare_json.py's 1e-9 tolerance.
A27. Because `prevention` splits by base share but a percentage is of the
     summed F, a prevention line whose F grew more slowly than the others
     gives more than its own percentage; it can hit the A4 refusal first.
A28. (Superseded by U1-U12: `sensitivity` and `montecarlo` now use the
     `uncertainty` entries.)  The loader validates `uncertainty` and
     `sources`; `sources` is not used.

SENSITIVITY AND MONTE CARLO (MODEL.md §5, §7)

 U1. An uncertainty entry without `mode` has mode (low + high) / 2.  An
     entry with low = high always gives low.
 U2. A draw (or a sensitivity setting) is applied on top of the scenario's
     `set` statements, entry by entry in model order: a scalar
     assumption's value is REPLACED (so if two entries name the same
     scalar, the later one wins); a per-year assumption gets the value
     ADDED as an offset to each of years 2..T, the same offset every year
     (two entries for the same per-year assumption: their offsets add).
     Year 1 is never changed (it is unused anyway, A5).
 U3. An assumption that the scenario sets with `set` (in any year, even only
     in year 1 where it has no effect) is held: none of its entries is
     drawn or listed in sensitivity.  `set policy` holds nothing.
 U4. Sensitivity has one row per (non-held) uncertainty ENTRY, named by its
     assumption id, so an assumption with two entries has two rows.  For an
     entry's row, that entry is at its low (then its high) and every other
     non-held entry at its mode, applied as in U2 - so the row of an
     earlier entry for a scalar that a later entry also names has swing 0
     (the later entry's mode wins).
 U5. `low` and `high` in a row are the target's VALUE in those runs (not a
     change against a base run); swing = |high - low|.  Rows are sorted by
     swing, largest first, with a stable sort: exact ties keep model order.
 U6. Target `balance` is balance[t]; a metric id is the metric's value[t]
     (after clamping).  No `in YEAR` means t = T; "year" is that year's
     label.  Any other target word is an error.
 U7. Each Monte Carlo draw: one random.Random(seed).triangular(low, high,
     mode) per non-held entry, in model order, then a full run (F and
     percentage amounts, M, savings, B0 - everything recomputed).  The
     A4 refusal is not applied to draws (it applies when a statement is
     typed).
 U8. `montecarlo [N] [seed N]`: N defaults to 10000 (LANGUAGE.md), the seed
     to 1 (MODEL.md does not say; the project's docs/MODEL.md chose 1).  N
     must be a whole number >= 1, the seed a whole number >= 0.
 U9. pBalanced[t] = share of draws with balance[t] >= 0 (A19: 0 counts as
     balanced).  The extra key pBalancedEveryYear is the share of draws
     balanced in every year.
U10. P10/P50/P90 use linear interpolation between order statistics
     (numpy "linear", R type 7): h = (N - 1) p, x[floor h] + frac(h) *
     (x[floor h + 1] - x[floor h]), x sorted ascending, 0-based.
U11. Percentiles are given for balance and for every metric, every year;
     "metrics" is {} when the model has none.
U12. Speed: pure Python, roughly 0.3-1 ms per run, i.e. 5-20 s for 20,000
     draws of a gen_cases.py-sized model (3-7 years, up to 10 categories).
"""

import json
import math
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

TOP_REQUIRED = ["name", "firstYear", "years", "income", "inflation", "efficiency", "categories"]
TOP_OPTIONAL = ["policy", "enablers", "metrics", "uncertainty", "sources"]
CAT_REQUIRED = ["id", "name", "kind", "base"]
CAT_OPTIONAL = ["demandGrowth", "cashable", "priority", "returns"]
ENA_REQUIRED = ["id", "name", "cost"]
ENA_OPTIONAL = ["lag", "prevention", "equity", "efficiency"]
MET_REQUIRED = ["id", "name", "base"]
MET_OPTIONAL = ["unit", "priority", "better", "trend", "min", "max", "ceiling", "target",
                "equity", "responses", "enablers", "capacity", "activity"]
UNC_REQUIRED = ["assumption", "low", "high"]
UNC_OPTIONAL = ["mode"]

PER_YEAR_ASSUMPTIONS = ["allocation-growth", "inflation", "efficiency"]
CATEGORY_FIELDS = ["demand-growth", "cashable", "return-scale"]
ENABLER_FIELDS = ["cost"]
METRIC_FIELDS = ["trend"]


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


def _year_array(v, T, path):
    """An array indexed by year: exactly `years` finite entries -> list[1..T]."""
    a = _arr(v, path)
    if len(a) != T:
        raise PlanError("%s: expected %d entries (one per year), found %d" % (path, T, len(a)))
    return [None] + [_num(x, "%s[%d]" % (path, i)) for i, x in enumerate(a)]


def _kernel(v, path):
    a = _arr(v, path)
    if not a:
        raise PlanError("%s: kernel must not be empty" % path)
    return [_num(x, "%s[%d]" % (path, i)) for i, x in enumerate(a)]


def load_model(doc):
    """Validate a parsed model JSON document and return it with defaults filled (§1 table)."""
    root = "$"
    _obj(doc, root)
    _keys(doc, TOP_REQUIRED, TOP_OPTIONAL, root)
    m = {}
    m["name"] = _str(doc["name"], "$.name")
    m["firstYear"] = _int(doc["firstYear"], "$.firstYear")
    T = _int(doc["years"], "$.years")
    if T < 1:
        raise PlanError("$.years: must be at least 1")
    m["T"] = T
    inc = _obj(doc["income"], "$.income")
    _keys(inc, ["base", "growth"], [], "$.income")
    m["income_base"] = _num(inc["base"], "$.income.base")
    if m["income_base"] < 0:
        raise PlanError("$.income.base: must be >= 0")
    m["growth"] = _year_array(inc["growth"], T, "$.income.growth")
    m["inflation"] = _year_array(doc["inflation"], T, "$.inflation")
    m["efficiency"] = _year_array(doc["efficiency"], T, "$.efficiency")
    m["policy"] = doc.get("policy", "meet-demand")
    if m["policy"] not in ("meet-demand", "hold-budgets"):
        raise PlanError("$.policy: expected meet-demand or hold-budgets")

    seen = set()

    def new_id(v, path):
        s = _str(v, path)
        if not ID_RE.match(s):
            raise PlanError("%s: '%s' is not lower-case words joined by '-' or '.'" % (path, s))
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
              "capacity": _num(x.get("capacity", 0.0), p + ".capacity")}
        if mt["base"] < 0:
            raise PlanError("%s.base: must be >= 0" % p)
        if "priority" in x:
            _num(x["priority"], p + ".priority")
        if mt["better"] not in ("higher", "lower"):
            raise PlanError("%s.better: expected higher or lower" % p)
        if mt["ceiling"] is not None and mt["ceiling"] < 0:
            raise PlanError("%s.ceiling: must be >= 0" % p)
        if mt["min"] is not None and mt["max"] is not None and mt["min"] > mt["max"]:
            raise PlanError("%s.min: must be <= max" % p)
        eq = x.get("equity", False)
        if not isinstance(eq, bool):
            raise PlanError("%s.equity: expected true or false" % p)
        mt["equity"] = eq
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
            if v < 0:
                raise PlanError("%s.%s: share must be >= 0" % (p, k))
            total += v
        if abs(total - 1.0) > 1e-9:
            raise PlanError("%s: shares must sum to 1 (found %r)" % (p, total))
    for i, e in enumerate(enas):
        for k in e["efficiency"]:
            if kind.get(k) != "treatment":
                raise PlanError("$.enablers[%d].efficiency.%s: '%s' is not a treatment category" % (i, k, k))

    # uncertainty (used only by sensitivity and montecarlo: A11, U1-U12) ------
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
        if not assumption_exists(aid, kind, ena_ids, met_ids):
            raise PlanError("%s.assumption: unknown assumption '%s'" % (p, aid))
        unc.append({"assumption": aid, "low": lo, "mode": mo, "high": hi})
    m["uncertainty"] = unc
    for k, v in _obj(doc.get("sources", {}), "$.sources").items():
        _str(v, "$.sources.%s" % k)
    return m


def assumption_exists(aid, cat_kind, ena_ids, met_ids):
    """Is `aid` one of the §5 assumption ids (split at the LAST dot)?"""
    if aid in PER_YEAR_ASSUMPTIONS:
        return True
    if "." not in aid:
        return False
    owner, field = aid.rsplit(".", 1)
    return ((owner in cat_kind and field in CATEGORY_FIELDS)
            or (owner in ena_ids and field in ENABLER_FIELDS)
            or (owner in met_ids and field in METRIC_FIELDS))


def year_label(calendar_year):
    """`2023` -> `2023/24` (§6)."""
    return "%d/%02d" % (calendar_year, (calendar_year + 1) % 100)


# ---------------------------------------------------------------------------
# LANGUAGE.md "Lexical": tokens
# ---------------------------------------------------------------------------

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][+-]?\d+)?"
TOKEN_RE = re.compile(r"""
    (?P<ws>\s+)
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
        if kind == "money":
            body = low.lstrip("£")
            sfx = ""
            for s in ("bn", "m", "k"):
                if body.endswith(s):
                    sfx, body = s, body[: -len(s)]
                    break
            # A money amount in £m: `£1.2bn` = 1200, `£500k` = 0.5.
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
            line = lines[i].rstrip("\r")
            i += 1
            if "#" in line:
                line = line[: line.index("#")]
            stripped = line.rstrip()
            if stripped.endswith("\\"):
                text += stripped[:-1] + " "
                if i >= len(lines):
                    raise PlanError("line %d: `\\` continuation at end of file" % start)
                continue
            text += line
            break
        for part in text.split(";"):
            if part.strip():
                out.append((start, part.strip()))
    return out


# ---------------------------------------------------------------------------
# LANGUAGE.md "Statements": parser (needs the model to resolve names/years)
# ---------------------------------------------------------------------------


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
        """YEAR := 2024/25 | 2024-25 | y2  ->  t in 1..T."""
        k, v, raw = self.next()
        m = self.model
        if k == "year":
            first = int(v[:4])
            if int(v[5:]) != (first + 1) % 100:
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
        """PERIOD := in Y | from Y | Y1..Y2 | in Y1..Y2; omitted = years 2..T (§2)."""
        T = self.model["T"]
        k, v, _ = self.peek()
        if k is None:
            return list(range(2, T + 1))
        if self.at_word("from"):
            self.next()
            return list(range(self.year(), T + 1))
        if self.at_word("in"):
            self.next()
        a = self.year()
        if self.peek()[0] == "range":
            self.next()
            b = self.year()
            if b < a:
                raise PlanError("range ends before it starts")
            return list(range(a, b + 1))
        return [a]

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
            years = self.period()
            self.end()
            return {"op": "shift", "amount": amt, "src": src, "dst": dst, "years": years}
        if w == "invest":
            amt = self.amount()
            self.expect_word("in")
            dst = self.category()
            years = self.period()
            self.end()
            return {"op": "invest", "amount": amt, "dst": dst, "years": years}
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
            years = self.period()
            self.end()
            return {"op": "level", "enabler": e, "level": level, "years": years}
        if w == "disable":
            e = self.enabler()
            years = self.period()
            self.end()
            return {"op": "level", "enabler": e, "level": 0.0, "years": years}
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
            # §2: a percentage is a fraction, money is £m, a bare number as written
            value = v
            m = self.model
            kinds = {c["id"]: c["kind"] for c in m["categories"]}
            if not assumption_exists(aid, kinds, {e["id"] for e in m["enablers"]},
                                     {x["id"] for x in m["metrics"]}):
                raise PlanError("unknown assumption '%s'" % aid)
            if aid in PER_YEAR_ASSUMPTIONS:
                years = self.period()
            else:
                if self.has_period():
                    raise PlanError("'%s' is a scalar assumption: it takes no period" % aid)
                years = None
            self.end()
            return {"op": "set", "assumption": aid, "value": value, "years": years}
        raise PlanError("unknown statement '%s'" % w)


def parse_lever(text, model):
    return Parser(tokenize(text), model).statement()


# ---------------------------------------------------------------------------
# §5 + §2  Assumptions after `set` statements (typed order, overwrite)
# ---------------------------------------------------------------------------


def resolve_assumptions(model, statements):
    """Every §5 assumption, as the scenario's `set` statements leave it, plus policy."""
    A = {"allocation-growth": list(model["growth"]),
         "inflation": list(model["inflation"]),
         "efficiency": list(model["efficiency"]),
         "scalar": {},
         "policy": model["policy"]}
    for c in model["categories"]:
        A["scalar"][c["id"] + ".demand-growth"] = c["demandGrowth"]
        A["scalar"][c["id"] + ".cashable"] = c["cashable"]
        A["scalar"][c["id"] + ".return-scale"] = 1.0          # default 1 (§5)
    for e in model["enablers"]:
        A["scalar"][e["id"] + ".cost"] = e["cost"]
    for x in model["metrics"]:
        A["scalar"][x["id"] + ".trend"] = x["trend"]
    for st in statements:
        if st["op"] == "policy":
            A["policy"] = st["value"]
        elif st["op"] == "set":
            if st["years"] is None:
                A["scalar"][st["assumption"]] = st["value"]
            else:
                for t in st["years"]:
                    A[st["assumption"]][t] = st["value"]
    return A


# ---------------------------------------------------------------------------
# §2  Enabler levels L and lagged levels Lf
# ---------------------------------------------------------------------------


def resolve_levels(model, statements):
    """L[e][t], default 1; enable/disable overwrite the years they name, typed order."""
    T = model["T"]
    L = {e["id"]: [None] + [1.0] * T for e in model["enablers"]}
    for st in statements:
        if st["op"] == "level":
            for t in st["years"]:
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
# §3  Money
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


def efficient_cost(model, A, eps):
    """F[c,1] = base_c; treatment F[c,t] = F[c,t-1](1+g_c)(1+infl[t])(1-eps[c,t]);
    prevention F[c,t] = F[c,t-1](1+g_c)(1+infl[t])."""
    T = model["T"]
    F = {}
    for c in model["categories"]:
        g = A["scalar"][c["id"] + ".demand-growth"]
        row = [None, c["base"]]
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


def members(model, name):
    """`prevention` -> [(p, base share)], a category id -> [(id, 1)] (§2)."""
    if name != "prevention":
        return [(name, None)]
    ps = [c for c in model["categories"] if c["kind"] == "prevention"]
    total = sum(c["base"] for c in ps)
    if total == 0.0:
        raise PlanError("cannot split among prevention categories: their bases sum to 0")
    return [(c["id"], (c["base"], total)) for c in ps]


def group_F(model, F, name, t):
    """F[c,t] for a category, or sum_p F[p,t] for `prevention` (§2 percentage rule)."""
    if name == "prevention":
        return sum(F[p][t] for p in prevention_ids(model))
    return F[name][t]


def add_money(X, model, name, a, t):
    """Add `a` to X of a category, or split it over prevention by base share (§2)."""
    for cid, share in members(model, name):
        if share is None:
            X[cid][t] += a
        else:
            base_p, total = share
            X[cid][t] += a * base_p / total


def scenario_money(model, statements, F):
    """X[c,t] from shifts and invests (§2); percentages are of F as this scenario computes it."""
    T = model["T"]
    X = {c["id"]: [None] + [0.0] * T for c in model["categories"]}
    for st in statements:
        if st["op"] not in ("shift", "invest"):
            continue
        kind, value = st["amount"]
        # percentage: share of the source's F (shift) or of the target's F (invest)
        ref = st["src"] if st["op"] == "shift" else st["dst"]
        for t in st["years"]:
            a = value if kind == "money" else value * group_F(model, F, ref, t)
            if st["op"] == "shift":
                add_money(X, model, st["src"], -a, t)
            add_money(X, model, st["dst"], a, t)
    return X


def kernel_at(kernel, k):
    """kernel[k]; at or beyond the kernel's length the last entry is used (§3)."""
    return kernel[k] if k < len(kernel) else kernel[-1]


def savings(model, A, X, M):
    """S[c,t] = sum_j to_j[c] * sum_{s<=t} X[j,s] * r_j * kernel_j[t-s] * m_j[s] (§3)."""
    T = model["T"]
    S = {c["id"]: [None] + [0.0] * T for c in model["categories"]}
    for j in model["categories"]:
        if j["returns"] is None:
            continue
        r = A["scalar"][j["id"] + ".return-scale"]
        kern = j["returns"]["kernel"]
        Xj = X[j["id"]]
        prev = j["kind"] == "prevention"
        # inner[t] = sum_{s<=t} X[j,s] r kernel_j[t-s] m_j[s]; the same for every c
        # (computed once per j: the same floating operations, in the same order)
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


def category_lines(model, A, F, X, S):
    """budget, outturn, unmet, savings, released per category and year (§3)."""
    T = model["T"]
    hold = A["policy"] == "hold-budgets"
    lines = {}
    for c in model["categories"]:
        cid = c["id"]
        row = {k: [None] for k in ("budget", "outturn", "unmet", "savings", "released")}
        for t in range(1, T + 1):
            if c["kind"] == "treatment":
                k_c = A["scalar"][cid + ".cashable"]
                demand = max(0.0, F[cid][t] - k_c * S[cid][t] + max(X[cid][t], 0.0))
                budget = F[cid][t] + X[cid][t]
                if hold:
                    outturn = min(demand, max(budget, 0.0))
                    unmet = demand - outturn
                else:
                    outturn, unmet = demand, 0.0
                sav = S[cid][t]
                released = (1.0 - k_c) * S[cid][t]
            else:
                budget = outturn = F[cid][t] + X[cid][t]
                unmet = sav = released = 0.0
            row["budget"].append(budget)
            row["outturn"].append(outturn)
            row["unmet"].append(unmet)
            row["savings"].append(sav)
            row["released"].append(released)
        lines[cid] = row
    return lines


def project_money(model, A, L, statements):
    """The §2-§3 chain for given assumptions A, levels L and money statements."""
    Lf = lagged_levels(model, L)
    eps = efficiency_rates(model, A, Lf)
    F = efficient_cost(model, A, eps)
    M = prevention_multiplier(model, Lf)
    X = scenario_money(model, statements, F)
    S = savings(model, A, X, M)
    lines = category_lines(model, A, F, X, S)
    return {"Lf": Lf, "eps": eps, "F": F, "M": M, "X": X, "S": S, "lines": lines}


def income_series(model, A):
    """income[1] = base; income[t] = income[t-1] (1 + growth[t])."""
    inc = [None, model["income_base"]]
    for t in range(2, model["T"] + 1):
        inc.append(inc[t - 1] * (1.0 + A["allocation-growth"][t]))
    return inc


def enabler_costs(model, A, L):
    """Per enabler cost_e (L[e,t] - 1); enablerCost[t] is their sum (§3, §6)."""
    T = model["T"]
    per = {}
    for e in model["enablers"]:
        cost = A["scalar"][e["id"] + ".cost"]
        per[e["id"]] = [None] + [cost * (L[e["id"]][t] - 1.0) for t in range(1, T + 1)]
    total = [None] + [sum(per[e][t] for e in per) for t in range(1, T + 1)]
    return per, total


def balances(model, income, lines, enabler_total):
    """spend = sum_c outturn + enablerCost; balance = income - spend; cumulative."""
    T = model["T"]
    spend, balance, cumulative = [None], [None], [None]
    run = 0.0
    for t in range(1, T + 1):
        sp = sum(lines[c["id"]]["outturn"][t] for c in model["categories"]) + enabler_total[t]
        spend.append(sp)
        balance.append(income[t] - sp)
        run += balance[t]
        cumulative.append(run)
    return spend, balance, cumulative


# ---------------------------------------------------------------------------
# §4  Metrics
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


def programme_term(model, metric, X, M, q, t, kinds=None):
    """sum_j perMillion_{m,j} sum_{s<=t} X[j,s] kernel_{m,j}[t-s] m_j[s] q_m[s], clipped to +-ceiling."""
    if kinds is None:
        kinds = {c["id"]: c["kind"] for c in model["categories"]}
    total = 0.0
    for j, resp in metric["responses"].items():
        inner = 0.0
        for s in range(1, t + 1):
            m_js = M[s] if kinds[j] == "prevention" else 1.0
            inner += X[j][s] * kernel_at(resp["kernel"], t - s) * m_js * q[s]
        total += resp["perMillion"] * inner
    if metric["ceiling"] is not None:
        total = min(metric["ceiling"], max(-metric["ceiling"], total))
    return total


def enabler_term(metric, Lf, t):
    """sum_e enablers_m[e] (Lf[e,t] - 1)."""
    return sum(v * (Lf[e][t] - 1.0) for e, v in metric["enablers"].items())


def capacity_term(model, metric, lines, t):
    """capacity_m * sum_c (released[c,t] - unmet[c,t])."""
    return metric["capacity"] * sum(lines[c["id"]]["released"][t] - lines[c["id"]]["unmet"][t]
                                    for c in model["categories"])


def activity_term(metric, lines, lines0, t):
    """sum_c activity_m[c] (B[c,t] - B0[c,t]), B = outturn."""
    return sum(v * (lines[c]["outturn"][t] - lines0[c]["outturn"][t])
               for c, v in metric["activity"].items())


def metric_values(model, A, metric, proj, proj0):
    """value[m,t] = clamp(base + trend (t-1) + programme + enabler + capacity + activity, min, max)."""
    T = model["T"]
    q = equity_factor(model, metric, proj["Lf"])
    trend = A["scalar"][metric["id"] + ".trend"]
    kinds = {c["id"]: c["kind"] for c in model["categories"]}
    vals = [None]
    for t in range(1, T + 1):
        v = (metric["base"] + trend * (t - 1)
             + programme_term(model, metric, proj["X"], proj["M"], q, t, kinds)
             + enabler_term(metric, proj["Lf"], t)
             + capacity_term(model, metric, proj["lines"], t)
             + activity_term(metric, proj["lines"], proj0["lines"] if proj0 else None, t))
        if metric["min"] is not None:
            v = max(metric["min"], v)
        if metric["max"] is not None:
            v = min(metric["max"], v)
        vals.append(v)
    return vals


def target_status(model, metric, vals):
    """(target, targetYear label, met) with met = None outside the horizon (§4, §6)."""
    tg = metric["target"]
    if tg is None:
        return None, None, None                                   # A1
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


def run(model, statements, draw=None):
    """One run of the scenario.  `draw` (optional) is a list of (uncertainty
    entry, value) pairs applied on top of the `set` statements (§5, U2)."""
    A = resolve_assumptions(model, statements)
    if draw:
        apply_draw(model, A, draw)
    L = resolve_levels(model, statements)
    proj = project_money(model, A, L, statements)
    # B0: same model, same set assumptions (and draw) and policy, X = 0, L = 1 (§4).
    # It is read only by the activity term; skipped when no metric has one
    # (a pure speed-up: the results are identical).
    if any(x["activity"] for x in model["metrics"]):
        L1 = {e["id"]: [None] + [1.0] * model["T"] for e in model["enablers"]}
        proj0 = project_money(model, A, L1, [])
    else:
        proj0 = None
    income = income_series(model, A)
    per_enabler, enabler_total = enabler_costs(model, A, L)
    spend, balance, cumulative = balances(model, income, proj["lines"], enabler_total)
    metrics = {x["id"]: metric_values(model, A, x, proj, proj0) for x in model["metrics"]}
    return {"A": A, "L": L, "proj": proj, "proj0": proj0, "income": income,
            "per_enabler": per_enabler, "spend": spend, "balance": balance,
            "cumulative": cumulative, "metrics": metrics}


def check_prevention(model, result, before):
    """§3: a prevention budget F + X must not be negative in any year (A4).
    `before` is the run without the new statement: its budget is the money available."""
    for c in model["categories"]:
        if c["kind"] != "prevention":
            continue
        for t in range(1, model["T"] + 1):
            if result["proj"]["lines"][c["id"]]["budget"][t] < 0:
                avail = before["proj"]["lines"][c["id"]]["budget"][t]
                raise PlanError("this would leave %s negative in %s (£%.6gm available)"
                                % (c["id"], year_label(model["firstYear"] + t - 1), avail))


def simulation_object(model, scenario_name, result):
    T = model["T"]
    labels = [year_label(model["firstYear"] + t - 1) for t in range(1, T + 1)]
    lines = result["proj"]["lines"]
    cats = {}
    for c in model["categories"]:
        r = lines[c["id"]]
        cats[c["id"]] = {"budget": r["budget"][1:], "outturn": r["outturn"][1:],
                         "unmet": r["unmet"][1:], "savings": r["savings"][1:]}
    enas = {}
    for e in model["enablers"]:
        enas[e["id"]] = {"level": result["L"][e["id"]][1:],
                         "cost": result["per_enabler"][e["id"]][1:]}
    mets = {}
    for x in model["metrics"]:
        vals = result["metrics"][x["id"]]
        target, label, met = target_status(model, x, vals)
        mets[x["id"]] = {"unit": x["unit"], "values": vals[1:], "target": target,
                         "targetYear": label, "met": met}
    deficit = [labels[t - 1] for t in range(1, T + 1) if result["balance"][t] < 0]
    return {"kind": "simulation", "scenario": scenario_name, "model": model["name"],
            "years": labels, "income": result["income"][1:], "spend": result["spend"][1:],
            "balance": result["balance"][1:], "cumulative": result["cumulative"][1:],
            "categories": cats, "enablers": enas, "metrics": mets,
            "objective": {"balancedEveryYear": not deficit, "deficitYears": deficit,
                          "firstDeficitYear": deficit[0] if deficit else None}}


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
    value (a later entry for the same scalar wins); a per-year draw is an offset
    added to each of years 2..T (offsets of several entries add up)."""
    T = model["T"]
    for entry, value in draw:
        aid = entry["assumption"]
        if aid in PER_YEAR_ASSUMPTIONS:
            row = A[aid]
            for t in range(2, T + 1):
                row[t] += value
        else:
            A["scalar"][aid] = value


def target_value(result, target, t):
    """The result a sensitivity reads: balance[t] or a metric's value[t]."""
    if target == "balance":
        return result["balance"][t]
    return result["metrics"][target][t]


def sensitivity(model, statements, target, t):
    """Rows of §7's tornado: each uncertain entry alone at low and at high,
    every other one at its mode (set as a draw would set it), sorted by swing,
    largest first; ties keep model order (U4-U6)."""
    entries = uncertain_entries(model, statements)
    rows = []
    for i, u in enumerate(entries):
        out = []
        for end in ("low", "high"):
            draw = [(v, (v[end] if j == i else v["mode"])) for j, v in enumerate(entries)]
            out.append(target_value(run(model, statements, draw), target, t))
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
    """Run n draws; returns (balance[draw][t], {metric: values[draw][t]}), t = 1..T
    (index 0 unused).  Random numbers: Python's random.Random(seed); in each
    draw one triangular(low, mode, high) value per uncertain entry, in model
    order (U7)."""
    import random
    rng = random.Random(seed)
    entries = uncertain_entries(model, statements)
    balances_, mets = [], {x["id"]: [] for x in model["metrics"]}
    for _ in range(n):
        draw = [(u, rng.triangular(u["low"], u["high"], u["mode"])) for u in entries]
        res = run(model, statements, draw)
        balances_.append(res["balance"])
        for x in model["metrics"]:
            mets[x["id"]].append(res["metrics"][x["id"]])
    return balances_, mets


def montecarlo_object(model, scenario_name, statements, n, seed, keep=None):
    """The §7 "montecarlo" object.  With `keep` (a dict), the raw draws are
    stored in it too (check_analysis.py uses them for its rank tests)."""
    T = model["T"]
    bal, mets = montecarlo_draws(model, statements, n, seed)

    def bands(series):
        out = {"p10": [], "p50": [], "p90": []}
        for t in range(1, T + 1):
            col = sorted(d[t] for d in series)
            for key, p in (("p10", 0.10), ("p50", 0.50), ("p90", 0.90)):
                out[key].append(percentile(col, p))
        return out

    p_bal = [sum(1 for d in bal if d[t] >= 0) / n for t in range(1, T + 1)]      # A19
    every = sum(1 for d in bal if all(d[t] >= 0 for t in range(1, T + 1))) / n
    if keep is not None:
        keep["balance"] = bal
        keep["metrics"] = mets
    return {"kind": "montecarlo", "scenario": scenario_name, "draws": n, "seed": seed,
            "years": [year_label(model["firstYear"] + t - 1) for t in range(1, T + 1)],
            "pBalanced": p_bal, "pBalancedEveryYear": every,
            "balance": bands(bal),
            "metrics": {x["id"]: bands(mets[x["id"]]) for x in model["metrics"]}}


def parse_sensitivity(toks, model):
    """`sensitivity METRIC|balance [in YEAR]` -> (target, t); no year = the last (§7)."""
    p = Parser(toks, model)
    p.expect_word("sensitivity")
    target = p.expect_word()
    if target != "balance" and target not in [x["id"] for x in model["metrics"]]:
        raise PlanError("unknown metric '%s' (expected balance or a metric)" % target)
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
# Session: scenarios and the script subset
# ---------------------------------------------------------------------------


class Session:
    def __init__(self, model):
        self.model = model
        self.scenarios = {"baseline": []}
        self.current = "baseline"
        self.keep_draws = None          # a list: each montecarlo appends its raw draws (check_analysis.py)

    def execute(self, text):
        """Run one statement; returns a simulation object for `simulate`, else None."""
        toks = tokenize(text)
        if not toks:
            return None
        head = toks[0][1] if toks[0][0] == "word" else None
        if head == "simulate":
            if len(toks) != 1:
                raise PlanError("unexpected '%s' after simulate" % toks[1][2])
            res = run(self.model, self.scenarios[self.current])
            return simulation_object(self.model, self.current, res)
        if head == "scenario":
            return self.scenario_command(toks)
        if head == "sensitivity":
            target, t = parse_sensitivity(toks, self.model)
            return {"kind": "sensitivity", "scenario": self.current, "target": target,
                    "year": year_label(self.model["firstYear"] + t - 1),
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
        if self.current == "baseline":
            raise PlanError("baseline cannot be changed: try `scenario new NAME`")
        trial = self.scenarios[self.current] + [st]
        check_prevention(self.model, run(self.model, trial),   # A4: refused, changes nothing
                         run(self.model, self.scenarios[self.current]))
        self.scenarios[self.current] = trial
        return None

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
        raise PlanError("unsupported scenario command")


def run_script(model, source, name="<script>", session=None):
    """Yield the result objects (simulation, sensitivity, montecarlo) of a
    script; raises PlanError naming file:line."""
    if session is None:
        session = Session(model)
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

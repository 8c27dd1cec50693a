#!/usr/bin/env python3
"""Independent reference implementation of the hweplan planning model (MODEL.md version 3,
and version 2 with --contract 2).

Usage:  python3 hweplan_ref.py [--contract 2|3] MODEL.json SCRIPT.scenario

The contract is MODEL.md / LANGUAGE.md version 3 unless `--contract 2` (the
first argument) asks for version 2, which reproduces the version 2 reference's
output byte for byte (W1).

For every `simulate`, `sensitivity`, `montecarlo`, `show actuals` and
`explain variance` line of the script it prints one JSON line: the
"simulation" object of MODEL.md §6, the "sensitivity" / "montecarlo" objects
of §7, or the "variance" / "variance-explanation" objects of §8.  It is a
test oracle for the Swift program, written from MODEL.md (§1-§9) and the
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

VERSION 3: AMBIGUITIES IN MODEL.md / LANGUAGE.md v3 AND HOW THIS FILE RESOLVES
THEM (the contract is version 3 unless `--contract 2`; every V-note below still
holds unless a W-note says otherwise; the most literal reading was chosen)

 W1. The contract switch.  `hweplan_ref.py --contract 2 MODEL SCRIPT` (and
     load_model(doc, contract=2)) applies version 2 exactly as before: only
     version 2 keys (a version 3 key is an "unknown key" error), V2's reserved
     words, bare-number rates, the ceiling as a clip, a target judged in its
     year only, version 2 breach objects, no version 3 statements or JSON
     keys, `-0.0` printed as Python prints it, and ONE set of assumption
     values: draws, sensitivity ends and variance probes move plan and
     outturn alike.  Its output is byte-identical to the version 2 reference.
     One code path serves both; the switches are model["v3"] tests.
 W2. Reserved ids: V2's list plus underlying, risk-adjusted, organisations,
     plan; the show topics organisations, risks (income already was); the
     statement names outturn, risk, mitigation, rule; and exactly the keywords
     MODEL.md §1 lists (in, on, at, of, from, to, by, and, vs, off, between,
     such, that, every, year, non-recurrent, replace, seed, change,
     cumulative).  Other words of the grammar (new, use, list, load,
     horizon, hold-budgets, grows-with-income, largest, maximizing, meets,
     target, ignoring, level, ...) are not reserved.  The rule covers every id
     (categories, enablers, metrics, places, streams, organisations, risks) of
     any file loaded under version 3, version 2 files included, and a new id
     typed in a `risk` / `mitigation` statement.
 W3. `income` is exactly {base, growth} or exactly {streams}; any mixture is
     an error, and `streams` must be non-empty.  A stream has `base` (>= 0)
     with optional `growth`, or `amounts`; `growth` beside `amounts` is an
     error; amounts may be any finite number (negative: a deduction such as a
     convergence adjustment).  `commissioner` must name an organisation of
     kind commissioner.  Without streams income is computed exactly as in
     version 2 (income[p,1] = base w_p, then the growth recurrence), not as a
     one-stream sum, so a version 2 file's money is bit-identical under both
     contracts, and the JSON has no `streams`.
 W4. a[st,p] = w_p, or w_p / h_o for p in o (0 elsewhere), h_o = sum of
     its places' w_p in place order; without places the implicit place has
     w = 1 (a = 1, also for a commissioner's stream).  income[p,t] = sum over
     streams in model order of a[st,p] st[t]; system income stays the sum
     over places (V10), equal to sum_st st[t] up to rounding.  NRI[p,t]
     likewise over the streams with recurrent false; NRI[t] = sum_p NRI[p,t].
     `streams` in the JSON is st[t] at outturn (the money received).
 W5. Organisations.  A commissioner's `places` lists place ids, each once;
     with places, a commissioner whose places have no positive income share
     (e.g. `places` []) is an error; without places `places` must be [] or
     absent, at most one commissioner, and it holds the implicit place
     (h = 1).  When any commissioner exists every place belongs to exactly
     one.  Providers without commissioners (and the reverse) are allowed.
     `delivers` keys are treatment categories; values are {place id: share}
     (places not named: 0) in a model with places, a bare share without; each
     share lies in [0, 1]; for every (category, place) the providers' shares
     sum to at most 1 + 1e-9.  planPosition (any sign) and support (>= 0) are
     per-year arrays, entry 1 = year 1, the last entry holds.  delivers /
     planPosition / support on a commissioner, places on a provider: errors.
 W6. balance_o: commissioner sum over its places (place order) of
     icbBalance[p,t]; provider planPosition_o[t] + sum over categories
     (model order) and places of d[o,c,p] providerGap[c,p,t].  otherProviders
     = sum_c sum_p (1 - sum_o d[o,c,p]) providerGap[c,p,t] and is reported
     whenever the model has any organisation (with no provider it is the
     whole gap).  Without commissioners the identity reads balance =
     icbBalance + sum providers + otherProviders.
 W7. System balance = (sum over places of balance[p,t]) + sum over providers
     of planPosition_o[t], added after the place sum; cumulative uses it.
     Places' balances and system spend are unchanged (so with planPositions
     balance != income - spend).
 W8. NRX[p,t] = the place amount a_p of every `invest ... non-recurrent` in
     that year (a percentage invest: its share of pct Fp); NRX[t] = sum_p.
     `non-recurrent` is accepted on `invest` only, as its last word (after
     the period); on `shift` it is an error.  Underlying positions as §9;
     a commissioner's uses its places' NRI - NRX; a provider's its support.
 W9. "Has an effect" (V4) under version 3: C.cashable also when a metric
     `drives` C; C.pressure (every category, prevention too), M.level,
     S.growth (a stream with base), S.amount (a stream with amounts) and
     R.probability (any register entry) always.  `allocation-growth` does not
     exist in a model with streams; S.growth of an amounts stream and S.amount
     of a base stream do not exist ("unknown assumption").
W10. Plan and outturn.  Ap = the file's values with every `set` (typed
     order, overwrite); Ao = Ap, then every `outturn` in typed order; `N% of
     plan` multiplies the FINISHED Ap value, year by year for a per-year
     assumption.  E.cost: `set` and `outturn` both write the outturn, in
     typed order; its plan stays the file's cost, and `N% of plan` is N% of
     it.  R.probability lives in the register (W23).  Policy and enabler
     levels have one value.  From Ap (with the scenario's levels): Fp,
     budgets, the percentage amounts of shift / invest and their split
     across places (V5 now splits by Fp), the MHIS base.  From Ao: F,
     savings (return-scale), cashable, demand, outturn, unmet, payment,
     released, income received, enabler cost, every metric term (trend,
     level, effect-scale, programme, drives), B0.  Prevention: budget =
     Fp + X, payment = outturn = F + X.  When no `outturn` statement or draw
     is present Ap and Ao are equal and F = Fp exactly.
W11. Held (U3): every assumption a `set` or `outturn` names (any year),
     E.cost and R.probability included.  A `risk` / `mitigation` statement
     that replaces entry R does NOT hold R.probability (§5 names only set and
     outturn): an uncertainty entry on R.probability is still drawn, listed
     and explained, and acts on the replacing entry.
W12. Draws, sensitivity ends and variance probes are applied to Ao only
     (U2): a per-year offset to years 2..T (S.amount too: year 1's amount is
     never drawn), a scalar replaced, an R.probability replacing that
     entry's probability.  Budgets, block-contract payments, percentage
     amounts and splits, and the MHIS stay at plan.
W13. Prevention refusal (V7): after every scenario-changing statement
     (outturn, risk, mitigation and rule included) every prevention line in
     every place and year must have budget (Fp + X) AND outturn (F + X) >=
     -1e-9 in the scenario's own run (its set and outturn statements, no
     draws).  "Money available" is still the budget before the statement.
W14. pressure: F[t] = F[t-1] (1 + g) (1 + inflation[t] + pressure_c[t])
     (1 - eps) for t >= 2 (prevention without eps); entry 1 ignored; default
     [0], with which F is bitwise version 2's.
W15. drives: S[c,p,t] += dir_m programme[m,p,t] unitCost_m, added after the
     returns terms, metrics in model order; programme is the place's
     saturated term (tanh), in the metric's units, scaled by the outturn
     effect-scale of each response, never by return-scale; `savings` in the
     JSON includes it and cashable applies to it.  Loader: only on an
     `aggregate: sum` metric; unitCost > 0; category a treatment one; error
     when a category the metric's `responses` names has `returns.to`
     containing the driven category (the message names both).
W16. Saturation: programme = C tanh(linear / C) for C > 0 (C the place's
     ceiling, x s_p for a sum metric), 0 for C = 0, linear without a
     ceiling; math.tanh.  Contract 2 keeps the clip to [-C, C].
W17. M.level (default 0, an assumption only, no model key) is added to every
     place's base, also a base the place gives itself: + level (mean) or
     + level s_p (sum), before the trend and the min/max clamp.
W18. Targets: `targets` is a non-empty list; `target` and `targets` together
     are an error.  t0 = year - firstYear + 1; judged years max(1, t0)..T;
     met = the system value on the better side (equality counts) in every
     judged year; metYears = the judged years on the better side, in order;
     t0 > T: met null, metYears [].  Each entry of `targets` is {value,
     year (label), met, metYears}.  `target`, `targetYear`, `met` describe
     the first target in file order, judged this way (so a target year
     before the horizon gives true/false, no longer null).  Metric key order:
     unit, values, target, targetYear, met, targets, gap.
W19. MHIS: G = the growsWithIncome categories in model order.  H[t] =
     sum over G of the system budget (per commissioner: sum over G of the
     sum over its places); Ib = plan income of the mhisBase streams (of all
     streams when none has mhisBase; without streams the plan income), per
     place sum_st a[st,p] st_plan[t], summed over the commissioner's places,
     or over all places for the system.  headroom is null in year 1 and
     where Ib[t-1] = 0 (§6 asks for a number in every later year, but the
     ratio is undefined there; nothing is judged then).  A breach when
     headroom < -1e-9 and the year is not switched off; with commissioners
     only per commissioner (by year, then commissioner model order), never
     the system; without, the system, one breach per year.  Breach keys:
     rule, category (first of G), categories (G), org (only with
     commissioners), year, headroom.  `mhisHeadroom` and each commissioner's
     `organisations[o].mhisHeadroom` exist iff G is non-empty (providers
     have none).
W20. How values are written (§2): rates (allocation-growth, inflation,
     efficiency, S.growth, C.pressure, C.demand-growth, C.cashable) need
     `%`; a bare number is refused with "ID is a rate: write N%, not RAW"
     (N = RAW as typed when |v| >= 1, else v x 100 rounded to 9 places), a
     money token too.  Scales and probabilities: bare or `%`, money refused.
     Money (E.cost, S.amount): `£`, a suffix or a bare number, `%` refused.
     A metric's units (M.trend, M.level): a bare number only.  `N% of plan`
     is accepted in `outturn` only (`set ... = N% of plan` is an error), for
     every assumption but R.probability, any N.  `enable ... at` and
     `risk ... at` still require `%`.
W21. Years `27/28` and `27-28` are 2027/28 (20xx; the second half must be
     the next year) in statements only; the model file's and the CSV's year
     labels keep the 4-digit form.
W22. `risk|mitigation ID AMOUNT [on ORG] [PERIOD] [at PERCENT]`, in that
     order.  AMOUNT: money (`£` forms or a bare number of £m) >= 0, a
     percentage refused.  ORG: any organisation id.  PERIOD omitted: years
     1..T, resolved at each run (so `model horizon` extends it).  `at`:
     `%` only, 0-100%, default 100%.  A new ID obeys the id rules (W2) and
     may not be the id of a category, enabler, metric, place, stream or
     organisation; an existing register id (the model's or one an earlier
     statement of this scenario added) is replaced in place: kind, org,
     impact (A in the period's years, 0 elsewhere), probability from the
     statement, recurrent true.
W23. The register: the model's entries in model order, then entries new to
     the scenario in the order first typed.  `set R.probability` (0-1 or
     0-100%, range checked) is applied in typed order with the risk
     statements, and may name an entry an earlier statement of the same
     scenario added (set before it exists: unknown assumption).
W24. Where an entry lands (§9): org a commissioner -> the ICB and that
     commissioner; org a provider -> that provider only (not the ICB); no
     org -> the ICB and each commissioner o by h_o (no commissioners: the ICB
     only); always the system; never a place.  `recurrent` matters only in
     Monte Carlo (underlying positions).  Places get no risk-adjusted row.
W25. Simulation JSON (version 3): nonRecurrentIncome, underlying,
     icbUnderlying, riskAdjusted, icbRiskAdjusted and risks always (a
     version 2 model repeats its balances and has risks []); streams only
     with streams; organisations ({kind, balance, underlying, riskAdjusted
     [, mhisHeadroom]}), otherProviders and objective.organisations only
     with organisations; mhisHeadroom only with G.  A risks entry is {id,
     kind, org (null when none), probability, impact (sigma i per year)}.
     Places keep exactly V-notes' six keys.  Every -0.0 is written 0.
W26. Targets of sensitivity: also `underlying`, `risk-adjusted` (the
     riskAdjusted row of that run: the pi's of the run, so an R.probability
     entry moves it; no Bernoulli draws) and an organisation id (its
     balance); `in PLACE` after these is an error.  `explain variance` ITEM
     may be an organisation id (no `in PLACE`), not underlying or
     risk-adjusted.
W27. An uncertainty entry on R.probability must lie in [0, 1] (low >= 0,
     high <= 1).  A risk's `probability` in the file is in [0, 1] (§1).
W28. Monte Carlo, per draw: the assumption values (v2's independent
     random.Random.triangular per entry, or the copula, W29), then one
     rng.random() < pi_r per register entry in register order (with the drawn
     pi where R.probability is uncertain), then the positions: a happened
     entry adds sigma i[t] to the system, the ICB and the organisations as
     W24; `beforeMitigations` is the system with the happened RISKS only;
     the system underlying gets the happened recurrent entries.  Output adds
     pBalancedBeforeMitigations, underlying {p10, p50, p90} (system) and,
     with organisations, organisations {id: {pBalanced}}; pBalancedEveryYear
     (extra) uses the balance with risks; places and metrics carry no risks.
W29. Correlations: a != b, both named by some uncertainty entry, rho in the
     open (-1, 1), an unordered pair at most once; positive definite = a
     Cholesky factorisation with every pivot > 1e-12, checked at load on the
     matrix over all distinct uncertainty assumptions (first-appearance
     order; held ones leave a principal submatrix, still positive
     definite).  The copula is used only when some pair joins two drawn
     (non-held) assumptions: one standard normal per distinct drawn
     assumption (random.gauss), z = L n, u = (1 + erf(z / sqrt 2)) / 2, and
     every entry of that assumption (duplicates share its u) takes its
     triangular quantile.  Otherwise draws are v2's independent ones.
W30. Actuals: a model file year entry (not a place's) may hold
     `organisations` {id: balance}; a CSV item may be an organisation id with
     the place empty (a place there is an error at the place column); the
     variance object lists them in the system's block after the metrics, in
     model order.
W31. `sources`: a string, or an object with exactly `cite` (a string) and
     `status` (sourced, derived or estimate), both required.
W32. `rule grows-with-income off|on [PERIOD]`: omitted period = years 2..T;
     typed order, overwriting year by year; accepted in a model with no
     growsWithIncome category (no effect).
W33. `outturn policy = ...` and `outturn R.probability = ...` are errors;
     `set`/`outturn` of an assumption without effect (W9) are refused.
W34. `show organisations|risks|income` print nothing here (V21); seek and
     explain of a target remain unimplemented.

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
     low|; stable sort by swing, largest first (swings within 1e-12 of the
     largest, or of 1, are ties).
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
# version 3 (MODEL.md §1; W2): the words above plus these
SHOW_TOPICS_V3 = SHOW_TOPICS + ["organisations", "risks", "income"]
STATEMENT_NAMES_V3 = STATEMENT_NAMES + ["outturn", "risk", "mitigation", "rule"]
KEYWORDS_V3 = ["in", "on", "at", "of", "from", "to", "by", "and", "vs", "off", "between", "such",
               "that", "every", "year", "non-recurrent", "replace", "seed", "change", "cumulative"]
RESERVED_V3 = set(["balance", "icb-balance", "underlying", "risk-adjusted", "income", "spend",
                   "prevention", "place", "places", "organisations", "policy", "rules", "plan",
                   "variance"] + SHOW_TOPICS_V3 + STATEMENT_NAMES_V3 + KEYWORDS_V3)

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

# version 3 keys (MODEL.md §1 "Version 3 keys")
TOP_OPTIONAL_V3 = TOP_OPTIONAL + ["organisations", "risks", "correlations"]
CAT_OPTIONAL_V3 = CAT_OPTIONAL + ["pressure"]
MET_OPTIONAL_V3 = MET_OPTIONAL + ["targets", "drives"]
STREAM_REQUIRED = ["id", "name"]
STREAM_OPTIONAL = ["base", "growth", "amounts", "recurrent", "mhisBase", "commissioner"]
ORG_REQUIRED = ["id", "name", "kind"]
ORG_OPTIONAL = ["places", "delivers", "planPosition", "support"]
RISK_REQUIRED = ["id", "name", "kind", "impact", "probability"]
RISK_OPTIONAL = ["org", "recurrent"]
CATEGORY_FIELDS_V3 = CATEGORY_FIELDS + ["pressure"]
METRIC_FIELDS_V3 = METRIC_FIELDS + ["level"]
# §2: how a VALUE of each assumption is written in version 3 (W20)
RATE_FIELDS = ("demand-growth", "cashable", "pressure", "growth")      # + allocation-growth, inflation, efficiency
SCALE_FIELDS = ("return-scale", "effect-scale", "probability")
MONEY_FIELDS = ("cost", "amount")
UNIT_FIELDS = ("trend", "level")


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


def load_model(doc, contract=3):
    """Validate a parsed model JSON document and return it with defaults filled (§1 table).
    `contract` is the MODEL.md version whose rules apply (2 or 3, the default)."""
    if contract not in (2, 3):
        raise PlanError("unknown contract version %r" % (contract,))
    v3 = contract >= 3
    root = "$"
    _obj(doc, root)
    _keys(doc, TOP_REQUIRED, TOP_OPTIONAL_V3 if v3 else TOP_OPTIONAL, root)
    m = {"contract": contract, "v3": v3}
    m["name"] = _str(doc["name"], "$.name")
    m["firstYear"] = _int(doc["firstYear"], "$.firstYear")
    T = _int(doc["years"], "$.years")
    if not (1 <= T <= MAX_YEARS):
        raise PlanError("$.years: must be a whole number from 1 to %d" % MAX_YEARS)
    m["T"] = T
    m["fileYears"] = T
    inc = _obj(doc["income"], "$.income")
    m["streams"] = None                       # version 2 income: {base, growth}
    if v3 and "streams" in inc:
        _keys(inc, ["streams"], [], "$.income")          # never both forms (W3)
        raw_streams = _arr(inc["streams"], "$.income.streams")
        if not raw_streams:
            raise PlanError("$.income.streams: must not be empty")
        m["income_base"], m["growth"] = None, None
    else:
        _keys(inc, ["base", "growth"], [], "$.income")
        raw_streams = None
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
        if s in (RESERVED_V3 if v3 else RESERVED):
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
        _keys(c, CAT_REQUIRED, CAT_OPTIONAL_V3 if v3 else CAT_OPTIONAL, p)
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
        cat["pressure"] = _year_array(c["pressure"], p + ".pressure") if "pressure" in c else [0.0]
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
        _keys(x, MET_REQUIRED, MET_OPTIONAL_V3 if v3 else MET_OPTIONAL, p)
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
        mt["targets"] = [mt["target"]] if mt["target"] is not None else []
        if "targets" in x:                                       # version 3 (§1)
            if "target" in x:
                raise PlanError("%s.targets: give `target` or `targets`, not both" % p)
            lst = _arr(x["targets"], p + ".targets")
            if not lst:
                raise PlanError("%s.targets: must not be empty" % p)
            mt["targets"] = []
            for k, tg in enumerate(lst):
                tp = "%s.targets[%d]" % (p, k)
                _obj(tg, tp)
                _keys(tg, ["value", "year"], [], tp)
                mt["targets"].append({"value": _num(tg["value"], tp + ".value"),
                                      "year": _int(tg["year"], tp + ".year")})
            mt["target"] = mt["targets"][0]                       # the v2 keys: the first (§6)
        mt["drives"] = None
        if "drives" in x:
            dr = _obj(x["drives"], p + ".drives")
            _keys(dr, ["category", "unitCost"], [], p + ".drives")
            mt["drives"] = {"category": _str(dr["category"], p + ".drives.category"),
                            "unitCost": _num(dr["unitCost"], p + ".drives.unitCost")}
            if mt["drives"]["unitCost"] <= 0:
                raise PlanError("%s.drives.unitCost: must be > 0" % p)
            if mt["aggregate"] != "sum":
                raise PlanError("%s.drives: only a sum metric (aggregate sum) may drive a line" % p)
        mt["level"] = 0.0                                          # M.level default (§4)
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
    for i, x in enumerate(mets):
        if x["drives"] is None:
            continue
        p = "$.metrics[%d].drives.category" % i
        dc = x["drives"]["category"]
        if kind.get(dc) != "treatment":
            raise PlanError("%s: '%s' is not a treatment category" % (p, dc))
        for j in x["responses"]:
            cj = next(c for c in cats if c["id"] == j)
            if cj["returns"] is not None and dc in cj["returns"]["to"]:
                raise PlanError("%s: '%s' has returns to '%s', which this metric drives: the "
                                "saving would be counted twice" % (p, j, dc))

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
    _load_v3_parts(m, doc, raw_streams, new_id, kind)
    m["all_ids"] = seen                      # every id of the model (a new risk's id must be new)

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
        if v3 and aid.endswith(".probability") and not (0.0 <= lo and hi <= 1.0):
            raise PlanError("%s: a probability's range must lie in [0, 1]" % p)       # W27
        unc.append({"assumption": aid, "low": lo, "mode": mo, "high": hi})
    m["uncertainty"] = unc
    m["correlations"] = _load_correlations(m, doc) if v3 else []
    for k, v in _obj(doc.get("sources", {}), "$.sources").items():
        sp = "$.sources.%s" % k
        if v3 and isinstance(v, dict):                                          # §1: {cite, status}
            _keys(v, ["cite", "status"], [], sp)
            _str(v["cite"], sp + ".cite")
            if v["status"] not in ("sourced", "derived", "estimate"):
                raise PlanError("%s.status: expected sourced, derived or estimate" % sp)
        else:
            _str(v, sp)

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


def _load_v3_parts(m, doc, raw_streams, new_id, kind):
    """Organisations, income streams and risks (MODEL.md v3 §1, §3, §9); empty under contract 2."""
    places, P, has_places = m["places"], len(m["places"]), m["has_places"]
    orgs = []
    for i, o in enumerate(_arr(doc.get("organisations", []), "$.organisations")):
        p = "$.organisations[%d]" % i
        _obj(o, p)
        _keys(o, ORG_REQUIRED, ORG_OPTIONAL, p)
        org = {"id": new_id(o["id"], p + ".id"), "name": _str(o["name"], p + ".name"),
               "kind": o["kind"]}
        if org["kind"] not in ("commissioner", "provider"):
            raise PlanError("%s.kind: expected commissioner or provider" % p)
        if org["kind"] == "commissioner":
            for key in ("delivers", "planPosition", "support"):
                if key in o:
                    raise PlanError("%s.%s: a commissioner has no %s" % (p, key, key))
            plist = _arr(o.get("places", []), p + ".places")
            idxs = []
            if has_places:
                for k, pid in enumerate(plist):
                    _str(pid, "%s.places[%d]" % (p, k))
                    if pid not in m["place_index"]:
                        raise PlanError("%s.places[%d]: unknown place '%s'" % (p, k, pid))
                    if m["place_index"][pid] in idxs:
                        raise PlanError("%s.places[%d]: '%s' is listed twice" % (p, k, pid))
                    idxs.append(m["place_index"][pid])
            else:
                if plist:
                    raise PlanError("%s.places: the model has no places (use [] or leave it out)" % p)
                idxs = [0]
            org["places"] = idxs
        else:
            if "places" in o:
                raise PlanError("%s.places: a provider has no places" % p)
            delivers = {}
            for cid, v in _obj(o.get("delivers", {}), p + ".delivers").items():
                cp = "%s.delivers.%s" % (p, cid)
                if kind.get(cid) != "treatment":
                    raise PlanError("%s: '%s' is not a treatment category" % (cp, cid))
                row = [0.0] * P
                if has_places:
                    for pid, sh in _obj(v, cp).items():
                        if pid not in m["place_index"]:
                            raise PlanError("%s.%s: unknown place '%s'" % (cp, pid, pid))
                        row[m["place_index"][pid]] = _num(sh, "%s.%s" % (cp, pid))
                        if not (0.0 <= row[m["place_index"][pid]] <= 1.0):
                            raise PlanError("%s.%s: a share lies in [0, 1]" % (cp, pid))
                else:
                    row[0] = _num(v, cp)
                    if not (0.0 <= row[0] <= 1.0):
                        raise PlanError("%s: a share lies in [0, 1]" % cp)
                delivers[cid] = row
            org["delivers"] = delivers
            org["planPosition"] = (_year_array(o["planPosition"], p + ".planPosition")
                                   if "planPosition" in o else [0.0])
            org["support"] = _year_array(o["support"], p + ".support") if "support" in o else [0.0]
            for k, v in enumerate(org["support"]):
                if v < 0:
                    raise PlanError("%s.support[%d]: must be >= 0" % (p, k))
        orgs.append(org)
    comms = [o for o in orgs if o["kind"] == "commissioner"]
    if comms:
        if not has_places and len(comms) > 1:
            raise PlanError("$.organisations: a model without places has at most one commissioner")
        owner = [None] * P
        for o in comms:
            for pi in o["places"]:
                if owner[pi] is not None:
                    raise PlanError("$.organisations: place '%s' belongs to both '%s' and '%s'"
                                    % (places[pi]["id"], owner[pi], o["id"]))
                owner[pi] = o["id"]
        for pi in range(P):
            if owner[pi] is None:
                raise PlanError("$.organisations: place '%s' belongs to no commissioner" % places[pi]["id"])
        for o in comms:
            o["h"] = _sum(places[pi]["w"] for pi in o["places"])          # h_o (§9)
            if not o["h"] > 0:
                raise PlanError("$.organisations: commissioner '%s' has places with no income share"
                                % o["id"])
    for c in m["categories"]:
        for pi in range(P):
            tot = _sum(o["delivers"][c["id"]][pi] for o in orgs
                       if o["kind"] == "provider" and c["id"] in o["delivers"])
            if tot > 1.0 + 1e-9:
                raise PlanError("$.organisations: the providers' shares of '%s'%s sum to %r (> 1)"
                                % (c["id"], (" in '%s'" % places[pi]["id"]) if has_places else "", tot))
    m["organisations"] = orgs
    m["org_index"] = {o["id"]: i for i, o in enumerate(orgs)}
    m["commissioners"] = comms
    m["providers"] = [o for o in orgs if o["kind"] == "provider"]

    streams = None
    if raw_streams is not None:
        streams = []
        for i, st in enumerate(raw_streams):
            p = "$.income.streams[%d]" % i
            _obj(st, p)
            _keys(st, STREAM_REQUIRED, STREAM_OPTIONAL, p)
            sd = {"id": new_id(st["id"], p + ".id"), "name": _str(st["name"], p + ".name")}
            if ("base" in st) == ("amounts" in st):
                raise PlanError("%s: give either base (with growth) or amounts" % p)
            if "base" in st:
                sd["base"] = _num(st["base"], p + ".base")
                if sd["base"] < 0:
                    raise PlanError("%s.base: must be >= 0" % p)
                sd["growth"] = _year_array(st["growth"], p + ".growth") if "growth" in st else [0.0]
                sd["amounts"] = None
            else:
                if "growth" in st:
                    raise PlanError("%s.growth: goes with base, not with amounts" % p)
                sd["base"], sd["growth"] = None, None
                sd["amounts"] = _year_array(st["amounts"], p + ".amounts")
            sd["recurrent"] = _bool(st.get("recurrent", True), p + ".recurrent")
            sd["mhisBase"] = _bool(st.get("mhisBase", False), p + ".mhisBase")
            sd["commissioner"] = None
            if "commissioner" in st:
                cid = _str(st["commissioner"], p + ".commissioner")
                o = next((x for x in comms if x["id"] == cid), None)
                if o is None:
                    raise PlanError("%s.commissioner: '%s' is not a commissioner" % (p, cid))
                sd["commissioner"] = cid
                # a[st,p] = w_p / h_o for p in o, 0 elsewhere (§3)
                sd["a"] = [places[pi]["w"] / o["h"] if pi in o["places"] else 0.0 for pi in range(P)]
            else:
                sd["a"] = [pl["w"] for pl in places]
            streams.append(sd)
    m["streams"] = streams
    m["stream_ids"] = {sd["id"] for sd in streams} if streams else set()

    risks = []
    for i, r in enumerate(_arr(doc.get("risks", []), "$.risks")):
        p = "$.risks[%d]" % i
        _obj(r, p)
        _keys(r, RISK_REQUIRED, RISK_OPTIONAL, p)
        rk = {"id": new_id(r["id"], p + ".id"), "name": _str(r["name"], p + ".name"), "kind": r["kind"]}
        if rk["kind"] not in ("risk", "mitigation"):
            raise PlanError("%s.kind: expected risk or mitigation" % p)
        rk["impact"] = _year_array(r["impact"], p + ".impact")
        for k, v in enumerate(rk["impact"]):
            if v < 0:
                raise PlanError("%s.impact[%d]: must be >= 0" % (p, k))
        rk["probability"] = _num(r["probability"], p + ".probability")
        if not (0.0 <= rk["probability"] <= 1.0):
            raise PlanError("%s.probability: must lie in [0, 1]" % p)
        rk["org"] = None
        if "org" in r:
            oid = _str(r["org"], p + ".org")
            if oid not in m["org_index"]:
                raise PlanError("%s.org: unknown organisation '%s'" % (p, oid))
            rk["org"] = oid
        rk["recurrent"] = _bool(r.get("recurrent", True), p + ".recurrent")
        risks.append(rk)
    m["risks"] = risks
    m["risk_ids"] = {r["id"] for r in risks}


def cholesky(a):
    """Lower-triangular L with L L^T = a, or None when a is not positive definite."""
    n = len(a)
    L = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            acc = a[i][j]
            for k in range(j):
                acc -= L[i][k] * L[j][k]
            if i == j:
                if not acc > 1e-12:
                    return None
                L[i][i] = math.sqrt(acc)
            else:
                L[i][j] = acc / L[j][j]
    return L


def correlation_matrix(ids, corr):
    """The matrix of §1 over `ids`: 1 on the diagonal, rho for a given pair, 0 elsewhere."""
    pos = {a: i for i, a in enumerate(ids)}
    n = len(ids)
    mat = [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]
    for c in corr:
        if c["a"] in pos and c["b"] in pos:
            i, j = pos[c["a"]], pos[c["b"]]
            mat[i][j] = mat[j][i] = c["rho"]
    return mat


def _load_correlations(m, doc):
    corr, pairs = [], set()
    unc_ids = []
    for u in m["uncertainty"]:
        if u["assumption"] not in unc_ids:
            unc_ids.append(u["assumption"])
    for i, c in enumerate(_arr(doc.get("correlations", []), "$.correlations")):
        p = "$.correlations[%d]" % i
        _obj(c, p)
        _keys(c, ["a", "b", "rho"], [], p)
        a, b = _str(c["a"], p + ".a"), _str(c["b"], p + ".b")
        rho = _num(c["rho"], p + ".rho")
        for key, v in (("a", a), ("b", b)):
            if v not in unc_ids:
                raise PlanError("%s.%s: '%s' has no uncertainty entry" % (p, key, v))
        if a == b:
            raise PlanError("%s: a pair names two different assumptions" % p)
        if not (-1.0 < rho < 1.0):
            raise PlanError("%s.rho: must lie strictly between -1 and 1" % p)
        key = frozenset((a, b))
        if key in pairs:
            raise PlanError("%s: the pair %s, %s is given twice" % (p, a, b))
        pairs.add(key)
        corr.append({"a": a, "b": b, "rho": rho})
    if corr and cholesky(correlation_matrix(unc_ids, corr)) is None:
        raise PlanError("$.correlations: the correlation matrix is not positive definite")
    return corr


def _load_actual_entry(m, entry, p, y, place, allow_places):
    _obj(entry, p)
    keys = ACTUAL_KEYS if allow_places else ACTUAL_KEYS[:-1]
    if m["v3"] and allow_places:
        keys = keys + ["organisations"]                       # §8 (version 3)
    _keys(entry, [], keys, p)
    for oid, v in _obj(entry.get("organisations", {}), p + ".organisations").items():
        if oid not in m["org_index"]:
            raise PlanError("%s.organisations.%s: unknown organisation '%s'" % (p, oid, oid))
        m["actuals"][(y, None, oid)] = _num(v, "%s.organisations.%s" % (p, oid))
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


def assumption_exists(model, aid, extra_risks=()):
    """Is `aid` one of the §5 assumption ids (split at the LAST dot)?  `extra_risks`: ids of
    register entries a scenario's `risk` / `mitigation` statements added (W23)."""
    if not model["v3"]:
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
    if aid in ("inflation", "efficiency"):
        return True
    if aid == "allocation-growth":
        return model["streams"] is None                   # with streams it does not exist (§5)
    if "." not in aid:
        return False
    owner, field = aid.rsplit(".", 1)
    if any(c["id"] == owner for c in model["categories"]):
        return field in CATEGORY_FIELDS_V3
    if any(e["id"] == owner for e in model["enablers"]):
        return field in ENABLER_FIELDS
    if any(x["id"] == owner for x in model["metrics"]):
        return field in METRIC_FIELDS_V3
    for st in model["streams"] or []:
        if st["id"] == owner:
            return (field == "growth" and st["base"] is not None) or \
                   (field == "amount" and st["amounts"] is not None)
    if owner in model["risk_ids"] or owner in extra_risks:
        return field == "probability"
    return False


def is_per_year(model, aid):
    """A per-year assumption (takes a PERIOD; a draw is an offset to years 2..T), given it exists."""
    if aid in PER_YEAR_ASSUMPTIONS:
        return True
    return model["v3"] and "." in aid and aid.rsplit(".", 1)[1] in ("growth", "amount", "pressure")


def assumption_has_effect(model, aid):
    """V4 / W9: cashable / return-scale / effect-scale only where something could use them."""
    if aid in PER_YEAR_ASSUMPTIONS or "." not in aid:
        return True
    owner, field = aid.rsplit(".", 1)
    if field == "cashable":
        cat = next(c for c in model["categories"] if c["id"] == owner)
        return cat["kind"] == "treatment" and (any(
            j["returns"] is not None and owner in j["returns"]["to"] for j in model["categories"])
            or any(x.get("drives") is not None and x["drives"]["category"] == owner
                   for x in model["metrics"]))
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
# version 3 adds the short year form `27/28`, `27-28` (20xx) (LANGUAGE.md Lexical)
TOKEN_RE_V3 = re.compile(TOKEN_RE.pattern.replace(
    r"(?P<year>\d{4}[/-]\d{2})", r"(?P<year>\d{4}[/-]\d{2}|\d{2}[/-]\d{2})"), re.VERBOSE)
assert TOKEN_RE_V3.pattern != TOKEN_RE.pattern

MONEY_SCALE = {"bn": 1000.0, "m": 1.0, "k": 0.001, "": 1.0}


def _number(text):
    v = float(text.replace(",", ""))
    if not math.isfinite(v):
        raise PlanError("number '%s' is not finite" % text)
    return v


def tokenize(text, v3=False):
    """One statement's text -> list of (kind, value, raw).  Words are lower-cased
    (LANGUAGE.md: words are case-insensitive, identifiers are lower-case)."""
    toks, i = [], 0
    regex = TOKEN_RE_V3 if v3 else TOKEN_RE
    while i < len(text):
        mt = regex.match(text, i)
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
    if kind == "all":
        return list(range(1, T + 1))
    if kind == "from":
        return list(range(period[1], T + 1))
    return list(range(period[1], period[2] + 1))


def period_max_year(period):
    if period is None or period[0] in ("default", "all"):
        return 0
    return period[1] if period[0] == "from" else period[2]


class Parser:
    def __init__(self, toks, model, extra_risks=()):
        self.toks, self.pos, self.model = toks, 0, model
        self.v3 = model["v3"]
        self.extra_risks = extra_risks          # ids the scenario's `risk` statements added (W23)

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
            short = re.fullmatch(r"(\d{2})[/-](\d{2})", v)
            if first is None and short and int(short.group(2)) == (int(short.group(1)) + 1) % 100:
                first = 2000 + int(short.group(1))                  # `27/28` is 2027/28
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

    def at_period_start(self):
        k, v, _ = self.peek()
        return k == "year" or (k == "word" and (v in ("from", "in") or re.fullmatch(r"y\d+", v)))

    def period(self, omitted=("default",)):
        """PERIOD := in Y | from Y | Y1..Y2 | in Y1..Y2; omitted = years 2..T (§2), or every
        year for `risk` / `mitigation` (("all",)).
        Kept as typed (V8): ("default",), ("all",), ("from", a), ("range", a, b)."""
        k, v, _ = self.peek()
        if k is None or not self.at_period_start():
            return omitted
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
            nonrec = False
            if self.v3 and self.at_word("non-recurrent"):                 # §2 (version 3)
                self.next()
                nonrec = True
            self.end()
            st = {"op": "invest", "amount": amt, "dst": dst, "place": place, "period": period}
            if self.v3:
                st["nonrecurrent"] = nonrec
            return st
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
        if self.v3 and w in ("set", "outturn"):
            return self.assumption_statement(w)
        if self.v3 and w in ("risk", "mitigation"):
            return self.risk_statement(w)
        if self.v3 and w == "rule":
            self.expect_word("grows-with-income")
            onoff = self.expect_word("off", "on")
            period = self.period()
            self.end()
            return {"op": "rule", "rule": "grows-with-income", "on": onoff == "on", "period": period}
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

    # --- version 3 statements -----------------------------------------------------
    def assumption_statement(self, w):
        """`set ID = VALUE [PERIOD]` (the plan) and `outturn ID = VALUE [PERIOD]` (what is
        delivered; VALUE may be `N% of plan`), with §2's rule for how a value is written."""
        k, aid, raw_id = self.next()
        if k != "word":
            raise PlanError("expected an assumption, found '%s'" % raw_id)
        if self.peek()[0] != "eq":
            raise PlanError("expected '=' after '%s'" % aid)
        self.next()
        if aid == "policy":
            if w != "set":
                raise PlanError("policy is a decision: `set policy = ...`, not `outturn`")
            v = self.expect_word("hold-budgets", "meet-demand")
            self.end()
            return {"op": "policy", "value": v}
        m = self.model
        if not assumption_exists(m, aid, self.extra_risks):
            raise PlanError("unknown assumption '%s'" % aid)
        field = aid if aid in PER_YEAR_ASSUMPTIONS else aid.rsplit(".", 1)[1]
        if w == "outturn" and field == "probability":
            raise PlanError("'%s' has no plan and outturn values: use `set`" % aid)       # §5
        if not assumption_has_effect(m, aid):
            raise PlanError("'%s' has no effect in this model" % aid)
        k, v, raw = self.next()
        if k not in ("money", "percent", "number"):
            raise PlanError("expected a value, found '%s'" % raw)
        ofplan = False
        if k == "percent" and self.at_word("of"):
            if w != "outturn":
                raise PlanError("`N%% of plan` is an outturn value: write `outturn %s = %s of plan`"
                                % (aid, raw))
            self.next()
            self.expect_word("plan")
            ofplan = True
        else:
            v = check_value_form(aid, field, k, v, raw)
        if field == "probability" and not (0.0 <= v <= 1.0):
            raise PlanError("a probability lies in 0-100%")
        if self.at_place():
            raise PlanError("an assumption takes no `in PLACE`")
        if is_per_year(m, aid):
            period = self.period()
        else:
            if self.has_period():
                raise PlanError("'%s' is a scalar assumption: it takes no period" % aid)
            period = None
        self.end()
        return {"op": w, "assumption": aid, "value": v, "ofplan": ofplan, "period": period}

    def risk_statement(self, w):
        """`risk ID AMOUNT [on ORG] [PERIOD] [at PERCENT]` (and `mitigation`), §2, §9."""
        m = self.model
        k, rid, raw = self.next()
        if k != "word" or not ID_RE.match(rid):
            raise PlanError("expected a register id, found '%s'" % raw)
        if rid not in m["risk_ids"] and rid not in self.extra_risks:
            if rid in RESERVED_V3 or YEARISH_RE.match(rid):
                raise PlanError("'%s' is a reserved word" % rid)
            if rid in m["all_ids"]:
                raise PlanError("'%s' is already the id of something else in the model" % rid)
        k, amt, raw = self.next()
        if k not in ("money", "number"):
            raise PlanError("a %s's amount is money (£m), found '%s'" % (w, raw))
        if amt < 0:
            raise PlanError("a %s's amount is a cost >= 0, found '%s'" % (w, raw))
        org = None
        if self.at_word("on"):
            self.next()
            k, org, raw = self.next()
            if k != "word" or org not in m["org_index"]:
                raise PlanError("unknown organisation '%s'" % raw)
        period = self.period(("all",))
        prob = 1.0
        if self.at_word("at"):
            self.next()
            k, prob, raw = self.next()
            if k != "percent":
                raise PlanError("a probability is written with %%, found '%s'" % raw)
            if not (0.0 <= prob <= 1.0):
                raise PlanError("a probability lies in 0-100%")
        self.end()
        return {"op": "risk", "kind": w, "id": rid, "amount": amt, "org": org, "period": period,
                "probability": prob}


def _pct_text(x):
    """A number as written before `%` in a note: 0.6 -> 60, 0.025 -> 2.5."""
    s = repr(round(x, 9))
    return s[:-2] if s.endswith(".0") else s


def check_value_form(aid, field, kind, value, raw):
    """§2 (version 3): rates need `%`; scales and probabilities take a bare fraction or a
    percentage; money takes £ or a bare number of £m; a metric's units a bare number."""
    rate = aid in PER_YEAR_ASSUMPTIONS or field in RATE_FIELDS
    if rate:
        if kind == "number":
            meant = raw if abs(value) >= 1 else _pct_text(value * 100)
            raise PlanError("%s is a rate: write %s%%, not %s" % (aid, meant, raw))
        if kind == "money":
            raise PlanError("%s is a rate, written with %%, not money ('%s')" % (aid, raw))
    elif field in SCALE_FIELDS:
        if kind == "money":
            raise PlanError("%s is a fraction or a percentage, not money ('%s')" % (aid, raw))
    elif field in MONEY_FIELDS:
        if kind == "percent":
            raise PlanError("%s is money (£m): '%s' is refused" % (aid, raw))
    else:                                                                   # trend, level
        if kind != "number":
            raise PlanError("%s is in the metric's units, a bare number: '%s' is refused" % (aid, raw))
    return value


def parse_lever(text, model):
    st = Parser(tokenize(text, model["v3"]), model).statement()
    st["text"] = text
    return st


def st_years(st, T):
    return period_years(st["period"], T)


# ---------------------------------------------------------------------------
# §5 + §2  Assumptions after `set` (plan) and `outturn` statements (typed order, overwrite)
# ---------------------------------------------------------------------------


def _row(model, arr):
    return [None] + [at_year(arr, t) for t in range(1, model["T"] + 1)]


def base_assumptions(model):
    """Every §5 assumption at the model file's value, plus policy."""
    A = {"inflation": _row(model, model["inflation"]),
         "efficiency": _row(model, model["efficiency"]),
         "scalar": {},
         "policy": model["policy"]}
    if model["streams"] is None:
        A["allocation-growth"] = _row(model, model["growth"])
    else:
        for st in model["streams"]:
            if st["base"] is not None:
                A[st["id"] + ".growth"] = _row(model, st["growth"])
            else:
                A[st["id"] + ".amount"] = _row(model, st["amounts"])
    for c in model["categories"]:
        A["scalar"][c["id"] + ".demand-growth"] = c["demandGrowth"]
        A["scalar"][c["id"] + ".cashable"] = c["cashable"]
        A["scalar"][c["id"] + ".return-scale"] = 1.0          # default 1 (§5)
        A["scalar"][c["id"] + ".effect-scale"] = 1.0          # default 1 (§4, §5)
        if model["v3"]:
            A[c["id"] + ".pressure"] = _row(model, c["pressure"])
    for e in model["enablers"]:
        A["scalar"][e["id"] + ".cost"] = e["cost"]
    for x in model["metrics"]:
        A["scalar"][x["id"] + ".trend"] = x["trend"]
        if model["v3"]:
            A["scalar"][x["id"] + ".level"] = x["level"]
    return A


def copy_assumptions(A):
    out = {}
    for k, v in A.items():
        if isinstance(v, list):
            out[k] = list(v)
        elif isinstance(v, dict):
            out[k] = dict(v)
        else:
            out[k] = v
    return out


def _field(aid):
    return aid if aid in PER_YEAR_ASSUMPTIONS else aid.rsplit(".", 1)[1]


def _is_enabler_cost(model, aid):
    return _field(aid) == "cost" and any(e["id"] + ".cost" == aid for e in model["enablers"])


def resolve_assumptions(model, statements):
    """(Ap, Ao): every §5 assumption at plan (the `set` statements) and at outturn (the plan
    unless an `outturn` statement says otherwise, §2), plus policy.  Under contract 2 there is
    one value (Ap is Ao); draws are applied to Ao later (so they move both under contract 2)."""
    T = model["T"]
    v3 = model["v3"]
    A = base_assumptions(model)
    for st in statements:
        if st["op"] == "policy":
            A["policy"] = st["value"]
        elif st["op"] == "set":
            aid = st["assumption"]
            if v3 and (_field(aid) == "probability" or _is_enabler_cost(model, aid)):
                continue            # R.probability: the register; E.cost: outturn only (below)
            if st["period"] is None:
                A["scalar"][aid] = st["value"]
            else:
                for t in st_years(st, T):
                    A[aid][t] = st["value"]
    if not v3:
        A["register"] = []
        return A, A
    Ao = copy_assumptions(A)
    for st in statements:            # typed order; `N% of plan` reads the finished plan (W10)
        aid = st.get("assumption")
        if st["op"] == "outturn" or (st["op"] == "set" and _is_enabler_cost(model, aid)):
            if _is_enabler_cost(model, aid):
                plan = next(e["cost"] for e in model["enablers"] if e["id"] + ".cost" == aid)
                Ao["scalar"][aid] = st["value"] * plan if st.get("ofplan") else st["value"]
            elif st["period"] is None:
                Ao["scalar"][aid] = st["value"] * A["scalar"][aid] if st["ofplan"] else st["value"]
            else:
                for t in st_years(st, T):
                    Ao[aid][t] = st["value"] * A[aid][t] if st["ofplan"] else st["value"]
    reg = resolve_register(model, statements)
    A["register"] = reg
    Ao["register"] = [dict(r) for r in reg]         # draws of R.probability touch Ao's only
    return A, Ao


def resolve_register(model, statements):
    """The scenario's risk register (§9): the model's entries in model order, then the
    scenario's new ones in the order typed; `risk` / `mitigation` with an existing id replace
    that entry in place; `set R.probability` and those statements apply in the order typed."""
    T = model["T"]
    reg = [{"id": r["id"], "kind": r["kind"], "org": r["org"], "impact": _row(model, r["impact"]),
            "probability": r["probability"], "recurrent": r["recurrent"]} for r in model["risks"]]
    for st in statements:
        if st["op"] == "risk":
            years = set(st_years(st, T))
            entry = {"id": st["id"], "kind": st["kind"], "org": st["org"],
                     "impact": [None] + [st["amount"] if t in years else 0.0 for t in range(1, T + 1)],
                     "probability": st["probability"], "recurrent": True}
            k = next((i for i, r in enumerate(reg) if r["id"] == st["id"]), None)
            if k is None:
                reg.append(entry)
            else:
                reg[k] = entry
        elif st["op"] == "set" and _field(st["assumption"]) == "probability":
            rid = st["assumption"].rsplit(".", 1)[0]
            for r in reg:
                if r["id"] == rid:
                    r["probability"] = st["value"]
    return reg


def scenario_risk_ids(statements):
    """Ids that the scenario's `risk` / `mitigation` statements add (for `set R.probability`)."""
    return {st["id"] for st in statements if st["op"] == "risk"}


def assumption_value(model, A, aid):
    """The scenario's value of an assumption (for explain variance: 0 for a per-year one)."""
    if is_per_year(model, aid):
        return 0.0
    if model["v3"] and _field(aid) == "probability":
        rid = aid.rsplit(".", 1)[0]
        return next(r["probability"] for r in A["register"] if r["id"] == rid)
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
    """F[c,p,1] = base_{c,p}; treatment F = F[t-1](1+g_{c,p})(1+infl[t]+pressure_c[t])(1-eps[c,t]);
    prevention F = F[t-1](1+g_{c,p})(1+infl[t]+pressure_c[t]); g_{c,p} = demand-growth + delta.
    (Contract 2: no pressure term.)"""
    T = model["T"]
    v3 = model["v3"]
    F = {}
    for c in model["categories"]:
        g = A["scalar"][c["id"] + ".demand-growth"] + place["delta"][c["id"]]
        pr = A[c["id"] + ".pressure"] if v3 else None
        row = [None, place["base"][c["id"]]]
        for t in range(2, T + 1):
            if v3:
                v = row[t - 1] * (1.0 + g) * (1.0 + A["inflation"][t] + pr[t])
            else:
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
    """(X[p][c][t], NRX[p][t]) from shifts and invests (§2, V5, V6); F is the per-place
    efficient cost AT PLAN (Fp, §2).  NRX: the money of `non-recurrent` invests (§9)."""
    T = model["T"]
    places = model["places"]
    P = len(places)
    X = [{c["id"]: [None] + [0.0] * T for c in model["categories"]} for _ in places]
    NRX = [[None] + [0.0] * T for _ in places]
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
                if st.get("nonrecurrent"):
                    NRX[pi][t] += ap
    return X, NRX


def kernel_at(kernel, k):
    """kernel[k]; at or beyond the kernel's length the last entry is used (§3)."""
    return kernel[k] if k < len(kernel) else kernel[-1]


def savings(model, A, Xp, M, prog=None):
    """S[c,p,t] = sum_j to_j[c] * sum_{s<=t} X[j,p,s] * r_j * kernel_j[t-s] * m_j[s]
    (+ sum over metrics m that drive c of dir_m * programme[m,p,t] * unitCost_m, version 3)."""
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
    if model["v3"]:
        for x in model["metrics"]:
            if x["drives"] is None:
                continue
            c, unit = x["drives"]["category"], x["drives"]["unitCost"]
            sign = -1.0 if x["better"] == "lower" else 1.0                  # dir_m (§3)
            for t in range(1, T + 1):
                S[c][t] += sign * prog[x["id"]][t] * unit
    return S


LINE_KEYS = ("budget", "outturn", "unmet", "savings", "payment", "providerGap", "released")


def category_lines(model, A, Fp, F, Xp, Sp):
    """budget, outturn, unmet, savings, payment, providerGap, released for one place (§3).
    Fp: efficient cost at plan (budgets), F: at outturn (demand); A: the outturn assumptions."""
    T = model["T"]
    hold = A["policy"] == "hold-budgets"
    lines = {}
    for c in model["categories"]:
        cid = c["id"]
        row = {k: [None] for k in LINE_KEYS}
        for t in range(1, T + 1):
            if c["kind"] == "treatment":
                k_c = A["scalar"][cid + ".cashable"]
                demand = max(0.0, F[cid][t] - k_c * Sp[cid][t] + max(Xp[cid][t], 0.0))
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
                budget = Fp[cid][t] + Xp[cid][t]
                outturn = payment = F[cid][t] + Xp[cid][t]
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


def project_money(model, Ap, Ao, L, statements, strict=False):
    """The §2-§3 chain, per place: Fp from the plan assumptions Ap (budgets, the percentages and
    splits of the scenario's money), F from the outturn ones Ao (demand, savings, metrics)."""
    Lf = lagged_levels(model, L)
    eps = efficiency_rates(model, Ao, Lf)
    F = [efficient_cost(model, Ao, eps, pl) for pl in model["places"]]
    if Ap is Ao:
        Fp = F
    else:
        eps_p = efficiency_rates(model, Ap, Lf)
        Fp = [efficient_cost(model, Ap, eps_p, pl) for pl in model["places"]]
    M = prevention_multiplier(model, Lf)
    X, NRX = scenario_money(model, statements, Fp, strict)
    P = len(model["places"])
    if statements:
        prog = [programme_terms(model, Ao, X[pi], M, Lf, model["places"][pi]) for pi in range(P)]
    else:                      # no money (B0, a baseline): every programme term is 0
        zero = [None] + [0.0] * model["T"]
        prog = [{x["id"]: zero for x in model["metrics"]} for _ in range(P)]
    S = [savings(model, Ao, X[pi], M, prog[pi]) for pi in range(P)]
    lines = [category_lines(model, Ao, Fp[pi], F[pi], X[pi], S[pi]) for pi in range(P)]
    return {"Lf": Lf, "eps": eps, "F": F, "Fp": Fp, "M": M, "X": X, "NRX": NRX, "S": S,
            "prog": prog, "lines": lines}


def stream_series(model, A):
    """st[t] of every income stream (§3): base and growth (`S.growth`), or amounts (`S.amount`)."""
    T = model["T"]
    out = {}
    for st in model["streams"] or []:
        if st["base"] is not None:
            g = A[st["id"] + ".growth"]
            row = [None, st["base"]]
            for t in range(2, T + 1):
                row.append(row[t - 1] * (1.0 + g[t]))
        else:
            row = [None] + [A[st["id"] + ".amount"][t] for t in range(1, T + 1)]
        out[st["id"]] = row
    return out


def income_series(model, A, place, pi=0, streams=None):
    """income[p,t]: without streams income[p,1] = base * w_p, income[p,t] = income[p,t-1] (1 + growth[t]);
    with streams sum_st a[st,p] st[t] (§3)."""
    if model["streams"] is None:
        inc = [None, model["income_base"] * place["w"]]
        for t in range(2, model["T"] + 1):
            inc.append(inc[t - 1] * (1.0 + A["allocation-growth"][t]))
        return inc
    return [None] + [_sum(st["a"][pi] * streams[st["id"]][t] for st in model["streams"])
                     for t in range(1, model["T"] + 1)]


def stream_part(model, streams, pi, pick):
    """sum over the streams `pick` selects of a[st,p] st[t] (NRI[p,t], the MHIS base...)."""
    return [None] + [_sum(st["a"][pi] * streams[st["id"]][t] for st in model["streams"] if pick(st))
                     for t in range(1, model["T"] + 1)]


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


def programme_terms(model, A, X, M, Lf, place):
    """programme[m,p,t] of every metric (§4): k_p * sum_j perMillion e_j sum_s X kernel m_j q_m,
    then C tanh(linear / C) with a ceiling C > 0 (version 3; contract 2 clips to +-C), 0 with a
    ceiling of 0, linear without one.  C is this place's ceiling (x s_p for a sum metric)."""
    T = model["T"]
    kinds = {c["id"]: c["kind"] for c in model["categories"]}
    out = {}
    for metric in model["metrics"]:
        is_sum = metric["aggregate"] == "sum"
        k_p = 1.0 if is_sum else 1.0 / place["s"]
        scale = place["s"] if is_sum else 1.0
        ceiling = metric["ceiling"] * scale if metric["ceiling"] is not None else None
        q = equity_factor(model, metric, Lf)
        row = [None]
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
                if not model["v3"]:
                    programme = min(ceiling, max(-ceiling, programme))
                elif ceiling > 0:
                    programme = ceiling * math.tanh(programme / ceiling)
                else:
                    programme = 0.0
            row.append(programme)
        out[metric["id"]] = row
    return out


def metric_place_values(model, A, metric, place, proj, pi, proj0, kinds):
    """value[m,p,t] (§4, V13); version 3 adds level_m (x s_p for a sum metric) to the base."""
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
    if model["v3"]:
        base = base + A["scalar"][mid + ".level"] * scale
    lo = metric["min"] * scale if metric["min"] is not None else None
    hi = metric["max"] * scale if metric["max"] is not None else None
    Lf = proj["Lf"]
    prog = proj["prog"][pi][mid]
    lines = proj["lines"][pi]
    lines0 = proj0["lines"][pi] if proj0 else None
    vals = [None]
    for t in range(1, T + 1):
        programme = prog[t]
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
    """Contract 2: (target, targetYear label, met) with met = None outside the horizon (§4, §6)."""
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


def judge_target(model, metric, vals, tg):
    """Version 3 (§4): judged in every year of the horizon from its year on (every year when its
    year is before the horizon); met when the system value is on the better side (or equal) in
    every judged year; after the horizon: met null, metYears []."""
    T, first = model["T"], model["firstYear"]
    t0 = tg["year"] - first + 1
    out = {"value": tg["value"], "year": year_label(tg["year"])}
    if t0 > T:
        out["met"], out["metYears"] = None, []
        return out
    judged = list(range(max(1, t0), T + 1))
    if metric["better"] == "higher":
        ok = [t for t in judged if vals[t] >= tg["value"]]
    else:
        ok = [t for t in judged if vals[t] <= tg["value"]]
    out["met"] = len(ok) == len(judged)
    out["metYears"] = [year_label(first + t - 1) for t in ok]
    return out


# ---------------------------------------------------------------------------
# One full run (§2-§4, §9) and the §6 result object
# ---------------------------------------------------------------------------


def run(model, statements, draw=None, strict=False):
    """One run of the scenario.  `draw` (optional) is a list of (uncertainty entry, value)
    pairs applied on top of the scenario's outturn values (§5, U2, W12; under contract 2 on top
    of the `set` statements, moving plan and outturn alike)."""
    T = model["T"]
    places = model["places"]
    P = len(places)
    v3 = model["v3"]
    Ap, Ao = resolve_assumptions(model, statements)
    if draw:
        apply_draw(model, Ao, draw)
    L = resolve_levels(model, statements)
    proj = project_money(model, Ap, Ao, L, statements, strict)
    # B0: same model, set/outturn assumptions (and draw) and policy, X = 0, L = 1 (§4); read
    # only by the activity term, so skipped when no metric has one (same results).
    proj0 = None
    if any(x["activity"] for x in model["metrics"]):
        proj0 = project_money(model, Ap, Ao, unit_levels(model), [])
    per_enabler, ec_total = enabler_costs(model, Ao, L)
    kinds = {c["id"]: c["kind"] for c in model["categories"]}
    streams = stream_series(model, Ao) if model["streams"] is not None else None
    streams_p = stream_series(model, Ap) if (v3 and model["streams"] is not None) else None
    pl_res = []
    for pi, pl in enumerate(places):
        inc = income_series(model, Ao, pl, pi, streams)
        lines = proj["lines"][pi]
        spend, bal, icb = [None], [None], [None]
        for t in range(1, T + 1):
            ec = pl["w"] * ec_total[t]
            sp = _sum(lines[c["id"]]["outturn"][t] for c in model["categories"]) + ec
            pay = _sum(lines[c["id"]]["payment"][t] for c in model["categories"])
            spend.append(sp)
            bal.append(inc[t] - sp)
            icb.append(inc[t] - pay - ec)
        mets = {x["id"]: metric_place_values(model, Ao, x, pl, proj, pi, proj0, kinds)
                for x in model["metrics"]}
        r = {"income": inc, "spend": spend, "balance": bal, "icbBalance": icb,
             "lines": lines, "metrics": mets}
        if v3:
            if streams is None:
                r["nri"] = [None] + [0.0] * T
                r["mhisBase"] = income_series(model, Ap, pl, pi)          # Ib = plan income
            else:
                r["nri"] = stream_part(model, streams, pi, lambda st: not st["recurrent"])
                anyb = any(st["mhisBase"] for st in model["streams"])
                r["mhisBase"] = stream_part(model, streams_p, pi,
                                            lambda st: st["mhisBase"] or not anyb)
            r["nrx"] = proj["NRX"][pi]
        pl_res.append(r)
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
    if v3 and model["providers"]:
        # balance[t] = sum_p balance[p,t] + sum over providers of planPosition_o[t] (§3, §9)
        balance = [None] + [balance[t] + _sum(at_year(o["planPosition"], t) for o in model["providers"])
                            for t in range(1, T + 1)]
    cumulative, icbcum = [None], [None]
    r1 = r2 = 0.0
    for t in range(1, T + 1):
        r1 += balance[t]
        r2 += icbb[t]
        cumulative.append(r1)
        icbcum.append(r2)
    res = {"A": Ao, "Ap": Ap, "L": L, "proj": proj, "proj0": proj0, "income": income,
           "per_enabler": per_enabler, "spend": spend, "balance": balance,
           "cumulative": cumulative, "icbBalance": icbb, "icbCumulative": icbcum,
           "lines": syslines, "metrics": metrics, "places": pl_res}
    if v3:
        res["streams"] = streams
        res["rule_off"] = rule_off_years(model, statements)
        positions_v3(model, res)
    return res


def risk_reach(model, r):
    """Where a register entry lands (§9): (reaches the ICB?, {organisation id: a[r,o]})."""
    if r["org"] is None:
        return True, {o["id"]: o["h"] for o in model["commissioners"]}
    o = model["organisations"][model["org_index"][r["org"]]]
    return o["kind"] == "commissioner", {r["org"]: 1.0}


def positions_v3(model, res):
    """Version 3 (§3, §9): NRI, NRX, the underlying, organisations, otherProviders, the
    risk-adjusted rows and the mental health investment standard, into `res`."""
    T = model["T"]
    pl_res = res["places"]
    rng = range(1, T + 1)

    def col(key):
        return [None] + [_sum(r[key][t] for r in pl_res) for t in rng]

    nri, nrx = col("nri"), col("nrx")
    support = [None] + [_sum(at_year(o["support"], t) for o in model["providers"]) for t in rng]
    res["nri"], res["nrx"] = nri, nrx
    res["underlying"] = [None] + [res["balance"][t] - nri[t] + nrx[t] - support[t] for t in rng]
    res["icbUnderlying"] = [None] + [res["icbBalance"][t] - nri[t] + nrx[t] for t in rng]
    orgs = {}
    cats = model["categories"]
    for o in model["organisations"]:
        if o["kind"] == "commissioner":
            bal = [None] + [_sum(pl_res[pi]["icbBalance"][t] for pi in o["places"]) for t in rng]
            und = [None] + [bal[t] - _sum(pl_res[pi]["nri"][t] - pl_res[pi]["nrx"][t]
                                          for pi in o["places"]) for t in rng]
        else:
            bal = [None] + [at_year(o["planPosition"], t) + _sum(
                o["delivers"][c["id"]][pi] * pl_res[pi]["lines"][c["id"]]["providerGap"][t]
                for c in cats if c["id"] in o["delivers"] for pi in range(len(pl_res)))
                for t in rng]
            und = [None] + [bal[t] - at_year(o["support"], t) for t in rng]
        orgs[o["id"]] = {"balance": bal, "underlying": und}
    other = [None]
    for t in rng:
        acc = 0.0
        for c in cats:
            for pi in range(len(pl_res)):
                d = _sum(o["delivers"][c["id"]][pi] for o in model["providers"] if c["id"] in o["delivers"])
                acc += (1.0 - d) * pl_res[pi]["lines"][c["id"]]["providerGap"][t]
        other.append(acc)
    res["otherProviders"] = other
    # risk-adjusted rows: + sum_r sigma_r pi_r i_r[t] where each entry reaches (§9)
    ra = list(res["balance"])
    ira = list(res["icbBalance"])
    ora = {oid: list(v["balance"]) for oid, v in orgs.items()}
    for r in res["A"]["register"]:
        sign = -1.0 if r["kind"] == "risk" else 1.0
        icb, reach = risk_reach(model, r)
        for t in rng:
            e = sign * r["probability"] * r["impact"][t]
            ra[t] += e
            if icb:
                ira[t] += e
            for oid, a in reach.items():
                ora[oid][t] += e * a
    res["riskAdjusted"], res["icbRiskAdjusted"] = ra, ira
    for oid in orgs:
        orgs[oid]["riskAdjusted"] = ora[oid]
    res["orgs"] = orgs
    mhis_v3(model, res)


def _headroom(H, Ib, T):
    """headroom[t] = H[t] - H[t-1] Ib[t] / Ib[t-1], t >= 2; None in year 1 and where Ib[t-1] = 0 (W19)."""
    out = [None, None]
    for t in range(2, T + 1):
        out.append(None if Ib[t - 1] == 0.0 else H[t] - H[t - 1] * Ib[t] / Ib[t - 1])
    return out


def mhis_v3(model, res):
    """The mental health investment standard (§3, version 3): headroom for the system and for
    each commissioner; breaches per commissioner (or for the system without commissioners),
    unless `rule grows-with-income off` covers the year."""
    T = model["T"]
    G = [c["id"] for c in model["categories"] if c["growsWithIncome"]]
    res["mhisHeadroom"] = None
    res["orgMhis"] = {}
    res["breaches"] = []
    if not G:
        return
    pl_res = res["places"]

    def H_of(pis):
        return [None] + [_sum(_sum(pl_res[pi]["lines"][c]["budget"][t] for pi in pis) for c in G)
                         for t in range(1, T + 1)]

    def Ib_of(pis):
        return [None] + [_sum(pl_res[pi]["mhisBase"][t] for pi in pis) for t in range(1, T + 1)]

    allp = list(range(len(pl_res)))
    H = [None] + [_sum(res["lines"][c]["budget"][t] for c in G) for t in range(1, T + 1)]
    res["mhisHeadroom"] = _headroom(H, Ib_of(allp), T)
    for o in model["commissioners"]:
        res["orgMhis"][o["id"]] = _headroom(H_of(o["places"]), Ib_of(o["places"]), T)
    off = res.get("rule_off", set())
    labels = horizon_labels(model)
    for t in range(2, T + 1):
        if t in off:
            continue
        if model["commissioners"]:
            judged = [(o["id"], res["orgMhis"][o["id"]][t]) for o in model["commissioners"]]
        else:
            judged = [(None, res["mhisHeadroom"][t])]
        for oid, h in judged:
            if h is not None and h < -1e-9:
                b = {"rule": "grows-with-income", "category": G[0], "categories": list(G)}
                if oid is not None:
                    b["org"] = oid
                b["year"] = labels[t - 1]
                b["headroom"] = h
                res["breaches"].append(b)


def rule_off_years(model, statements):
    """Years in which `rule grows-with-income off` holds (typed order, overwrite)."""
    off = set()
    for st in statements:
        if st["op"] == "rule":
            for t in st_years(st, model["T"]):
                if st["on"]:
                    off.discard(t)
                else:
                    off.add(t)
    return off


def check_prevention(model, result, before):
    """§3, V7: a prevention budget Fp + X (version 3: and its outturn F + X) must not be below
    -1e-9 in any place and year.  `before` is the run without the new statement: its budget is
    the money available."""
    keys = ("budget", "outturn") if model["v3"] else ("budget",)
    for pi, pl in enumerate(model["places"]):
        for c in model["categories"]:
            if c["kind"] != "prevention":
                continue
            for t in range(1, model["T"] + 1):
                if any(result["places"][pi]["lines"][c["id"]][k][t] < -1e-9 for k in keys):
                    avail = None
                    if before is not None and t < len(before["places"][pi]["lines"][c["id"]]["budget"]):
                        avail = before["places"][pi]["lines"][c["id"]]["budget"][t]
                    where = (" in %s" % pl["id"]) if pl["id"] is not None else ""
                    raise PlanError("this would leave %s negative%s in %s%s"
                                    % (c["id"], where, year_label(model["firstYear"] + t - 1),
                                       "" if avail is None else " (£%.6gm available)" % avail))


def breaches(model, result):
    """grows-with-income (§3, V12): year order, then category model order (contract 2)."""
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
    v3 = model["v3"]
    labels = horizon_labels(model)
    cats = {c["id"]: {k: result["lines"][c["id"]][k][1:] for k in SIX} for c in model["categories"]}
    enas = {e["id"]: {"level": result["L"][e["id"]][1:], "cost": result["per_enabler"][e["id"]][1:]}
            for e in model["enablers"]}
    mets = {}
    for x in model["metrics"]:
        vals = result["metrics"][x["id"]]
        o = {"unit": x["unit"], "values": vals[1:]}
        if x["target"] is not None:                                         # V14
            if v3:
                tgs = [judge_target(model, x, vals, tg) for tg in x["targets"]]
                o["target"], o["targetYear"], o["met"] = tgs[0]["value"], tgs[0]["year"], tgs[0]["met"]
                o["targets"] = tgs
            else:
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
           "icbBalance": result["icbBalance"][1:], "icbCumulative": result["icbCumulative"][1:]}
    if v3:
        if model["streams"] is not None:
            out["streams"] = {st["id"]: result["streams"][st["id"]][1:] for st in model["streams"]}
        out["nonRecurrentIncome"] = result["nri"][1:]
        out["underlying"] = result["underlying"][1:]
        out["icbUnderlying"] = result["icbUnderlying"][1:]
        out["riskAdjusted"] = result["riskAdjusted"][1:]
        out["icbRiskAdjusted"] = result["icbRiskAdjusted"][1:]
    out["categories"] = cats
    out["enablers"] = enas
    out["metrics"] = mets
    out["objective"] = obj
    if v3:
        out["breaches"] = result["breaches"]
        if model["organisations"]:
            obj["organisations"] = {o["id"]: _objective(labels, result["orgs"][o["id"]]["balance"], T)
                                    for o in model["organisations"]}
            orgs = {}
            for o in model["organisations"]:
                r = result["orgs"][o["id"]]
                e = {"kind": o["kind"], "balance": r["balance"][1:], "underlying": r["underlying"][1:],
                     "riskAdjusted": r["riskAdjusted"][1:]}
                if o["kind"] == "commissioner" and result["mhisHeadroom"] is not None:
                    e["mhisHeadroom"] = result["orgMhis"][o["id"]][1:]
                orgs[o["id"]] = e
            out["organisations"] = orgs
            out["otherProviders"] = result["otherProviders"][1:]
        out["risks"] = [{"id": r["id"], "kind": r["kind"], "org": r["org"],
                         "probability": r["probability"],
                         "impact": [(-1.0 if r["kind"] == "risk" else 1.0) * r["impact"][t]
                                    for t in range(1, T + 1)]}
                        for r in result["A"]["register"]]
        if result["mhisHeadroom"] is not None:
            out["mhisHeadroom"] = result["mhisHeadroom"][1:]
    else:
        out["breaches"] = breaches(model, result)
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
    """Assumption ids the scenario sets with `set` or `outturn` (in any year): held, not drawn
    (§5, U3)."""
    return {st["assumption"] for st in statements if st["op"] in ("set", "outturn")}


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
        if is_per_year(model, aid):
            row = A[aid]
            for t in range(2, T + 1):
                row[t] += value
        elif model["v3"] and _field(aid) == "probability":
            rid = aid.rsplit(".", 1)[0]
            for r in A["register"]:
                if r["id"] == rid:
                    r["probability"] = value
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
        if model["v3"]:
            if word == "underlying":
                return result["underlying"][t]
            if word == "risk-adjusted":
                return result["riskAdjusted"][t]
            if word in model["org_index"]:
                return result["orgs"][word]["balance"][t]
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
    # Stable: ties keep model order; swings within 1e-12 of the largest (or of 1) are ties, so rounding
    # noise (a sum that should cancel) does not reorder rows (hweplan's Sensitivity.swift does the same).
    scale = max([1.0] + [r["swing"] for r in rows])
    rows.sort(key=lambda r: -round(r["swing"] / scale * 1e12))
    return rows


def percentile(sorted_values, p):
    """Linear interpolation between order statistics (numpy "linear", R type 7)."""
    n = len(sorted_values)
    h = (n - 1) * p
    lo = int(math.floor(h))
    if lo >= n - 1:
        return sorted_values[-1]
    return sorted_values[lo] + (h - lo) * (sorted_values[lo + 1] - sorted_values[lo])


def triangular_quantile(u, lo, mode, hi):
    """The inverse CDF of triangular(lo, mode, hi) at u in [0, 1]."""
    if hi <= lo:
        return lo
    cut = (mode - lo) / (hi - lo)
    if u < cut:
        return lo + math.sqrt(u * (hi - lo) * (mode - lo))
    return hi - math.sqrt((1.0 - u) * (hi - lo) * (hi - mode))


def copula_setup(model, entries):
    """(assumption ids, Cholesky factor) for the Gaussian copula of §5, or None when no given
    correlation joins two assumptions that are drawn in this scenario (W29)."""
    if not model["v3"] or not model["correlations"]:
        return None
    ids = []
    for u in entries:
        if u["assumption"] not in ids:
            ids.append(u["assumption"])
    if not any(c["a"] in ids and c["b"] in ids for c in model["correlations"]):
        return None
    return ids, cholesky(correlation_matrix(ids, model["correlations"]))


def draw_values(rng, entries, cop):
    """One draw of every entry: independent triangulars (in model order, U7), or, with a
    copula, z = L n (n standard normal, one per assumption), u = Phi(z), and each entry takes
    the triangular quantile of its assumption's u."""
    if cop is None:
        return [(u, rng.triangular(u["low"], u["high"], u["mode"])) for u in entries]
    ids, Lc = cop
    n = [rng.gauss(0.0, 1.0) for _ in ids]
    z = [_sum(Lc[i][k] * n[k] for k in range(i + 1)) for i in range(len(ids))]
    uu = {a: 0.5 * (1.0 + math.erf(z[i] / math.sqrt(2.0))) for i, a in enumerate(ids)}
    return [(u, triangular_quantile(uu[u["assumption"]], u["low"], u["mode"], u["high"]))
            for u in entries]


def risk_draw(model, res, happened):
    """Add the register entries that happen in a draw (§9): sigma i[t] to the system, the ICB
    where it reaches it, the organisations by a[r,o], and, if recurrent, to the underlying;
    `before` leaves mitigations out.  Place balances carry no risks."""
    T = model["T"]
    out = {"balance": list(res["balance"]), "icbBalance": list(res["icbBalance"]),
           "underlying": list(res["underlying"]), "before": list(res["balance"]),
           "orgs": {oid: list(v["balance"]) for oid, v in res["orgs"].items()}}
    for r, hap in zip(res["A"]["register"], happened):
        if not hap:
            continue
        sign = -1.0 if r["kind"] == "risk" else 1.0
        icb, reach = risk_reach(model, r)
        for t in range(1, T + 1):
            e = sign * r["impact"][t]
            out["balance"][t] += e
            if r["kind"] == "risk":
                out["before"][t] += e
            if icb:
                out["icbBalance"][t] += e
            if r["recurrent"]:
                out["underlying"][t] += e
            for oid, a in reach.items():
                out["orgs"][oid][t] += e * a
    return out


def montecarlo_draws(model, statements, n, seed):
    """Run n draws; returns a dict of per-draw series (index 0 unused): balance,
    icbBalance, metrics{id}, places{id: balance} (U7); version 3 also underlying,
    beforeMitigations and orgs{id: balance} (W28)."""
    import random
    rng = random.Random(seed)
    entries = uncertain_entries(model, statements)
    v3 = model["v3"]
    cop = copula_setup(model, entries)
    out = {"balance": [], "icbBalance": [], "metrics": {x["id"]: [] for x in model["metrics"]},
           "places": {pl["id"]: [] for pl in model["places"] if pl["id"] is not None}}
    if v3:
        out.update({"underlying": [], "beforeMitigations": [],
                    "orgs": {o["id"]: [] for o in model["organisations"]}})
    for _ in range(n):
        draw = draw_values(rng, entries, cop)
        res = run(model, statements, draw)
        if v3:
            happened = [rng.random() < r["probability"] for r in res["A"]["register"]]
            rd = risk_draw(model, res, happened)
            out["balance"].append(rd["balance"])
            out["icbBalance"].append(rd["icbBalance"])
            out["underlying"].append(rd["underlying"])
            out["beforeMitigations"].append(rd["before"])
            for oid in out["orgs"]:
                out["orgs"][oid].append(rd["orgs"][oid])
        else:
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
    if model["v3"]:
        obj["pBalancedBeforeMitigations"] = pbal(d["beforeMitigations"])
        obj["underlying"] = bands(d["underlying"])
        if model["organisations"]:
            obj["organisations"] = {o["id"]: {"pBalanced": pbal(d["orgs"][o["id"]])}
                                    for o in model["organisations"]}
    return obj


def parse_target(p, model, allow_items=False):
    """TARGET := (balance | icb-balance | METRIC | CATEGORY) [in PLACE]; with allow_items also
    income and spend (the ITEMs of `explain variance`)."""
    word = p.expect_word()
    ok = ["balance", "icb-balance"] + (["income", "spend"] if allow_items else [])
    names = [x["id"] for x in model["metrics"]] + [c["id"] for c in model["categories"]]
    whole = []                                 # version 3: targets of the whole system only
    if model["v3"]:
        whole = ([] if allow_items else ["underlying", "risk-adjusted"]) + \
                [o["id"] for o in model["organisations"]]
    if word not in ok and word not in names and word not in whole:
        raise PlanError("unknown target '%s' (expected %s, a metric or a category%s)"
                        % (word, ", ".join(ok + whole[:2]),
                           ", or an organisation" if model["v3"] else ""))
    place = p.place() if p.at_place() else None
    if place is not None and word in whole:
        raise PlanError("'%s' takes no `in PLACE`" % word)
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
        orgs = model["org_index"] if model["v3"] else {}
        if itext not in ("income", "spend", "balance", "icb-balance") and itext not in cats \
                and itext not in mets and itext not in orgs:
            raise PlanError("%s:%d:%d: unknown item '%s'" % (name, n, cols[2], itext))
        if itext in orgs and place is not None:
            raise PlanError("%s:%d:%d: an organisation's balance has no place" % (name, n, cols[1]))
        if not CSV_NUMBER.fullmatch(vtext):
            raise PlanError("%s:%d:%d: '%s' is not a number" % (name, n, cols[3], vtext))
        v = float(vtext)
        if not math.isfinite(v):
            raise PlanError("%s:%d:%d: '%s' is not finite" % (name, n, cols[3], vtext))
        out[(y, place, itext)] = v
    return out


def item_order(model, place=None):
    """Items in §8 order for one place: income, spend, balance, icb-balance, categories, metrics
    (version 3, the system's block: then organisations, in model order)."""
    return (["income", "spend", "balance", "icb-balance"] + [c["id"] for c in model["categories"]]
            + [x["id"] for x in model["metrics"]]
            + ([o["id"] for o in model["organisations"]] if model["v3"] and place is None else []))


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
        for item in item_order(model, place):
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
        toks = tokenize(text, self.model["v3"])
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
        st = Parser(toks, self.model, scenario_risk_ids(self.scenarios[self.current])).statement()
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


def load_model_file(path, contract=3):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    return load_model(doc, contract)


def no_negative_zero(obj):
    """§6 (version 3): zeros are written 0, never -0."""
    if isinstance(obj, float):
        return 0.0 if obj == 0.0 else obj
    if isinstance(obj, list):
        return [no_negative_zero(v) for v in obj]
    if isinstance(obj, dict):
        return {k: no_negative_zero(v) for k, v in obj.items()}
    return obj


def main(argv):
    argv = list(argv)
    contract = 3
    if len(argv) >= 3 and argv[1] == "--contract":
        if argv[2] not in ("2", "3"):
            sys.stderr.write("hweplan_ref.py: --contract is 2 or 3\n")
            return 2
        contract = int(argv[2])
        del argv[1:3]
    if len(argv) != 3:
        sys.stderr.write("usage: hweplan_ref.py [--contract 2|3] MODEL.json SCRIPT.scenario\n")
        return 2
    try:
        model = load_model_file(argv[1], contract)
    except (PlanError, ValueError) as err:
        sys.stderr.write("error: %s: %s\n" % (argv[1], err))
        return 1
    with open(argv[2], encoding="utf-8") as f:
        source = f.read()
    try:
        for obj in run_script(model, source, argv[2]):
            if contract >= 3:
                obj = no_negative_zero(obj)
            line = json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
            sys.stdout.buffer.write((line + "\n").encode("utf-8"))
    except PlanError as err:
        sys.stdout.flush()
        sys.stderr.write("error: %s\n" % err)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

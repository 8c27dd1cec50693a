"""Random scripts of every statement, with extreme amounts and years, against the built binary.

Usage: python3 fuzz.py HWEPLAN_BINARY SEED COUNT
Each script runs with --keep-going in the table and JSON formats: the exit status must be 0 or 1 (never a
crash), and in JSON every line on standard output must be a JSON object. Exit 1 on the first failure.
"""
import json, random, subprocess, sys
binary = sys.argv[1]
rng = random.Random(int(sys.argv[2]))
cats = ["acute", "community", "mental-health", "primary-care", "prescribing", "continuing-care", "other", "prevention",
        "prevention.best-start", "prevention.lifestyles", "prevention.ageing-well", "prevention.mental-health"]
ens = ["workforce", "right-place", "data-and-insight", "research-and-innovation", "joint-commissioning", "digital"]
mets = ["smoking-prevalence", "healthy-life-expectancy", "waiting-list", "school-readiness", "carbon", "balance", "falls-admissions"]
assum = ["allocation-growth", "inflation", "efficiency", "acute.demand-growth", "acute.cashable", "prevention.lifestyles.return-scale", "digital.cost", "smoking-prevalence.trend"]
years = ["2023/24", "2024/25", "2025/26", "2026/27", "2027/28", "y1", "y2", "y5", "2030/31"]
amounts = ["2%", "0%", "100%", "150%", "£5m", "£0m", "£1e9m", "1e300", "-3", "£500k", "0.001", "£1,250m", "1e-300", "300%"]
def period():
    r = rng.random()
    if r < 0.3: return ""
    if r < 0.5: return " in " + rng.choice(years)
    if r < 0.7: return " from " + rng.choice(years)
    return " " + rng.choice(years) + ".." + rng.choice(years)
def cond():
    r = rng.random()
    if r < 0.3: return f"balance >= {rng.choice(['0', '-100', '£-50m', '1e9'])} every year"
    if r < 0.6: return f"{rng.choice(mets)} {rng.choice(['<', '<=', '>', '>=', '='])} {rng.choice(['0', '10', '10%', '200'])} in {rng.choice(years)}"
    return f"{rng.choice(mets)} meets target"
def stmt(scen):
    r = rng.randrange(22)
    c1, c2 = rng.choice(cats), rng.choice(cats)
    return [
        f"shift {rng.choice(amounts)} of {c1} to {c2}{period()}",
        f"invest {rng.choice(amounts)} in {c1}{period()}",
        f"enable {rng.choice(ens)} at {rng.choice(amounts)}{period()}",
        f"disable {rng.choice(ens)}{period()}",
        f"set {rng.choice(assum)} = {rng.choice(amounts)}{period()}",
        f"set policy = {rng.choice(['hold-budgets', 'meet-demand'])}",
        f"scenario new {rng.choice(scen)}" + (f" from {rng.choice(scen)}" if rng.random() < 0.3 else ""),
        f"scenario use {rng.choice(scen)}", "scenario list", f"scenario drop {rng.choice(scen)}",
        f"scenario rename {rng.choice(scen)} {rng.choice(scen)}", "reset", "undo", "redo", "simulate",
        f"show {rng.choice(['baseline', 'levers', 'enablers', 'assumptions', 'scenario', 'prevention'] + mets + cats)}",
        f"compare {' '.join(rng.sample(scen, 2))} on {rng.choice(mets)}",
        f"explain {rng.choice(mets)}" + (f" in {rng.choice(years)}" if rng.random() < 0.5 else "") + (f" vs {rng.choice(scen)}" if rng.random() < 0.3 else ""),
        f"chart {rng.choice(mets)} {' '.join(rng.sample(scen, rng.randrange(0, 3)))}",
        f"montecarlo {rng.choice(['1', '50', '600'])} seed {rng.randrange(5)}",
        f"sensitivity {rng.choice(mets)}" + (f" in {rng.choice(years)}" if rng.random() < 0.5 else ""),
        f"seek {rng.choice(['largest', 'smallest', ''])} {rng.choice(['shift from ' + c1 + ' to ' + c2, 'invest in ' + c1, 'level of ' + rng.choice(ens), rng.choice(assum)])}{period()}"
        + (f" between {rng.choice(amounts)} and {rng.choice(amounts)}" if rng.random() < 0.5 else "") + f" such that {cond()}"
        + (f" {rng.choice(['maximizing', 'minimizing'])} {rng.choice(mets)}" if rng.random() < 0.3 else ""),
    ][min(r, 21)]
bad = 0
for k in range(int(sys.argv[3])):
    scen = ["baseline", "a", "b", "c"]
    lines = ["scenario new a"] + [stmt(scen) for _ in range(rng.randrange(3, 15))]
    text = "\n".join(lines) + "\n"
    for fmt in ["table", "json"]:
        p = subprocess.run([binary, "--keep-going", "--format", fmt], input=text.encode(), capture_output=True, timeout=60,
                           env={"SWIFT_BACKTRACE": "enable=no", "PATH": "/usr/bin:/bin"})
        if p.returncode not in (0, 1):
            bad += 1
            print("CRASH", p.returncode, fmt); print(text); print(p.stderr.decode()[-800:]); break
        if fmt == "json":
            for line in p.stdout.decode().splitlines():
                try: json.loads(line)
                except Exception: print("NON-JSON LINE:", line[:200]); print(text); bad += 1; break
print("bad", bad)
sys.exit(1 if bad else 0)

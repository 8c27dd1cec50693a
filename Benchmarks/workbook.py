#!/usr/bin/env python3
"""How long `--model FILE.xlsx` takes on a large planning workbook (issue 25: a 20-year, 10-place workbook
loads in under a second): the built-in model stretched to 20 years and spread over 10 places, written as a
workbook by `model template`, then loaded by the release binary as a whole process (start-up, reading the
workbook, validating and projecting the model), against the same model as JSON, runs interleaved.

Usage: python3 Benchmarks/workbook.py [BINARY]      (default .build/release/hweplan; `make bench` runs it)
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/hweplan")
here = os.path.dirname(os.path.abspath(__file__))
m = json.load(open(os.path.join(here, "..", "docs", "default-model-v3.json")))
places = 10
m["years"] = 20
old = [p["id"] for p in m["places"]]
population = sum(p["population"] for p in m["places"])
names = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
ids = [f"place-{names[k]}" for k in range(places)]
m["places"] = [{"id": i, "name": f"Place {k + 1}", "population": population / places, "incomeShare": 1 / places,
                "categories": {c["id"]: {"share": 1 / places, "demandGrowthDelta": 0} for c in m["categories"]},
                "metrics": {x["id"]: {"base": x["base"], "trendDelta": 0.01 * k} for x in m["metrics"]}}
               for k, i in enumerate(ids)]
for o in m["organisations"]:
    if o["kind"] == "commissioner":
        o["places"] = ids[:7] if o["id"] == "central-east" else ids[7:]
    else:
        o["delivers"] = {line: {i: sum(shares.get(p, 0) for p in old) / len(old) for i in ids}
                         for line, shares in o["delivers"].items()}
m["sources"] = {k: v for k, v in m["sources"].items() if not k.startswith("places[")}
with tempfile.TemporaryDirectory() as d:
    with open(os.path.join(d, "big.json"), "w") as f:
        json.dump(m, f)
    subprocess.run([binary, "--model", "big.json", "-c", 'model template "big.xlsx"'], cwd=d, check=True, capture_output=True)
    size = os.path.getsize(os.path.join(d, "big.xlsx"))
    runs = {"big.xlsx": [], "big.json": []}
    for _ in range(7):
        for name in runs:
            t0 = time.perf_counter()
            subprocess.run([binary, "--model", name, "-c", "quit"], cwd=d, check=True, capture_output=True)
            runs[name].append(time.perf_counter() - t0)
    print(f"workbook: {m['years']} years, {places} places, {len(m['categories'])} lines, {len(m['metrics'])} metrics, "
          f"{size / 1024:.0f} KiB")
    for name, ts in runs.items():
        print(f"  --model {name}: median {statistics.median(ts) * 1000:.0f} ms (min {min(ts) * 1000:.0f}, max {max(ts) * 1000:.0f}) as a whole process")

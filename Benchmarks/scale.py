#!/usr/bin/env python3
"""How hweplan's time and memory grow with the work (issue 13): scripts of N statements in one scenario,
and of N scenarios of one statement each, run by the release binary. Prints seconds and peak memory.

Usage: python3 Benchmarks/scale.py [BINARY]      (default .build/release/hweplan; `make bench` runs it)
"""
import os
import resource
import subprocess
import sys
import tempfile
import time

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/hweplan"


def statements(n):
    lines = ["scenario new a"]
    for i in range(n):
        lines.append("invest £0.001m in acute in 2027/28" if i % 2 else "set inflation = 2% in 2028/29")
    return "\n".join(lines + ["simulate", "undo", "redo"]) + "\n"


def scenarios(n):
    lines = []
    for i in range(n):
        lines += [f"scenario new s{i}", "invest £1m in acute"]
    return "\n".join(lines + ["scenario list"]) + "\n"


def measure(text):
    with tempfile.NamedTemporaryFile("w", suffix=".scenario", delete=False) as f:
        f.write(text)
        path = f.name
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execv(binary, [binary, path])
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.monotonic() - start
    os.unlink(path)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{binary} failed on a generated script")
    return elapsed, usage.ru_maxrss / 1024


for name, make, sizes in [("statements in one scenario", statements, [12_500, 25_000, 50_000, 100_000]),
                          ("scenarios of one statement", scenarios, [1_250, 2_500, 5_000, 10_000])]:
    print(name)
    for n in sizes:
        seconds, mb = measure(make(n))
        print(f"  {n:>7,}: {seconds:6.2f} s  {mb:6.1f} MB peak  ({seconds / n * 1e6:5.1f} µs each)")

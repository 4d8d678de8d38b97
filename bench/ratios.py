#!/usr/bin/env python3
"""Prints trailhunt_bench_read or trailhunt_bench_query results as ratios to
the speed of light.

    trailhunt_bench_read --benchmark_repetitions=5 --benchmark_format=json > out.json
    python3 bench/ratios.py out.json

Single-threaded rows are divided by BM_SpeedOfLight; a row at N threads
(Scan, Query, EventParse_Logins) by BM_SpeedOfLight_Threads at N threads (the
aggregate simdjson ceiling on N cores). With repetitions the medians are used.
"""
import json
import re
import sys


def main(path):
    doc = json.load(open(path))
    rows = {}
    for b in doc["benchmarks"]:
        if b.get("error_occurred"):
            print(f"{b['name']}: SKIPPED: {b.get('error_message')}")
            continue
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = re.sub(r"/real_time", "", b["run_name"])
        rows[name] = (b["bytes_per_second"], b["events/s"], b.get("label", ""))
    ctx = doc["context"]
    print(f"machine: {ctx.get('cpu_model', '?')}, {ctx.get('num_cpus')} CPUs, "
          f"load {ctx.get('load_avg')}, simdjson {ctx.get('simdjson_implementation', '?')}")
    print(f"corpus: {ctx.get('corpus_records')} records, {ctx.get('corpus_ndjson_bytes')} bytes NDJSON, "
          f"{ctx.get('scan_sources')} sources for Scan")
    print(f"{'benchmark':38s} {'MB/s':>9s} {'events/s':>11s} {'vs speed of light':>18s}")
    sol = rows.get("BM_SpeedOfLight")
    for name, (bps, eps, label) in rows.items():
        base = sol
        m = re.search(r"threads:(\d+)", name)
        if m and not name.startswith("BM_SpeedOfLight"):
            base = rows.get(f"BM_SpeedOfLight_Threads/threads:{m.group(1)}")
        elif name.startswith("BM_SpeedOfLight_Threads"):
            base = rows.get(name)
        ratio = f"{bps / base[0]:.2f}" if base else "-"
        print(f"{name:38s} {bps / 1e6:9.1f} {eps:11.0f} {ratio:>18s} {label}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])

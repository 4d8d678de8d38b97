#!/usr/bin/env bash
# compare_cli.sh: everyday tasks, several tools, the same bytes. Two tasks:
#   stats: the eventName section of `trailhunt stats`: count CloudTrail
#          records by eventName;
#   query: the SPL search `sourcetype=aws:cloudtrail | stats count by
#          errorCode | sort - count` with `trailhunt query` (a record without
#          errorCode counts as "success").
# Contenders: trailhunt (all cores, and --threads 1), jq (a streaming reduce,
# no slurp) and DuckDB (read_json_auto + GROUP BY, through its npm package
# when the npm registry is reachable), each doing the same task.
#
# It generates a deterministic corpus (NDJSON, and the same records as gzip'd
# S3 {"Records":[...]} objects) in a temporary folder, checks that every tool
# gives the generator's counts, and only then times them: runs alternate
# tool by tool (A B C A B C ...) so a drifting machine hits all alike; it
# prints medians, MB/s, events/s and each tool's time as a ratio to trailhunt's
# in the same run, paired run by run.
#
#   bench/compare_cli.sh [--mb 200] [--files 64] [--runs 5] [--build DIR]
#                        [--formats ndjson,s3gz] [--tasks stats,query]
#                        [--duckdb-dir DIR] [--keep]
#
# Needs: a build with trailhunt_cli and trailhunt_bench_corpus, jq, python3,
# GNU time (/usr/bin/time); node + npm for DuckDB (else skipped, with why).
set -euo pipefail

MB=200
FILES=64
RUNS=5
BUILD=""
FORMATS="ndjson,s3gz"
TASKS="stats,query"
DUCKDB_DIR=""
KEEP=0
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"

usage() { sed -n '2,28p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --mb) MB="$2"; shift 2 ;;
    --files) FILES="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --build) BUILD="$2"; shift 2 ;;
    --formats) FORMATS="$2"; shift 2 ;;
    --tasks) TASKS="$2"; shift 2 ;;
    --duckdb-dir) DUCKDB_DIR="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "compare_cli.sh: unknown argument $1" >&2; usage 2 ;;
  esac
done

if [[ -z "$BUILD" ]]; then
  for b in "$repo/build-bench" "$repo/build"; do
    if [[ -x "$b/examples/cli/trailhunt" && -x "$b/bench/trailhunt_bench_corpus" ]]; then BUILD="$b"; break; fi
  done
fi
# Absolute, so the command scripts run from any folder (--keep).
[[ -n "$BUILD" && -d "$BUILD" ]] && BUILD="$(cd "$BUILD" && pwd)"
TH="$BUILD/examples/cli/trailhunt"
GEN="$BUILD/bench/trailhunt_bench_corpus"
for f in "$TH" "$GEN"; do
  [[ -x "$f" ]] || { echo "compare_cli.sh: $f not built (cmake --build BUILD --target trailhunt_cli trailhunt_bench_corpus; --build BUILD)" >&2; exit 2; }
done
command -v jq >/dev/null || { echo "compare_cli.sh: jq not found (apt-get install -y jq)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "compare_cli.sh: python3 not found" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "compare_cli.sh: GNU time not found (apt-get install -y time)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/trailhunt-compare.XXXXXX")"
cleanup() { if [[ $KEEP -eq 1 ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
mkdir -p "$work/cmd" "$work/out"

# ---------------------------------------------------------------- machine
echo "== machine"
echo "date (UTC):  $(date -u '+%Y-%m-%d %H:%M')"
echo "nproc:       $(nproc)"
echo "cpu:         $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "memory:      $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "load:        $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
echo "trailhunt:   $("$TH" --version 2>&1 | head -1)"
echo "jq:          $(jq --version)"

# ---------------------------------------------------------------- corpus
echo "== corpus: ${MB} MiB of records, seed fixed"
"$GEN" --out "$work/ndjson" --mb "$MB" --format ndjson > "$work/manifest.ndjson.json"
"$GEN" --out "$work/s3" --mb "$MB" --format s3gz --files "$FILES" > "$work/manifest.s3gz.json"
python3 - "$work" <<'EOF'
import json, sys
w = sys.argv[1]
a = json.load(open(f"{w}/manifest.ndjson.json"))
b = json.load(open(f"{w}/manifest.s3gz.json"))
for k in ("records", "record_bytes", "eventName"):
    if a[k] != b[k]:
        sys.exit(f"compare_cli.sh: the two corpora differ in {k}")
print(f"records:     {a['records']} ({len(a['eventName'])} eventNames, {a['errors']} with errorCode)")
print(f"ndjson:      {a['bytes_written']} bytes, 1 file")
print(f"s3gz:        {b['bytes_written']} bytes gzip'd in {b['files']} files "
      f"({a['ndjson_bytes'] / b['bytes_written']:.1f}x)")
EOF
NDJSON="$work/ndjson/cloudtrail.ndjson"
S3DIR="$work/s3"

# ---------------------------------------------------------------- DuckDB
DUCKDB_STATUS="pending"
echo "== DuckDB"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  DUCKDB_STATUS="skipped: node/npm not installed (DuckDB has no Debian 12 package)"
else
  ddir="${DUCKDB_DIR:-$work/duckdb}"
  if [[ ! -d "$ddir/node_modules/@duckdb/node-api" ]]; then
    if ! timeout 60 npm view @duckdb/node-api version >/dev/null 2>"$work/npm.err"; then
      DUCKDB_STATUS="skipped: npm registry not reachable ($(tail -1 "$work/npm.err"))"
    elif ! timeout 600 npm install --prefix "$ddir" --no-audit --no-fund --silent @duckdb/node-api \
           >"$work/npm.log" 2>&1; then
      DUCKDB_STATUS="skipped: npm install @duckdb/node-api failed ($(tail -1 "$work/npm.log"))"
    fi
  fi
  if [[ "$DUCKDB_STATUS" == pending && -d "$ddir/node_modules/@duckdb/node-api" ]]; then
    cp "$here/duckdb_count.mjs" "$ddir/"
    if v="$(node "$ddir/duckdb_count.mjs" version 2>"$work/duckdb.err")"; then
      DUCKDB_STATUS="ok"
      echo "duckdb:      $v (npm @duckdb/node-api, node $(node --version))"
    else
      DUCKDB_STATUS="skipped: DuckDB does not load ($(tail -1 "$work/duckdb.err"))"
    fi
  fi
fi
[[ "$DUCKDB_STATUS" == pending ]] && DUCKDB_STATUS="skipped: @duckdb/node-api is not installed"
[[ "$DUCKDB_STATUS" == ok ]] || echo "duckdb:      $DUCKDB_STATUS"

# ---------------------------------------------------------------- commands
# One small script per (tool, format), so the timer runs the real command
# (exec) with exact quoting.
mkcmd() {  # NAME COMMAND... ; a pipeline is passed as: bash -c '...'
  local name="$1"; shift
  { echo '#!/usr/bin/env bash'; printf 'exec'; printf ' %q' "$@"; echo; } > "$work/cmd/$name"
  chmod +x "$work/cmd/$name"
}
JQ_ND='reduce inputs as $r ({}; .[$r.eventName // "(none)"] += 1)'
JQ_S3='reduce (inputs | .Records[]) as $r ({}; .[$r.eventName // "(none)"] += 1)'
# The query task in jq: the same counts, then sorted, one row per line.
JQ_Q_ROWS='to_entries | sort_by(-.value) | .[] | {errorCode: .key, count: .value}'
JQ_Q_ND="reduce inputs as \$r ({}; .[\$r.errorCode // \"success\"] += 1) | $JQ_Q_ROWS"
JQ_Q_S3="reduce (inputs | .Records[]) as \$r ({}; .[\$r.errorCode // \"success\"] += 1) | $JQ_Q_ROWS"
SPL='sourcetype=aws:cloudtrail | stats count by errorCode | sort - count'
# Each task's tools; the first is the one the others are compared with.
STATS_TOOLS=(trailhunt trailhunt_1t jq)
QUERY_TOOLS=(th_query th_query_1t jq_query)
if [[ "$DUCKDB_STATUS" == ok ]]; then STATS_TOOLS+=(duckdb); QUERY_TOOLS+=(duckdb_query); fi
IFS=',' read -r -a TASK_LIST <<< "$TASKS"
TOOLS=()
for task in "${TASK_LIST[@]}"; do
  case "$task" in
    stats) TOOLS+=("${STATS_TOOLS[@]}") ;;
    query) TOOLS+=("${QUERY_TOOLS[@]}") ;;
    *) echo "compare_cli.sh: unknown task $task (stats, query)" >&2; exit 2 ;;
  esac
done
task_of() { case "$1" in th_query*|*_query) echo query ;; *) echo stats ;; esac; }
mkcmd trailhunt.ndjson "$TH" stats --format json "$NDJSON"
mkcmd trailhunt.s3gz "$TH" stats --format json "$S3DIR"
mkcmd trailhunt_1t.ndjson "$TH" stats --threads 1 --format json "$NDJSON"
mkcmd trailhunt_1t.s3gz "$TH" stats --threads 1 --format json "$S3DIR"
mkcmd jq.ndjson jq -c -n "$JQ_ND" "$NDJSON"
mkcmd jq.s3gz bash -c 'gzip -dc -- "$@" | jq -c -n "$0"' "$JQ_S3" "$S3DIR"/*.json.gz
mkcmd th_query.ndjson "$TH" query "$SPL" "$NDJSON" --format jsonl
mkcmd th_query.s3gz "$TH" query "$SPL" "$S3DIR" --format jsonl
mkcmd th_query_1t.ndjson "$TH" query "$SPL" "$NDJSON" --format jsonl --threads 1
mkcmd th_query_1t.s3gz "$TH" query "$SPL" "$S3DIR" --format jsonl --threads 1
mkcmd jq_query.ndjson jq -c -n "$JQ_Q_ND" "$NDJSON"
mkcmd jq_query.s3gz bash -c 'gzip -dc -- "$@" | jq -c -n "$0"' "$JQ_Q_S3" "$S3DIR"/*.json.gz
if [[ "$DUCKDB_STATUS" == ok ]]; then
  mkcmd duckdb.ndjson node "$ddir/duckdb_count.mjs" ndjson "$NDJSON"
  mkcmd duckdb.s3gz node "$ddir/duckdb_count.mjs" s3 "$S3DIR/*.json.gz"
  mkcmd duckdb_query.ndjson node "$ddir/duckdb_count.mjs" ndjson "$NDJSON" errorCode
  mkcmd duckdb_query.s3gz node "$ddir/duckdb_count.mjs" s3 "$S3DIR/*.json.gz" errorCode
fi

# ---------------------------------------------------------------- check
# Each tool's answer must equal the generator's counts before any timing.
# This run is also every command's warm-up (page cache, DuckDB's first load).
echo "== check: every tool's counts equal the generator's"
IFS=',' read -r -a FMTS <<< "$FORMATS"
for fmt in "${FMTS[@]}"; do
  for tool in "${TOOLS[@]}"; do
    "$work/cmd/$tool.$fmt" > "$work/out/$tool.$fmt.json" 2> "$work/out/$tool.$fmt.err" || {
      echo "compare_cli.sh: $tool on $fmt failed:" >&2; tail -5 "$work/out/$tool.$fmt.err" >&2; exit 1; }
  done
done
python3 - "$work" "$FORMATS" "${TOOLS[@]}" <<'EOF'
import json, sys
w, formats, tools = sys.argv[1], sys.argv[2].split(","), sys.argv[3:]
ref = json.load(open(f"{w}/manifest.ndjson.json"))
want, records = ref["eventName"], ref["records"]
bad = []
# The query task: errorCode counts, "success" for records without one.
want_codes = dict(ref["errorCode"])
want_codes["success"] = records - ref["errors"]
for fmt in formats:
    for tool in tools:
        path = f"{w}/out/{tool}.{fmt}.json"
        if tool.startswith("th_query") or tool.endswith("_query"):
            # One JSON row per line, {"errorCode": ..., "count": n}, largest first.
            rows = [json.loads(l) for l in open(path) if l.strip()]
            got = {r["errorCode"]: r["count"] for r in rows}
            counts = [r["count"] for r in rows]
            if got != want_codes or len(rows) != len(got):
                diff = sorted(set(got.items()) ^ set(want_codes.items()))[:5]
                bad.append(f"{tool}/{fmt}: errorCode counts differ, e.g. {diff}")
            elif counts != sorted(counts, reverse=True):
                bad.append(f"{tool}/{fmt}: rows are not sorted by count, largest first")
            else:
                print(f"{tool:13s} {fmt:7s} ok: all {len(rows)} errorCode counts match, sorted")
            continue
        doc = json.load(open(path))
        if tool.startswith("trailhunt"):
            # stats prints the top 20 eventNames: each must be right, they
            # must be a top 20, and every record must be counted.
            rows = doc["records by eventName (top 20)"]
            got = {r["eventName"]: r["count"] for r in rows}
            totals = {r["what"]: r["count"] for r in doc["totals"]}
            if totals.get("records delivered") != records or totals.get("records rejected"):
                bad.append(f"{tool}/{fmt}: totals {totals}, generator wrote {records}")
            if len(got) != min(20, len(want)):
                bad.append(f"{tool}/{fmt}: {len(got)} eventName rows")
            for k, v in got.items():
                if want.get(k) != v:
                    bad.append(f"{tool}/{fmt}: {k} = {v}, generator wrote {want.get(k)}")
            rest = [v for k, v in want.items() if k not in got]
            if got and rest and max(rest) > min(got.values()):
                bad.append(f"{tool}/{fmt}: the rows are not the top 20")
            print(f"{tool:13s} {fmt:7s} ok: top {len(got)} eventNames and {records} records match")
        else:
            if doc != want:
                diff = sorted(set(doc.items()) ^ set(want.items()))[:5]
                bad.append(f"{tool}/{fmt}: counts differ, e.g. {diff}")
            else:
                print(f"{tool:13s} {fmt:7s} ok: all {len(doc)} eventName counts match")
if bad:
    print("\n".join(bad), file=sys.stderr)
    sys.exit("compare_cli.sh: the tools disagree; no timing")
EOF

# ---------------------------------------------------------------- time
echo "== timing: $RUNS runs each, tools alternating"
: > "$work/times.tsv"
for fmt in "${FMTS[@]}"; do
  for ((run = 1; run <= RUNS; run++)); do
    for tool in "${TOOLS[@]}"; do
      start=$EPOCHREALTIME
      /usr/bin/time -f '%U %S %M' -o "$work/rusage" "$work/cmd/$tool.$fmt" > /dev/null 2> "$work/run.err" || {
        echo "compare_cli.sh: $tool on $fmt failed in run $run" >&2; tail -3 "$work/run.err" >&2; exit 1; }
      end=$EPOCHREALTIME
      printf '%s\t%s\t%s\t%d\t%s\t%s\t%s\n' "$fmt" "$(task_of "$tool")" "$tool" "$run" "$start" "$end" "$(tail -1 "$work/rusage")" \
        >> "$work/times.tsv"
    done
  done
done

python3 - "$work" "$FORMATS" "$RUNS" "${TOOLS[@]}" <<'EOF'
import json, statistics, sys
w, formats, runs, tools = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3]), sys.argv[4:]
task_of = {}  # tool -> task
base = {"stats": "trailhunt", "query": "th_query"}  # what each task's ratios divide by
ref = json.load(open(f"{w}/manifest.ndjson.json"))
mb = ref["ndjson_bytes"] / 1e6  # uncompressed JSON, the same records in both formats
records = ref["records"]
t = {}
for line in open(f"{w}/times.tsv"):
    fmt, task, tool, run, start, end, rest = line.rstrip("\n").split("\t")
    task_of[tool] = task
    user, sys_, rss = rest.split()
    t[(fmt, tool, int(run))] = (float(end) - float(start), float(user) + float(sys_), int(rss))
med = statistics.median
print(f"\nMB = 10^6 bytes of uncompressed JSON ({mb:.1f} MB, {records} records in each format);")
print("ratio = tool's wall time / trailhunt's (all cores) on the same task in the same run,")
print("median of the pairs (stats task: trailhunt stats; query task: trailhunt query).\n")
print(f"{'format':7s} {'task':5s} {'tool':13s} {'wall s (min..max)':>22s} {'cpu s':>7s} {'MB/s':>8s} {'events/s':>11s} {'peak MiB':>9s} {'x trailhunt':>12s}")
for fmt in formats:
    for tool in tools:
        walls = [t[(fmt, tool, r)][0] for r in range(1, runs + 1)]
        cpus = [t[(fmt, tool, r)][1] for r in range(1, runs + 1)]
        rss = max(t[(fmt, tool, r)][2] for r in range(1, runs + 1)) / 1024
        ref = base[task_of[tool]]
        ratio = med([t[(fmt, tool, r)][0] / t[(fmt, ref, r)][0] for r in range(1, runs + 1)])
        wm = med(walls)
        print(f"{fmt:7s} {task_of[tool]:5s} {tool:13s} {wm:9.3f} ({min(walls):.3f}..{max(walls):.3f}) {med(cpus):7.2f} "
              f"{mb / wm:8.1f} {records / wm:11.0f} {rss:9.0f} {ratio:11.2f}x")
EOF
echo
echo "duckdb: $DUCKDB_STATUS"
echo "trailhunt_1t = trailhunt stats --threads 1; th_query = trailhunt query '$SPL'"
echo "(th_query_1t: --threads 1); jq is single-threaded; DuckDB uses every core."

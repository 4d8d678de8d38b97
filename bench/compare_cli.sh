#!/usr/bin/env bash
# compare_cli.sh: everyday tasks, several tools, the same bytes. Three tasks:
#   stats: the eventName section of `trailhunt stats`: count CloudTrail
#          records by eventName;
#   query: the SPL search `sourcetype=aws:cloudtrail | stats count by
#          errorCode | sort - count` with `trailhunt query` (a record without
#          errorCode counts as "success");
#   cis:   the CIS AWS Foundations v3.0.0 posture, `trailhunt cis --format
#          json`: how many records each of the 15 monitoring controls' filter
#          patterns matches (not run unless named: --tasks cis).
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
#                        [--formats ndjson,s3gz] [--tasks stats,query,cis]
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

usage() { sed -n '2,27p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
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

# ---------------------------------------------------------------- cis by hand
# The 15 CIS v3.0.0 patterns written out by hand, as jq and as DuckDB SQL, in
# CloudWatch's terms: values compare case-sensitively and whole (a leading
# or trailing * in the pattern is a suffix or prefix test); a comparison on a
# field that is absent or not a string is false, for != too; only NOT EXISTS
# is true for an absent field; && binds before || (4.1 is A || (B && C && D)).
# Each prints {"4.1": n, ..., "4.15": n}.
cat > "$work/cis_controls.jq" <<'EOF'
def str(f): f | if type == "string" then . else null end;
def is($f; $v): $f != null and $f == $v;
def isnt($f; $v): $f != null and $f != $v;
def among($f; $set): $f != null and $set[$f] == true;
def names(a): reduce a[] as $n ({}; .[$n] = true);
def absent_invoked_by: (.userIdentity | type) != "object" or (.userIdentity | has("invokedBy") | not);
# The controls record `.` fires, given the eventName sets.
def controls($s):
  str(.eventName) as $name | str(.eventSource) as $source | str(.errorCode) as $code |
  (if ($code != null and ($code | endswith("UnauthorizedOperation")))
      or ($code != null and ($code | startswith("AccessDenied"))
          and isnt(str(.sourceIPAddress); "delivery.logs.amazonaws.com") and isnt($name; "HeadBucket"))
   then "4.1" else empty end),
  (if is($name; "ConsoleLogin") and isnt(str(.additionalEventData.MFAUsed); "Yes") then "4.2" else empty end),
  (if is(str(.userIdentity.type); "Root") and absent_invoked_by and isnt(str(.eventType); "AwsServiceEvent")
   then "4.3" else empty end),
  (if among($name; $s.c44) then "4.4" else empty end),
  (if among($name; $s.c45) then "4.5" else empty end),
  (if is($name; "ConsoleLogin") and is(str(.errorMessage); "Failed authentication") then "4.6" else empty end),
  (if is($source; "kms.amazonaws.com") and among($name; $s.c47) then "4.7" else empty end),
  (if is($source; "s3.amazonaws.com") and among($name; $s.c48) then "4.8" else empty end),
  (if is($source; "config.amazonaws.com") and among($name; $s.c49) then "4.9" else empty end),
  (if among($name; $s.c410) then "4.10" else empty end),
  (if among($name; $s.c411) then "4.11" else empty end),
  (if among($name; $s.c412) then "4.12" else empty end),
  (if among($name; $s.c413) then "4.13" else empty end),
  (if among($name; $s.c414) then "4.14" else empty end),
  (if is($source; "organizations.amazonaws.com") and among($name; $s.c415) then "4.15" else empty end);
def cis(records):
  {c44: names(["DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy",
               "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion",
               "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy",
               "AttachGroupPolicy", "DetachGroupPolicy"]),
   c45: names(["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"]),
   c47: names(["DisableKey", "ScheduleKeyDeletion"]),
   c48: names(["PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication",
               "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication"]),
   c49: names(["StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel",
               "PutConfigurationRecorder"]),
   c410: names(["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
                "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"]),
   c411: names(["CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry",
                "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"]),
   c412: names(["CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway",
                "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway"]),
   c413: names(["CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation",
                "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"]),
   c414: names(["CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection",
                "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection",
                "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink"]),
   c415: names(["AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy",
                "DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy",
                "DetachPolicy", "DisablePolicyType", "EnablePolicyType", "InviteAccountToOrganization",
                "LeaveOrganization", "MoveAccount", "RemoveAccountFromOrganization", "UpdatePolicy",
                "UpdateOrganizationalUnit"])} as $s
  | reduce records as $r ([range(1; 16)] | map({key: "4.\(.)", value: 0}) | from_entries;
                          reduce ($r | controls($s)) as $c (.; .[$c] += 1));
EOF
# DuckDB: read_json_auto gives each record's fields as columns (nested ones
# as STRUCTs); NULL (absent) makes a comparison NULL, which FILTER drops.
# DuckDB cannot tell an absent invokedBy from a JSON null one: IS NULL
# stands for NOT EXISTS (the corpus never writes a null invokedBy).
cat > "$work/duckdb_cis.sql" <<'EOF'
SELECT
  count(*) FILTER (WHERE suffix(errorCode, 'UnauthorizedOperation')
                      OR (starts_with(errorCode, 'AccessDenied')
                          AND sourceIPAddress <> 'delivery.logs.amazonaws.com' AND eventName <> 'HeadBucket')) AS "4.1",
  count(*) FILTER (WHERE eventName = 'ConsoleLogin' AND additionalEventData.MFAUsed <> 'Yes') AS "4.2",
  count(*) FILTER (WHERE userIdentity.type = 'Root' AND userIdentity.invokedBy IS NULL
                     AND eventType <> 'AwsServiceEvent') AS "4.3",
  count(*) FILTER (WHERE eventName IN ('DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy',
                     'PutRolePolicy', 'PutUserPolicy', 'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion',
                     'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy',
                     'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy')) AS "4.4",
  count(*) FILTER (WHERE eventName IN ('CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging')) AS "4.5",
  count(*) FILTER (WHERE eventName = 'ConsoleLogin' AND errorMessage = 'Failed authentication') AS "4.6",
  count(*) FILTER (WHERE eventSource = 'kms.amazonaws.com' AND eventName IN ('DisableKey', 'ScheduleKeyDeletion')) AS "4.7",
  count(*) FILTER (WHERE eventSource = 's3.amazonaws.com' AND eventName IN ('PutBucketAcl', 'PutBucketPolicy',
                     'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication', 'DeleteBucketPolicy',
                     'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication')) AS "4.8",
  count(*) FILTER (WHERE eventSource = 'config.amazonaws.com' AND eventName IN ('StopConfigurationRecorder',
                     'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder')) AS "4.9",
  count(*) FILTER (WHERE eventName IN ('AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress',
                     'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup',
                     'DeleteSecurityGroup')) AS "4.10",
  count(*) FILTER (WHERE eventName IN ('CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl',
                     'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation')) AS "4.11",
  count(*) FILTER (WHERE eventName IN ('CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway',
                     'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway')) AS "4.12",
  count(*) FILTER (WHERE eventName IN ('CreateRoute', 'CreateRouteTable', 'ReplaceRoute',
                     'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute',
                     'DisassociateRouteTable')) AS "4.13",
  count(*) FILTER (WHERE eventName IN ('CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection',
                     'CreateVpcPeeringConnection', 'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection',
                     'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink',
                     'EnableVpcClassicLink')) AS "4.14",
  count(*) FILTER (WHERE eventSource = 'organizations.amazonaws.com' AND eventName IN ('AcceptHandshake',
                     'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake',
                     'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy', 'DetachPolicy',
                     'DisablePolicyType', 'EnablePolicyType', 'InviteAccountToOrganization', 'LeaveOrganization',
                     'MoveAccount', 'RemoveAccountFromOrganization', 'UpdatePolicy',
                     'UpdateOrganizationalUnit')) AS "4.15"
FROM records
EOF

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
JQ_CIS_ND="include \"cis_controls\"; cis(inputs)"
JQ_CIS_S3="include \"cis_controls\"; cis(inputs | .Records[])"
# Each task's tools; the first is the one the others are compared with.
STATS_TOOLS=(trailhunt trailhunt_1t jq)
QUERY_TOOLS=(th_query th_query_1t jq_query)
CIS_TOOLS=(th_cis th_cis_1t jq_cis)
if [[ "$DUCKDB_STATUS" == ok ]]; then STATS_TOOLS+=(duckdb); QUERY_TOOLS+=(duckdb_query); CIS_TOOLS+=(duckdb_cis); fi
IFS=',' read -r -a TASK_LIST <<< "$TASKS"
TOOLS=()
for task in "${TASK_LIST[@]}"; do
  case "$task" in
    stats) TOOLS+=("${STATS_TOOLS[@]}") ;;
    query) TOOLS+=("${QUERY_TOOLS[@]}") ;;
    cis) TOOLS+=("${CIS_TOOLS[@]}") ;;
    *) echo "compare_cli.sh: unknown task $task (stats, query, cis)" >&2; exit 2 ;;
  esac
done
task_of() { case "$1" in th_query*|*_query) echo query ;; th_cis*|*_cis) echo cis ;; *) echo stats ;; esac; }
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
mkcmd th_cis.ndjson "$TH" cis --format json "$NDJSON"
mkcmd th_cis.s3gz "$TH" cis --format json "$S3DIR"
mkcmd th_cis_1t.ndjson "$TH" cis --format json --threads 1 "$NDJSON"
mkcmd th_cis_1t.s3gz "$TH" cis --format json --threads 1 "$S3DIR"
mkcmd jq_cis.ndjson jq -c -n -L "$work" "$JQ_CIS_ND" "$NDJSON"
mkcmd jq_cis.s3gz bash -c 'gzip -dc -- "${@:2}" | jq -c -n -L "$1" "$0"' "$JQ_CIS_S3" "$work" "$S3DIR"/*.json.gz
if [[ "$DUCKDB_STATUS" == ok ]]; then
  mkcmd duckdb.ndjson node "$ddir/duckdb_count.mjs" ndjson "$NDJSON"
  mkcmd duckdb.s3gz node "$ddir/duckdb_count.mjs" s3 "$S3DIR/*.json.gz"
  mkcmd duckdb_query.ndjson node "$ddir/duckdb_count.mjs" ndjson "$NDJSON" errorCode
  mkcmd duckdb_query.s3gz node "$ddir/duckdb_count.mjs" s3 "$S3DIR/*.json.gz" errorCode
  # The cis task's runner: the SQL above over the records as a view.
  cat > "$ddir/duckdb_cis.mjs" <<'EOF'
// node duckdb_cis.mjs ndjson|s3 PATH SQLFILE: runs SQLFILE (one row of
// counts) against a view `records` of PATH's CloudTrail records and prints
// the row as one JSON object of numbers.
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [mode, path, sqlFile] = process.argv.slice(2);
const literal = (s) => `'${String(s).replaceAll("'", "''")}'`;
let view;
if (mode === 'ndjson') {
  view = `SELECT * FROM read_json_auto(${literal(path)}, format = 'newline_delimited')`;
} else if (mode === 's3') {
  // unnest twice: the Records list into rows, each record's struct into columns.
  view = `SELECT unnest(r) FROM (SELECT unnest(Records) AS r FROM read_json_auto(${literal(path)}, maximum_object_size = 1073741824))`;
} else {
  console.error('usage: node duckdb_cis.mjs ndjson|s3 PATH SQLFILE');
  process.exit(2);
}
const connection = await (await DuckDBInstance.create(':memory:')).connect();
await connection.run(`CREATE VIEW records AS ${view}`);
const reader = await connection.runAndReadAll(readFileSync(sqlFile, 'utf8'));
const row = reader.getRowObjectsJson()[0];
const out = {};
for (const [k, v] of Object.entries(row)) out[k] = Number(v);
console.log(JSON.stringify(out));
EOF
  mkcmd duckdb_cis.ndjson node "$ddir/duckdb_cis.mjs" ndjson "$NDJSON" "$work/duckdb_cis.sql"
  mkcmd duckdb_cis.s3gz node "$ddir/duckdb_cis.mjs" s3 "$S3DIR/*.json.gz" "$work/duckdb_cis.sql"
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
# The cis task: what the generator's counts imply for the controls that
# read only eventName, errorCode or MFAUsed (the corpus never writes
# delivery.logs.amazonaws.com or HeadBucket, 4.1's exclusions); the other
# controls must agree across the tools (trailhunt's answer first).
names = {
    "4.4": ["DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy",
            "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion",
            "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy",
            "AttachGroupPolicy", "DetachGroupPolicy"],
    "4.5": ["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"],
    "4.10": ["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
             "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"],
    "4.11": ["CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry",
             "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"],
    "4.12": ["CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "CreateInternetGateway",
             "DeleteInternetGateway", "DetachInternetGateway"],
    "4.13": ["CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable",
             "DeleteRoute", "DisassociateRouteTable"],
    "4.14": ["CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection",
             "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection",
             "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink"],
}
want_cis = {c: sum(want.get(n, 0) for n in ns) for c, ns in names.items()}
want_cis["4.1"] = sum(v for k, v in ref["errorCode"].items()
                      if k.endswith("UnauthorizedOperation") or k.startswith("AccessDenied"))
want_cis["4.2"] = sum(v for k, v in ref["MFAUsed"].items() if k != "Yes")
cis_ids = [f"4.{i}" for i in range(1, 16)]
cis_answer = None  # trailhunt's, which the others must equal
for fmt in formats:
    for tool in tools:
        path = f"{w}/out/{tool}.{fmt}.json"
        if tool.startswith("th_cis") or tool.endswith("_cis"):
            doc = json.load(open(path))
            if tool.startswith("th_cis"):
                got = {}
                for c in doc["controls"]:
                    got[c["id"]] = got.get(c["id"], 0) + c["matches"]
                if doc["records"] != records or doc["records_rejected"]:
                    bad.append(f"{tool}/{fmt}: read {doc['records']} records, {doc['records_rejected']} rejected; "
                               f"the generator wrote {records}")
            else:
                got = doc
            if sorted(got) != sorted(cis_ids):
                bad.append(f"{tool}/{fmt}: controls {sorted(got)}, want 4.1-4.15")
                continue
            wrong = [f"{c} = {got[c]}, generator {v}" for c, v in want_cis.items() if got[c] != v]
            if wrong:
                bad.append(f"{tool}/{fmt}: " + "; ".join(wrong))
            if cis_answer is None:
                cis_answer = got
            elif got != cis_answer:
                diff = [f"{c}: {got[c]} vs {cis_answer[c]}" for c in cis_ids if got[c] != cis_answer[c]]
                bad.append(f"{tool}/{fmt}: differs from trailhunt cis: " + "; ".join(diff))
            if not wrong and got == cis_answer:
                fired = sum(1 for c in cis_ids if got[c])
                print(f"{tool:13s} {fmt:7s} ok: all 15 control counts agree ({fired} fire, "
                      f"{sum(got.values())} matches; {len(want_cis)} checked against the generator)")
            continue
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
base = {"stats": "trailhunt", "query": "th_query", "cis": "th_cis"}  # what each task's ratios divide by
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
print("median of the pairs (stats task: trailhunt stats; query task: trailhunt query; cis task: trailhunt cis).\n")
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
echo "(th_query_1t: --threads 1); th_cis = trailhunt cis --format json (th_cis_1t: --threads 1);"
echo "jq is single-threaded; DuckDB uses every core."

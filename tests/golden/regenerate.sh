#!/bin/sh
# Rewrites every golden expectation from the current CLI. Review the diff
# before committing: a golden change is a change of the output contract.
# usage: tests/golden/regenerate.sh BUILD_DIR
set -eu
build=${1:?usage: regenerate.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
cli="$build/examples/cli/trailhunt"
data="$here/../data"
data=$(cd "$data" && pwd)
for args in "$here"/cases/*.args; do
  case_base=${args%.args}
  set --
  while IFS= read -r line || [ -n "$line" ]; do
    set -- "$@" "$(printf '%s' "$line" | sed "s#@DATA@#$data#g")"
  done < "$args"
  rc=0
  stdin=/dev/null
  if [ -f "$case_base.stdin" ]; then stdin="$data/$(cat "$case_base.stdin")"; fi
  env -u COLUMNS "$cli" "$@" < "$stdin" > "$case_base.out.tmp" 2> "$case_base.err.tmp" || rc=$?
  sed "s#$data#@DATA@#g" "$case_base.out.tmp" > "$case_base.out"
  if [ -f "$case_base.err" ]; then sed "s#$data#@DATA@#g" "$case_base.err.tmp" > "$case_base.err"; fi
  rm -f "$case_base.out.tmp" "$case_base.err.tmp"
  if [ "$rc" != 0 ]; then echo "$rc" > "$case_base.rc"; else rm -f "$case_base.rc"; fi
  echo "regenerated $(basename "$case_base") (exit $rc)"
done

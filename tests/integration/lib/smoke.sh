# The check integration scripts make of a `replycheck smoke` run. Needs `bin` (the binary),
# `work` (a scratch folder) and `fail MESSAGE` from the script; `smoke_timeout` sets smoke's
# --timeout (default 2s).

# expect_smoke NAME EXIT PATTERN... -- ARGS: runs `smoke ARGS` (at most 120 s), its console
# output in $work/smoke-NAME.txt; fails unless it exits EXIT and every PATTERN (an extended
# regex) appears in the output.
expect_smoke() {
  local name=$1 want=$2
  shift 2
  local patterns=()
  while [ "$1" != "--" ]; do patterns+=("$1"); shift; done
  shift
  local out="$work/smoke-$name.txt" start=$SECONDS
  timeout 120 "$bin" smoke --no-color --timeout "${smoke_timeout:-2s}" "$@" > "$out" 2>&1
  local got=$?
  [ "$got" -eq "$want" ] || { fail "$name: exit $got, expected $want"; cat "$out" >&2; }
  for p in "${patterns[@]}"; do
    grep -Eq -- "$p" "$out" || { fail "$name: no match for '$p'"; cat "$out" >&2; }
  done
  echo "ok: $name (exit $got, $((SECONDS - start))s)"
}

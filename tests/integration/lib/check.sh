# check DESCRIPTION COMMAND...: runs COMMAND, prints "ok   - DESCRIPTION" or "FAIL - DESCRIPTION",
# and counts the failures in $failures, so a script can report every check before it exits.
failures=0
check() {
  local what=$1
  shift
  if "$@"; then echo "ok   - $what"; else echo "FAIL - $what"; failures=$((failures + 1)); fi
}

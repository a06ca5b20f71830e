#!/usr/bin/env bash
# docs/cli.md cannot drift from the command line: every command the binary has owns a generated
# block there, and every block is exactly what `replycheck help --format markdown CMD` prints
# (regenerate with ci/docs). The man page and `help CMD` come from the same definitions.
set -uo pipefail
bin=${REPLYCHECK:?REPLYCHECK must name the replycheck binary}
src=${REPLYCHECK_SOURCE_DIR:?}
doc="$src/docs/cli.md"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# Every command path: the top-level ones, and the subcommands of those that have some.
commands=()
for cmd in $("$bin" --help | awk '/^Subcommands:/{on=1; next} on && NF {print $1}'); do
  [ "$cmd" = help ] && continue
  subs=$("$bin" "$cmd" --help 2>/dev/null | awk '/^Subcommands:/{on=1; next} on && NF {print $1}')
  if [ -n "$subs" ]; then for s in $subs; do commands+=("$cmd $s"); done; else commands+=("$cmd"); fi
done
[ ${#commands[@]} -ge 10 ] || fail "only ${#commands[@]} commands found: ${commands[*]}"

for cmd in "${commands[@]}"; do
  marker="<!-- generated: replycheck help --format markdown $cmd -->"
  grep -qxF -- "$marker" "$doc" || { fail "docs/cli.md has no generated block for '$cmd'"; continue; }
  awk -v m="$marker" '$0 == m {on=1; next} on && /^<!-- end generated -->$/ {exit} on {print}' "$doc" > "$work/doc.md"
  "$bin" help --format markdown $cmd > "$work/now.md"
  diff -u "$work/doc.md" "$work/now.md" > "$work/diff" || { fail "docs/cli.md's block for '$cmd' is stale (run ci/docs):"; cat "$work/diff" >&2; }
  "$bin" help $cmd > "$work/help.txt" 2>&1 || fail "replycheck help $cmd failed"
done
"$bin" help no-such-command > /dev/null 2>&1
[ $? -eq 2 ] || fail "help of an unknown command should exit 2"
"$bin" help --format man | grep -q '^\.TH REPLYCHECK 1' || fail "no man page"

[ "$failures" -eq 0 ] && echo "ok: docs/cli.md covers ${#commands[@]} commands as the binary defines them" || exit 1

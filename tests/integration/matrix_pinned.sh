#!/usr/bin/env bash
# The conformance matrix's verdicts for the stock servers CI installs (nginx with and without
# TLS, apache2, lighttpd, vsftpd, proftpd, pure-ftpd, pyftpdlib) are pinned in
# tests/fixtures/matrix/pinned.tsv: a rule or probe change that flips one shows here as a diff.
# When the change is meant, regenerate the pin with `ci/matrix --pin` and say why in the commit.
# Servers that are not installed are left out; exit 77 when none is.
set -uo pipefail

bin=${REPLYCHECK:?REPLYCHECK must name the replycheck binary}
src=${REPLYCHECK_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
pinned="$src/tests/fixtures/matrix/pinned.tsv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The servers: the labels' first words ("nginx-https over HTTP/2" is a suite of nginx-https).
servers=$(tail -n +2 "$pinned" | cut -f1 | cut -d' ' -f1 | sort -u | tr '\n' ' ')
REPLYCHECK="$bin" timeout 300 "$src/ci/matrix" --no-install --only "$servers" --out "$work/out" > "$work/matrix.log" 2>&1
rc=$?
cat "$work/matrix.log"
[ -f "$work/out/matrix.tsv" ] || { echo "FAIL: ci/matrix wrote no matrix (exit $rc)" >&2; exit 1; }
[ "$rc" -eq 0 ] || { echo "FAIL: ci/matrix exit $rc (a server did not start)" >&2; exit 1; }

ran=$(tail -n +2 "$work/out/matrix.tsv" | cut -f1 | sort -u)
[ -n "$ran" ] || { echo "no pinned server is installed here"; exit 77; }
# The pinned lines of the servers that ran, against what they gave now.
awk -F '\t' 'NR == FNR { if (FNR > 1) ran[$1] = 1; next } FNR > 1 && ($1 in ran)' "$work/out/matrix.tsv" "$pinned" \
  | sort > "$work/want.tsv"
tail -n +2 "$work/out/matrix.tsv" | sort > "$work/got.tsv"
if ! diff -u "$work/want.tsv" "$work/got.tsv" > "$work/diff.txt"; then
  echo "FAIL: verdicts differ from tests/fixtures/matrix/pinned.tsv (- pinned, + now):" >&2
  cat "$work/diff.txt" >&2
  echo "If the change is meant: ci/matrix --pin, and say why in the commit." >&2
  exit 1
fi
echo "ok: $(wc -l < "$work/got.tsv") verdicts of $(echo "$ran" | wc -l) columns as pinned"

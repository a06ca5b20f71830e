#!/usr/bin/env bash
# Verdicts come from typed transport errors (protocol::transport_errc), never from the wording
# of a message: the words may change for people without changing a verdict. Fails when the
# sources of harness/ or protocol/ search a transport error's text, or test a message for
# "timeout", "multi-line" and the like.
set -uo pipefail
src=${REPLYCHECK_SOURCE_DIR:?}
cd "$src" || exit 1
[ -d harness ] && [ -d protocol ] || { echo "FAIL: no harness/ and protocol/ under $src" >&2; exit 1; }

patterns=(
    # the text of a transport error searched or compared piecewise
    'transport_error\s*\.\s*(find|rfind|starts_with|ends_with|contains|compare|substr)\s*\('
    # a message tested for the word that names a fault or a rule
    '(find|rfind|starts_with|ends_with|contains)\s*\(\s*"[^"]*(timeout|timed out|multi-line|reset|refused|closed|too large)'
    # a recorded error looked up by its wording
    'std::(find|erase|count)\s*\([^;]*errors[^;]*"'
)
status=0
for pattern in "${patterns[@]}"; do
    if hits=$(grep -rnE --include='*.cpp' --include='*.hpp' "$pattern" harness protocol); then
        echo "FAIL: a verdict chosen by the wording of a message (use the transport_code / a typed field):" >&2
        echo "$hits" >&2
        status=1
    fi
done
[ $status -eq 0 ] && echo ok
exit $status

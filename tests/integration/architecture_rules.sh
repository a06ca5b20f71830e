#!/usr/bin/env bash
# The house rules of docs/architecture.md that a grep can check, so that a change that breaks
# one fails here: one regex engine (Boost.Regex through protocol/bounded_regex), one URL model
# (protocol/url), one file per header name, and files that each do one thing (none over 700
# lines but the code tables).
set -uo pipefail
src=${REPLYCHECK_SOURCE_DIR:?}
cd "$src" || exit 1
rooms=(protocol mockserver reports harness)
for room in "${rooms[@]}"; do [ -d "$room" ] || { echo "FAIL: no $room/ under $src" >&2; exit 1; }; done
status=0
fail() { echo "FAIL: $1" >&2; [ -n "${2:-}" ] && echo "$2" >&2; status=1; }

if hits=$(grep -rnE --include='*.cpp' --include='*.hpp' 'std::(regex|smatch|cmatch|regex_match|regex_search)\b|#include <regex>' "${rooms[@]}"); then
    fail "std::regex is used (patterns go through protocol/bounded_regex):" "$hits"
fi

# A scheme separator searched for, or a scheme and port chosen by hand, outside the URL model.
# The redactor looks for userinfo in free text, which is not parsing an address.
if hits=$(grep -rnE --include='*.cpp' --include='*.hpp' '"://"|(find|compare|starts_with|substr|iequals)[^;]*"(https?|ftps?|ftpes)://"|scheme\s*==\s*"' "${rooms[@]}" \
          | grep -vE '^protocol/url/|^protocol/redactor\.cpp:'); then
    fail "a URL taken apart outside protocol/url (use protocol::parse_url / parse_endpoint / parse_host_port):" "$hits"
fi

# One header name per tree: "#include" lines must not have to guess which http_date.hpp is meant.
twins=$(find "${rooms[@]}" -name '*.hpp' -printf '%f\n' | sort | uniq -d)
[ -n "$twins" ] && fail "header names used in more than one folder:" "$twins"

# Code tables (the registry's data, the rule table) are exempt from the size rule.
big=$(find "${rooms[@]}" \( -name '*.cpp' -o -name '*.hpp' \) | grep -vE '_codes\.cpp$|rule_table\.cpp$' \
      | xargs wc -l | awk '$2 != "total" && $1 > 700 { print "  " $2 " (" $1 " lines)" }')
[ -n "$big" ] && fail "files over 700 lines (split them by what they do):" "$big"

[ $status -eq 0 ] && echo ok
exit $status

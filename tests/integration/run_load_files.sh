#!/usr/bin/env bash
# `upload_file` and `body_file` are read when the file loads: a missing one is a located load
# error (exit 2, nothing run), not a step that sends 0 bytes and passes; a present one is sent
# byte for byte, "${" included.
set -uo pipefail
: "${REPLYCHECK:?}" "${REPLYCHECK_SOURCE_DIR:?}" "${REPLYCHECK_BINARY_DIR:?}"

work="$REPLYCHECK_BINARY_DIR/run-load-files"
rm -rf "$work"
mkdir -p "$work/ftproot"
printf 'payload ${not-a-variable}\n' >"$work/payload.txt"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# scenario UPLOAD_FILE: a file whose scenario uploads UPLOAD_FILE and reads it back (in the
# expectation "$${" stands for a literal "${").
scenario() {
  cat <<TOML
[mock.ftp]
root = "ftproot"
writable = true
users = [{ name = "u", password = "load-files-pw" }]

[[scenario]]
name = "upload_file goes up byte for byte"
  [[scenario.step]]
  ftp = { login = { user = "u", password = "load-files-pw" } }
  [[scenario.step]]
  ftp = { transfer = "STOR up.txt", upload_file = "$1" }
  expect = { code = 226 }
  [[scenario.step]]
  ftp = { transfer = "RETR up.txt" }
  expect = { code = 226, body = "payload \$\${not-a-variable}\\n" }
TOML
}

cd "$work" || exit 1
scenario payload.txt >present.toml
timeout 60 "$REPLYCHECK" run --no-color present.toml >present.out 2>&1
code=$?
[ "$code" -eq 0 ] || { cat present.out >&2; fail "an upload_file that exists: exit $code, expected 0"; }
cmp -s payload.txt ftproot/up.txt || fail "the uploaded file differs from upload_file"

scenario missing.txt >missing.toml
timeout 60 "$REPLYCHECK" run --no-color missing.toml >missing.out 2>&1
code=$?
[ "$code" -eq 2 ] || { cat missing.out >&2; fail "a missing upload_file: exit $code, expected 2"; }
grep -q "^missing.toml:11:51: cannot read upload_file '.*missing.txt': no such file" missing.out ||
  { cat missing.out >&2; fail "the missing upload_file is not located"; }
grep -q "nothing was run" missing.out || fail "a scenario ran despite the load error"

cat >body.toml <<'TOML'
[[scenario]]
name = "a missing body_file"
  [[scenario.step]]
  request = { method = "PUT", url = "http://127.0.0.1:9/x", body_file = "nowhere.bin" }
TOML
timeout 60 "$REPLYCHECK" run --no-color body.toml >body.out 2>&1
code=$?
[ "$code" -eq 2 ] || { cat body.out >&2; fail "a missing body_file: exit $code, expected 2"; }
grep -q "^body.toml:4:73: cannot read body_file '.*nowhere.bin': no such file" body.out ||
  { cat body.out >&2; fail "the missing body_file is not located"; }

[ "$failures" -eq 0 ] || exit 1
echo "ok"

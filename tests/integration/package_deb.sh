#!/usr/bin/env bash
# The Debian package (cpack -G DEB, as ci/package builds it), unpacked into a scratch root with
# dpkg -x: the installed binary runs, its man page renders and names every command, the bash
# completion completes commands, options and subcommands, and Depends was computed by
# dpkg-shlibdeps. Exit 77 when dpkg-shlibdeps is not installed (ci/deps installs dpkg-dev).
set -uo pipefail

bin=${REPLYCHECK:?REPLYCHECK must name the replycheck binary}
build=${REPLYCHECK_BINARY_DIR:?REPLYCHECK_BINARY_DIR must name the build folder}
command -v dpkg-shlibdeps >/dev/null || { echo "dpkg-shlibdeps is missing (apt-get install dpkg-dev)"; exit 77; }
[ -f "$build/share/replycheck.1.gz" ] || { echo "FAIL: the build made no man page (target replycheck_reference)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

(cd "$build" && timeout 300 cpack -G DEB -B "$work/out" > "$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; echo "FAIL: cpack"; exit 1; }
deb=$(ls "$work"/out/replycheck_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { cat "$work/cpack.log" >&2; echo "FAIL: no .deb"; exit 1; }
dpkg-deb -x "$deb" "$work/root"

# The files a user gets.
for f in usr/bin/replycheck usr/share/man/man1/replycheck.1.gz usr/share/bash-completion/completions/replycheck \
         usr/share/zsh/vendor-completions/_replycheck usr/share/fish/vendor_completions.d/replycheck.fish; do
  [ -f "$work/root/$f" ] || fail "the package lacks $f"
done
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libcurl4 libssl3; do
  [[ $depends == *"$lib "* ]] || fail "Depends lacks $lib: $depends"
done

# The installed binary.
"$work/root/usr/bin/replycheck" --version | grep -q '^replycheck [0-9]' || fail "the installed binary does not run"
"$work/root/usr/bin/replycheck" explain 416 | grep -q 'Range' || fail "the installed binary does not explain 416"

# The man page renders and names every command the binary has.
if command -v man >/dev/null; then
  MANWIDTH=100 man -l "$work/root/usr/share/man/man1/replycheck.1.gz" > "$work/man.txt" 2>"$work/man.err" ||
    fail "man -l failed: $(cat "$work/man.err")"
  for cmd in $("$bin" --help | awk '/^Subcommands:/{on=1; next} on && NF {print $1}'); do
    grep -q "replycheck $cmd" "$work/man.txt" || fail "the man page lacks 'replycheck $cmd'"
  done
  grep -q -- '--report-junit' "$work/man.txt" || fail "the man page lacks --report-junit"
  grep -q 'EXIT STATUS' "$work/man.txt" || fail "the man page lacks EXIT STATUS"
fi

# bash completion: what `replycheck …<TAB>` offers.
complete_words() {  # WORDS...: COMP_WORDS as typed, the last one being completed
  bash -c '. "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _replycheck; printf "%s\n" "${COMPREPLY[@]}"' \
    "$work/root/usr/share/bash-completion/completions/replycheck" "$@"
}
complete_words replycheck sm | grep -qx smoke || fail "bash: 'replycheck sm' does not complete to smoke"
complete_words replycheck smoke --tim | grep -qx -- --timeout || fail "bash: 'smoke --tim' does not complete to --timeout"
complete_words replycheck report m | grep -qx matrix || fail "bash: 'report m' does not complete to matrix"
complete_words replycheck run --filter x --stri | grep -qx -- --strict || fail "bash: options after an option value"
cd "$work" && touch scenario-one.toml
complete_words replycheck run --config scen | grep -qx scenario-one.toml || fail "bash: --config does not complete files"
command -v zsh >/dev/null && { zsh -n "$work/root/usr/share/zsh/vendor-completions/_replycheck" || fail "zsh: syntax"; }
command -v fish >/dev/null && { fish -n "$work/root/usr/share/fish/vendor_completions.d/replycheck.fish" || fail "fish: syntax"; }

[ "$failures" -eq 0 ] && echo "ok: $(basename "$deb"), Depends: $depends" || exit 1

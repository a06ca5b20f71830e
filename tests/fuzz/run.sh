#!/usr/bin/env bash
# Builds the fuzz targets with clang++ and libFuzzer (ASan + UBSan) and fuzzes each one for a
# bounded time, starting from its seed corpus. New interesting inputs go to a scratch corpus in
# the build dir (never into the repository); crashes go to BUILD_DIR/fuzz-artifacts/<target>/.
#
#   tests/fuzz/run.sh [-t SECONDS] [-b BUILD_DIR] [-j JOBS] [TARGET...]
#
# SECONDS per target (default 60), BUILD_DIR default build-fuzz-clang, JOBS default 2.
# TARGET names as in tests/fuzz/<name>_fuzz.cpp (default: all). Exit 1 when any target crashed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source_dir="$(cd "$here/../.." && pwd)"
seconds=60
build_dir="$source_dir/build-fuzz-clang"
jobs=2
while getopts "t:b:j:h" opt; do
  case "$opt" in
    t) seconds="$OPTARG" ;;
    b) build_dir="$OPTARG" ;;
    j) jobs="$OPTARG" ;;
    *) sed -n '2,10p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
case "$seconds" in ''|*[!0-9]*) echo "run.sh: -t needs a whole number of seconds" >&2; exit 2 ;; esac

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$here"/*_fuzz.cpp; do
    n="$(basename "$f" .cpp)"
    targets+=("${n%_fuzz}")
  done
fi

command -v clang++ >/dev/null || { echo "run.sh: clang++ not found (apt-get install clang)" >&2; exit 2; }

cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DREPLYCHECK_FUZZ=ON >/dev/null
build_targets=()
for t in "${targets[@]}"; do build_targets+=("${t}_fuzz"); done
cmake --build "$build_dir" -j "$jobs" --target "${build_targets[@]}"

status=0
for t in "${targets[@]}"; do
  exe="$build_dir/tests/fuzz/${t}_fuzz"
  scratch="$build_dir/fuzz-corpus/$t"
  artifacts="$build_dir/fuzz-artifacts/$t"
  mkdir -p "$scratch" "$artifacts"
  dict=()
  [ -f "$here/dict/$t.dict" ] && dict=(-dict="$here/dict/$t.dict")
  echo "== fuzzing $t for ${seconds}s"
  # -timeout: one input taking longer than 10 s is a hang; -rss_limit_mb bounds memory.
  if ! timeout --kill-after=30 $((seconds + 120)) "$exe" "$scratch" "$here/corpus/$t" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
      -print_final_stats=1 "${dict[@]}" \
      -artifact_prefix="$artifacts/" 2>"$build_dir/fuzz-$t.log"; then
    echo "!! $t: crash, hang or sanitizer report; see $build_dir/fuzz-$t.log and $artifacts/" >&2
    grep -E "^(==[0-9]+==ERROR|SUMMARY|.*invariant broken)" "$build_dir/fuzz-$t.log" | head -5 >&2 || true
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$build_dir/fuzz-$t.log" | tail -2 || true
  fi
done
exit $status

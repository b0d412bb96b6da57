#!/bin/sh
# run.sh — runs the libFuzzer targets built by `make fuzz-build`: each for FUZZ_SECONDS seconds (default 20)
# on a fresh copy of its seed corpus (tests/fuzz/corpus/NAME), replaying tests/fuzz/regressions/NAME
# first. Prints one line per target; fails on any crash, leak, timeout or sanitizer report.
# Usage: sh tests/fuzz/run.sh build/fuzz/fuzz_NAME...
set -u
seconds=${FUZZ_SECONDS:-20}
here=$(cd "$(dirname "$0")" && pwd)
failed=0
for bin in "$@"; do
	name=$(basename "$bin")
	work=build/fuzz/run/$name
	rm -rf "$work"
	mkdir -p "$work/corpus"
	if [ -d "$here/corpus/$name" ]; then
		cp "$here/corpus/$name"/* "$work/corpus/" 2>/dev/null
	fi
	set -- -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -detect_leaks=1 -print_final_stats=1 \
		-artifact_prefix="$work/"
	[ -f "$here/dict/$name.dict" ] && set -- "$@" -dict="$here/dict/$name.dict"
	regress=""
	[ -d "$here/regressions/$name" ] && regress="$here/regressions/$name"
	start=$(date +%s)
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
		"$bin" "$@" "$work/corpus" $regress >"$work/log" 2>&1
	rc=$?
	elapsed=$(( $(date +%s) - start ))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n 1)
	cov=$(sed -n 's/.*DONE *cov: *\([0-9]*\).*/\1/p' "$work/log" | tail -n 1)
	if [ "$rc" -ne 0 ] || grep -Eq 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error:|invariant violated' "$work/log"; then
		printf '%-20s %4s s %10s executions  FAILED (exit %s; log %s)\n' "$name" "$elapsed" "${execs:-?}" "$rc" "$work/log"
		grep -E 'ERROR:|runtime error:|invariant violated|SUMMARY:|Test unit written' "$work/log" | head -n 10
		failed=1
	else
		printf '%-20s %4s s %10s executions  coverage %5s  ok\n' "$name" "$elapsed" "${execs:-?}" "${cov:-?}"
	fi
done
exit $failed

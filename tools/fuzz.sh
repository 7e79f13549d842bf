#!/usr/bin/env bash
# Fuzzes LiveStyle's readers of untrusted bytes with SharpFuzz + AFL++, one target after another.
#   tools/fuzz.sh SECONDS [TARGET…]     targets: safetensors pytorch http stylecache imageheader settings (default: all)
# Needs afl-fuzz (apt-get install afl++) and the sharpfuzz instrumenter (installed here from NuGet).
# Work files go to $FUZZ_WORK (default /tmp/livestyle-fuzz); each target's findings to
# $FUZZ_WORK/findings/TARGET, and its crashing inputs are replayed at the end with their exceptions.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: tools/fuzz.sh SECONDS [TARGET…]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(safetensors pytorch http stylecache imageheader settings)
work=${FUZZ_WORK:-/tmp/livestyle-fuzz}
command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz not found (apt-get install afl++)"; exit 1; }

mkdir -p "$work"
if [ ! -x "$work/tools/sharpfuzz" ]; then
  dotnet tool install --tool-path "$work/tools" SharpFuzz.CommandLine >/dev/null
fi
rm -rf "$work/bin"
dotnet publish tools/LiveStyle.Fuzz -c Release -o "$work/bin" >/dev/null
"$work/tools/sharpfuzz" "$work/bin/LiveStyle.Core.dll"
"$work/tools/sharpfuzz" "$work/bin/LiveStyle.App.dll"

export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FORKSRV_INIT_TMOUT=60000
# A bounded managed heap turns a reader that trusts a huge declared size into an
# OutOfMemoryException (a finding) instead of a machine out of memory.
export DOTNET_GCHeapHardLimit=0x40000000 DOTNET_TieredPGO=0

for target in "${targets[@]}"; do
  out="$work/findings/$target"
  rm -rf "$out"; mkdir -p "$work/findings"
  echo "fuzz: $target for ${seconds}s → $out"
  afl-fuzz -V "$seconds" -t 5000 -m none -i "tools/LiveStyle.Fuzz/seeds/$target" -o "$out" \
    -- dotnet "$work/bin/LiveStyle.Fuzz.dll" "$target" >"$out.log" 2>&1 || echo "fuzz: afl-fuzz ended with $? (see $out.log)"
  stats="$out/default/fuzzer_stats"
  if [ -f "$stats" ]; then
    grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs) ' "$stats" | tr -s ' ' | sed "s/^/fuzz: $target /"
  fi
  crashes=("$out"/default/crashes/id:*)
  if [ -e "${crashes[0]}" ]; then
    dotnet "$work/bin/LiveStyle.Fuzz.dll" "$target" "${crashes[@]}" | sed "s/^/fuzz: $target replay /" || true
  fi
done

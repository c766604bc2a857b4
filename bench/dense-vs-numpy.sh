#!/usr/bin/env bash
# Sparsim's dense fp32 kernel (JMH) beside NumPy/OpenBLAS SGEMM on the same shape and machine, in GFLOP/s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
m=${1:-256}; k=${2:-4096}; n=${3:-11008}
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package) >&2
out=$(java -jar "$jar" KernelBenchmark -p format=dense -p m="$m" -p k="$k" -p n="$n" -wi 3 -i 5 -w 1 -r 1 -f 1 2>/dev/null \
  | awk '/KernelBenchmark.multiply/ {for (i = 1; i <= NF; i++) if ($i == "avgt") print $(i + 2)}')
python3 - "$m" "$k" "$n" "$out" <<'PY'
import sys
m, k, n, ms = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
print(f"sparsim dense (JMH) m={m} k={k} n={n}: {ms:.2f} ms, {2 * m * n * k / (ms / 1e3) / 1e9:.1f} GFLOP/s")
PY
python3 "$root/bench/numpy_sgemm.py" "$m" "$k" "$n"

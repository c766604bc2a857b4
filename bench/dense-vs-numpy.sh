#!/usr/bin/env bash
# Sparsim's dense fp32 kernel (JMH) beside NumPy/OpenBLAS SGEMM on the same shape and machine, in GFLOP/s, and their
# ratio. The NumPy command runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (some environments force a Haswell
# kernel on AVX-512 machines, six times slower) and prints which OpenBLAS kernel it ran. Both sides give their median
# call (JMH in sample mode, p0.50): on a shared host JMH's mean ran 11% above its median where NumPy reports a median.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
m=${1:-256}; k=${2:-4096}; n=${3:-11008}
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package) >&2
# The JVM the launcher uses (JAVA_HOME, else java on the PATH), so the dense kernel is timed as the suites time it.
java_bin=java
[ -n "${JAVA_HOME:-}" ] && java_bin="$JAVA_HOME/bin/java"
out=$("$java_bin" -jar "$jar" KernelBenchmark -p format=dense -p m="$m" -p k="$k" -p n="$n" -wi 3 -i 5 -w 1 -r 1 -f 1 \
  -bm sample 2>/dev/null | awk '/KernelBenchmark.multiply:p0.50/ {for (i = 1; i <= NF; i++) if ($i == "sample") print $(i + 1)}')
[ -n "$out" ] || { echo "dense-vs-numpy: the JMH run printed no result" >&2; exit 1; }
numpy=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$root/bench/numpy_sgemm.py" "$m" "$k" "$n")
echo "$numpy"
python3 - "$m" "$k" "$n" "$out" "$numpy" "$("$java_bin" -version 2>&1 | head -1)" <<'PY'
import re
import sys
m, k, n, ms = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
ours = 2 * m * n * k / (ms / 1e3) / 1e9
theirs = float(re.search(r"median ([0-9.]+) ms", sys.argv[5]).group(1))
print(f"sparsim dense (JMH, {sys.argv[6]}) m={m} k={k} n={n}: {ms:.2f} ms, {ours:.1f} GFLOP/s")
print(f"sparsim dense / numpy sgemm: {theirs / ms:.2f} (time ratio numpy/sparsim; >= 0.85 is the target)")
PY

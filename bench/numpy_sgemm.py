"""NumPy/OpenBLAS SGEMM on the same shape as the Java dense kernel: C[m,n] = A[m,k] @ W[k,n], fp32."""
import sys
import time

import numpy as np

m, k, n = (int(x) for x in sys.argv[1:4]) if len(sys.argv) == 4 else (256, 4096, 11008)
rng = np.random.default_rng(1)
a = rng.standard_normal((m, k), dtype=np.float32)
w = rng.standard_normal((k, n), dtype=np.float32)
for _ in range(3):
    a @ w
best = float("inf")
samples = []
for _ in range(15):
    t0 = time.perf_counter()
    a @ w
    samples.append(time.perf_counter() - t0)
samples.sort()
median = samples[len(samples) // 2]
print(f"numpy {np.__version__} sgemm m={m} k={k} n={n}: median {median * 1e3:.2f} ms, "
      f"{2 * m * n * k / median / 1e9:.1f} GFLOP/s")

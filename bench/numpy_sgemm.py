"""NumPy/OpenBLAS SGEMM on the same shape as the Java dense kernel: C[m,n] = A[m,k] @ W[k,n], fp32.

Prints which OpenBLAS kernel (core type) ran: OPENBLAS_CORETYPE forces one (e.g. Haswell on an AVX-512 machine,
six times slower there), so a comparison must say which it got.
"""
import ctypes
import os
import sys
import time

import numpy as np


def openblas_kernel():
    """Core name and build config of the OpenBLAS loaded into this process (plain or scipy-openblas builds)."""
    with open("/proc/self/maps") as maps:
        paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and ".so" in line})
    for path in paths:
        lib = ctypes.CDLL(path)
        for core, config in (("openblas_get_corename", "openblas_get_config"),
                             ("scipy_openblas_get_corename64_", "scipy_openblas_get_config64_"),
                             ("scipy_openblas_get_corename", "scipy_openblas_get_config")):
            if hasattr(lib, core):
                getattr(lib, core).restype = ctypes.c_char_p
                getattr(lib, config).restype = ctypes.c_char_p
                return getattr(lib, core)().decode(), getattr(lib, config)().decode().strip(), path
    return "unknown (no OpenBLAS library loaded)", "", ""

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
core, config, path = openblas_kernel()
env = {v: os.environ.get(v, "(unset)") for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS")}
print(f"openblas kernel: {core} ({config}; {path}); environment: "
      + ", ".join(f"{k}={v}" for k, v in env.items()))
print(f"numpy {np.__version__} sgemm m={m} k={k} n={n}: median {median * 1e3:.2f} ms, "
      f"{2 * m * n * k / median / 1e9:.1f} GFLOP/s")

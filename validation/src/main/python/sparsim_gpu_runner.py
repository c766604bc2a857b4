#!/usr/bin/env python3
"""Sparsim GPU measurement runner.

Reads a ``sparsim/gpu-plan/v1`` plan (written by ``sparsim measure --backend gpu --plan FILE``), times every case
with vendor libraries through PyTorch and writes a ``sparsim/measurements/v1`` file that Sparsim's
MeasurementReader accepts:

* dense GEMM: ``torch.nn.functional.linear`` (cuBLAS); fp8 through ``torch._scaled_mm`` (cuBLASLt)
* 2:4 semi-structured: ``torch.sparse`` semi-structured tensors with the cuSPARSELt or the CUTLASS backend;
  fp8 2:4 through ``torch._cslt_sparse_mm`` (cuSPARSELt)
* unstructured CSR: a ``torch.sparse_csr`` weight times a dense matrix (cuSPARSE SpMM)
* a device-to-device copy (sustained memory bandwidth, reported in the host description)

Timing: CUDA events; warm-up; the median of at least 50 samples; each sample is one or more consecutive calls that
cycle through distinct operand buffers whose total is at least twice the L2 cache, so L2 does not flatter; the
GPU is kept busy with a sleep kernel while a sample's calls are queued, so launch overhead from Python is not
timed. Operands are random and never zero except where a sparsity mask prunes them. Every case's result is checked
against an fp32 product of the same operands before it is timed; a case that fails the check, or cannot run on
this device or PyTorch, is recorded in the host description with its reason (``failed.<id>``/``skipped.<id>``)
and left out of the cases, never silently.

``--dry-run`` validates the plan and lists what would run without importing torch. ``--device cpu`` (with
``--max-dim`` for small shapes) runs the dense and CSR cases on PyTorch's CPU kernels: a smoke test of the whole
path on a machine without a GPU. Works with PyTorch 1.13 (CPU) and 2.x (CUDA).

Exit codes: 0 done (some cases may be skipped, see the host description), 2 bad input (plan, flags),
3 environment (no torch, no CUDA device).
"""

import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import warnings

PLAN_SCHEMA = "sparsim/gpu-plan/v1"
MEASUREMENT_SCHEMA = "sparsim/measurements/v1"
RUNNER_VERSION = "1"
EXIT_BAD_INPUT = 2
EXIT_ENVIRONMENT = 3

ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+-]*\Z")
DTYPES = ("fp32", "bf16", "fp16", "fp8")
LIBRARY_FORMAT = {"cublas": "dense", "cusparselt": "2:4", "cutlass": "2:4", "cusparse": "csr"}
TOP_FIELDS = ("schema", "description", "seed", "timing", "cases")
# name -> (kind, min, max); the same bounds as PlanTiming's constructor on the Java side
TIMING_FIELDS = {
    "warmupCalls": ("int", 1, 10000),
    "warmupSeconds": ("num", 0.0, 60.0),
    "samples": ("int", 50, 100000),
    "minSampleSeconds": ("num", 0.0, 1.0),
    "l2Multiple": ("num", 1.0, 64.0),
    "maxBufferSets": ("int", 2, 4096),
    "fallbackRotationBytes": ("int", 1, 1 << 36),
}
GEMM_FIELDS = ("id", "op", "m", "n", "k", "dtype", "precision", "sparsity", "format", "library", "layers")
COPY_FIELDS = ("id", "op", "bytes")
MAX_DIM = 1 << 20
MAX_COPY_BYTES = 1 << 36
# Unit roundoff of the type a result is written in; fp8 products are written in bf16, tf32 rounds its inputs.
UNIT_ROUNDOFF = {"fp32": 2.0 ** -24, "tf32": 2.0 ** -11, "bf16": 2.0 ** -8, "fp16": 2.0 ** -11, "fp8": 2.0 ** -8}
# Longest sleep queued ahead of one sample (seconds); beyond it a sample's calls are too many to queue anyway.
MAX_PRELOAD_SECONDS = 0.05


class BadInput(Exception):
    """A bad plan, flag or resume file: exit 2."""


class Skip(Exception):
    """A case that cannot run here (device, PyTorch version, shape limits): recorded with its reason."""


class Failed(Exception):
    """A case whose result did not match the fp32 reference: recorded with its reason."""


# PyTorch marks sparse CSR "beta" and semi-structured tensors "prototype" on first use; the host description
# already names the API each case used.
warnings.filterwarnings("ignore", message=".*(beta state|prototype stage).*")


def log(message):
    print("runner: " + message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- plan (no torch)


def _line_of(text, case_id):
    """Line of a case's id in the plan text, so errors point at the case (json does not keep locations)."""
    if case_id is None:
        return 0
    at = text.find('"' + str(case_id) + '"')
    return text.count("\n", 0, at) + 1 if at >= 0 else 0


def _where(path, line):
    return path + (":" + str(line) if line else "")


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v):
    return (isinstance(v, (int, float)) and not isinstance(v, bool)) and math.isfinite(v)


def _fraction(spec):
    try:
        return float(spec[len("unstructured:"):])
    except ValueError:
        return -1.0


def _check_gemm(c):
    """Returns (field, expected, found) for the first rule the case breaks, or None. Mirrors GemmCase.java."""
    if not isinstance(c.get("id"), str) or not ID_RE.match(c["id"]):
        return "id", "an identifier of letters, digits and ._:+-", c.get("id")
    for f in ("m", "n", "k"):
        if not _is_int(c[f]) or not 1 <= c[f] <= MAX_DIM:
            return f, "an integer in [1, %d]" % MAX_DIM, c[f]
    if c["dtype"] not in DTYPES:
        return "dtype", "one of fp32, bf16, fp16, fp8", c["dtype"]
    if c["precision"] != c["dtype"] and not (c["dtype"] == "fp32" and c["precision"] == "tf32"):
        return "precision", "the dtype (%s), or tf32 for an fp32 case" % c["dtype"], c["precision"]
    fmt, lib, spec, dtype = c["format"], c["library"], c["sparsity"], c["dtype"]
    if fmt not in ("dense", "2:4", "csr"):
        return "format", "a format the GPU runner has kernels for: dense, 2:4, csr", fmt
    if LIBRARY_FORMAT.get(lib) != fmt:
        libs = ", ".join(sorted(k for k, v in LIBRARY_FORMAT.items() if v == fmt))
        return "library", "one of %s for format %s" % (libs, fmt), lib
    if fmt == "dense" and spec != "dense":
        return "sparsity", "'dense' for format dense", spec
    if fmt == "2:4":
        if spec != "2:4":
            return "sparsity", "'2:4' for format 2:4", spec
        if c["k"] % 4:
            return "k", "a multiple of 4 (2:4 groups run along k)", c["k"]
        if dtype == "fp32":
            return "dtype", "bf16, fp16 or fp8 for 2:4 (no fp32 2:4 kernels)", dtype
        if dtype == "fp8" and lib != "cusparselt":
            return "library", "cusparselt for fp8 2:4 (PyTorch's CUTLASS path has no fp8)", lib
    if fmt == "csr":
        if not isinstance(spec, str) or not spec.startswith("unstructured:") or not 0 < _fraction(spec) < 1:
            return "sparsity", "'unstructured:F' with 0 < F < 1 for format csr", spec
        if dtype == "fp8":
            return "dtype", "fp32, bf16 or fp16 for csr (cuSPARSE has no fp8 SpMM)", dtype
    if not isinstance(c["layers"], list) or not all(isinstance(x, str) and x.strip() for x in c["layers"]):
        return "layers", "a list of non-empty layer names", c["layers"]
    return None


def validate_plan(plan, path, text=""):
    """Checks a parsed plan against the rules of GpuPlanReader.java; raises BadInput naming file, line, field."""

    def bad(field, expected, found, line=0):
        raise BadInput("%s: %s: expected %s, got '%s'" % (_where(path, line), field, expected, found))

    if not isinstance(plan, dict):
        bad("", "a JSON object", type(plan).__name__)
    for key in plan:
        if key not in TOP_FIELDS:
            bad(key, "a known field (%s)" % ", ".join(sorted(TOP_FIELDS)), key)
    for key in TOP_FIELDS:
        if key not in plan:
            bad(key, "a value (the field is required)", None)
    if plan["schema"] != PLAN_SCHEMA:
        bad("schema", "'%s'" % PLAN_SCHEMA, plan["schema"])
    if not isinstance(plan["description"], str) or not plan["description"].strip():
        bad("description", "a non-empty description", plan["description"])
    if not _is_int(plan["seed"]):
        bad("seed", "an integer", plan["seed"])
    timing = plan["timing"]
    if not isinstance(timing, dict):
        bad("timing", "an object", timing)
    for key in timing:
        if key not in TIMING_FIELDS:
            bad("timing." + key, "a known field (%s)" % ", ".join(sorted(TIMING_FIELDS)), key)
    for key, (kind, lo, hi) in TIMING_FIELDS.items():
        v = timing.get(key)
        ok = (_is_int(v) if kind == "int" else _is_num(v)) and lo <= v <= hi
        if not ok:
            bad("timing." + key, "%s in [%s, %s]" % ("an integer" if kind == "int" else "a number", lo, hi), v)
    cases = plan["cases"]
    if not isinstance(cases, list) or not cases:
        bad("cases", "a non-empty list of cases", cases)
    seen = set()
    for i, c in enumerate(cases):
        where = "cases[%d]" % i
        if not isinstance(c, dict):
            bad(where, "an object", c)
        line = _line_of(text, c.get("id"))
        op = c.get("op")
        fields = GEMM_FIELDS if op == "gemm" else COPY_FIELDS if op == "copy" else None
        if fields is None:
            bad(where + ".op", "'gemm' or 'copy'", op, line)
        for key in c:
            if key not in fields:
                bad(where + "." + key, "a known field (%s)" % ", ".join(sorted(fields)), key, line)
        for key in fields:
            if key not in c:
                bad(where + "." + key, "a value (the field is required)", None, line)
        if op == "copy":
            if not isinstance(c["id"], str) or not ID_RE.match(c["id"]):
                bad(where + ".id", "an identifier of letters, digits and ._:+-", c["id"], line)
            if not _is_int(c["bytes"]) or not 1 <= c["bytes"] <= MAX_COPY_BYTES:
                bad(where + ".bytes", "a byte count in [1, %d]" % MAX_COPY_BYTES, c["bytes"], line)
        else:
            problem = _check_gemm(c)
            if problem:
                bad(where + "." + problem[0], problem[1], problem[2], line)
        if c["id"] in seen:
            bad(where + ".id", "an id not used by an earlier case", c["id"], line)
        seen.add(c["id"])
    return plan


def load_plan(path):
    try:
        with open(path, "r", encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise BadInput("%s: expected a readable GPU plan file, got '%s'" % (path, e.strerror))
    try:
        plan = json.loads(text)
    except ValueError as e:
        line = getattr(e, "lineno", 0)
        raise BadInput("%s: expected well-formed JSON (%s)" % (_where(path, line), getattr(e, "msg", str(e))))
    return validate_plan(plan, path, text)


def select_cases(plan, max_dim, only):
    """The cases to run: filtered by --only, shapes clipped to --max-dim (clipped duplicates run once)."""
    pattern = re.compile(only) if only else None
    out, keys = [], set()
    for c in plan["cases"]:
        if pattern and not pattern.search(c["id"]):
            continue
        c = dict(c)
        if max_dim:
            if c["op"] == "gemm":
                clipped = {f: min(c[f], max_dim) for f in ("m", "n", "k")}
                if clipped != {f: c[f] for f in ("m", "n", "k")}:
                    c.update(clipped)
                    c["id"] = c["id"] + "-max" + str(max_dim)
            elif c["bytes"] > 4 * max_dim * max_dim:
                c["bytes"] = 4 * max_dim * max_dim
                c["id"] = c["id"] + "-max" + str(max_dim)
        key = (c["op"], c.get("m"), c.get("n"), c.get("k"), c.get("dtype"), c.get("precision"), c.get("format"),
               c.get("sparsity"), c.get("library"), c.get("bytes"))
        if key in keys:
            continue
        keys.add(key)
        out.append(c)
    return out


def dry_run(plan, cases, args):
    t = plan["timing"]
    gemms = [c for c in cases if c["op"] == "gemm"]
    copies = [c for c in cases if c["op"] == "copy"]
    print("plan: %s (%s), seed %d: %d of %d cases selected: %d gemm, %d copy"
          % (args.plan, PLAN_SCHEMA, plan["seed"], len(cases), len(plan["cases"]), len(gemms), len(copies)))
    print("timing: warm-up >= %d calls and >= %g s; median of %d samples of >= %g s; operands rotated over "
          ">= %g x L2 (at most %d buffer sets; %d bytes when L2 is unknown)"
          % (t["warmupCalls"], t["warmupSeconds"], t["samples"], t["minSampleSeconds"], t["l2Multiple"],
             t["maxBufferSets"], t["fallbackRotationBytes"]))
    print("device: %s%s" % (args.device, " (shapes clipped to %d)" % args.max_dim if args.max_dim else ""))
    flops = 0.0
    for c in cases:
        if c["op"] == "copy":
            print("  %-48s copy %d bytes" % (c["id"], c["bytes"]))
        else:
            f = 2.0 * c["m"] * c["n"] * c["k"]
            flops += f
            print("  %-48s m=%-5d k=%-6d n=%-6d %-5s %-22s %-4s %-10s %.3g GFLOP dense-equivalent"
                  % (c["id"], c["m"], c["k"], c["n"], c["format"], c["sparsity"], c["dtype"], c["library"], f / 1e9))
    print("total: %.4g TFLOP dense-equivalent per round of all gemm cases (x %d samples, plus warm-up)"
          % (flops / 1e12, t["samples"]))
    print("would write: %s" % (args.out or "(no --out given)"))


# ---------------------------------------------------------------- statistics and output


def quantile(values, q):
    """Linear interpolation between closest ranks (NumPy's default; the same as SampleStats.java)."""
    s = sorted(values)
    pos = q * (len(s) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (pos - lo) * (s[hi] - s[lo])


def write_json_atomic(path, doc):
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path), suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2, allow_nan=False)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def one_line(text, limit=400):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


# ---------------------------------------------------------------- host description


def _nvidia_smi(index):
    fields = ["driver_version", "clocks.max.sm", "clocks.max.mem", "clocks.sm", "clocks.mem", "power.limit",
              "pstate"]
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=" + ",".join(fields), "--format=csv,noheader,nounits",
                              "-i", str(index)], capture_output=True, text=True, timeout=30)
        if out.returncode != 0:
            return {"nvidiaSmi": "unavailable (" + one_line(out.stderr or out.stdout, 120) + ")"}
        values = [v.strip() for v in out.stdout.strip().splitlines()[0].split(",")]
        names = ["driver", "smClockMaxMHz", "memClockMaxMHz", "smClockAtStartMHz", "memClockAtStartMHz",
                 "powerLimitWatts", "pstateAtStart"]
        return dict(zip(names, values))
    except (OSError, subprocess.SubprocessError, IndexError) as e:
        return {"nvidiaSmi": "unavailable (" + one_line(e, 120) + ")"}


def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def describe_host(torch, device, plan, args, plan_sha):
    h = {}
    if device.type == "cuda":
        idx = device.index if device.index is not None else torch.cuda.current_device()
        p = torch.cuda.get_device_properties(idx)
        h["backend"] = "cuda"
        h["gpuName"] = p.name
        h["computeCapability"] = "%d.%d" % (p.major, p.minor)
        h["smCount"] = str(p.multi_processor_count)
        l2 = getattr(p, "L2_cache_size", None)
        h["l2CacheBytes"] = str(l2) if l2 else "unknown"
        h["memoryBytes"] = str(p.total_memory)
        h.update(_nvidia_smi(idx))
        h["cuda"] = str(torch.version.cuda)
        cusparselt = getattr(torch.backends, "cusparselt", None)
        if cusparselt is not None and hasattr(cusparselt, "version"):
            try:
                h["cusparselt"] = str(cusparselt.version())
            except Exception as e:  # noqa: BLE001 - a version query must not stop a run
                h["cusparselt"] = "unavailable (" + one_line(e, 80) + ")"
        h["cudnn"] = str(torch.backends.cudnn.version())
        h["device"] = "cuda:%d" % idx
    else:
        h["backend"] = "torch-cpu"
        h["note"] = "smoke run on PyTorch's CPU kernels: not a GPU measurement; do not commit or validate"
        h["cpuModel"] = _cpu_model()
        h["threads"] = str(torch.get_num_threads())
        h["device"] = "cpu"
    h["torch"] = torch.__version__
    h["python"] = platform.python_version()
    h["os"] = "%s %s %s" % (platform.system(), platform.release(), platform.machine())
    h["runner"] = "sparsim_gpu_runner.py v" + RUNNER_VERSION
    h["plan"] = os.path.basename(args.plan)
    h["planSha256"] = plan_sha
    h["planDescription"] = plan["description"]
    h["seed"] = str(plan["seed"])
    t = plan["timing"]
    h["timing"] = ("%s; warm-up >= %d calls and >= %g s; median of %d samples; a sample is consecutive calls "
                   "(>= %g s together) cycling through distinct operand buffer sets totalling >= %g x L2, divided "
                   "by the number of calls%s" % (
                       "CUDA events" if device.type == "cuda" else "time.perf_counter_ns",
                       t["warmupCalls"], t["warmupSeconds"], t["samples"], t["minSampleSeconds"], t["l2Multiple"],
                       "; a sleep kernel queued ahead of each sample keeps Python launch overhead out of the timing"
                       if device.type == "cuda" else ""))
    h["correctnessCheck"] = ("each case's result on its first buffer set against an fp32 product of the same "
                             "(rounded, masked) operands; pass when the normwise relative error is at most "
                             "4u(result type) + 2 sqrt(k) 2^-24")
    h["operands"] = ("uniform magnitudes in [0.5, 1.5) with random signs (never zero, no fp8 underflow); zeros "
                     "only where a mask prunes: exactly round(F*n*k) random positions for unstructured:F, 2 random "
                     "of every 4 along k for 2:4")
    if args.max_dim:
        h["maxDim"] = str(args.max_dim)
    if args.only:
        h["only"] = args.only
    h["measuredAt"] = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
    return h


# ---------------------------------------------------------------- operands


def case_seed(plan_seed, case_id):
    digest = hashlib.sha256(("%d:%s" % (plan_seed, case_id)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "little") & ((1 << 63) - 1)


def nonzero_uniform(torch, shape, gen, device):
    """fp32 values with magnitudes in [0.5, 1.5) and random signs: never zero in any dtype used here."""
    mag = torch.rand(shape, generator=gen, device=device) + 0.5
    flip = torch.rand(shape, generator=gen, device=device) < 0.5
    return torch.where(flip, -mag, mag)


def keep_mask(torch, case, gen, device):
    """Which weights of the n×k weight survive; None for dense."""
    n, k = case["n"], case["k"]
    if case["format"] == "dense":
        return None
    if case["format"] == "2:4":
        scores = torch.rand((n, k // 4, 4), generator=gen, device=device)
        top = scores.topk(2, dim=-1).indices
        keep = torch.zeros((n, k // 4, 4), dtype=torch.bool, device=device)
        keep.scatter_(-1, top, True)
        return keep.view(n, k)
    total = n * k
    zeros = int(round(_fraction(case["sparsity"]) * total))
    keep = torch.ones(total, dtype=torch.bool, device=device)
    keep[torch.randperm(total, generator=gen, device=device)[:zeros]] = False
    return keep.view(n, k)


def torch_dtype(torch, name):
    if name == "fp8":
        if not hasattr(torch, "float8_e4m3fn"):
            raise Skip("fp8 needs torch.float8_e4m3fn (PyTorch >= 2.1); this is torch " + torch.__version__)
        return torch.float8_e4m3fn
    return {"fp32": torch.float32, "tf32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[name]


def tolerance(case):
    out = case["precision"]
    return 4 * UNIT_ROUNDOFF[out] + 2 * math.sqrt(case["k"]) * 2.0 ** -24


# ---------------------------------------------------------------- kernels


class Kernel:
    """One case made runnable: make_set() builds a fresh operand set; call(s) runs one product on set s and
    returns the result as m×n (a view where the library computes the transpose)."""

    def __init__(self, make_set, call, library, set_bytes):
        self.make_set = make_set
        self.call = call
        self.library = library
        self.set_bytes = set_bytes


def _require_cuda(ctx, what):
    if ctx.device.type != "cuda":
        raise Skip(what + " needs a CUDA device (this run uses --device cpu)")


def _capability(ctx):
    return ctx.torch.cuda.get_device_capability(ctx.device)


def build_kernel(ctx, case, w32, gen):
    """The Kernel for a case; w32 is the fp32 master weight (n×k, already masked)."""
    torch = ctx.torch
    F = torch.nn.functional
    m, n, k = case["m"], case["n"], case["k"]
    fmt, lib, dtype = case["format"], case["library"], case["dtype"]
    dev = ctx.device

    def activations(dt):
        return nonzero_uniform(torch, (m, k), gen, dev).to(dt)

    if fmt == "dense" and dtype != "fp8":
        dt = torch_dtype(torch, dtype)
        w = w32.to(dt)
        size = torch.tensor([], dtype=dt).element_size()

        def make_set():
            return activations(dt), w.clone()

        library = ("cuBLAS (torch.nn.functional.linear, CUDA %s)" % torch.version.cuda if dev.type == "cuda"
                   else "torch-cpu dense (torch.nn.functional.linear)")
        return Kernel(make_set, lambda s: F.linear(s[0], s[1]), library, (m * k + n * k + m * n) * size)

    if fmt == "dense":  # fp8
        _require_cuda(ctx, "fp8")
        f8 = torch_dtype(torch, "fp8")
        if _capability(ctx) < (8, 9):
            raise Skip("fp8 tensor cores need compute capability >= 8.9; this device is %d.%d" % _capability(ctx))
        if not hasattr(torch, "_scaled_mm"):
            raise Skip("fp8 dense needs torch._scaled_mm; this is torch " + torch.__version__)
        w8 = w32.to(f8)
        one = torch.ones((), device=dev, dtype=torch.float32)
        pad = [0]

        def make_set():
            x = nonzero_uniform(torch, (m, k), gen, dev)
            if pad[0]:  # padded in fp32: not every PyTorch version concatenates fp8 tensors
                x = torch.cat([x, torch.zeros((pad[0], k), device=dev)])
            return x.to(f8), w8.clone()

        def call(s):
            y = torch._scaled_mm(s[0], s[1].t(), scale_a=one, scale_b=one, out_dtype=torch.bfloat16)
            y = y[0] if isinstance(y, tuple) else y
            return y[:m]

        kernel = Kernel(make_set, call, "cuBLASLt (torch._scaled_mm, e4m3 operands, bf16 result)",
                        m * k + n * k + 2 * m * n)
        try:
            call(make_set())
        except RuntimeError as e:
            if m % 16 == 0:
                raise Skip("torch._scaled_mm refused the shape: " + one_line(e, 200))
            pad[0] = -m % 16  # _scaled_mm wants dimensions divisible by 16: pad the token rows with zeros
            kernel.library += ", m padded to %d" % (m + pad[0])
        return kernel

    if fmt == "2:4":
        _require_cuda(ctx, "2:4 semi-structured sparsity")
        if _capability(ctx) < (8, 0):
            raise Skip("2:4 sparse tensor cores need compute capability >= 8.0; this device is %d.%d"
                       % _capability(ctx))
        if dtype == "fp8":
            return _fp8_two_four(ctx, case, w32, gen)
        return _two_four(ctx, case, w32, gen, activations)

    # csr
    dt = torch_dtype(torch, dtype)
    w = w32.to(dt)
    csr = w.to_sparse_csr()
    nnz = csr.values().numel()
    crow, col, val = csr.crow_indices(), csr.col_indices(), csr.values()
    if nnz < 2 ** 31:  # int32 indices, as cuSPARSE kernels take them (halves the index bytes)
        crow, col = crow.to(torch.int32), col.to(torch.int32)
    size = torch.tensor([], dtype=dt).element_size()

    def make_set():
        x_t = nonzero_uniform(torch, (k, m), gen, dev).to(dt)  # the activations, stored k×m for W·Xᵀ
        wc = torch.sparse_csr_tensor(crow.clone(), col.clone(), val.clone(), size=(n, k), dtype=dt, device=dev)
        return x_t, wc

    library = ("cuSPARSE SpMM (torch.sparse_csr weight, %s indices, times dense, CUDA %s)"
               % ("int32" if crow.dtype == torch.int32 else "int64", torch.version.cuda) if dev.type == "cuda"
               else "torch-cpu CSR times dense (torch.sparse_csr, %s indices)"
               % ("int32" if crow.dtype == torch.int32 else "int64"))
    set_bytes = m * k * size + nnz * (size + col.element_size()) + (n + 1) * crow.element_size() + m * n * size
    return Kernel(make_set, lambda s: torch.mm(s[1], s[0]).t(), library, set_bytes)


def _two_four(ctx, case, w32, gen, activations):
    torch = ctx.torch
    F = torch.nn.functional
    dt = torch_dtype(torch, case["dtype"])
    lib = case["library"]
    sparse = getattr(torch, "sparse", None)
    if sparse is None or not hasattr(sparse, "to_sparse_semi_structured"):
        raise Skip("2:4 needs torch.sparse.to_sparse_semi_structured (PyTorch >= 2.1); this is torch "
                   + torch.__version__)
    if lib == "cusparselt":
        backends = getattr(torch.backends, "cusparselt", None)
        if backends is not None and hasattr(backends, "is_available") and not backends.is_available():
            raise Skip("this PyTorch build has no cuSPARSELt (torch.backends.cusparselt.is_available() is False)")
    cls_name = "SparseSemiStructuredTensorCUSPARSELT" if lib == "cusparselt" else "SparseSemiStructuredTensorCUTLASS"
    cls = getattr(sparse, cls_name, None)
    w = w32.to(dt)

    def compress(weight):
        if cls is not None:
            return cls.from_dense(weight)
        # Older PyTorch: one class, backend chosen by the _FORCE_CUTLASS flag.
        base = sparse.SparseSemiStructuredTensor
        old = base._FORCE_CUTLASS
        base._FORCE_CUTLASS = lib == "cutlass"
        try:
            return sparse.to_sparse_semi_structured(weight)
        finally:
            base._FORCE_CUTLASS = old

    try:
        first = compress(w.clone())
    except (RuntimeError, ValueError, NotImplementedError) as e:
        raise Skip("%s refused the %dx%d %s weight: %s" % (cls_name, case["n"], case["k"], case["dtype"],
                                                            one_line(e, 200)))
    backend = getattr(first, "BACKEND", None) or ("cusparselt" if "CUSPARSELT" in type(first).__name__ else
                                                  "cutlass" if "CUTLASS" in type(first).__name__ else "unknown")
    if backend != lib:
        raise Skip("asked for the %s backend, torch gave %s (%s)" % (lib, backend, type(first).__name__))
    alg_id = None
    if lib == "cusparselt":
        version = ctx.host.get("cusparselt", "?")
        alg_id, alg_text = _search_cusparselt_alg(ctx, first, case, dt)
        library = "cuSPARSELt %s (torch.sparse %s, torch.nn.functional.linear, %s)" % (
            version, type(first).__name__, alg_text)
    else:
        library = "CUTLASS (torch.sparse %s, torch.nn.functional.linear)" % type(first).__name__
    pending = [first]
    size = torch.tensor([], dtype=dt).element_size()

    def make_set():
        ws = pending.pop() if pending else compress(w.clone())
        if alg_id is not None:
            ws.alg_id_cusparselt = alg_id
        return activations(dt), ws

    m, n, k = case["m"], case["n"], case["k"]
    set_bytes = m * k * size + n * k * size // 2 + n * k // 8 + m * n * size
    return Kernel(make_set, lambda s: F.linear(s[0], s[1]), library, set_bytes)


def _search_cusparselt_alg(ctx, ws, case, dt):
    """(algorithm id, description): cuSPARSELt's own search for this shape where PyTorch exposes it, else
    (None, why the default algorithm is used)."""
    torch = ctx.torch
    search = getattr(torch, "_cslt_sparse_mm_search", None)
    packed = getattr(ws, "packed", None)
    if search is None or packed is None or not hasattr(ws, "alg_id_cusparselt"):
        return None, "default algorithm (no torch._cslt_sparse_mm_search)"
    try:
        m = max(case["m"], 16)
        x = nonzero_uniform(torch, (m, case["k"]), None, ctx.device).to(dt)
        found = search(packed, x.t())
        alg = int(found[0] if isinstance(found, (tuple, list)) else found)
        ws.alg_id_cusparselt = alg
        return alg, "algorithm %d from torch._cslt_sparse_mm_search" % alg
    except Exception as e:  # noqa: BLE001 - a failed search leaves the default algorithm, and says so
        return None, "default algorithm (search failed: %s)" % one_line(e, 80)


def _fp8_two_four(ctx, case, w32, gen):
    torch = ctx.torch
    dev = ctx.device
    m, n, k = case["m"], case["n"], case["k"]
    if _capability(ctx) < (8, 9):
        raise Skip("fp8 tensor cores need compute capability >= 8.9; this device is %d.%d" % _capability(ctx))
    f8 = torch_dtype(torch, "fp8")
    if not hasattr(torch, "_cslt_compress") or not hasattr(torch, "_cslt_sparse_mm"):
        raise Skip("fp8 2:4 needs torch._cslt_compress and torch._cslt_sparse_mm; this is torch "
                   + torch.__version__)
    w8 = w32.to(f8)
    pad = -m % 16  # cuSPARSELt's fp8 dense operand takes multiples of 16 columns: pad the token rows with zeros

    def make_set():
        x = nonzero_uniform(torch, (m, k), gen, dev)
        if pad:
            x = torch.cat([x, torch.zeros((pad, k), device=dev)])
        return x.to(f8), torch._cslt_compress(w8.clone())

    def call(s):
        return torch._cslt_sparse_mm(s[1], s[0].t(), out_dtype=torch.bfloat16).t()[:m]

    first = None
    try:
        first = make_set()
        call(first)
    except (RuntimeError, TypeError, NotImplementedError) as e:
        raise Skip("cuSPARSELt fp8 2:4 refused the case: " + one_line(e, 200))
    pending = [first]
    library = "cuSPARSELt %s (torch._cslt_sparse_mm, e4m3 operands, bf16 result%s)" % (
        ctx.host.get("cusparselt", "?"), ", m padded to %d" % (m + pad) if pad else "")
    return Kernel(lambda: pending.pop() if pending else make_set(), call, library,
                  (m + pad) * k + n * k // 2 + n * k // 8 + 2 * m * n)


# ---------------------------------------------------------------- timing


class Context:
    def __init__(self, torch, device, timing, args):
        self.torch = torch
        self.device = device
        self.timing = timing
        self.args = args
        self.host = {}
        self.cycles_per_second = None
        if device.type == "cuda" and hasattr(torch.cuda, "_sleep"):
            self.cycles_per_second = self._calibrate_sleep()

    def sync(self):
        if self.device.type == "cuda":
            self.torch.cuda.synchronize(self.device)

    def _calibrate_sleep(self):
        torch = self.torch
        cycles = 20_000_000
        torch.cuda._sleep(1_000_000)
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        torch.cuda._sleep(cycles)
        end.record()
        end.synchronize()
        seconds = start.elapsed_time(end) / 1e3
        return cycles / seconds if seconds > 0 else None

    def l2_bytes(self):
        if self.device.type != "cuda":
            return None
        p = self.torch.cuda.get_device_properties(self.device)
        return getattr(p, "L2_cache_size", None) or None

    def buffer_sets(self, set_bytes):
        t = self.timing
        l2 = self.l2_bytes()
        pool = t["l2Multiple"] * l2 if l2 else t["fallbackRotationBytes"]
        sets = max(2, min(t["maxBufferSets"], int(math.ceil(pool / max(1, set_bytes)))))
        if self.device.type == "cuda":
            free, _ = self.torch.cuda.mem_get_info(self.device)
            sets = max(1, min(sets, int(free * 0.5 // max(1, set_bytes))))
        return sets

    def warm_and_estimate(self, call, sets):
        """Warm-up, then (seconds per call on the device, CPU seconds to issue one call, next set index)."""
        t = self.timing
        i, n, t0 = 0, 0, time.perf_counter()
        while n < t["warmupCalls"] or time.perf_counter() - t0 < t["warmupSeconds"]:
            call(i % sets)
            i += 1
            n += 1
            if n % 8 == 0:
                self.sync()
        self.sync()
        probe = max(3, min(sets, 16))
        if self.device.type == "cuda":
            torch = self.torch
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            c0 = time.perf_counter()
            start.record()
            for _ in range(probe):
                call(i % sets)
                i += 1
            end.record()
            issue = (time.perf_counter() - c0) / probe
            end.synchronize()
            per_call = start.elapsed_time(end) / 1e3 / probe
        else:
            c0 = time.perf_counter()
            for _ in range(probe):
                call(i % sets)
                i += 1
            per_call = issue = (time.perf_counter() - c0) / probe
        return max(per_call, 1e-9), issue, i

    def sample(self, call, sets, inner, issue, i):
        t = self.timing
        out = []
        if self.device.type == "cuda":
            torch = self.torch
            pairs = []
            preload = min(MAX_PRELOAD_SECONDS, 1.5 * inner * issue + 20e-6)
            for _ in range(t["samples"]):
                if self.cycles_per_second:
                    torch.cuda._sleep(int(preload * self.cycles_per_second))
                start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                start.record()
                for _ in range(inner):
                    call(i % sets)
                    i += 1
                end.record()
                pairs.append((start, end))
            self.sync()
            for start, end in pairs:
                out.append(max(start.elapsed_time(end) / 1e3 / inner, 1e-9))
        else:
            for _ in range(t["samples"]):
                t0 = time.perf_counter_ns()
                for _ in range(inner):
                    call(i % sets)
                    i += 1
                out.append(max((time.perf_counter_ns() - t0) / 1e9 / inner, 1e-9))
        return out


def run_gemm(ctx, case, plan_seed, budget_left):
    """Measures one GEMM case; returns (measured case dict, check note). Raises Skip or Failed."""
    torch = ctx.torch
    dev = ctx.device
    gen = torch.Generator(device=dev)
    gen.manual_seed(case_seed(plan_seed, case["id"]))
    tf32 = case["precision"] == "tf32"
    if dev.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = tf32
    w32 = nonzero_uniform(torch, (case["n"], case["k"]), gen, dev)
    keep = keep_mask(torch, case, gen, dev)
    if keep is not None:
        w32 = w32 * keep
    kernel = build_kernel(ctx, case, w32, gen)

    # Correctness first, on the first operand set, against fp32 products of the same rounded operands.
    first = kernel.make_set()
    try:
        y = kernel.call(first)
    except (RuntimeError, NotImplementedError, TypeError, ValueError) as e:
        raise Skip("%s failed: %s" % (kernel.library, one_line(e, 300)))
    x_used = first[0]
    if case["format"] == "csr":
        x_used = x_used.t()
    x_ref = x_used[:case["m"]].float()
    w_ref = w32.to(torch_dtype(torch, case["dtype"])).float()
    if dev.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
    ref = x_ref @ w_ref.t()
    y = y.float()
    if ctx.args.corrupt_for_test == case["format"]:
        y = y * 1.5  # test hook: proves a failing check is recorded, not silently timed
    if tuple(y.shape) != (case["m"], case["n"]):
        raise Failed("result has shape %s, expected %dx%d" % (tuple(y.shape), case["m"], case["n"]))
    if not bool(torch.isfinite(y).all()):
        raise Failed("result has NaN or infinite values")
    err = float((y - ref).norm() / ref.norm())
    tol = tolerance(case)
    if not err <= tol:
        raise Failed("normwise relative error %.3g against the fp32 reference exceeds the tolerance %.3g"
                     % (err, tol))
    check = "relative error %.3g <= %.3g against the fp32 reference" % (err, tol)
    del y, ref, x_ref, w_ref, x_used
    if dev.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = tf32

    sets_n = ctx.buffer_sets(kernel.set_bytes)
    sets = [first] + [kernel.make_set() for _ in range(sets_n - 1)]
    del w32, keep
    call = lambda i: kernel.call(sets[i])  # noqa: E731
    per_call, issue, i = ctx.warm_and_estimate(call, len(sets))
    t = ctx.timing
    inner = max(1, min(10000, int(math.ceil(t["minSampleSeconds"] / per_call))))
    estimate = t["samples"] * inner * max(per_call, issue)
    if estimate > ctx.args.max_case_seconds:
        raise Skip("estimated %.0f s for %d samples (%.3g s per call) exceeds --max-case-seconds %g"
                   % (estimate, t["samples"], per_call, ctx.args.max_case_seconds))
    if budget_left is not None and estimate > budget_left:
        raise OutOfBudget()
    samples = ctx.sample(call, len(sets), inner, issue, i)
    if dev.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
    measured = {
        "id": case["id"], "op": "gemm", "m": case["m"], "n": case["n"], "k": case["k"],
        "dtype": case["dtype"], "sparsity": case["sparsity"], "format": case["format"],
        "threads": 1 if dev.type == "cuda" else torch.get_num_threads(),
        "precision": case["precision"], "backend": ctx.host["backend"], "library": kernel.library,
        "medianSeconds": quantile(samples, 0.5), "p10Seconds": quantile(samples, 0.1),
        "p90Seconds": quantile(samples, 0.9), "samplesSeconds": samples,
    }
    note = "%s; %d buffer sets of %d bytes; %d call(s) per sample" % (check, len(sets), kernel.set_bytes, inner)
    return measured, note


def run_copy(ctx, case, plan_seed):
    torch = ctx.torch
    gen = torch.Generator(device=ctx.device)
    gen.manual_seed(case_seed(plan_seed, case["id"]))
    n = case["bytes"]
    src = torch.randint(1, 256, (n,), generator=gen, device=ctx.device, dtype=torch.uint8)
    dst = torch.empty_like(src)
    call = lambda i: dst.copy_(src)  # noqa: E731
    per_call, issue, i = ctx.warm_and_estimate(call, 1)
    if not bool(torch.equal(dst, src)):
        raise Failed("the copy's destination differs from its source")
    inner = max(1, int(math.ceil(ctx.timing["minSampleSeconds"] / per_call)))
    samples = ctx.sample(call, 1, inner, issue, i)
    median = quantile(samples, 0.5)
    p = "copy." + case["id"] + "."
    return {
        p + "bytes": str(n),
        p + "medianSeconds": repr(median),
        p + "p10Seconds": repr(quantile(samples, 0.1)),
        p + "p90Seconds": repr(quantile(samples, 0.9)),
        p + "samples": str(len(samples)),
        p + "readPlusWriteBytesPerSecond": repr(2.0 * n / median),
    }


class OutOfBudget(Exception):
    """The case's estimated time exceeds what is left of --time-budget."""


# ---------------------------------------------------------------- main


def load_resume(path, ids):
    try:
        with open(path, "r", encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        raise BadInput("%s: expected a readable %s file to resume from (%s)" % (path, MEASUREMENT_SCHEMA, e))
    if not isinstance(doc, dict) or doc.get("schema") != MEASUREMENT_SCHEMA:
        raise BadInput("%s: schema: expected '%s'" % (path, MEASUREMENT_SCHEMA))
    cases = [c for c in doc.get("cases", []) if isinstance(c, dict) and c.get("id") in ids]
    host = doc.get("host", {})
    kept = {c["id"] for c in cases}
    notes = {key: v for key, v in host.items()
             if (key.startswith("check.") and key[len("check."):] in kept) or key.startswith("copy.")}
    return cases, notes


def run(plan, cases, args, plan_sha):
    try:
        import torch
    except ImportError as e:
        log("cannot import torch with %s (%s); set SPARSIM_PYTHON to an interpreter that has it"
            % (sys.executable, e))
        return EXIT_ENVIRONMENT
    if args.device == "cuda" and not torch.cuda.is_available():
        log("torch %s at %s sees no CUDA device; use --device cpu for a smoke run on the CPU"
            % (torch.__version__, sys.executable))
        return EXIT_ENVIRONMENT
    device = torch.device("cuda", torch.cuda.current_device()) if args.device == "cuda" else torch.device("cpu")
    ctx = Context(torch, device, plan["timing"], args)
    host = describe_host(torch, device, plan, args, plan_sha)
    ctx.host = host
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        log("device %s: %s, %s SMs, L2 %s bytes, torch %s, CUDA %s"
            % (host["device"], host["gpuName"], host["smCount"], host["l2CacheBytes"], host["torch"], host["cuda"]))
    else:
        log("device cpu (smoke run): torch %s, %d threads" % (torch.__version__, torch.get_num_threads()))

    measured, notes = [], {}
    if args.resume:
        measured, notes = load_resume(args.resume, {c["id"] for c in cases})
        log("resuming from %s: %d cases already measured" % (args.resume, len(measured)))
    done = {c["id"] for c in measured} | {k[len("copy."):-len(".medianSeconds")] for k in notes
                                          if k.startswith("copy.") and k.endswith(".medianSeconds")}
    skipped, failed, not_run = {}, {}, []
    started = time.perf_counter()

    def save(finished):
        h = dict(host)
        h.update(notes)
        for cid, reason in skipped.items():
            h["skipped." + cid] = reason
        for cid, reason in failed.items():
            h["failed." + cid] = reason
        gemms = sum(1 for c in cases if c["op"] == "gemm")
        h["casesPlanned"] = str(gemms)
        h["casesMeasured"] = str(len(measured))
        h["casesSkipped"] = str(len(skipped))
        h["casesFailed"] = str(len(failed))
        if not_run:
            h["casesNotRun"] = "%d (time budget of %g s reached; resume with --resume): %s" % (
                len(not_run), args.time_budget, one_line(" ".join(not_run), 300))
        h["status"] = "complete" if finished and not not_run else "partial"
        order = {c["id"]: i for i, c in enumerate(cases)}
        ordered = sorted(measured, key=lambda c: order.get(c["id"], len(order)))
        write_json_atomic(args.out, {"schema": MEASUREMENT_SCHEMA, "host": h, "cases": ordered})

    with torch.no_grad():
        for n, case in enumerate(cases, 1):
            cid = case["id"]
            if cid in done:
                continue
            elapsed = time.perf_counter() - started
            left = None if args.time_budget is None else args.time_budget - elapsed
            if left is not None and left <= 0:
                not_run.append(cid)
                continue
            t0 = time.perf_counter()
            try:
                if case["op"] == "copy":
                    notes.update(run_copy(ctx, case, plan["seed"]))
                    bw = float(notes["copy." + cid + ".readPlusWriteBytesPerSecond"])
                    log("[%d/%d] %s: %.4g s median, %.4g bytes/s read+write"
                        % (n, len(cases), cid, float(notes["copy." + cid + ".medianSeconds"]), bw))
                else:
                    result, note = run_gemm(ctx, case, plan["seed"], left)
                    measured.append(result)
                    notes["check." + cid] = note
                    log("[%d/%d] %s: median %.4g ms (p10 %.4g, p90 %.4g), %.4g TFLOP/s dense-equivalent; %s; %s"
                        % (n, len(cases), cid, result["medianSeconds"] * 1e3, result["p10Seconds"] * 1e3,
                           result["p90Seconds"] * 1e3,
                           2.0 * case["m"] * case["n"] * case["k"] / result["medianSeconds"] / 1e12,
                           result["library"], note))
            except OutOfBudget:
                not_run.append(cid)
                log("[%d/%d] %s: not run, its estimated time exceeds the %.0f s left of --time-budget"
                    % (n, len(cases), cid, left))
            except Skip as e:
                skipped[cid] = one_line(e)
                log("[%d/%d] %s: SKIPPED: %s" % (n, len(cases), cid, skipped[cid]))
            except Failed as e:
                failed[cid] = one_line(e)
                log("[%d/%d] %s: FAILED CHECK: %s" % (n, len(cases), cid, failed[cid]))
            except Exception as e:  # noqa: BLE001 - out of memory and the like: record, free, go on
                oom = type(e).__name__ == "OutOfMemoryError" or "out of memory" in str(e)
                skipped[cid] = one_line("%s: %s" % (type(e).__name__, e))
                log("[%d/%d] %s: SKIPPED (%s): %s" % (n, len(cases), cid, "out of memory" if oom else "error",
                                                      skipped[cid]))
            if device.type == "cuda":
                torch.cuda.empty_cache()
            if args.verbose:
                log("  %s took %.2f s including setup" % (cid, time.perf_counter() - t0))
            save(False)
    save(True)
    log("wrote %s: %d measured, %d skipped, %d failed the check, %d not run"
        % (args.out, len(measured), len(skipped), len(failed), len(not_run)))
    return 0


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--plan", required=True, help="sparsim/gpu-plan/v1 file")
    p.add_argument("--out", help="sparsim/measurements/v1 file to write (rewritten after every case)")
    p.add_argument("--dry-run", action="store_true", help="validate the plan and list the cases; no torch needed")
    p.add_argument("--device", choices=("cuda", "cpu"), default="cuda",
                   help="cuda (default) or cpu: a smoke run on PyTorch's CPU kernels (dense and csr)")
    p.add_argument("--max-dim", type=int, help="clip m, n and k to this (a multiple of 16), for smoke runs")
    p.add_argument("--only", help="run only cases whose id matches this regular expression")
    p.add_argument("--time-budget", type=float, help="seconds; cases that would start after it are not run")
    p.add_argument("--max-case-seconds", type=float, default=120.0,
                   help="skip a case whose samples are estimated to take longer (default %(default)s)")
    p.add_argument("--resume", help="a previous output of this plan: keep its cases, run the rest")
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--corrupt-for-test", choices=("dense", "2:4", "csr"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.max_dim is not None and (args.max_dim < 16 or args.max_dim % 16):
        raise BadInput("--max-dim: expected a multiple of 16 of at least 16, got '%s'" % args.max_dim)
    if args.time_budget is not None and not args.time_budget > 0:
        raise BadInput("--time-budget: expected a positive number of seconds, got '%s'" % args.time_budget)
    if not args.max_case_seconds > 0:
        raise BadInput("--max-case-seconds: expected a positive number of seconds, got '%s'"
                       % args.max_case_seconds)
    if args.only:
        try:
            re.compile(args.only)
        except re.error as e:
            raise BadInput("--only: expected a regular expression, got '%s' (%s)" % (args.only, e))
    if not args.dry_run and not args.out:
        raise BadInput("--out: expected the measurement file to write (or --dry-run)")
    return args


def main(argv=None):
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        plan = load_plan(args.plan)
        with open(args.plan, "rb") as f:
            plan_sha = hashlib.sha256(f.read()).hexdigest()
        cases = select_cases(plan, args.max_dim, args.only)
        if not cases:
            raise BadInput("--only: expected a pattern that matches some case id, got '%s'" % args.only)
        if args.dry_run:
            dry_run(plan, cases, args)
            return 0
        return run(plan, cases, args, plan_sha)
    except BadInput as e:
        log(str(e))
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())

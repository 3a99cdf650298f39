#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""How many real-time audio streams one GPU (or CPU) carries with an s4stream compiled model.

For each chunk size T of the model (manifest.json "chunk_sizes"; graph chunk-T.onnx or its gzip
copy chunk-T.onnx.gz) and each batch size B (1, 16, 64, 256, 1024, 4096 by default; growth stops at
the first out-of-memory or when throughput stops improving), the chunk graph advances B streams by
T samples per call with the recurrent state kept on the device (see stream_runners.py). After a
warm-up, calls are timed for at least --seconds; the report gives the median per-call latency,
samples/s = B*T / median latency and streams = samples/s / sample rate (the real-time streams this
device carries at the model's rate).

Before timing each chunk size, a self-check runs two consecutive calls at batch 2 through the
measured path (device, IO binding, state swap) and compares y and the final state with plain ONNX
Runtime CPU calls on the same inputs; a relative difference above 1e-3 stops the program (exit 3).

Providers: cuda (ONNX Runtime CUDAExecutionProvider), cpu (ONNX Runtime CPU), torch-cuda and
torch-cpu (the same ONNX graph executed op by op with PyTorch, onnx_torch.py: for a machine whose
onnxruntime has no CUDA provider), auto (cuda, else torch-cuda, else cpu).
"""

import argparse
import atexit
import gzip
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass

import numpy as np

import stream_runners as sr

FORMAT = "s4stream-compiled/1"
DEFAULT_BATCHES = (1, 16, 64, 256, 1024, 4096)
CHECK_TOLERANCE = 1e-3
CHECK_BATCH = 2
EXIT_CHECK_FAILED = 3
EXIT_UNAVAILABLE = 4


class ManifestError(ValueError):
    """manifest.json is missing, of another format, or inconsistent."""


@dataclass(frozen=True)
class State:
    name: str
    channels: int
    size: int


@dataclass(frozen=True)
class Model:
    directory: str
    name: str
    version: str
    sample_rate: int
    input_channels: int
    output_channels: int
    frame: int
    input_encoding: str
    states: tuple
    chunk_sizes: tuple

    def graph_name(self, chunk):
        return ("step.onnx" if chunk == self.frame and chunk not in self.chunk_sizes
                else f"chunk-{chunk}.onnx")

    def graph(self, chunk):
        """Path of the graph advancing `chunk` samples; a gzip-compressed copy (name.onnx.gz, far
        smaller: the chunk maps are mostly structured zeros) is unpacked once into a temporary
        directory. None when neither is on disk."""
        name = self.graph_name(chunk)
        path = os.path.join(self.directory, name)
        if os.path.exists(path):
            return path
        if not os.path.exists(path + ".gz"):
            return None
        unpacked = os.path.join(_unpack_dir(), name)
        if not os.path.exists(unpacked):
            with gzip.open(path + ".gz", "rb") as src, open(unpacked + ".part", "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            os.replace(unpacked + ".part", unpacked)
        return unpacked


_UNPACK_DIR = []


def _unpack_dir():
    if not _UNPACK_DIR:
        _UNPACK_DIR.append(tempfile.mkdtemp(prefix="s4stream-graphs-"))
        atexit.register(shutil.rmtree, _UNPACK_DIR[0], True)
    return _UNPACK_DIR[0]


def read_model(directory):
    path = os.path.join(directory, "manifest.json")
    try:
        with open(path, encoding="utf-8") as f:
            m = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise ManifestError(f"cannot read {path}: {e}") from e
    if m.get("format") != FORMAT:
        raise ManifestError(f"{path}: format is {m.get('format')!r}, expected {FORMAT!r}")
    states = tuple(State(s["name"], int(s["channels"]), int(s["size"])) for s in m["states"])
    model = Model(directory, m["name"], m["version"], int(m["sample_rate"]), int(m["input_channels"]),
                  int(m["output_channels"]), int(m.get("frame", 1)), m.get("input_encoding", "float"),
                  states, tuple(int(t) for t in m.get("chunk_sizes", [])))
    for t in model.chunk_sizes:
        if t < model.frame or t % model.frame:
            raise ManifestError(f"{path}: chunk size {t} is not a multiple of the frame {model.frame}")
    return model


def random_input(rng, model, shape):
    if model.input_encoding == "mulaw-index":
        return rng.integers(0, 256, size=shape).astype(np.float32)
    return rng.uniform(-1.0, 1.0, size=shape).astype(np.float32)


def is_out_of_memory(error):
    text = f"{type(error).__name__}: {error}".lower()
    return any(k in text for k in ("out of memory", "outofmemory", "failed to allocate",
                                   "bad_alloc", "memoryerror", "cudaerrormemoryallocation"))


class Executor:
    """Opens runners for one provider; one graph (session) per chunk size, reused for all B."""

    def __init__(self, provider, args):
        self.provider = provider
        self.args = args
        self._graphs = {}

    def describe(self):
        """One line naming the library and device; fails early if the device is missing."""
        if self.provider.startswith("torch"):
            import torch
            name = "cpu"
            if self.provider == "torch-cuda":
                if not torch.cuda.is_available():
                    raise sr.DeviceUnavailableError(
                        f"PyTorch {torch.__version__} sees no CUDA device")
                name = torch.cuda.get_device_name(self.args.device_id)
            return f"PyTorch {torch.__version__} executing the ONNX graph on {name}"
        import onnxruntime as ort
        if self.provider == "cuda" and sr.ORT_PROVIDERS["cuda"] not in ort.get_available_providers():
            raise sr.DeviceUnavailableError(
                f"onnxruntime {ort.__version__} has no CUDAExecutionProvider (available: "
                f"{ort.get_available_providers()}); install onnxruntime-gpu, or use --provider "
                "torch-cuda")
        return f"ONNX Runtime {ort.__version__}, {sr.ORT_PROVIDERS[self.provider]}"

    def open(self, model, chunk, batch):
        path = model.graph(chunk)
        a = self.args
        if self.provider in ("cuda", "cpu"):
            if path not in self._graphs:
                self._graphs[path] = sr.ort_session(path, self.provider, a.device_id, a.tf32,
                                                    a.threads)
            device = "cuda" if self.provider == "cuda" else "cpu"
            return sr.OrtRunner(self._graphs[path], model, chunk, batch, device, a.device_id)
        import torch
        from onnx_torch import TorchGraph
        if self.provider == "torch-cuda":
            matmul = torch.backends.cuda.matmul
            if hasattr(matmul, "fp32_precision"):
                matmul.fp32_precision = "tf32" if a.tf32 else "ieee"
            else:
                matmul.allow_tf32 = a.tf32
            device = f"cuda:{a.device_id}"
        else:
            if a.threads > 0:
                torch.set_num_threads(a.threads)
            device = "cpu"
        if path not in self._graphs:
            self._graphs[path] = TorchGraph(path, device)
        cuda_graph = self.provider == "torch-cuda" and not a.no_cuda_graph
        return sr.TorchRunner(self._graphs[path], model, chunk, batch, cuda_graph)

    def release(self):
        self._graphs.clear()
        if self.provider == "torch-cuda":
            import torch
            torch.cuda.empty_cache()


def self_check(executor, model, chunk, rng):
    """Two calls at batch 2 on the measured path against plain ONNX Runtime CPU calls."""
    runner = executor.open(model, chunk, CHECK_BATCH)
    try:
        shapes = runner.shapes
        inputs = [random_input(rng, model, shapes.u) for _ in range(2)]
        start = [(0.5 * rng.standard_normal(s)).astype(np.float32) for s in shapes.states]
        runner.set_states(start)
        ys = [runner.call(u).copy() for u in inputs]
        final = runner.states()
    finally:
        runner.close()
    ref_ys, ref_final = sr.reference_calls(model.graph(chunk), inputs, start,
                                           [s.name for s in model.states])
    worst = 0.0
    parts = []
    for label, actual, expected in ([(f"y[call {i + 1}]", a, e) for i, (a, e) in
                                     enumerate(zip(ys, ref_ys))] +
                                    [(f"{s.name}_out", a, e) for s, a, e in
                                     zip(model.states, final, ref_final)]):
        rel, diff, scale = sr.normalized_error(actual, expected)
        worst = max(worst, rel)
        parts.append(f"{label} {rel:.2e} (max|diff| {diff:.2e}, max|ref| {scale:.2e})")
    print(f"  self-check T={chunk} B={CHECK_BATCH}, 2 calls vs ONNX Runtime CPU: max relative "
          f"difference {worst:.3e} (limit {CHECK_TOLERANCE:g}); " + "; ".join(parts), flush=True)
    return worst


@dataclass
class Result:
    chunk: int
    batch: int
    calls: int
    latency_ms: float
    p10_ms: float
    p90_ms: float
    samples_per_s: float
    streams: float
    chunk_ms: float


def time_config(executor, model, chunk, batch, args, rng):
    runner = executor.open(model, chunk, batch)
    try:
        pool = [random_input(rng, model, runner.shapes.u) for _ in range(2)]
        t_end = time.perf_counter() + args.warmup
        n = 0
        while n < 3 or time.perf_counter() < t_end:
            runner.call(pool[n % 2])
            n += 1
        times = []
        t_end = time.perf_counter() + args.seconds
        while len(times) < args.min_calls or time.perf_counter() < t_end:
            t0 = time.perf_counter()
            runner.call(pool[len(times) % 2])
            times.append(time.perf_counter() - t0)
    finally:
        runner.close()
    median = statistics.median(times)
    q = statistics.quantiles(times, n=10) if len(times) >= 2 else [median] * 9
    samples = batch * chunk / median
    return Result(chunk, batch, len(times), median * 1e3, q[0] * 1e3, q[-1] * 1e3, samples,
                  samples / model.sample_rate, chunk / model.sample_rate * 1e3)


def host_bytes(model, chunk, batch):
    u = batch * chunk * model.input_channels
    y = batch * (chunk // model.frame) * model.output_channels
    return 4 * (3 * u + y + 2 * sum(batch * s.channels * s.size for s in model.states))


def pick_provider(requested):
    if requested != "auto":
        return requested
    try:
        import onnxruntime as ort
        if sr.ORT_PROVIDERS["cuda"] in ort.get_available_providers():
            return "cuda"
    except ImportError:
        pass
    try:
        import torch
        if torch.cuda.is_available():
            return "torch-cuda"
    except ImportError:
        pass
    return "cpu"


def measure(args):
    model = read_model(args.model_dir)
    provider = pick_provider(args.provider)
    executor = Executor(provider, args)
    chunks = list(args.chunk_sizes or model.chunk_sizes)
    if args.include_step:
        chunks.insert(0, model.frame)
    print(f"model {model.name} {model.version}: {model.sample_rate} Hz, frame {model.frame}, "
          f"{len(model.states)} S4 layers (state floats per stream "
          f"{sum(s.channels * s.size for s in model.states)}), input {model.input_encoding}",
          flush=True)
    print(f"provider {provider}: {executor.describe()}; tf32 {'on' if args.tf32 else 'off'}",
          flush=True)
    rng = np.random.default_rng(args.seed)
    deadline = time.monotonic() + args.budget_seconds
    results = []
    for chunk in chunks:
        if model.graph(chunk) is None:
            print(f"T={chunk}: neither {model.graph_name(chunk)} nor its .gz is in "
                  f"{model.directory}, skipped", flush=True)
            continue
        worst = self_check(executor, model, chunk, rng)
        if not worst <= CHECK_TOLERANCE:
            print(f"SELF-CHECK FAILED: T={chunk} on {provider} differs from ONNX Runtime CPU by "
                  f"{worst:.3e} > {CHECK_TOLERANCE:g}", flush=True)
            return EXIT_CHECK_FAILED, results, model, provider
        best = 0.0
        for batch in args.batches:
            if time.monotonic() > deadline:
                print(f"time budget of {args.budget_seconds:.0f} s spent: stopping", flush=True)
                break
            if host_bytes(model, chunk, batch) > args.max_host_gib * 2 ** 30:
                print(f"  T={chunk} B={batch}: buffers would exceed {args.max_host_gib} GiB of "
                      "host memory: stop growing", flush=True)
                break
            try:
                r = time_config(executor, model, chunk, batch, args, rng)
            except Exception as e:  # noqa: BLE001 - out of memory is reported, anything else re-raised
                if not is_out_of_memory(e):
                    raise
                print(f"  T={chunk} B={batch}: out of memory ({type(e).__name__}): stop growing",
                      flush=True)
                executor.release()
                break
            results.append(r)
            print(f"  T={r.chunk:<5d} B={r.batch:<5d} latency {r.latency_ms:9.3f} ms "
                  f"(p10 {r.p10_ms:.3f}, p90 {r.p90_ms:.3f}, {r.calls} calls)  "
                  f"{r.samples_per_s:12.4g} samples/s  streams {r.streams:10.1f}  "
                  f"(chunk = {r.chunk_ms:.2f} ms of audio)", flush=True)
            if r.samples_per_s < best * (1.0 + args.min_gain):
                print(f"  T={chunk}: B={batch} gained less than {args.min_gain:.0%} over the best "
                      "smaller batch: stop growing", flush=True)
                break
            best = max(best, r.samples_per_s)
        executor.release()
        if time.monotonic() > deadline:
            break
    return 0, results, model, provider


def summarise(results, model, provider):
    if not results:
        print("no configuration measured", flush=True)
        return None
    best = max(results, key=lambda r: r.samples_per_s)
    unit = "GPU" if "cuda" in provider else "CPU"
    print(f"BEST {model.name} provider={provider}: T={best.chunk} B={best.batch} "
          f"{best.samples_per_s:.4g} samples/s = {best.streams:.1f} real-time {model.sample_rate} Hz "
          f"streams per {unit}, latency {best.latency_ms:.3f} ms per call", flush=True)
    return best


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model_dir", help="compiled model directory (manifest.json, chunk-T.onnx)")
    p.add_argument("--provider", default="auto",
                   choices=["auto", "cuda", "cpu", "torch-cuda", "torch-cpu"])
    p.add_argument("--chunk-sizes", type=lambda s: [int(v) for v in s.split(",")],
                   help="comma-separated T values (default: the manifest's chunk_sizes)")
    p.add_argument("--batches", type=lambda s: [int(v) for v in s.split(",")],
                   default=list(DEFAULT_BATCHES), help="comma-separated batch sizes, growing")
    p.add_argument("--include-step", action="store_true",
                   help="also measure the one-frame step graph (step.onnx)")
    p.add_argument("--seconds", type=float, default=2.0, help="timed seconds per configuration")
    p.add_argument("--warmup", type=float, default=0.5, help="warm-up seconds per configuration")
    p.add_argument("--min-calls", type=int, default=5, help="fewest timed calls per configuration")
    p.add_argument("--min-gain", type=float, default=0.03,
                   help="stop growing B when samples/s improves by less than this fraction")
    p.add_argument("--budget-seconds", type=float, default=360.0,
                   help="stop starting new configurations after this many seconds")
    p.add_argument("--max-host-gib", type=float, default=24.0,
                   help="skip batch sizes whose host buffers would exceed this")
    p.add_argument("--tf32", action="store_true", help="allow TF32 matrix products on the GPU")
    p.add_argument("--no-cuda-graph", action="store_true",
                   help="torch-cuda: run the graph op by op instead of replaying a CUDA graph")
    p.add_argument("--threads", type=int, default=0, help="CPU threads (0: library default)")
    p.add_argument("--device-id", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", help="also write the results as JSON to this file")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        code, results, model, provider = measure(args)
    except (ManifestError, sr.DeviceUnavailableError) as e:
        print(f"error: {e}", file=sys.stderr, flush=True)
        return EXIT_UNAVAILABLE
    best = summarise(results, model, provider)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"model": model.name, "version": model.version, "provider": provider,
                       "sample_rate": model.sample_rate, "tf32": args.tf32,
                       "self_check_passed": code == 0,
                       "results": [r.__dict__ for r in results],
                       "best": best.__dict__ if best else None}, f, indent=2)
    return code


if __name__ == "__main__":
    sys.exit(main())

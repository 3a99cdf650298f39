# SPDX-License-Identifier: GPL-3.0-or-later
"""Advance a batch of streams through one s4stream chunk graph, with the state kept on the device.

Each runner owns the buffers of one (chunk size T, batch B) configuration:
  - the input u [B, T, C_in] lives on the device and is refilled from host memory every call,
    as a live stream's audio arrives (host -> device copy per call);
  - the recurrent states state<i> [B, H_i, N_i] live on the device for the runner's whole life:
    two sets of device buffers, and each call reads one set and writes the other (ping-pong), so
    no state ever crosses to the host while timing;
  - the output y [B, T/frame, C_out] is written into one preallocated host buffer every call
    (device -> host), as the job needs the logits or samples on the host.
"""

import numpy as np

ORT_PROVIDERS = {"cuda": "CUDAExecutionProvider", "cpu": "CPUExecutionProvider"}


class DeviceUnavailableError(RuntimeError):
    """The requested execution provider or device cannot be used on this machine."""


def ort_session(path, provider, device_id=0, tf32=False, threads=0):
    """An InferenceSession on exactly the requested provider; fails instead of falling back."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 2
    if threads > 0:
        options.intra_op_num_threads = threads
    if provider == "cuda":
        if hasattr(ort, "preload_dlls"):
            # Loads CUDA and cuDNN from the nvidia-* Python packages when those are installed.
            try:
                ort.preload_dlls()
            except (OSError, RuntimeError) as e:
                print(f"  note: onnxruntime.preload_dlls() failed: {e}", flush=True)
        available = ort.get_available_providers()
        if ORT_PROVIDERS["cuda"] not in available:
            raise DeviceUnavailableError(
                f"onnxruntime {ort.__version__} has no CUDAExecutionProvider (available: "
                f"{available}); install onnxruntime-gpu, or use --provider torch-cuda")
        cuda = (ORT_PROVIDERS["cuda"], {"device_id": str(device_id), "use_tf32": "1" if tf32 else "0"})
        session = ort.InferenceSession(path, options, providers=[cuda, ORT_PROVIDERS["cpu"]])
        if ORT_PROVIDERS["cuda"] not in session.get_providers():
            raise DeviceUnavailableError(
                "the CUDA execution provider did not load (ONNX Runtime fell back to "
                f"{session.get_providers()}); see ONNX Runtime's error above")
        return session
    return ort.InferenceSession(path, options, providers=[ORT_PROVIDERS["cpu"]])


class Shapes:
    """Tensor shapes of one configuration."""

    def __init__(self, model, chunk, batch):
        self.batch = batch
        self.chunk = chunk
        self.u = (batch, chunk, model.input_channels)
        self.y = (batch, chunk // model.frame, model.output_channels)
        self.states = [(batch, s.channels, s.size) for s in model.states]
        self.state_names = [s.name for s in model.states]


class OrtRunner:
    """ONNX Runtime with IO binding: two bindings, one per state direction, prepared once."""

    def __init__(self, session, model, chunk, batch, device_type, device_id=0):
        import onnxruntime as ort

        self.shapes = Shapes(model, chunk, batch)
        self._session = session
        sh = self.shapes

        def device_value(shape):
            value = ort.OrtValue.ortvalue_from_shape_and_type(
                list(shape), np.float32, device_type, device_id)
            value.update_inplace(np.zeros(shape, np.float32))
            return value

        self._u = device_value(sh.u)
        self._sets = [[device_value(s) for s in sh.states] for _ in range(2)]
        self._y_host = np.zeros(sh.y, np.float32)
        self._y = ort.OrtValue.ortvalue_from_numpy(self._y_host)
        self._bindings = []
        for current in (0, 1):
            binding = session.io_binding()
            binding.bind_ortvalue_input("u", self._u)
            for i, name in enumerate(sh.state_names):
                binding.bind_ortvalue_input(name, self._sets[current][i])
                binding.bind_ortvalue_output(name + "_out", self._sets[1 - current][i])
            binding.bind_ortvalue_output("y", self._y)
            self._bindings.append(binding)
        self._current = 0
        self._y_copied = None

    def call(self, host_input):
        """One chunk call: host_input [B, T, C_in] float32 -> device, advance, y -> host."""
        self._u.update_inplace(host_input)
        binding = self._bindings[self._current]
        self._session.run_with_iobinding(binding)
        binding.synchronize_outputs()
        if self._y_copied is None:
            # y is bound last. ONNX Runtime should write it into our host buffer; if this build
            # hands back its own buffer instead, copy from it every call and say so once.
            self._y_copied = binding.get_outputs()[-1].data_ptr() != self._y.data_ptr()
            if self._y_copied:
                print("  note: ONNX Runtime did not write y into the bound host buffer; copying "
                      "it every call", flush=True)
        if self._y_copied:
            np.copyto(self._y_host, binding.get_outputs()[-1].numpy())
        self._current = 1 - self._current
        return self._y_host

    def set_states(self, states):
        for value, array in zip(self._sets[self._current], states):
            value.update_inplace(np.ascontiguousarray(array, np.float32))

    def states(self):
        """The states the next call will read, copied to the host (checks only, never timed)."""
        return [value.numpy().copy() for value in self._sets[self._current]]

    def close(self):
        self._bindings.clear()
        self._sets.clear()


class TorchRunner:
    """The same graph through onnx_torch.TorchGraph; optionally replayed as one CUDA graph."""

    def __init__(self, graph, model, chunk, batch, cuda_graph):
        import torch

        self._torch = torch
        self.shapes = Shapes(model, chunk, batch)
        sh = self.shapes
        device = graph.device
        self._graph = graph
        self._u = torch.zeros(sh.u, dtype=torch.float32, device=device)
        self._states = [torch.zeros(s, dtype=torch.float32, device=device) for s in sh.states]
        self._y_host = np.zeros(sh.y, np.float32)
        self._y_host_t = torch.from_numpy(self._y_host)
        self._replay = None
        self._y_dev = None
        if cuda_graph:
            try:
                self._capture()
            except RuntimeError as e:
                if "out of memory" in str(e).lower():
                    raise
                self._replay = None
                self._y_dev = None
                torch.cuda.synchronize(device)
                print(f"  CUDA graph capture failed ({type(e).__name__}: {e}); running the graph "
                      "op by op instead", flush=True)

    def _feeds(self):
        feeds = {"u": self._u}
        feeds.update(zip(self.shapes.state_names, self._states))
        return feeds

    def _advance(self):
        out = self._graph.run(self._feeds())
        return out["y"], [out[n + "_out"] for n in self.shapes.state_names]

    def _capture(self):
        # A CUDA graph needs fixed addresses: the captured work ends by copying the new states
        # into the state buffers it read (a device-to-device copy, the state stays on the GPU).
        torch = self._torch
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(3):
                self._advance()
        torch.cuda.current_stream().wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            y, new_states = self._advance()
            for buffer, new in zip(self._states, new_states):
                buffer.copy_(new)
        self._y_dev = y
        self._replay = graph
        for s in self._states:
            s.zero_()

    def call(self, host_input):
        torch = self._torch
        self._u.copy_(torch.from_numpy(host_input))
        if self._replay is not None:
            self._replay.replay()
            self._y_host_t.copy_(self._y_dev)
        else:
            y, self._states = self._advance()
            self._y_host_t.copy_(y)
        if self._graph.device.type == "cuda":
            torch.cuda.synchronize(self._graph.device)
        return self._y_host

    def set_states(self, states):
        for buffer, array in zip(self._states, states):
            buffer.copy_(self._torch.from_numpy(np.ascontiguousarray(array, np.float32)))

    def states(self):
        return [s.cpu().numpy().copy() for s in self._states]

    def close(self):
        self._replay = None
        self._y_dev = None
        self._states = []


def reference_calls(path, inputs, states, names):
    """Plain ONNX Runtime CPU calls, state fed back through the host: the correctness reference.

    states[i] is the state named names[i]. Returns (y of each call, final states)."""
    session = ort_session(path, "cpu")
    ys = []
    current = [np.array(s, np.float32) for s in states]
    for u in inputs:
        feeds = {"u": u}
        feeds.update(zip(names, current))
        result = session.run(None, feeds)
        out = dict(zip([o.name for o in session.get_outputs()], result))
        ys.append(out["y"])
        current = [out[n + "_out"] for n in names]
    return ys, current


def normalized_error(actual, expected):
    """max |actual - expected| / max |expected|: the relative difference used by the self-check."""
    scale = float(np.max(np.abs(expected))) if expected.size else 0.0
    diff = float(np.max(np.abs(actual.astype(np.float64) - expected))) if expected.size else 0.0
    return diff / max(scale, 1e-12), diff, scale

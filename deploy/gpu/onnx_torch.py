# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs an s4stream chunk graph (ONNX) with PyTorch operations, node by node.

A second executor for the same compiled graph, for machines whose ONNX Runtime has no CUDA
execution provider but whose PyTorch sees the GPU. It covers exactly the operators that the
s4stream graph compiler emits (models/src/main/java/io/s4stream/models/onnx/LayerEmitter.java)
and refuses any other graph with the unsupported operator's name. Its results are checked against
ONNX Runtime's CPU provider before anything is timed (see measure_streams.py).
"""

import onnx
import torch
from onnx import numpy_helper

_ONNX_TO_TORCH_DTYPE = {
    onnx.TensorProto.FLOAT: torch.float32,
    onnx.TensorProto.DOUBLE: torch.float64,
    onnx.TensorProto.INT32: torch.int32,
    onnx.TensorProto.INT64: torch.int64,
}


class UnsupportedGraphError(ValueError):
    """The graph holds an operator or attribute this executor does not implement."""


def _attributes(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _reshape_target(x, shape):
    # ONNX Reshape: 0 copies the input's dimension (allowzero = 0), -1 is inferred.
    return [x.shape[i] if s == 0 else s for i, s in enumerate(shape)]


class TorchGraph:
    """One ONNX graph as a list of PyTorch calls on one device.

    Constants (initializers and Constant nodes) are moved to the device once; int64 constants are
    also kept as Python tuples, because shapes, split sizes and axes must be plain ints.
    """

    def __init__(self, path, device):
        model = onnx.load(path)
        graph = model.graph
        self.device = torch.device(device)
        self._tensors = {}
        self._ints = {}
        for init in graph.initializer:
            self._add_constant(init.name, numpy_helper.to_array(init))
        self._nodes = []
        for node in graph.node:
            attrs = _attributes(node)
            if node.op_type == "Constant":
                if "value" not in attrs:
                    raise UnsupportedGraphError(
                        f"Constant node {node.name!r} without a 'value' tensor")
                self._add_constant(node.output[0], numpy_helper.to_array(attrs["value"]))
                continue
            handler = getattr(self, "_op_" + node.op_type, None)
            if handler is None:
                raise UnsupportedGraphError(
                    f"operator {node.op_type} (node {node.name!r}) is not implemented by the "
                    f"PyTorch executor of {path}")
            self._nodes.append((handler, list(node.input), list(node.output), attrs))
        self.input_names = [i.name for i in graph.input if i.name not in self._tensors]
        self.output_names = [o.name for o in graph.output]

    def _add_constant(self, name, array):
        tensor = torch.from_numpy(array.copy()).to(self.device)
        self._tensors[name] = tensor
        if array.dtype.kind in "iu":
            self._ints[name] = tuple(int(v) for v in array.reshape(-1))

    def _int_input(self, name):
        if name not in self._ints:
            raise UnsupportedGraphError(f"{name!r} must be an int64 constant (shape, axes or split)")
        return self._ints[name]

    def run(self, feeds):
        """feeds: input name -> tensor on the device. Returns output name -> tensor."""
        env = dict(self._tensors)
        env.update(feeds)
        for handler, inputs, outputs, attrs in self._nodes:
            results = handler(env, inputs, attrs)
            if isinstance(results, torch.Tensor):
                results = (results,)
            for name, value in zip(outputs, results):
                env[name] = value
        return {name: env[name] for name in self.output_names}

    # Operators, in the semantics of ONNX opset 17 as the s4stream compiler uses them.

    def _op_Identity(self, env, inputs, attrs):
        return env[inputs[0]]

    def _op_Add(self, env, inputs, attrs):
        return env[inputs[0]] + env[inputs[1]]

    def _op_Sub(self, env, inputs, attrs):
        return env[inputs[0]] - env[inputs[1]]

    def _op_Mul(self, env, inputs, attrs):
        return env[inputs[0]] * env[inputs[1]]

    def _op_Div(self, env, inputs, attrs):
        return env[inputs[0]] / env[inputs[1]]

    def _op_Log(self, env, inputs, attrs):
        return torch.log(env[inputs[0]])

    def _op_MatMul(self, env, inputs, attrs):
        return torch.matmul(env[inputs[0]], env[inputs[1]])

    def _op_Erf(self, env, inputs, attrs):
        return torch.erf(env[inputs[0]])

    def _op_Sigmoid(self, env, inputs, attrs):
        return torch.sigmoid(env[inputs[0]])

    def _op_Transpose(self, env, inputs, attrs):
        x = env[inputs[0]]
        perm = attrs.get("perm", list(range(x.dim() - 1, -1, -1)))
        return x.permute(*perm)

    def _op_Concat(self, env, inputs, attrs):
        return torch.cat([env[name] for name in inputs], dim=attrs["axis"])

    def _op_Split(self, env, inputs, attrs):
        x = env[inputs[0]]
        axis = attrs.get("axis", 0)
        if len(inputs) > 1 and inputs[1]:
            sizes = list(self._int_input(inputs[1]))
        elif "split" in attrs:
            sizes = list(attrs["split"])
        else:
            raise UnsupportedGraphError("Split without explicit sizes")
        return torch.split(x, sizes, dim=axis)

    def _op_Reshape(self, env, inputs, attrs):
        if attrs.get("allowzero", 0):
            raise UnsupportedGraphError("Reshape with allowzero=1")
        x = env[inputs[0]]
        return x.reshape(_reshape_target(x, self._int_input(inputs[1])))

    def _op_Squeeze(self, env, inputs, attrs):
        x = env[inputs[0]]
        if len(inputs) > 1 and inputs[1]:
            axes = self._int_input(inputs[1])
        else:
            axes = tuple(attrs.get("axes", [d for d in range(x.dim()) if x.shape[d] == 1]))
        return torch.squeeze(x, dim=tuple(a % x.dim() for a in axes))

    def _op_Cast(self, env, inputs, attrs):
        to = attrs["to"]
        if to not in _ONNX_TO_TORCH_DTYPE:
            raise UnsupportedGraphError(f"Cast to ONNX type {to}")
        return env[inputs[0]].to(_ONNX_TO_TORCH_DTYPE[to])

    def _op_Gather(self, env, inputs, attrs):
        data = env[inputs[0]]
        index = env[inputs[1]].long()
        axis = attrs.get("axis", 0) % data.dim()
        index = torch.where(index < 0, index + data.shape[axis], index)
        picked = torch.index_select(data, axis, index.reshape(-1))
        shape = list(data.shape[:axis]) + list(index.shape) + list(data.shape[axis + 1:])
        return picked.reshape(shape)

    def _op_LayerNormalization(self, env, inputs, attrs):
        x = env[inputs[0]]
        axis = attrs.get("axis", -1) % x.dim()
        weight = env[inputs[1]]
        bias = env[inputs[2]] if len(inputs) > 2 and inputs[2] else None
        return torch.nn.functional.layer_norm(
            x, tuple(x.shape[axis:]), weight, bias, attrs.get("epsilon", 1e-5))

    def _reduce(self, reduction, env, inputs, attrs):
        """A Reduce* node: axes from the second input (opset 13+ ReduceSum) or the attribute."""
        x = env[inputs[0]]
        if len(inputs) > 1 and inputs[1]:
            axes = self._int_input(inputs[1])
        else:
            axes = tuple(attrs.get("axes", range(x.dim())))
        return reduction(x, dim=tuple(axes), keepdim=bool(attrs.get("keepdims", 1)))

    def _op_ReduceMean(self, env, inputs, attrs):
        return self._reduce(torch.mean, env, inputs, attrs)

    def _op_ReduceSum(self, env, inputs, attrs):
        return self._reduce(torch.sum, env, inputs, attrs)

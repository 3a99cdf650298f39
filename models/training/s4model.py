"""The one PyTorch definition of the s4stream layer stack (models/README.md) and its export.

Layers work on [batch, time, channels]. Every module's state_dict uses exactly the names of the model
description, so the export is `<layer name>.<state_dict key>` for every layer (a layer trained with tied
weights, band_conv.BandConv, exports the weights of the plain layer it equals: export_state()).

The S4D math (kernel, layer, official block) is in s4d.py; its names are re-exported here.
"""

import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import read_safetensors, write_safetensors  # noqa: E402,F401  (callers use s4model.*)
from s4d import TOEPLITZ_MAX, S4Block, S4DKernel, S4DLayer  # noqa: E402,F401  (callers use s4model.*)
import pitch_lag  # noqa: E402

FORMAT = "s4stream-model/1"
MASK_INDEX = 256  # a withheld input, in training only (MaskableEmbedding)


# ----------------------------------------------------------------------------------------------------------
# Layers of the description


class S4BlockLayer(S4Block):
    type = "s4block"

    def spec(self):
        return {"type": self.type, "block": self.block_spec()}


class Residual(nn.Module):
    type = "residual"

    def __init__(self, d_model, d_state=64, init="diag-lin", generator=None):
        super().__init__()
        self.norm = nn.LayerNorm(d_model, eps=1e-5)
        self.block = S4Block(d_model, d_state, init, generator)

    def forward(self, x):
        return x + self.block(self.norm(x))

    def spec(self):
        return {"type": self.type, "norm": "layernorm", "prenorm": True, "block": self.block.block_spec()}


class Pool(nn.Module):
    """Causal down-pooling: p consecutive steps flattened time-major (feature s*d_in + c), then linear."""

    type = "pool"

    def __init__(self, factor, d_in, d_out):
        super().__init__()
        self.factor, self.d_in, self.d_out = factor, d_in, d_out
        self.weight = nn.Parameter(torch.empty(d_out, factor * d_in))
        self.bias = nn.Parameter(torch.zeros(d_out))
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))

    def forward(self, x):
        b, length, c = x.shape
        if length % self.factor:
            raise ValueError(f"sequence length {length} is not a multiple of the pool factor {self.factor}")
        return F.linear(x.reshape(b, length // self.factor, self.factor * c), self.weight, self.bias)

    def spec(self):
        return {"type": self.type, "factor": self.factor, "d_in": self.d_in, "d_out": self.d_out}


class Pooled(nn.Module):
    """A SaShiMi level: inner layers that run `factor` times slower, added to the full-rate stream.

        d_j = down(x[jp], ..., x[jp+p-1])        p = factor; flattened time-major (feature s*d_model + c)
        z   = inner layers over d_0, d_1, ...    at width d_inner, one step per p input steps
        u_j = up(z_j)                            p*d_model features: step s of the block is u_j[s*d_model + c]
        y[t] = x[t] + u_{j-1}[t - jp]            for t in block j = t // p; block 0 adds nothing

    Block j's up-projection is added one block later, when all p inputs it summarises are in: the layer is
    causal, and a stream runs it one sample at a time (the inner layers step once every p samples). The
    inner layers keep whole names ("<name>.blocks.0"), like an ensemble's branches; down and up are
    "<name>.down.*" and "<name>.up.*". A sequence whose length is not a multiple of p is padded at the end
    for the inner layers (causal, so no output moves) and cut back."""

    type = "pooled"

    def __init__(self, factor, d_model, d_inner, inner):
        super().__init__()
        if factor < 2:
            raise ValueError(f"pooled layer: factor must be at least 2, got {factor}")
        self.factor, self.d_model, self.d_inner = factor, d_model, d_inner
        self.down = nn.Linear(factor * d_model, d_inner)
        self.up = nn.Linear(d_inner, factor * d_model)
        self.inner = inner

    def zero_up(self):
        """Sets up to 0: the layer is the identity until trained (a level added to a trained model)."""
        with torch.no_grad():
            self.up.weight.zero_()
            self.up.bias.zero_()

    def forward(self, x):
        b, length, h = x.shape
        p = self.factor
        pad = -length % p
        blocks = (length + pad) // p
        xp = F.pad(x, (0, 0, 0, pad)) if pad else x
        u = self.up(self.inner(self.down(xp.reshape(b, blocks, p * h)))).reshape(b, blocks * p, h)
        u = F.pad(u[:, :(blocks - 1) * p], (0, 0, p, 0))  # block j - 1's up-projection serves block j
        return x + u[:, :length]

    def spec(self):
        return {"type": self.type, "factor": self.factor, "d_model": self.d_model, "d_inner": self.d_inner,
                "layers": self.inner.layer_descriptions()}

    def named_weights(self, name):
        own = {f"{name}.{key}": value for key, value in self.state_dict().items()
               if key.split(".")[0] in ("down", "up")}
        return {**own, **self.inner.named_weights()}

    def load_named(self, weights, name):
        for key, part in (("down", self.down), ("up", self.up)):
            prefix = f"{name}.{key}."
            part.load_state_dict({k: torch.as_tensor(weights[prefix + k]).float() for k in part.state_dict()})
        self.inner.load_named(weights)


class Linear(nn.Linear):
    type = "linear"

    def spec(self):
        return {"type": self.type, "d_in": self.in_features, "d_out": self.out_features}


class Embedding(nn.Embedding):
    """Input [B, L, 1] floats holding indices -> [B, L, dim]."""

    type = "embedding"

    def forward(self, x):
        return super().forward(x[..., 0].round().long())

    def spec(self):
        return {"type": self.type, "num": self.num_embeddings, "dim": self.embedding_dim}


class MaskableEmbedding(Embedding):
    """An Embedding with one more row, index `num` (MASK_INDEX for 256 levels), that stands for an input
    withheld in training (train_continuation.py --mask-inputs). It exports as the plain `num`-row
    embedding: a stream never feeds the mask, so the compiled graphs do not carry it."""

    @classmethod
    def extending(cls, embedding):
        layer = cls(embedding.num_embeddings + 1, embedding.embedding_dim)
        with torch.no_grad():
            layer.weight[:-1] = embedding.weight
            layer.weight[-1] = 0.0  # a withheld input adds nothing to the residual stream at first
        return layer

    def spec(self):
        return {"type": self.type, "num": self.num_embeddings - 1, "dim": self.embedding_dim}

    def export_state(self):
        return {"weight": self.weight[:-1].detach().clone()}


class LayerNorm(nn.LayerNorm):
    type = "layernorm"

    def __init__(self, dim):
        super().__init__(dim, eps=1e-5)

    def spec(self):
        return {"type": self.type, "dim": self.normalized_shape[0]}


class Gelu(nn.Module):
    type = "gelu"

    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return F.gelu(x)

    def spec(self):
        return {"type": self.type, "dim": self.dim}


class Square(nn.Module):
    """Element-wise x * x (e.g. the power of DFT coefficients)."""

    type = "square"

    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return x * x

    def spec(self):
        return {"type": self.type, "dim": self.dim}


class Log(nn.Module):
    """Element-wise ln(x + eps), eps > 0."""

    type = "log"

    def __init__(self, dim, eps):
        super().__init__()
        if not eps > 0 or math.isinf(eps):
            raise ValueError(f"log layer: eps must be a finite number > 0, got {eps}")
        self.dim, self.eps = dim, float(eps)

    def forward(self, x):
        return torch.log(x + self.eps)

    def spec(self):
        return {"type": self.type, "dim": self.dim, "eps": self.eps}


class Ensemble(nn.Module):
    """Separately trained stacks (S4Model) over one input, their outputs averaged. The branches' layers keep
    whole weight names (e.g. "trunks.0.proj"), so the export is the union of their own exports."""

    type = "ensemble"

    def __init__(self, branches):
        super().__init__()
        if len(branches) < 2:
            raise ValueError(f"an ensemble needs at least 2 branches, got {len(branches)}")
        self.branches = nn.ModuleList(branches)

    def forward(self, x):
        return sum(branch(x) for branch in self.branches) / len(self.branches)

    def spec(self):
        return {"type": self.type, "branches": [branch.layer_descriptions() for branch in self.branches]}

    def named_weights(self):
        return {k: v for branch in self.branches for k, v in branch.named_weights().items()}

    def load_named(self, weights):
        for branch in self.branches:
            branch.load_named(weights)


class S4Model(nn.Module):
    """A named sequential stack; `meta` holds the model.json fields other than layers."""

    def __init__(self, named_layers, meta):
        super().__init__()
        self.names = [n for n, _ in named_layers]
        self.layers = nn.ModuleList([l for _, l in named_layers])
        self.meta = dict(meta)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    @property
    def frame(self):
        return int(np.prod([l.factor for l in self.layers if isinstance(l, Pool)]))

    def layer_descriptions(self):
        return [dict(name=n, **l.spec()) for n, l in zip(self.names, self.layers)]

    def description(self):
        return {"format": FORMAT, **self.meta, "layers": self.layer_descriptions()}

    def layer_weights(self, i):
        """Layer i's part of the export, under its whole names."""
        name, layer = self.names[i], self.layers[i]
        if isinstance(layer, Ensemble):
            return layer.named_weights()
        if isinstance(layer, Pooled):
            return layer.named_weights(name)
        # a layer trained under tied weights (band_conv.BandConv) exports the plain layer it equals
        state = layer.export_state() if hasattr(layer, "export_state") else layer.state_dict()
        return {(name + "." if name else "") + key: value for key, value in state.items()}

    def named_weights(self):
        return {k: v for i in range(len(self.layers)) for k, v in self.layer_weights(i).items()}

    def load_named(self, weights):
        """Loads the export's weights (`<layer name>.<state_dict key>`) into every layer."""
        for name, layer in zip(self.names, self.layers):
            if isinstance(layer, Ensemble):
                layer.load_named(weights)
                continue
            if isinstance(layer, Pooled):
                layer.load_named(weights, name)
                continue
            prefix = name + "." if name else ""
            layer.load_state_dict({k: torch.as_tensor(weights[prefix + k]).float() for k in layer.state_dict()})

    def ssm_parameters(self):
        """The SSM parameters (inv_dt, A, B) that S4 trains with a smaller learning rate and no decay."""
        return [p for n, p in self.named_parameters() if n.split(".")[-1] in ("inv_dt", "A_real", "A_imag", "B")]


def build(spec_layers, meta, init="diag-lin", seed=0):
    """Builds a model from a list of layer specs (dicts as in model.json; s4 blocks take `init`)."""
    g = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    named = []
    for s in spec_layers:
        t = s["type"]
        if t == "residual":
            layer = Residual(s["d_model"], s.get("d_state", 64), init, g)
        elif t == "s4block":
            layer = S4BlockLayer(s["d_model"], s.get("d_state", 64), init, g)
        elif t == "pool":
            layer = Pool(s["factor"], s["d_in"], s["d_out"])
        elif t == "linear":
            layer = Linear(s["d_in"], s["d_out"])
        elif t == "embedding":
            layer = Embedding(s["num"], s["dim"])
        elif t == pitch_lag.TYPE:
            layer = pitch_lag.PitchLagEmbedding(s["num"], s["dim"], s["min_lag"], s["max_lag"], s["window"])
        elif t == "layernorm":
            layer = LayerNorm(s["dim"])
        elif t == "gelu":
            layer = Gelu(s["dim"])
        elif t == "square":
            layer = Square(s["dim"])
        elif t == "log":
            if "eps" not in s:
                raise ValueError(f"log layer '{s['name']}': missing required setting 'eps' (y = ln(x + eps), eps > 0)")
            layer = Log(s["dim"], s["eps"])
        elif t == "pooled":
            layer = Pooled(s["factor"], s["d_model"], s["d_inner"], build(s["layers"], {}, init, seed + 1000))
        elif t == "ensemble":
            layer = Ensemble([build(branch, {}, init, seed + 1 + i) for i, branch in enumerate(s["branches"])])
        else:
            raise ValueError(f"unknown layer type '{t}'")
        named.append((s["name"], layer))
    return S4Model(named, meta)


def from_description(desc, weights=None):
    """Rebuilds a model from a model.json dict (and loads named weights if given)."""
    inits = []

    def specs(layers):
        out = []
        for l in layers:
            s = {k: v for k, v in l.items() if k != "block"}
            if "block" in l:
                s["d_model"], s["d_state"] = l["block"]["d_model"], l["block"]["d_state"]
                inits.append(l["block"]["init"])
            if "branches" in l:
                s["branches"] = [specs(branch) for branch in l["branches"]]
            if "layers" in l:
                s["layers"] = specs(l["layers"])
            out.append(s)
        return out

    layers = specs(desc["layers"])
    meta = {k: v for k, v in desc.items() if k not in ("format", "layers")}
    model = build(layers, meta, init=inits[-1] if inits else "diag-lin")
    if weights is not None:
        model.load_named(weights)
    return model


# ----------------------------------------------------------------------------------------------------------
# export (weights as safetensors: safetensors_io.py)


def export(model, directory):
    """Writes model.json and weights.safetensors (float32) into directory."""
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "model.json"), "w") as f:
        json.dump(model.description(), f, indent=2)
        f.write("\n")
    weights = {k: v.float() for k, v in model.named_weights().items()}
    write_safetensors(os.path.join(directory, "weights.safetensors"), weights)


def load(directory):
    with open(os.path.join(directory, "model.json")) as f:
        desc = json.load(f)
    return from_description(desc, read_safetensors(os.path.join(directory, "weights.safetensors")))

#!/usr/bin/python3
"""Checks s4model.py against its own definition (seconds; run by CI next to the --smoke trainings):

1. the FFT-convolution forward equals the step-by-step recurrence x_k = dA x_{k-1} + dB u_k (float64);
2. the model is causal: perturbing the input after a frame leaves that frame's output unchanged;
3. export -> load round trip gives identical outputs, and the safetensors names/shapes are the README's;
4. optionally (--fixture NAME.safetensors) an official S4Block fixture's output_f64 is reproduced.

  /usr/bin/python3 models/training/selftest.py [--fixture /work/shared/fixtures/s4-official/s4d_lin_zoh.safetensors]
"""

import argparse
import os
import sys
import tempfile

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import s4model  # noqa: E402

SPECS = [
    {"type": "pool", "name": "pool0", "factor": 4, "d_in": 1, "d_out": 8},
    {"type": "gelu", "name": "act0", "dim": 8},
    {"type": "residual", "name": "blocks.0", "d_model": 8, "d_state": 16},
    {"type": "pool", "name": "pool1", "factor": 2, "d_in": 8, "d_out": 12},
    {"type": "s4block", "name": "plain", "d_model": 12, "d_state": 8},
    {"type": "layernorm", "name": "norm_f", "dim": 12},
    {"type": "linear", "name": "head", "d_in": 12, "d_out": 5},
]
META = {"name": "selftest", "version": "0.0.1", "task": "classification", "sample_rate": 8000,
        "input_channels": 1, "input_encoding": "float", "labels": list("abcde")}


def recurrent_block(block, u):
    """Official S4Block by explicit recurrence, u [L, H] float64 numpy."""
    dt, a, b, c = (t.detach().numpy() for t in block.layer.kernel.ssm_params())
    da = np.exp(dt * a)
    db = (np.exp(dt * a) - 1.0) / a * b
    x = np.zeros(a.shape, dtype=np.complex128)
    y = np.empty_like(u)
    for k in range(u.shape[0]):
        x = da * x + db * u[k][:, None]
        y[k] = 2.0 * (c * x).sum(axis=1).real
    y = torch.from_numpy(y + u * block.layer.D.detach().numpy()[0])
    with torch.no_grad():
        y = torch.nn.functional.gelu(y)
        return torch.nn.functional.glu(block.output_linear(y), dim=-1).numpy()


def recurrent_forward(model, x):
    """The whole stack with every S4 layer run as a recurrence; x [L, C] float64."""
    h = torch.from_numpy(x)[None]
    for layer in model.layers:
        if isinstance(layer, s4model.Residual):
            with torch.no_grad():
                normed = layer.norm(h)[0].numpy()
            h = h + torch.from_numpy(recurrent_block(layer.block, normed))[None]
        elif isinstance(layer, s4model.S4Block):
            h = torch.from_numpy(recurrent_block(layer, h[0].numpy()))[None]
        else:
            with torch.no_grad():
                h = layer(h)
    return h[0].numpy()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fixture", help="an official S4Block fixture (.safetensors) to reproduce")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    for init in ("diag-lin", "random"):
        model = s4model.build(SPECS, META, init=init, seed=3).double().eval()
        x = np.random.default_rng(1).standard_normal((256, 1))
        with torch.no_grad():
            y = model(torch.from_numpy(x)[None])[0].numpy()
        r = recurrent_forward(model, x)
        err = np.abs(y - r).max() / np.abs(r).max()
        assert y.shape == (256 // model.frame, 5), y.shape
        assert err < 1e-9, f"{init}: convolution vs recurrence relative error {err}"
        x2 = x.copy()
        x2[100:] += 1.0  # frame 100 // 8 = 12 is the first one that may change
        with torch.no_grad():
            y2 = model(torch.from_numpy(x2)[None])[0].numpy()
        assert np.abs(y[:12] - y2[:12]).max() < 1e-12 and np.abs(y[12:] - y2[12:]).max() > 1e-6, "not causal"
        print(f"{init}: convolution == recurrence (relative error {err:.1e}), causal, frame {model.frame}")

    model = s4model.build(SPECS, META, seed=4)
    with tempfile.TemporaryDirectory() as d:
        s4model.export(model, d)
        weights = s4model.read_safetensors(os.path.join(d, "weights.safetensors"))
        assert weights["blocks.0.block.layer.kernel.B"].shape == (1, 8, 8, 2)
        assert weights["blocks.0.block.layer.kernel.inv_dt"].shape == (8, 1)
        assert weights["blocks.0.block.output_linear.0.weight"].shape == (16, 8)
        assert weights["plain.layer.D"].shape == (1, 12)
        assert weights["pool1.weight"].shape == (12, 16) and weights["blocks.0.norm.bias"].shape == (8,)
        assert all(w.dtype == np.float32 for w in weights.values())
        loaded = s4model.load(d)
        assert loaded.description() == model.description()
        x = torch.randn(2, 64, 1)
        with torch.no_grad():
            assert torch.equal(model(x), loaded(x)), "export round trip changed the outputs"
    print(f"export round trip: {len(weights)} tensors, names and shapes as in models/README.md")

    if args.fixture:
        w = s4model.read_safetensors(args.fixture)
        h, n2 = w["layer.kernel.A_real"].shape
        desc = {"format": s4model.FORMAT, "name": "fixture", "layers": [
            {"type": "s4block", "name": "", "block": {"d_model": h, "d_state": 2 * n2, "mode": "diag",
                                                     "init": "diag-lin", "disc": "zoh"}}]}
        block = s4model.from_description(desc, w).double()
        with torch.no_grad():
            y = block(torch.from_numpy(w["input"].astype(np.float64))[None])[0].numpy()
        err = np.abs(y - w["output_f64"]).max() / np.abs(w["output_f64"]).max()
        assert err < 1e-6, f"official fixture relative error {err}"
        print(f"official fixture {os.path.basename(args.fixture)}: relative error {err:.1e}")


if __name__ == "__main__":
    main()

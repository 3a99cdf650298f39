"""Shared training plumbing: threads, optimiser groups, cosine schedule, checkpoints, logging."""

import math
import os
import random
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.dirname(HERE)
DATA = os.path.join(MODELS, "data", "out")
RUNS = os.path.join(HERE, "out")  # git-ignored checkpoints and logs
PARITY = os.path.join(MODELS, "src", "test", "resources", "parity")


def setup(seed, threads=2):
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    np.random.seed(seed)
    random.seed(seed)


def log(*parts):
    print(time.strftime("%H:%M:%S"), *parts, flush=True)


def optimizer(model, lr, ssm_lr, weight_decay):
    """AdamW; the SSM parameters (dt, A, B) get their own learning rate and no weight decay (as in S4)."""
    ssm = {id(p) for p in model.ssm_parameters()}
    decay = [p for p in model.parameters() if id(p) not in ssm and p.dim() >= 2]
    no_decay = [p for p in model.parameters() if id(p) not in ssm and p.dim() < 2]
    return torch.optim.AdamW([
        {"params": decay, "lr": lr, "weight_decay": weight_decay},
        {"params": no_decay, "lr": lr, "weight_decay": 0.0},
        {"params": [p for p in model.parameters() if id(p) in ssm], "lr": ssm_lr, "weight_decay": 0.0},
    ])


def set_lr(opt, base_lrs, step, total, warmup, time_fraction=0.0):
    """Linear warm-up then cosine decay to 0. The decay follows whichever is further along: the step count
    or the fraction of the wall-clock budget used, so a run on a busy machine still anneals in time."""
    if step < warmup:
        scale = (step + 1) / warmup
    else:
        progress = max((step - warmup) / max(1, total - warmup), time_fraction)
        scale = 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))
    for group, base in zip(opt.param_groups, base_lrs):
        group["lr"] = base * scale


class Checkpoint:
    """Saves/loads the whole training state atomically (temporary file renamed into place)."""

    def __init__(self, directory):
        self.path = os.path.join(directory, "checkpoint.pt")
        os.makedirs(directory, exist_ok=True)

    def exists(self):
        return os.path.exists(self.path)

    def save(self, state):
        tmp = self.path + ".tmp"
        torch.save(state, tmp)
        os.replace(tmp, self.path)

    def load(self):
        return torch.load(self.path)


def rng_state(rng):
    return {"numpy": rng.bit_generator.state, "torch": torch.get_rng_state()}


def restore_rng(rng, state):
    rng.bit_generator.state = state["numpy"]
    torch.set_rng_state(state["torch"])


def require_data(path):
    if not os.path.exists(path):
        sys.exit(f"{path} missing: render the data first with /usr/bin/python3 models/data/render.py")
    return np.load(path)


def smoke_data(splits):
    """Tiny data for --smoke runs, rendered once (a few phrases per split) under models/training/out."""
    directory = os.path.join(RUNS, "smoke-data")
    missing = [s for s in splits if not os.path.exists(os.path.join(directory, s + ".npz"))]
    if missing:
        sys.path.insert(0, os.path.join(MODELS, "data"))
        import render

        render.main(["--smoke", "--out", directory, "--splits", ",".join(missing)])
    return directory

#!/usr/bin/python3
"""Trains the causal instrument-family classifier (44.1 kHz, 11 GM families) and exports it.

  /usr/bin/python3 models/training/train_classifier.py --out models/shipped/instrument-family [--init random]
      [--resume] [--steps N] [--max-minutes M] [--smoke]

Loss: cross-entropy on every output frame (64 samples) after a short warm-up, on random crops of
FluidR3 clips with gain/noise/tilt augmentation. Validation (TimGM6mb val split) uses the Java job's
final decision: the mean over all frames of softmax(logits). The best validation state is exported.
"""

import argparse
import copy
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from scipy.signal import fftconvolve, lfilter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import s4model  # noqa: E402

sys.path.insert(0, os.path.join(common.MODELS, "data"))
from render import LABELS  # noqa: E402

RATE = 44100
WARMUP_FRAMES = 8


def architecture(smoke=False, arch="fb64", width=64, blocks=4, d_state=64):
    """Layer specs (frame 64 samples); fb64 is the shipped one.

    sub16: pool 16 (1 -> 64 subband signals, initialised as a Fourier basis) at 2756 Hz, one residual S4D
           block there (resonators on the subband signals, GELU as the rectifier), pool 4 to 689 Hz,
           `blocks`-1 residual S4D blocks, layernorm, head.
    fb64:  pool 64 (1 -> 256 features, Fourier basis), GELU, linear to `width`, `blocks` residual S4D
           blocks at 689 Hz, layernorm, head (cheaper; coarse frequency resolution).
    """
    if smoke:
        width, blocks, d_state = 16, 2, 8
    if arch == "sub16":
        layers = [
            {"type": "pool", "name": "pool0", "factor": 16, "d_in": 1, "d_out": width},
            {"type": "residual", "name": "blocks.0", "d_model": width, "d_state": d_state},
            {"type": "pool", "name": "pool1", "factor": 4, "d_in": width, "d_out": width},
        ]
        first = 1
    elif arch == "fb64":
        bank = 4 * width
        layers = [
            {"type": "pool", "name": "pool0", "factor": 64, "d_in": 1, "d_out": bank},
            {"type": "gelu", "name": "act0", "dim": bank},
            {"type": "linear", "name": "proj", "d_in": bank, "d_out": width},
        ]
        first = 0
    else:
        raise ValueError(f"unknown architecture '{arch}'")
    layers += [{"type": "residual", "name": f"blocks.{i}", "d_model": width, "d_state": d_state}
               for i in range(first, blocks)]
    return layers + [
        {"type": "layernorm", "name": "norm_f", "dim": width},
        {"type": "linear", "name": "head", "d_in": width, "d_out": len(LABELS)},
    ]


def filterbank_init(pool, rectified, scale=4.0):
    """Initialises a pool with d_in 1 as a Hann-windowed Fourier basis over its p samples. rectified
    (a GELU follows): +cos, -cos, +sin, -sin per frequency, so that the four rectified parts of a bin add
    up to a magnitude-like feature (quadratic for quiet input, absolute value for loud input); otherwise
    cos, sin per frequency (subband signals for the S4 resonators that follow)."""
    p = pool.factor
    per_bin = 4 if rectified else 2
    bins = pool.d_out // per_bin
    n = np.arange(p)
    window = np.hanning(p + 2)[1:-1]
    rows = []
    for k in range(bins):
        w = np.pi * (k + 1) / (bins + 2)
        c, s = window * np.cos(w * n), window * np.sin(w * n)
        rows += [c, -c, s, -s] if rectified else [c, s]
    with torch.no_grad():
        pool.weight.copy_(torch.tensor(np.array(rows) * scale, dtype=torch.float32))
        pool.bias.zero_()


META = {"name": "instrument-family", "version": "1.0.0", "task": "classification", "sample_rate": RATE,
        "input_channels": 1, "input_encoding": "float", "labels": LABELS}


def to_float(clips):
    return clips.astype(np.float32) / 32767.0


def peaking_eq(rng):
    """RBJ peaking biquad at a random frequency (150 Hz - 10 kHz), gain +-12 dB, Q 0.4 - 2."""
    f0, gain_db, q = np.exp(rng.uniform(np.log(150), np.log(10000))), rng.uniform(-12, 12), rng.uniform(0.4, 2)
    a = 10 ** (gain_db / 40)
    w0 = 2 * np.pi * f0 / RATE
    alpha = np.sin(w0) / (2 * q)
    b = np.array([1 + alpha * a, -2 * np.cos(w0), 1 - alpha * a])
    den = np.array([1 + alpha / a, -2 * np.cos(w0), 1 - alpha / a])
    return b / den[0], den / den[0]


def augment(rng, x, strong=True):
    """x [B, L] float32 (peak 0.5). Strong: random peaking EQ, 1st-order tilt, sometimes a synthetic room
    (exponentially decaying noise impulse response). Always: polarity, gain (-30..+5 dB), mild noise."""
    b, length = x.shape
    if strong:
        y = np.empty_like(x)
        for i in range(b):
            v = x[i].astype(np.float64)
            for _ in range(int(rng.integers(0, 3))):
                v = lfilter(*peaking_eq(rng), v)
            if rng.random() < 0.3:
                n = int(rng.uniform(0.1, 0.6) * RATE)
                ir = rng.standard_normal(n) * np.exp(-np.arange(n) / (rng.uniform(0.03, 0.25) * RATE))
                ir *= rng.uniform(0.05, 0.5) / np.sqrt((ir ** 2).sum())
                ir[0] += 1.0
                v = fftconvolve(v, ir)[:length]
            y[i] = v
        x = y
    tilt = rng.uniform(-0.6, 0.6, size=(b, 1)).astype(np.float32)
    x = x + tilt * np.concatenate([np.zeros((b, 1), np.float32), x[:, :-1]], axis=1)
    x = x / np.maximum(np.abs(x).max(axis=1, keepdims=True), 1e-6) * 0.5
    gain = 10 ** (rng.uniform(-30, 5, size=(b, 1)) / 20) * rng.choice([-1.0, 1.0], size=(b, 1))
    noise_db = rng.uniform(-75, -45, size=(b, 1))  # relative to the clip peak
    noise = rng.standard_normal(x.shape) * (0.5 * 10 ** (noise_db / 20))
    return ((x + noise) * gain).astype(np.float32)


def resample_crop(rng, clip, length, max_semitones):
    """A crop of `length` samples, pitch/speed-shifted by up to +-max_semitones (linear interpolation);
    half of the crops start at the phrase onset."""
    r = 2 ** (rng.uniform(-max_semitones, max_semitones) / 12) if max_semitones > 0 else 1.0
    need = int(np.ceil(length * r)) + 1
    span = len(clip) - need
    start = 0 if rng.random() < 0.5 or span <= 0 else int(rng.integers(0, span + 1))
    seg = to_float(clip[start:start + need])
    if r == 1.0:
        return seg[:length]
    t = np.arange(length) * r
    return np.interp(t, np.arange(len(seg)), seg, right=0.0).astype(np.float32)


def batch(rng, clips, labels, size, length, strong=True):
    idx = rng.integers(0, len(clips), size=size)
    out = np.stack([resample_crop(rng, clips[j], length, 2.0 if strong else 0.0) for j in idx])
    return torch.from_numpy(augment(rng, out, strong))[..., None], torch.from_numpy(labels[idx]).long()


def frame_loss(logits, target, mode="frame"):
    """frame: cross-entropy on every output frame after WARMUP_FRAMES; mean: cross-entropy of the mean
    over those frames of softmax(logits) (the Java job's decision); both: their average."""
    logits = logits[:, WARMUP_FRAMES:]
    losses = []
    if mode in ("frame", "both"):
        t = target[:, None].expand(-1, logits.shape[1])
        losses.append(F.cross_entropy(logits.reshape(-1, logits.shape[-1]), t.reshape(-1)))
    if mode in ("mean", "both"):
        mean_p = F.softmax(logits, dim=-1).mean(dim=1)
        losses.append(F.nll_loss(torch.log(mean_p + 1e-8), target))
    return sum(losses) / len(losses)


@torch.no_grad()
def clip_probabilities(model, clips, batch_size=8):
    """Whole-clip decision as the Java job's final event: mean over all frames of softmax(logits)."""
    model.eval()
    frame = model.frame
    length = clips.shape[1] // frame * frame
    out = []
    for i in range(0, len(clips), batch_size):
        x = torch.from_numpy(to_float(clips[i:i + batch_size, :length]))[..., None]
        out.append(F.softmax(model(x), dim=-1).mean(dim=1))
    model.train()
    return torch.cat(out).numpy()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="export directory (model.json + weights.safetensors)")
    ap.add_argument("--init", default="diag-lin", choices=["diag-lin", "diag-inv", "random"])
    ap.add_argument("--resume", action="store_true", help="continue from the run's checkpoint")
    ap.add_argument("--steps", type=int, default=700)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--arch", default="fb64", choices=["fb64", "sub16"])
    ap.add_argument("--loss", default="frame", choices=["frame", "mean", "both"])
    ap.add_argument("--width", type=int, default=64, help="d_model of the S4 blocks")
    ap.add_argument("--blocks", type=int, default=4)
    ap.add_argument("--aug", default="strong", choices=["strong", "basic"])
    ap.add_argument("--extra-train", default="",
                    help="comma-separated extra training splits from models/data/out, e.g. train_csound")
    ap.add_argument("--val-per-class", type=int, default=12, help="validation clips per family")
    ap.add_argument("--crop", type=float, default=1.0, help="training crop in seconds")
    ap.add_argument("--lr", type=float, default=4e-3)
    ap.add_argument("--ssm-lr", type=float, default=1e-3)
    ap.add_argument("--eval-every", type=int, default=150)
    ap.add_argument("--checkpoint-minutes", type=float, default=3.0)
    ap.add_argument("--max-minutes", type=float, default=33.0, help="stop (and export the best) after this")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", default=common.DATA)
    ap.add_argument("--run", help="checkpoint directory (default models/training/out/<out name>[-smoke])")
    ap.add_argument("--no-parity", action="store_true",
                    help="do not write the parity vectors (they are written for the diag-lin model only)")
    ap.add_argument("--smoke", action="store_true", help="tiny data, model and step count (< 60 s)")
    args = ap.parse_args(argv)
    common.setup(args.seed)
    name = os.path.basename(os.path.normpath(args.out))
    run_dir = args.run or os.path.join(common.RUNS, name + ("-smoke" if args.smoke else ""))
    if args.smoke:
        args.steps, args.batch, args.crop, args.eval_every, args.max_minutes = 6, 4, 0.25, 3, 1.0

    data = common.smoke_data(["train", "val"]) if args.smoke else args.data
    train = common.require_data(os.path.join(data, "train.npz"))
    val = common.require_data(os.path.join(data, "val.npz"))
    tr_clips, tr_labels = train["clips"], train["labels"]
    for extra in filter(None, args.extra_train.split(",")):
        more = common.require_data(os.path.join(data, extra + ".npz"))
        tr_clips = np.concatenate([tr_clips, more["clips"]])
        tr_labels = np.concatenate([tr_labels, more["labels"]])
    keep = np.concatenate([np.where(val["labels"] == k)[0][:args.val_per_class] for k in range(len(LABELS))])
    va_clips, va_labels = val["clips"][keep], val["labels"][keep]
    common.log(f"train {tr_clips.shape} val {va_clips.shape}")

    model = s4model.build(architecture(args.smoke, args.arch, args.width, args.blocks), META, init=args.init, seed=args.seed)
    filterbank_init(model.layers[0], rectified=args.arch == "fb64")
    frame = model.frame
    length = int(args.crop * RATE) // frame * frame
    opt = common.optimizer(model, args.lr, args.ssm_lr, weight_decay=0.05)
    base_lrs = [g["lr"] for g in opt.param_groups]
    rng = np.random.default_rng(args.seed)
    ckpt = common.Checkpoint(run_dir)
    step, elapsed, best = 0, 0.0, {"acc": -1.0, "step": -1, "state": None}
    st_elapsed = 0.0
    if args.resume and ckpt.exists():
        st = ckpt.load()
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        step, elapsed, best = st["step"], st["elapsed"], st["best"]
        st_elapsed = elapsed
        common.restore_rng(rng, st["rng"])
        common.log(f"resumed at step {step} ({elapsed / 60:.1f} min done)")
    n_params = sum(p.numel() for p in model.parameters())
    common.log(f"model {n_params} parameters, frame {frame}, crop {length} samples, init {args.init}")

    def save():
        ckpt.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "elapsed": elapsed,
                   "best": best, "rng": common.rng_state(rng), "args": vars(args)})

    def evaluate():
        probs = clip_probabilities(model, va_clips)
        acc = float((probs.argmax(1) == va_labels).mean())
        if acc > best["acc"]:
            best.update(acc=acc, step=step, state=copy.deepcopy(model.state_dict()))
        common.log(f"step {step} val clip accuracy {acc:.3f} (best {best['acc']:.3f} at step {best['step']})")

    t_start, t_ckpt, run_loss, first_step, last_eval = time.time() - elapsed, time.time(), [], step, -1
    while step < args.steps and elapsed < args.max_minutes * 60:
        common.set_lr(opt, base_lrs, step, args.steps, warmup=max(1, args.steps // 20),
                      time_fraction=elapsed / (args.max_minutes * 60))
        x, y = batch(rng, tr_clips, tr_labels, args.batch, length, strong=args.aug == "strong")
        loss = frame_loss(model(x), y, args.loss)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        elapsed = time.time() - t_start
        run_loss.append(loss.item())
        if step % 10 == 0 or args.smoke:
            rate = (time.time() - t_start - st_elapsed) / (step - first_step)
            common.log(f"step {step}/{args.steps} loss {np.mean(run_loss):.4f} ({rate:.2f} s/step, "
                       f"{elapsed / 60:.1f} min)")
            run_loss = []
        if step % args.eval_every == 0 or step == args.steps:
            evaluate()
            last_eval = step
        if time.time() - t_ckpt > args.checkpoint_minutes * 60:
            save()
            t_ckpt = time.time()
    if last_eval != step:
        evaluate()
    save()
    model.load_state_dict(best["state"])
    s4model.export(model, args.out)
    common.log(f"exported step {best['step']} (val accuracy {best['acc']:.3f}) to {args.out} "
               f"after {elapsed / 60:.1f} min")
    if args.init == "diag-lin" and not args.smoke and not args.no_parity:
        parity(model, va_clips, name)


def parity(model, clips, name, samples=4096):
    """input [L, 1] (a real clip) and output [L/frame, C_out] in float64 from the double-cast model."""
    x = (clips[0, :samples].astype(np.float32) / 32767.0)[:, None]
    m = copy.deepcopy(model).double().eval()
    with torch.no_grad():
        y = m(torch.from_numpy(x.astype(np.float64))[None])[0]
    os.makedirs(common.PARITY, exist_ok=True)
    path = os.path.join(common.PARITY, name + ".safetensors")
    s4model.write_safetensors(path, {"input": x.astype(np.float32), "output": y.numpy()})
    common.log(f"parity vectors {x.shape} -> {tuple(y.shape)} written to {path}")


if __name__ == "__main__":
    main()

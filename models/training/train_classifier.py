#!/usr/bin/python3
"""Trains the causal instrument-family classifier (44.1 kHz, 11 GM families) and exports it.

  /usr/bin/python3 models/training/train_classifier.py --out models/shipped/instrument-family [--init random]
      [--resume] [--steps N] [--max-minutes M] [--smoke]

Architecture: a log power spectrogram computed inside the streaming graph (spectrum.py: a frozen pool over
1024-sample frames holding Hann-windowed DFTs of the frame and of its sub-frames, square, log-spaced band
sums, log), LayerNorm over the bands, then residual S4D blocks at the 43 Hz frame rate and a per-frame
head. Because the front end is frozen, its output is computed once per augmented copy of the training set
and cached in the run directory; training then only runs the S4 part, so it takes minutes on two cores.

Data: GM phrases rendered from six sample sets that share no samples with the test soundfont (FluidR3,
MuseScore General, csound's sf_GMbank, OPL-3 FM, freepats through timidity, and the instruments the JDK's
Gervill synthesizer generates; a seventh, train_tonejs, real recordings played by models/data/sampler.py,
can be added with --train but did not help); a single training soundfont does not generalise (a spectrogram MLP
trained on FluidR3 alone scores 26 % on TimGM6mb); every set up to Gervill helped (README, Training).
Augmentation: pitch/speed shift, peaking EQ, tilt, synthetic rooms, gain and noise on the waveform, plus a random smooth EQ on the bands;
optionally frequency masks on the bands (SpecAugment, --band-masks) and dropout after each block's GELU
(--dropout, training only). --band-conv adds convolutions along the bands before the projection
(band_conv.py; exported as the plain linear layers they equal), --bands-per-octave sets the spectrum's
resolution (default 10: 65 bands), --sub-frames (default 8) adds coarse bands of shorter sub-frames
(spectrum.py). --sampling sets draws each example's sample set uniformly (not its clip);
--ema also validates a moving average of the weights and exports it when it validates better.
Loss: cross-entropy per frame after a short warm-up and of the clip-mean probabilities. Validation
(TimGM6mb val split) uses the Java job's final decision: the mean over all frames of softmax(logits).
The best validation state is exported.
"""

import argparse
import copy
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import s4model  # noqa: E402
from augmentation import RATE, augmented_waves, band_masks, spectral_tilt, to_float  # noqa: E402
from band_conv import BandConv  # noqa: E402
from spectrum import FRAME, FRONT, Front  # noqa: E402

sys.path.insert(0, os.path.join(common.MODELS, "data"))
from render import LABELS  # noqa: E402

WARMUP_FRAMES = 2
TRAIN_SPLITS = ["train", "train_musescore", "train_csound", "train_opl3", "train_freepats", "train_gervill"]


def architecture(front, smoke=False, width=128, blocks=4, d_state=64, band_conv=()):
    """Layer specs: the frozen log power spectrogram (spectrum.Front), LayerNorm over its features (gain
    invariance), optionally convolutions along the bands, each with a GELU (`band_conv`: their channel
    counts; band_conv.py), a linear projection and residual S4D blocks at the frame rate, then a per-frame
    linear head."""
    if smoke:
        width, blocks, d_state, band_conv = 16, 1, 8, [min(c, 2) for c in band_conv]
    n_bands = front.features
    layers = front.layer_specs() + [{"type": "layernorm", "name": "norm_in", "dim": n_bands}]
    channels = 1
    for i, c in enumerate(band_conv):
        suffix = "" if i == 0 else f".{i}"  # the first keeps the name of the single-layer runs
        layers += [{"type": "linear", "name": "bandconv" + suffix, "d_in": channels * n_bands, "d_out": c * n_bands},
                   {"type": "gelu", "name": "bandgelu" + suffix, "dim": c * n_bands}]
        channels = c
    layers += [{"type": "linear", "name": "proj", "d_in": channels * n_bands, "d_out": width}]
    layers += [{"type": "residual", "name": f"blocks.{i}", "d_model": width, "d_state": d_state}
               for i in range(blocks)]
    return layers + [
        {"type": "layernorm", "name": "norm_f", "dim": width},
        {"type": "linear", "name": "head", "d_in": width, "d_out": len(LABELS)},
    ]


META = {"name": "instrument-family", "version": "1.0.0", "task": "classification", "sample_rate": RATE,
        "input_channels": 1, "input_encoding": "float", "labels": LABELS}


def tie_band_convolutions(model, width, seed):
    """Replaces the `bandconv*` linear layers by the convolutions along the bands they stand for."""
    n_bands = model.layers[model.names.index("bands")].out_features
    g = torch.Generator().manual_seed(seed)
    for i, name in enumerate(model.names):
        if name.startswith("bandconv"):
            dense = model.layers[i]
            model.layers[i] = BandConv(n_bands, dense.out_features // n_bands, width, g,
                                       in_channels=dense.in_features // n_bands)


@torch.no_grad()
def front_features(model, waves, batch_size=64):
    """The frozen front end (log band powers) of float32 waves [N, L], L a multiple of FRAME: [N, L/FRAME,
    bands] float16 (their range is about -19 .. 0, so float16 keeps 0.01 nepers)."""
    out = []
    for i in range(0, len(waves), batch_size):
        x = torch.from_numpy(np.ascontiguousarray(waves[i:i + batch_size]))[..., None]
        for layer in model.layers[:FRONT]:
            x = layer(x)
        out.append(x.to(torch.float16).numpy())
    return np.concatenate(out)


def trunk(model, features):
    x = features
    for layer in model.layers[FRONT:]:
        x = layer(x)
    return x


def feature_copies(model, rng, clips, copies, run_dir, smoke, max_shift):
    """`copies` cached front-end outputs of the training clips (copy 0 unaugmented), reused on --resume.
    The augmented copies are cached under the name of their pitch/speed shift."""
    length = clips.shape[1] // FRAME * FRAME
    out = []
    for c in range(copies):
        tag = "" if c == 0 else f"-shift{max_shift:g}"
        path = os.path.join(run_dir, f"features-{c}{tag}.npy")
        if os.path.exists(path) and not smoke:
            f = np.load(path)
            if f.shape[0] == len(clips) and f.shape[2] == model.layers[FRONT - 1].dim:  # same clips and bands
                out.append(f)
                continue
        t = time.time()
        f = front_features(model, augmented_waves(rng, clips, length, strong=c > 0, max_semitones=max_shift))
        if not smoke:
            np.save(path, f)
        common.log(f"feature copy {c}: {f.shape} in {time.time() - t:.0f} s")
        out.append(f)
    return out


def batch(rng, copies, labels, size, min_frames, tilt_at, depth, masks=0, mask_width=0, set_sizes=None):
    """A random crop (length shared by the batch; half start at the phrase onset) of random copies, plus a
    random band-domain EQ at the features' places `tilt_at`. Clips are drawn uniformly, or with set_sizes
    (clips per training sample set, in order) from a uniformly drawn set."""
    feats = copies[int(rng.integers(0, len(copies)))]
    if set_sizes is None:
        idx = np.sort(rng.integers(0, len(labels), size=size))
    else:
        sizes = np.asarray(set_sizes)
        which = rng.integers(0, len(sizes), size=size)
        idx = np.sort((np.cumsum(sizes) - sizes)[which] + (rng.random(size) * sizes[which]).astype(int))
    total = feats.shape[1]
    t = int(rng.integers(min_frames, total + 1))
    start = 0 if rng.random() < 0.5 else int(rng.integers(0, total - t + 1))
    x = feats[idx, start:start + t].astype(np.float32) + spectral_tilt(rng, size, tilt_at, depth)
    if masks > 0:
        x = band_masks(rng, x, masks, mask_width)
    return torch.from_numpy(x.astype(np.float32)), torch.from_numpy(labels[idx]).long()


def frame_loss(logits, target, mode="both"):
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
    ap.add_argument("--steps", type=int, default=10000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--loss", default="both", choices=["frame", "mean", "both"])
    ap.add_argument("--width", type=int, default=128, help="d_model of the S4 blocks")
    ap.add_argument("--blocks", type=int, default=4)
    ap.add_argument("--band-conv", default="",
                    help="channels of each convolution along the bands before the projection, comma-separated "
                         "(empty: none)")
    ap.add_argument("--band-width", type=int, default=15, help="its kernel width in bands (odd)")
    ap.add_argument("--bands-per-octave", type=int, default=10,
                    help="resolution of the log-spaced spectrum (bands narrower than a DFT bin are merged)")
    ap.add_argument("--sub-frames", type=int, default=8,
                    help="also the spectra of this many equal sub-frames of each frame, in coarse bands (0: none)")
    ap.add_argument("--sub-bands-per-octave", type=int, default=4, help="resolution of the sub-frame bands")
    ap.add_argument("--sub-low", type=float, default=500.0, help="lowest frequency of the sub-frame bands (Hz)")
    ap.add_argument("--sub-high", type=float, default=11025.0, help="their highest frequency (Hz)")
    ap.add_argument("--train", default=",".join(TRAIN_SPLITS),
                    help="comma-separated training splits from the data directory")
    ap.add_argument("--copies", type=int, default=6, help="cached front-end copies (copy 0 unaugmented)")
    ap.add_argument("--max-shift", type=float, default=6.0,
                    help="pitch/speed shift of the augmented copies, up to +-this many semitones")
    ap.add_argument("--tilt", type=float, default=1.0, help="depth of the random band-domain EQ (nepers)")
    ap.add_argument("--band-masks", type=int, default=0, help="frequency masks per example (0: none)")
    ap.add_argument("--mask-width", type=int, default=8, help="widest frequency mask, in bands (of 65)")
    ap.add_argument("--dropout", type=float, default=0.0, help="dropout after each S4 block's GELU")
    ap.add_argument("--ema", type=float, default=0.0,
                    help="also validate an exponential moving average of the weights with this decay (0: off)")
    ap.add_argument("--sampling", default="clips", choices=["clips", "sets"],
                    help="draw training clips uniformly, or first a training sample set uniformly")
    ap.add_argument("--min-crop", type=float, default=0.5, help="shortest training crop in seconds")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--ssm-lr", type=float, default=1e-3)
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--checkpoint-minutes", type=float, default=3.0)
    ap.add_argument("--max-minutes", type=float, default=70.0, help="stop (and export the best) after this")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2, help="PyTorch CPU threads")
    ap.add_argument("--data", default=common.DATA)
    ap.add_argument("--run", help="checkpoint directory (default models/training/out/<out name>[-smoke])")
    ap.add_argument("--no-parity", action="store_true",
                    help="do not write the parity vectors (they are written for the diag-lin model only)")
    ap.add_argument("--smoke", action="store_true", help="tiny data, model and step count (< 60 s)")
    args = ap.parse_args(argv)
    common.setup(args.seed, args.threads)
    name = os.path.basename(os.path.normpath(args.out))
    run_dir = args.run or os.path.join(common.RUNS, name + ("-smoke" if args.smoke else ""))
    os.makedirs(run_dir, exist_ok=True)
    if args.smoke:
        args.steps, args.batch, args.copies, args.eval_every, args.max_minutes = 6, 4, 2, 3, 1.0
        args.train = "train,train_gervill"  # two renderers (fluidsynth, the JDK's Gervill) stay exercised

    data = common.smoke_data(args.train.split(",") + ["val"]) if args.smoke else args.data
    splits = [common.require_data(os.path.join(data, s + ".npz")) for s in args.train.split(",")]
    tr_clips = np.concatenate([s["clips"] for s in splits])
    tr_labels = np.concatenate([s["labels"] for s in splits])
    set_sizes = [len(s["labels"]) for s in splits]
    val = common.require_data(os.path.join(data, "val.npz"))
    va_clips, va_labels = val["clips"], val["labels"]
    common.log(f"train {tr_clips.shape} from {args.train}; val {va_clips.shape}")

    band_conv = [int(c) for c in args.band_conv.split(",") if c]
    if band_conv and args.sub_frames:
        ap.error("--band-conv convolves along one spectrum's bands: use it with --sub-frames 0")
    front = Front(args.bands_per_octave, args.sub_frames, args.sub_bands_per_octave, args.sub_low, args.sub_high)
    model = s4model.build(architecture(front, args.smoke, args.width, args.blocks, band_conv=band_conv), META,
                          init=args.init, seed=args.seed)
    front.init(model)
    tie_band_convolutions(model, args.band_width, args.seed)
    for module in model.modules():
        if isinstance(module, s4model.S4Block):
            module.dropout = args.dropout
    opt = common.optimizer(model, args.lr, args.ssm_lr, weight_decay=0.05)
    base_lrs = [g["lr"] for g in opt.param_groups]
    rng = np.random.default_rng(args.seed)
    ckpt = common.Checkpoint(run_dir)
    step, elapsed, best = 0, 0.0, {"acc": -1.0, "step": -1, "state": None, "weights": "raw"}
    ema = copy.deepcopy(model).requires_grad_(False) if args.ema > 0 else None
    if args.resume and ckpt.exists():
        st = ckpt.load()
        model.load_state_dict(st["model"])
        if ema is not None:
            ema.load_state_dict(st["ema"])
        opt.load_state_dict(st["opt"])
        step, elapsed, best = st["step"], st["elapsed"], st["best"]
        common.restore_rng(rng, st["rng"])
        common.log(f"resumed at step {step} ({elapsed / 60:.1f} min done)")
    n_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    common.log(f"model {n_params} trained parameters, frame {FRAME}, init {args.init}")
    t0 = time.time()
    copies = feature_copies(model, np.random.default_rng([args.seed, 1]), tr_clips, args.copies, run_dir,
                            args.smoke, args.max_shift)
    del splits, tr_clips  # only the features are trained on: frees 5 GB for a second run beside this one
    va_feats = torch.from_numpy(front_features(model, to_float(va_clips[:, :va_clips.shape[1] // FRAME * FRAME]))
                                .astype(np.float32))
    common.log(f"features ready in {time.time() - t0:.0f} s")
    min_frames = max(WARMUP_FRAMES + 1, int(args.min_crop * RATE) // FRAME)

    def save():
        ckpt.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "elapsed": elapsed,
                   "best": best, "rng": common.rng_state(rng), "args": vars(args),
                   "ema": ema.state_dict() if ema is not None else None})

    @torch.no_grad()
    def accuracy(net):
        net.eval()
        probs = torch.cat([F.softmax(trunk(net, va_feats[i:i + 128]), dim=-1).mean(dim=1)
                           for i in range(0, len(va_feats), 128)]).numpy()
        net.train()
        return float((probs.argmax(1) == va_labels).mean())

    def evaluate():
        """Validates the weights (and their moving average with --ema); the best of either is kept."""
        scores = [("raw", model, accuracy(model))] + ([("ema", ema, accuracy(ema))] if ema is not None else [])
        for weights, net, acc in scores:
            if acc > best["acc"]:
                best.update(acc=acc, step=step, state=copy.deepcopy(net.state_dict()), weights=weights)
        also = f", moving average {scores[1][2]:.3f}" if ema is not None else ""
        common.log(f"step {step} val clip accuracy {scores[0][2]:.3f}{also} (best {best['acc']:.3f} at step "
                   f"{best['step']}{', moving average' if best.get('weights') == 'ema' else ''})")

    t_start, t_ckpt, run_loss, first_step, last_eval = time.time() - elapsed, time.time(), [], step, -1
    st_elapsed = elapsed
    tilt_at = front.tilt_positions()
    while step < args.steps and elapsed < args.max_minutes * 60:
        common.set_lr(opt, base_lrs, step, args.steps, warmup=max(1, args.steps // 20),
                      time_fraction=elapsed / (args.max_minutes * 60))
        x, y = batch(rng, copies, tr_labels, args.batch, min_frames, tilt_at, args.tilt, args.band_masks,
                     args.mask_width, set_sizes if args.sampling == "sets" else None)
        loss = frame_loss(trunk(model, x), y, args.loss)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if ema is not None:
            with torch.no_grad():
                decay = min(args.ema, (1 + step) / (10 + step))
                for e, w in zip(ema.parameters(), model.parameters()):
                    e.lerp_(w, 1 - decay)
        step += 1
        elapsed = time.time() - t_start
        run_loss.append(loss.item())
        if step % 50 == 0 or args.smoke:
            rate = (time.time() - t_start - st_elapsed) / (step - first_step)
            common.log(f"step {step}/{args.steps} loss {np.mean(run_loss):.4f} ({rate:.3f} s/step, "
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
    common.log(f"exported step {best['step']} ({'moving average, ' if best.get('weights') == 'ema' else ''}"
               f"val accuracy {best['acc']:.3f}) to {args.out} "
               f"after {elapsed / 60:.1f} min")
    if args.init == "diag-lin" and not args.smoke and not args.no_parity:
        parity(model, va_clips, name)


def parity(model, clips, name, samples=8 * FRAME):
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

#!/usr/bin/python3
"""Trains the piano continuation model (16 kHz, 8-bit mu-law, one sample per step) and exports it.

  /usr/bin/python3 models/training/train_continuation.py --out models/shipped/piano-continuation
      [--resume] [--steps N] [--max-minutes M] [--input-noise LEVELS] [--own-samples SHARE [--own-samples-top-p P] [--own-samples-passes K]]
      [--rollout LONGEST]
      [--mask-inputs SHARE] [--rate 16000|8000|4000] [--pitch-lag MIN,MAX,WINDOW]
      [--init DIR] [--version V] [--threads T] [--extra-train SPLITS] [--widen-state N] [--pooled P,H2,K[:P,H3,K...]]
      [--smoke]

embedding(256->H) -> residual S4D blocks -> layernorm -> linear(H->256); with --pooled, a SaShiMi level
(s4model.Pooled: K residual blocks of width H2 at 1/P of the rate, added back to the full-rate stream) sits
between the first and second half of the blocks; each further P,H,K nests a level between the halves of
the previous level's blocks (SaShiMi's U-Net: e.g. 4,128,2:4,256,4 runs four blocks at 1 kHz). Teacher forcing: the input at
step t is the mu-law index of sample t-1 (index 128, mulaw.SILENCE_INDEX, before the first sample) and
the target is the index of sample t. Trained on FluidR3 piano phrases, and with --extra-train on the piano
phrases of further sample sets (5 % of each held out for model selection); the TimGM6mb piano phrases are only
used by eval.py and `s4stream model nll`.
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
import exposure  # noqa: E402
import mulaw  # noqa: E402
import pitch_lag  # noqa: E402
import s4model  # noqa: E402

RATE = 16000
LOG2E = 1.0 / np.log(2.0)


def architecture(smoke=False, d_model=64, d_state=64, blocks=4, pooled=None):
    if smoke:
        d_model, d_state, blocks = 16, 8, 1
        pooled = [(factor, 16, 1) for factor, _, _ in pooled] if pooled else None
    layers = [{"type": "embedding", "name": "embed", "num": 256, "dim": d_model}]
    layers += [{"type": "residual", "name": f"blocks.{i}", "d_model": d_model, "d_state": d_state}
               for i in range(blocks)]
    if pooled:
        layers.insert(1 + (blocks + 1) // 2, pooled_level(d_model, d_state, pooled))
    layers += [{"type": "layernorm", "name": "norm_f", "dim": d_model},
               {"type": "linear", "name": "head", "d_in": d_model, "d_out": 256}]
    return layers


POOLED_NAME = "mid"


def pooled_level(d_model, d_state, levels, name=POOLED_NAME):
    """The spec of levels[0] = (factor, d_inner, blocks), with levels[1:] nested between the halves of its
    blocks (named <name>.mid, <name>.mid.mid, ...)."""
    factor, d_inner, blocks = levels[0]
    layers = [{"type": "residual", "name": f"{name}.blocks.{i}", "d_model": d_inner, "d_state": d_state}
              for i in range(blocks)]
    if len(levels) > 1:
        layers.insert((blocks + 1) // 2, pooled_level(d_inner, d_state, levels[1:], f"{name}.{POOLED_NAME}"))
    return {"type": "pooled", "name": name, "factor": factor, "d_model": d_model, "d_inner": d_inner,
            "layers": layers}


def add_pooled(model, levels, seed=0):
    """Inserts SaShiMi levels (the outermost's up-projection at 0: the model computes what it did) after
    the first half of a trained model's residual blocks."""
    residual = [i for i, layer in enumerate(model.layers) if isinstance(layer, s4model.Residual)]
    if not residual:
        raise ValueError("--pooled with --init: the model has no residual blocks to put the level between")
    first = model.layers[residual[0]]
    spec = pooled_level(first.block.d_model, first.block.d_state, levels)
    level = s4model.build([spec], {}, init=first.block.init, seed=seed).layers[0]
    level.zero_up()
    at = residual[(len(residual) + 1) // 2 - 1] + 1
    model.layers.insert(at, level)
    model.names.insert(at, POOLED_NAME)


def pooled_setting(text):
    """"P,H,K[:P,H,K...]" -> [(P, H, K), ...], outermost level first."""
    levels = []
    for part in text.split(":"):
        try:
            factor, d_inner, blocks = (int(v) for v in part.split(","))
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected FACTOR,WIDTH,BLOCKS per level, levels joined by ':' "
                                             f"(e.g. 4,128,2:4,256,4), got '{text}'")
        if factor < 2 or d_inner < 1 or blocks < 1:
            raise argparse.ArgumentTypeError(f"need FACTOR >= 2, WIDTH >= 1 and BLOCKS >= 1, got '{part}'")
        levels.append((factor, d_inner, blocks))
    return levels


META = {"name": "piano-continuation", "version": "1.0.0", "task": "generation", "sample_rate": RATE,
        "input_channels": 1, "input_encoding": "mulaw-index", "labels": []}


def decimate(clips, factor):
    """[n, L] phrases at 16 kHz -> [n, L / factor] at 16 kHz / factor: a linear-phase polyphase low-pass
    (scipy's Kaiser-windowed FIR) below the new Nyquist, then every factor-th sample."""
    from scipy.signal import resample_poly
    return np.stack([resample_poly(c.astype(np.float64), 1, factor) for c in clips]).clip(-32767, 32767)


def teacher_forced(idx):
    """idx [B, L] targets -> inputs [B, L, 1] floats: previous index, SILENCE_INDEX first."""
    prev = np.concatenate([np.full((idx.shape[0], 1), mulaw.SILENCE_INDEX), idx[:, :-1]], axis=1)
    return torch.from_numpy(prev.astype(np.float32))[..., None]


def batch(rng, clips, size, length, input_noise=0.0):
    """Random crops; 1/4 start at the phrase start (input SILENCE_INDEX), the rest anywhere with the true
    previous sample as first input. Gain -12..+3 dB and random polarity. With input_noise > 0 each crop's
    inputs (not its targets) are jittered by round(N(0, s^2)) mu-law levels, s ~ U(0, input_noise): the
    model learns to predict the clean next sample from a history as noisy as its own draws."""
    x = np.empty((size, length + 1), np.float64)
    for i in range(size):
        j = int(rng.integers(0, len(clips)))
        if rng.random() < 0.25:
            x[i, 0] = 0.0
            x[i, 1:] = clips[j, :length]
        else:
            start = int(rng.integers(0, clips.shape[1] - length))
            x[i] = clips[j, start:start + length + 1]
    x = x / 32767.0 * (10 ** (rng.uniform(-12, 3, size=(size, 1)) / 20)) * rng.choice([-1.0, 1.0], (size, 1))
    idx = mulaw.encode(x)  # a phrase-start crop's first input is encode(0.0) == SILENCE_INDEX
    inputs = idx[:, :-1]
    if input_noise > 0:
        sigma = rng.uniform(0, input_noise, size=(size, 1))
        inputs = np.clip(inputs + np.rint(rng.normal(size=inputs.shape) * sigma), 0, 255)
    return torch.from_numpy(inputs.astype(np.float32))[..., None], torch.from_numpy(idx[:, 1:])


@torch.no_grad()
def nll_bits(model, clips, batch_size=4):
    """Teacher-forced NLL in bits/sample over whole phrases (from the phrase start) and the entropy of
    the same audio's mu-law histogram."""
    model.eval()
    idx = mulaw.encode(clips.astype(np.float64) / 32767.0)
    total, count = 0.0, 0
    for i in range(0, len(idx), batch_size):
        target = torch.from_numpy(idx[i:i + batch_size])
        logits = model(teacher_forced(idx[i:i + batch_size]))
        total += F.cross_entropy(logits.reshape(-1, 256), target.reshape(-1), reduction="sum").item()
        count += target.numel()
    model.train()
    return total / count * LOG2E, mulaw.entropy_bits(idx)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="export directory (model.json + weights.safetensors)")
    ap.add_argument("--resume", action="store_true", help="continue from the run's checkpoint")
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--crop", type=int, default=4096, help="training sequence length in samples")
    ap.add_argument("--d-model", type=int, default=64)
    ap.add_argument("--blocks", type=int, default=4)
    ap.add_argument("--lr", type=float, default=4e-3)
    ap.add_argument("--ssm-lr", type=float, default=1e-3)
    ap.add_argument("--eval-every", type=int, default=200)
    ap.add_argument("--checkpoint-minutes", type=float, default=3.0)
    ap.add_argument("--max-minutes", type=float, default=33.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2, help="torch CPU threads (default 2; two runs side by "
                    "side with 1 each train 1.4x more steps per second in all than one with 2)")
    ap.add_argument("--input-noise", type=float, default=0.0, metavar="LEVELS",
                    help="jitter each crop's inputs by N(0, s^2) mu-law levels, s ~ U(0, LEVELS) "
                    "(default 0: off)")
    ap.add_argument("--own-samples", type=float, default=0.0, metavar="SHARE",
                    help="replace up to this share of each crop's inputs by the model's own draws "
                    "(parallel scheduled sampling; default 0: off)")
    ap.add_argument("--own-samples-top-p", type=float, default=1.0, metavar="P",
                    help="draw own samples (--own-samples, --rollout) from the nucleus of this share, as `continue --top-p` does "
                    "(default 1: the whole distribution)")
    ap.add_argument("--own-samples-passes", type=int, default=1, metavar="K",
                    help="draw those own samples K times, each pass given the history the previous one left "
                    "(default 1)")
    ap.add_argument("--rollout", type=int, default=0, metavar="LONGEST",
                    help="free-run every crop for 64..LONGEST samples (log-uniform) from a random point after a "
                         "teacher-forced prefix, drawing from --own-samples-top-p's nucleus, and train on the real "
                         "targets after that history (exposure.rollout_inputs; default 0: off)")
    ap.add_argument("--mask-inputs", type=float, default=0.0, metavar="SHARE",
                    help="withhold up to this share of each crop's inputs in spans of 1-256 samples (a mask "
                         "input the export drops), so the model must carry notes in its state (default 0: off)")
    ap.add_argument("--version", help="version written to the export (default: 1.0.0, or --init's)")
    ap.add_argument("--init", metavar="DIR", help="start from an exported model (its architecture, not "
                    "--d-model/--blocks); optimizer, schedule and best state start fresh")
    ap.add_argument("--widen-state", type=int, metavar="N",
                    help="with --init: grow every block's state to N with delay modes whose C starts at 0 "
                         "(the model computes what it did; the new modes can learn lags up to about N - "
                         "d_state samples, pitch periods, which S4D-Lin's N=64 cannot resolve)")
    ap.add_argument("--pooled", type=pooled_setting, metavar="P,H2,K[:P,H3,K...]",
                    help="a SaShiMi level in the middle of the stack: K residual blocks of width H2 that step "
                         "once every P samples; each further level nests in the middle of the previous one's "
                         "blocks (with --init: added to the trained model, the outermost up-projection "
                         "starting at 0)")
    ap.add_argument("--extra-train", metavar="SPLITS",
                    help="more piano sets to train on besides FluidR3's piano_train, comma-separated (e.g. "
                         "piano_train_musescore,piano_train_freepats,piano_train_csound,piano_train_tonejs; "
                         "render them first with models/data/render.py --splits ...)")
    ap.add_argument("--rate", type=int, default=RATE, choices=[RATE, RATE // 2, RATE // 4],
                    help="the model's sample rate: the 16 kHz phrases are decimated to it (default 16000; at "
                         "8000 a sample carries twice as much of the note, so the last few samples predict less "
                         "and the state must carry more)")
    ap.add_argument("--pitch-lag", type=pitch_lag.setting, metavar="MIN,MAX,WINDOW",
                    help="replace the embedding by a pitch-lag embedding (pitch_lag.py): the inputs one estimated "
                         "pitch period back (lags MIN..MAX samples, difference function over an exponential "
                         "window of WINDOW samples) add to it; with --init the taps start at 0 (e.g. 8,400,512)")
    ap.add_argument("--data", default=common.DATA)
    ap.add_argument("--run", help="checkpoint directory (default models/training/out/<out name>[-smoke])")
    ap.add_argument("--smoke", action="store_true", help="tiny data, model and step count (< 60 s)")
    args = ap.parse_args(argv)
    if args.widen_state and not args.init:
        ap.error("--widen-state needs --init")
    if args.own_samples_passes < 1:
        ap.error("--own-samples-passes must be at least 1")
    common.setup(args.seed, args.threads)
    name = os.path.basename(os.path.normpath(args.out))
    run_dir = args.run or os.path.join(common.RUNS, name + ("-smoke" if args.smoke else ""))
    if args.smoke:
        args.steps, args.batch, args.crop, args.eval_every, args.max_minutes = 6, 2, 512, 3, 1.0

    splits = ["piano_train"] + [s for s in (args.extra_train or "").split(",") if s]
    data = common.smoke_data(splits) if args.smoke else args.data
    tr_parts, va_parts = [], []
    for split in splits:  # each sample set gives its last 5 % to the held-out set
        clips = common.require_data(os.path.join(data, split + ".npz"))["clips"]
        n_val = max(1, len(clips) // 20)
        tr_parts.append(clips[:-n_val])
        va_parts.append(clips[-n_val:])
        common.log(f"{split}: {len(clips) - n_val} train, {n_val} held-out phrases")
    tr_clips, va_clips = np.concatenate(tr_parts), np.concatenate(va_parts)
    if args.rate != RATE:
        tr_clips, va_clips = decimate(tr_clips, RATE // args.rate), decimate(va_clips, RATE // args.rate)
    va_clips = va_clips[:, :(2048 if args.smoke else 24000) * args.rate // RATE]  # the first 1.5 s: selection only
    common.log(f"train {tr_clips.shape} held-out {va_clips.shape}")

    if args.init:
        model = s4model.load(args.init)
        common.log(f"initialised from {args.init}")
        if args.widen_state:
            for block in model.modules():
                if isinstance(block, s4model.S4Block):
                    block.widen_state(args.widen_state)
            common.log(f"state widened to {args.widen_state} with delay modes")
        if args.pooled:
            add_pooled(model, args.pooled, seed=args.seed)
            common.log(f"pooled level {args.pooled} added (up-projection 0)")
    else:
        model = s4model.build(architecture(args.smoke, args.d_model, blocks=args.blocks, pooled=args.pooled),
                              META, seed=args.seed)
    model.meta["sample_rate"] = args.rate
    if args.pitch_lag:
        if not isinstance(model.layers[0], s4model.Embedding):
            ap.error("--pitch-lag replaces a plain embedding; the model's first layer is not one")
        low, high, window = args.pitch_lag
        model.layers[0] = pitch_lag.PitchLagEmbedding.extending(model.layers[0], min_lag=low, max_lag=high,
                                                                window=window)
    if args.mask_inputs > 0:
        if isinstance(model.layers[0], pitch_lag.PitchLagEmbedding):
            ap.error("--mask-inputs cannot train a pitch-lag embedding (its lag search would read the mask as a level)")
        model.layers[0] = s4model.MaskableEmbedding.extending(model.layers[0])
    opt = common.optimizer(model, args.lr, args.ssm_lr, weight_decay=0.01)
    base_lrs = [g["lr"] for g in opt.param_groups]
    rng = np.random.default_rng(args.seed)
    ckpt = common.Checkpoint(run_dir)
    step, elapsed, best = 0, 0.0, {"nll": float("inf"), "step": -1, "state": None}
    if args.resume and ckpt.exists():
        st = ckpt.load()
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        step, elapsed, best = st["step"], st["elapsed"], st["best"]
        common.restore_rng(rng, st["rng"])
        common.log(f"resumed at step {step} ({elapsed / 60:.1f} min done)")
    common.log(f"model {sum(p.numel() for p in model.parameters())} parameters, crop {args.crop}")

    def save():
        ckpt.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "elapsed": elapsed,
                   "best": best, "rng": common.rng_state(rng), "args": vars(args)})

    def evaluate():
        nll, ent = nll_bits(model, va_clips)
        if nll < best["nll"]:
            best.update(nll=nll, step=step, state=copy.deepcopy(model.state_dict()))
        common.log(f"step {step} held-out NLL {nll:.3f} bits/sample (histogram entropy {ent:.3f}; "
                   f"best {best['nll']:.3f} at step {best['step']})")

    t0, t_ckpt, losses, first_step, session_start, last_eval = time.time(), time.time(), [], step, elapsed, -1
    while step < args.steps and elapsed < args.max_minutes * 60:
        common.set_lr(opt, base_lrs, step, args.steps, warmup=max(1, args.steps // 20),
                      time_fraction=elapsed / (args.max_minutes * 60))
        x, y = batch(rng, tr_clips, args.batch, args.crop, args.input_noise)
        x = exposure.own_sample_inputs(model, x, rng, args.own_samples, args.own_samples_top_p, args.own_samples_passes)
        x = exposure.rollout_inputs(model, x, rng, args.rollout, args.own_samples_top_p)
        x = exposure.mask_inputs(x, rng, args.mask_inputs)
        loss = F.cross_entropy(model(x).reshape(-1, 256), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        elapsed = session_start + time.time() - t0
        losses.append(loss.item())
        if step % 10 == 0 or args.smoke:
            common.log(f"step {step}/{args.steps} loss {np.mean(losses) * LOG2E:.3f} bits "
                       f"({(time.time() - t0) / (step - first_step):.2f} s/step, {elapsed / 60:.1f} min)")
            losses = []
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
    if args.version:
        model.meta["version"] = args.version
    s4model.export(model, args.out)
    common.log(f"exported step {best['step']} (held-out NLL {best['nll']:.3f} bits) to {args.out} "
               f"after {elapsed / 60:.1f} min")
    # an export into models/shipped writes the vectors ShippedModelParityTest reads; any other run's (the
    # smoke run's, which TrainingSmokeTest holds the Java side to; a candidate's) stay in its run directory
    shipped = os.path.dirname(os.path.abspath(args.out)) == os.path.join(common.MODELS, "shipped")
    parity(model, va_clips, os.path.join(common.PARITY, name + ".safetensors") if shipped and not args.smoke
           else os.path.join(run_dir, "parity.safetensors"))


def parity(model, clips, path, steps=1024):
    """input [L, 1]: teacher-forced mu-law indices (as floats) of a real phrase; output [L, 256] logits
    in float64 from the double-cast model."""
    x = clips[0].astype(np.float64) / 32767.0
    onset = max(1, min(int(np.argmax(np.abs(x) > 0.01)) - 100, len(x) - steps))
    idx = mulaw.encode(x[onset - 1:onset - 1 + steps])
    inputs = idx.astype(np.float32)[:, None]
    m = copy.deepcopy(model).double().eval()
    with torch.no_grad():
        y = m(torch.from_numpy(inputs.astype(np.float64))[None])[0]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    s4model.write_safetensors(path, {"input": inputs, "output": y.numpy()})
    common.log(f"parity vectors {inputs.shape} -> {tuple(y.shape)} written to {path}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Evaluates exported models (model.json + weights.safetensors) in PyTorch on the TimGM6mb test splits.

  /usr/bin/python3 models/training/eval.py [--classifier models/shipped/instrument-family ...]
      [--continuation models/shipped/piano-continuation] [--data models/data/out] [--ensemble]
      [--split val] [--context-window S [--contexts C,...]] [--onsets N]

Classifier: clip accuracy with the Java job's final decision (mean over all frames of softmax), per
class, the confusion matrix (rows = true family, columns = predicted) and the GM programs most clips of
which are wrong, plus the accuracy of the mean over the first 0.5 s hop. --ensemble also scores the
mean of the given classifiers' clip probabilities (how far averaging separately trained models would
go; the job runs one model).
Continuation: teacher-forced NLL (bits/sample) on the test piano phrases and the entropy of the same
audio's 8-bit mu-law histogram. --context-window S also scores the 4096 samples from S of every phrase
given only the last C samples before them (C in --contexts, and S: all of it), which shows how much
history the model uses. --onsets N scores the first N test phrases around every note they strike
(their notes are known: render.py's phrase generator with the split's seed) against windows as long
at times no note starts: how unlikely the model finds a new note, the event a sampled continuation
would have to draw to go on playing.
"""

import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"))
import common  # noqa: E402
import mulaw  # noqa: E402
import no_new_notes  # noqa: E402
import s4model  # noqa: E402
import train_classifier  # noqa: E402
import train_continuation  # noqa: E402


def classifier_report(directory, data, split="test"):
    model = s4model.load(directory)
    labels = model.meta["labels"]
    test = common.require_data(os.path.join(data, split + ".npz"))
    clips, truth = test["clips"], test["labels"]
    t = time.time()
    probs = train_classifier.clip_probabilities(model, clips)
    first_hop = train_classifier.clip_probabilities(model, clips[:, :22050 // model.frame * model.frame])
    pred = probs.argmax(1)
    print(f"== {directory}: {len(clips)} TimGM6mb {split} clips of {clips.shape[1] / 44100:.1f} s "
          f"({time.time() - t:.0f} s)")
    print(f"clip accuracy (final decision, mean over all frames): {(pred == truth).mean():.4f}")
    print(f"accuracy of the first 0.5 s hop alone:               {(first_hop.argmax(1) == truth).mean():.4f}")
    width = max(len(l) for l in labels)
    conf = np.zeros((len(labels), len(labels)), dtype=int)
    for a, b in zip(truth, pred):
        conf[a, b] += 1
    print("per class:")
    for i, name in enumerate(labels):
        n = conf[i].sum()
        print(f"  {name:<{width}} {conf[i, i] / max(n, 1):.3f}  ({conf[i, i]}/{n})")
    print("confusion matrix (rows true, columns predicted):")
    print(" " * (width + 2) + " ".join(f"{l[:5]:>5}" for l in labels))
    for i, name in enumerate(labels):
        print(f"  {name:<{width}}" + " ".join(f"{v:>5}" for v in conf[i]))
    print("GM programs with under half their clips right:")
    for program in np.unique(test["programs"]):
        mine = test["programs"] == program
        right = int((pred[mine] == truth[mine]).sum())
        if right < 0.5 * mine.sum():
            wrong = np.bincount(pred[mine], minlength=len(labels))
            wrong[truth[mine][0]] = 0
            print(f"  program {program:>3} ({labels[truth[mine][0]]}): {right}/{mine.sum()} right, "
                  f"most often wrong as {labels[wrong.argmax()]} ({wrong.max()})")
    return probs, truth


def continuation_report(directory, data):
    model = s4model.load(directory)
    test = common.require_data(os.path.join(data, "piano_test.npz"))
    t = time.time()
    nll, entropy = train_continuation.nll_bits(model, test["clips"])
    print(f"== {directory}: {len(test['clips'])} TimGM6mb piano phrases, {test['clips'].size} samples at 16 kHz "
          f"({time.time() - t:.0f} s)")
    print(f"teacher-forced NLL:           {nll:.3f} bits/sample")
    print(f"mu-law histogram entropy:     {entropy:.3f} bits/sample")
    print(f"margin (entropy - NLL):       {entropy - nll:.3f} bits/sample (goal >= 2)")
    return nll, entropy


@torch.no_grad()
def context_report(directory, data, start, contexts, window=4096, batch_size=6):
    """NLL of samples [start, start + window) of each test phrase, teacher-forced from start - C."""
    model = s4model.load(directory)
    model.eval()
    clips = common.require_data(os.path.join(data, "piano_test.npz"))["clips"]
    if not 0 < start <= clips.shape[1] - window:
        raise SystemExit(f"--context-window must lie in (0, {clips.shape[1] - window}]")
    idx = mulaw.encode(clips.astype(np.float64) / 32767.0)
    print(f"== {directory}: NLL of samples {start}-{start + window} of the {len(idx)} TimGM6mb piano phrases")
    for context in sorted({min(c, start) for c in contexts}):
        total = 0.0
        for i in range(0, len(idx), batch_size):
            rows = idx[i:i + batch_size]
            if context == start:  # from the phrase start, as the stream and nll_bits see it
                inputs, targets = train_continuation.teacher_forced(rows[:, :start + window]), rows[:, :start + window]
            else:  # the true previous sample first, as training's random crops start
                seg = rows[:, start - context - 1:start + window]
                inputs = torch.from_numpy(seg[:, :-1].astype(np.float32))[..., None]
                targets = seg[:, 1:]
            logits = model(inputs)[:, -window:]
            target = torch.from_numpy(np.ascontiguousarray(targets[:, -window:]))
            total += F.cross_entropy(logits.reshape(-1, 256), target.reshape(-1), reduction="sum").item()
        print(f"context {context:6d} samples ({context / 16:7.1f} ms): "
              f"{total / (len(idx) * window) * train_continuation.LOG2E:.4f} bits/sample", flush=True)

@torch.no_grad()
def onset_report(directory, data, count, before=0.002, after=0.010, quiet=0.05, seed=0):
    """The costliest sample (bits) in [start - before, start + after) of every note start of the first
    `count` test phrases, and in as many windows at random times at least `quiet` s from any note start."""
    model = s4model.load(directory)
    model.eval()
    test = common.require_data(os.path.join(data, "piano_test.npz"))
    rate = int(test["sample_rate"])
    clips = test["clips"][:count]
    phrases, _, _ = no_new_notes.test_phrases(count)
    if not np.array_equal(test["programs"][:count], [program for program, _ in phrases]):
        raise SystemExit("piano_test.npz does not hold render.py's piano_test phrases: render it again")
    idx = mulaw.encode(clips.astype(np.float64) / 32767.0)
    bits = np.concatenate([-F.log_softmax(model(train_continuation.teacher_forced(idx[i:i + 6])), -1)
                           .gather(-1, torch.from_numpy(idx[i:i + 6])[..., None])[..., 0].numpy()
                           for i in range(0, len(idx), 6)]) * train_continuation.LOG2E
    lo, hi = int(round(before * rate)), int(round(after * rate))
    rng = np.random.default_rng(seed)
    first, later, control = [], [], []
    for row, (_, notes) in zip(bits, phrases):
        starts = sorted({int(round(s * rate)) for s, _, _, _ in notes})
        for k, at in enumerate(starts):
            (first if k == 0 else later).append(row[max(0, at - lo):at + hi].max())
        free = np.ones(len(row), bool)
        for at in starts:
            free[max(0, at - int(quiet * rate)):at + int(quiet * rate)] = False
        free[:lo] = free[len(row) - hi:] = False
        for at in rng.choice(np.flatnonzero(free), size=len(starts), replace=False):
            control.append(row[at - lo:at + hi].max())
    print(f"== {directory}: the costliest sample within {before * 1e3:.0f} ms before to {after * 1e3:.0f} ms "
          f"after each note start of {count} TimGM6mb piano phrases (teacher-forced, bits)")
    for name, values in (("first note (from silence)", first), ("later notes", later),
                         (f"no note start within {quiet * 1e3:.0f} ms", control)):
        q = np.percentile(values, [10, 50, 90])
        print(f"{name:<28} {len(values):4d} windows: median {q[1]:5.1f}, 10-90 % {q[0]:5.1f}-{q[2]:5.1f}, "
              f"max {max(values):5.1f}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    shipped = os.path.join(common.MODELS, "shipped")
    ap.add_argument("--classifier", nargs="*", default=[os.path.join(shipped, "instrument-family")])
    ap.add_argument("--continuation", nargs="*", default=[os.path.join(shipped, "piano-continuation")])
    ap.add_argument("--data", default=common.DATA)
    ap.add_argument("--split", default="test", choices=["test", "val"],
                    help="the TimGM6mb clips the classifiers are scored on (choose models on val)")
    ap.add_argument("--ensemble", action="store_true",
                    help="also score the mean of the classifiers' clip probabilities")
    ap.add_argument("--context-window", type=int, metavar="S",
                    help="continuation: NLL of samples S..S+4096 given only the last C samples of history")
    ap.add_argument("--contexts", default="512,4096,16384",
                    help="the history lengths C for --context-window (the whole history is always added)")
    ap.add_argument("--onsets", type=int, metavar="N",
                    help="continuation: the costliest sample around each note the first N test phrases strike")
    args = ap.parse_args(argv)
    common.setup(0)
    results = [classifier_report(d, args.data, args.split) for d in args.classifier]
    if args.ensemble and len(results) > 1:
        truth = results[0][1]
        mean = sum(probs for probs, _ in results) / len(results)
        print(f"== ensemble of {len(results)} classifiers (mean of clip probabilities): "
              f"clip accuracy {(mean.argmax(1) == truth).mean():.4f}")
    for d in args.continuation:
        if args.onsets:
            onset_report(d, args.data, args.onsets)
        elif args.context_window is not None:
            contexts = [int(c) for c in args.contexts.split(",")] + [args.context_window]
            context_report(d, args.data, args.context_window, contexts)
        else:
            continuation_report(d, args.data)


if __name__ == "__main__":
    main()

"""Histories that are not the real audio, for training the continuation model (train_continuation.py):
a teacher-forced model sees only real samples as inputs, a free-running one sees its own draws. These
replace some inputs of a crop while the targets stay real: withheld spans (mask_inputs) and the
model's own draws (own_sample_inputs, drawn as `continue --top-p` draws: nucleus)."""

import numpy as np
import torch

import rollout
import s4model


def mask_inputs(x, rng, share, longest=256):
    """Withholds spans of each crop's inputs (after the first): they become MASK_INDEX, which the model
    sees as "no sample here", while the targets stay real. Up to `share` of a crop's inputs (e ~ U(0,
    share) per crop) in spans of log-uniform length 1..longest samples (1/16 ms to 16 ms, up to a low
    piano note's period), so the next samples must be predicted from what the state holds of the notes
    sounding, not from the last few samples, which is all a teacher-forced model otherwise uses."""
    if share <= 0:
        return x
    x = x.clone()
    length = x.shape[1] - 1
    for i in range(x.shape[0]):
        left = int(rng.uniform(0, share) * length)
        while left > 0:
            span = min(left, int(np.exp(rng.uniform(0, np.log(longest + 1)))))
            start = 1 + int(rng.integers(0, length - span + 1))
            x[i, start:start + span, 0] = s4model.MASK_INDEX
            left -= span
    return x


@torch.no_grad()
def own_sample_inputs(model, x, rng, share, top_p=1.0, passes=1):
    """Parallel scheduled sampling (Duckworth et al. 2019): one teacher-forced pass draws the model's own
    next sample at every position from its softmax, and each input after the first is replaced by the
    draw for that position with probability e ~ U(0, share) per crop. Targets stay the real samples, so
    the model learns to predict the real continuation from a history that holds its own mistakes. With
    top_p < 1 the draws come from the nucleus (nucleus()), as `continue --top-p` draws them. Each further
    pass draws again, given the history the previous pass left, for the same positions: after k passes a
    run of replaced inputs holds draws made from up to k - 1 draws before them, as a free-running
    continuation's are."""
    if share <= 0:
        return x
    replace = None
    mixed = x
    for _ in range(passes):
        probs = torch.softmax(model(mixed).double(), dim=-1).numpy()  # [B, L, 256]: row t predicts input t + 1
        if top_p < 1:
            probs = nucleus(probs, top_p)
        draws = draw(probs, rng.random(probs.shape[:2] + (1,)))
        if replace is None:
            replace = rng.random((x.shape[0], x.shape[1] - 1)) < rng.uniform(0, share, size=(x.shape[0], 1))
        mixed = x.clone()
        mixed[:, 1:, 0] = torch.from_numpy(np.where(replace, draws[:, :-1], x[:, 1:, 0].numpy()).astype(np.float32))
    return mixed


@torch.no_grad()
def rollout_inputs(model, x, rng, longest, top_p=1.0, shortest=64):
    """Free-running spans (rollout.py): from a start s ~ U(L/4, L - R) after a teacher-forced prefix,
    every crop's inputs s+1..s+R (R log-uniform in shortest..longest) become the model's own draws, drawn
    one after another as `continue --top-p` draws them, each given the draws before it. Targets stay the
    real samples, so the model learns to predict the real note from a history it drew itself for up to
    `longest` samples, where teacher forcing never shows it how its small per-sample errors compound
    (a note fading 5 dB per 20 ms, a lag loop locking onto a buzz)."""
    if longest <= 0:
        return x
    length = x.shape[1]
    span = int(np.exp(rng.uniform(np.log(shortest), np.log(longest + 1))))
    span = min(span, length // 2)
    start = int(rng.integers(length // 4, length - span))
    stepper = rollout.Stepper(model)
    logits = stepper.start(x[:, :start + 1])
    mixed = x.clone()
    for t in range(start + 1, start + span + 1):
        probs = torch.softmax(logits.double(), dim=-1).numpy()
        if top_p < 1:
            probs = nucleus(probs, top_p)
        levels = draw(probs, rng.random((probs.shape[0], 1)))
        mixed[:, t, 0] = torch.from_numpy(levels.astype(np.float32))
        logits = stepper.step(torch.from_numpy(levels))
    return mixed


def draw(probs, u):
    """probs [..., 256], u [..., 1] uniform -> the level whose cumulative probability first passes u."""
    return np.minimum((np.cumsum(probs, axis=-1) < u).sum(axis=-1), probs.shape[-1] - 1)


def nucleus(probs, top_p):
    """probs [..., 256] restricted to the most probable levels that hold top_p of each row, renormalised
    (what `continue --top-p` draws from)."""
    ranked = -np.sort(-probs, axis=-1)
    before = np.cumsum(ranked, axis=-1) - ranked  # mass of the levels ranked above each one
    cut = np.where(before < top_p, ranked, np.inf).min(axis=-1, keepdims=True)  # the smallest level kept
    kept = np.where(probs >= cut, probs, 0.0)
    return kept / kept.sum(axis=-1, keepdims=True)

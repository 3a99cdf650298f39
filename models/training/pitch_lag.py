"""The pitch-lag embedding: a mu-law index embedding plus the input samples one estimated pitch period
back, what speech codecs' long-term predictors add to a short-term one.

A teacher-forced sample-level model predicts the next sample from the last millisecond, so once it
draws its own samples nothing holds the note's period. This layer hands the period to the model: per
step it keeps a ring of the last `max_lag` + 1 inputs and, for every lag tau in 1..max_lag, an
exponentially windowed difference function D(tau) = sum_s w^(t-s) (c_s - c_(s-tau))^2 (c: the input
level companded to [-1, 1]); YIN's cumulative-mean normalisation d(tau) = D(tau) tau / (sum_(j<=tau)
D(j) + eps) makes the best lag in min_lag..max_lag, P, the period rather than the smallest lag. The
features are the inputs at P - 2, P - 1 and P steps back (the target's sample one period back, and its
neighbours) and d(P) (how periodic the window is); a linear map of them adds to the embedding.

All of it is float32 in a fixed operation order, the one the compiled step graph (Java: LayerEmitter
pitchLagEmbedding) runs, so both pick the same lag. The features depend on the inputs only (no
weights), so they are computed outside autograd.
"""

import argparse
import functools

import numpy as np
import torch
from scipy.signal import lfilter
from torch import nn

TYPE = "pitch-lag-embedding"
LEVELS = 256
EPS = np.float32(1e-6)
FEATURES = 4


def setting(text):
    """"MIN,MAX,WINDOW" (a command-line value) -> (MIN, MAX, WINDOW) samples."""
    try:
        low, high, window = (int(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected MIN,MAX,WINDOW lags in samples (e.g. 8,400,512), got '{text}'")
    if not 2 <= low <= high or window < 1:
        raise argparse.ArgumentTypeError(f"need 2 <= MIN <= MAX and WINDOW >= 1, got '{text}'")
    return low, high, window


@functools.lru_cache(maxsize=None)
def companded(num=LEVELS):
    """Index i -> (i - c) / c, c = (num - 1) / 2, in float32 (rounded once from float64); read-only, made
    once per num (step_features looks it up every step)."""
    c = (num - 1) / 2.0
    table = ((np.arange(num, dtype=np.float64) - c) / c).astype(np.float32)
    table.setflags(write=False)
    return table


@functools.lru_cache(maxsize=None)
def _lags(max_lag):
    """tau = 1..max_lag in float32, read-only."""
    tau = np.arange(1, max_lag + 1, dtype=np.float32)
    tau.setflags(write=False)
    return tau


def decay(window):
    return np.float32(1.0 - 1.0 / window)


def _differences(idx, max_lag, window, num=LEVELS):
    """idx [B, L] -> (pad [B, max_lag + L]: the companded inputs after max_lag zeros, dsum [B, max_lag, L]:
    D(tau) at every step)."""
    idx = np.asarray(idx, dtype=np.int64)
    b, length = idx.shape
    c = companded(num)[idx]
    pad = np.concatenate([np.zeros((b, max_lag), np.float32), c], axis=1)  # pad[:, max_lag + t] = c_t
    lags = np.arange(1, max_lag + 1)
    back = max_lag - lags[:, None] + np.arange(length)[None, :]  # [max_lag, L]: c_(t - tau)
    diff = c[:, None, :] - pad[:, back]
    dsum = lfilter(np.array([1.0], np.float32), np.array([1.0, -decay(window)], np.float32), diff * diff, axis=-1)
    return pad, dsum


def features(idx, min_lag, max_lag, window, num=LEVELS):
    """idx [B, L] level indices (a stream from its start, the ring and window zero before it) ->
    [B, L, 4] float32: inputs P-2, P-1, P steps back and d(P), with P the lag chosen at each step."""
    b, length = np.shape(idx)
    pad, dsum = _differences(idx, max_lag, window, num)
    cum = np.cumsum(dsum, axis=1)
    tau = _lags(max_lag)[None, :, None]
    dn = (dsum * tau) / (cum + EPS)
    best = np.argmin(dn[:, min_lag - 1:, :], axis=1)  # [B, L]
    period = best + min_lag
    rows = np.arange(b)[:, None]
    at = max_lag + np.arange(length)[None, :] - period
    out = np.empty((b, length, FEATURES), np.float32)
    out[..., 0] = pad[rows, at + 2]
    out[..., 1] = pad[rows, at + 1]
    out[..., 2] = pad[rows, at]
    out[..., 3] = np.take_along_axis(dn, (period - 1)[:, None, :], axis=1)[:, 0, :]
    return out


def window_state(idx, max_lag, window, num=LEVELS):
    """The step recurrence's state after the inputs idx [B, L]: (ring [B, max_lag + 1], ring[:, j] = c_(t - j);
    dsum [B, max_lag]), computed in parallel (a rollout starts from it: rollout.py)."""
    pad, dsum = _differences(idx, max_lag, window, num)
    return np.ascontiguousarray(pad[:, ::-1][:, :max_lag + 1]), np.ascontiguousarray(dsum[:, :, -1])


def step_features(ring, dsum, level, min_lag, window, num=LEVELS):
    """One step of the recurrence: the next input's level [B] enters the ring (ring, dsum [B, max_lag]
    updated in place) -> its features [B, 4]."""
    table = companded(num)
    ring[:, 1:] = ring[:, :-1].copy()
    ring[:, 0] = table[level]
    diff = ring[:, :1] - ring[:, 1:]
    dsum *= decay(window)
    dsum += diff * diff
    dn = (dsum * _lags(dsum.shape[1])) / (np.cumsum(dsum, axis=1) + EPS)
    p = np.argmin(dn[:, min_lag - 1:], axis=1) + min_lag
    rows = np.arange(ring.shape[0])
    return np.stack([ring[rows, p - 2], ring[rows, p - 1], ring[rows, p], dn[rows, p - 1]], axis=1)


def features_stepwise(idx, min_lag, max_lag, window, num=LEVELS):
    """The same features one step at a time over the ring and window state, in the step graph's
    operation order: the reference features() is tested against."""
    idx = np.asarray(idx, dtype=np.int64)
    b, length = idx.shape
    ring = np.zeros((b, max_lag + 1), np.float32)  # ring[:, j] = c_(t - j)
    dsum = np.zeros((b, max_lag), np.float32)
    out = np.empty((b, length, FEATURES), np.float32)
    for t in range(length):
        out[:, t] = step_features(ring, dsum, idx[:, t], min_lag, window, num)
    return out


class PitchLagEmbedding(nn.Module):
    """Input [B, L, 1] floats holding indices -> [B, L, dim]: embedding + taps(features)."""

    type = TYPE

    def __init__(self, num, dim, min_lag=8, max_lag=400, window=512):
        super().__init__()
        if not 2 <= min_lag <= max_lag:
            raise ValueError(f"{TYPE}: need 2 <= min_lag <= max_lag, got {min_lag}, {max_lag}")
        self.num, self.dim, self.min_lag, self.max_lag, self.window = num, dim, min_lag, max_lag, window
        self.weight = nn.Parameter(torch.randn(num, dim))
        self.taps = nn.Linear(FEATURES, dim, bias=False)

    @classmethod
    def extending(cls, embedding, **settings):
        """A trained Embedding with taps at 0: the model computes what it did."""
        layer = cls(embedding.num_embeddings, embedding.embedding_dim, **settings)
        with torch.no_grad():
            layer.weight.copy_(embedding.weight)
            layer.taps.weight.zero_()
        return layer

    def forward(self, x):
        idx = x[..., 0].round().long()
        f = features(idx.numpy(), self.min_lag, self.max_lag, self.window, self.num)
        return self.weight[idx] + self.taps(torch.from_numpy(f).to(self.weight.dtype))

    def spec(self):
        return {"type": self.type, "num": self.num, "dim": self.dim, "min_lag": self.min_lag,
                "max_lag": self.max_lag, "window": self.window}

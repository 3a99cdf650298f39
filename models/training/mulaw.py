"""8-bit mu-law, as the Java side has it (io.s4stream.models.generation.MuLaw): the continuation model's
input and output levels."""

import numpy as np

MU = 255
SILENCE_INDEX = 128  # the index of 0.0, fed as the "previous sample" before the first sample


def encode(x):
    """float audio in [-1,1] -> index 0..255: round((f(x)+1)/2*255) with f(x)=sign(x)ln(1+255|x|)/ln(256)."""
    x = np.clip(np.asarray(x, dtype=np.float64), -1.0, 1.0)
    f = np.sign(x) * np.log1p(MU * np.abs(x)) / np.log1p(MU)
    return np.floor((f + 1.0) / 2.0 * MU + 0.5).astype(np.int64)


def decode(idx):
    """index 0..255 -> float: f = 2*idx/255 - 1, x = sign(f)((1+255)^|f| - 1)/255."""
    f = 2.0 * np.asarray(idx, dtype=np.float64) / MU - 1.0
    return np.sign(f) * (np.power(1.0 + MU, np.abs(f)) - 1.0) / MU


def entropy_bits(indices):
    """Entropy (bits) of the empirical 256-bin histogram of mu-law indices."""
    counts = np.bincount(np.asarray(indices).ravel(), minlength=256).astype(np.float64)
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log2(p)).sum())

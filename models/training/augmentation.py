"""Training-time augmentation of the instrument-family classifier's data (train_classifier.py): on the
waveform before the frozen front end (pitch/speed shift, peaking EQ, tilt, synthetic rooms, gain, noise),
and on the cached log band powers after it (a random smooth EQ, frequency masks)."""

import numpy as np
from scipy.signal import fftconvolve, lfilter

RATE = 44100


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


def augmented_waves(rng, clips, length, strong, max_semitones):
    """One augmented copy of every clip as float32 [N, length]: pitch/speed shift up to +-max_semitones,
    then augment() (strong: EQ, tilt, room; else gain and noise only, and no shift)."""
    out = np.empty((len(clips), length), np.float32)
    for i in range(0, len(clips), 256):
        part = np.stack([resample_crop(rng, c, length, max_semitones if strong else 0.0) for c in clips[i:i + 256]])
        out[i:i + 256] = augment(rng, part, strong)
    return out


def spectral_tilt(rng, size, positions, depth):
    """Random smooth curves over the bands (a few cosines), added to log powers: a cheap extra EQ.
    `positions`: each feature's place on the curve (0 .. pi; spectrum.Front.tilt_positions)."""
    pos = np.asarray(positions)
    k = np.arange(1, 4)
    amp = rng.uniform(-depth, depth, size=(size, 3, 1)) / k[:, None]
    phase = rng.uniform(0, 2 * np.pi, size=(size, 3, 1))
    return (amp * np.cos(k[:, None] * pos + phase)).sum(axis=1)[:, None, :].astype(np.float32)


def band_masks(rng, x, count, width):
    """SpecAugment-style frequency masking: up to `count` runs of up to `width` bands per example are set
    to that frame's mean log power, so no single band region can carry the decision."""
    size, _, bands = x.shape
    mask = np.zeros((size, 1, bands), bool)
    for i in range(size):
        for _ in range(int(rng.integers(0, count + 1))):
            w = int(rng.integers(0, width + 1))
            a = int(rng.integers(0, bands - w + 1))
            mask[i, 0, a:a + w] = True
    return np.where(mask, x.mean(axis=2, keepdims=True), x)

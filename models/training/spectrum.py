"""The classifier's frozen front end: a log power spectrogram computed inside the streaming graph.

Four layers of the model description, no new layer type:
    pool0   [FRAME samples -> rows]   windowed DFT rows (cos, sin per bin), one frame per step
    square                            their powers
    bands   [rows -> features]        averages of the powers over log-spaced bands
    log                               ln(power + LOG_EPS)

The main spectrum is a periodic-Hann-windowed DFT of the whole 1024-sample frame (bins 1..511, 43 Hz
apart), averaged into `per_octave` log-spaced bands (10: 65 bands). With `sub_frames` K > 0 the frame is
also cut into K equal sub-frames, each with its own Hann-windowed DFT from `sub_low` to `sub_high` Hz, averaged into
`sub_per_octave` coarse bands per sub-frame: a finer time grid (5.8 ms for K = 4) for attacks and tremolo
above a few hundred Hz, where the main spectrum only sees one 23 ms power per frame. Features are the main
bands, then sub-frame 0's coarse bands, sub-frame 1's, ... (oldest sub-frame first).
"""

import numpy as np
import torch

from augmentation import RATE

FRAME = 1024  # samples per spectrum frame (23.2 ms): the S4 blocks run at 44100 / 1024 = 43 Hz
LOG_EPS = 1e-8  # floor of the band powers (-80 dB re a full-scale sine)
FRONT = 4  # the frozen front end: pool0 (windowed DFT), square, bands, log


def band_edges(frame=FRAME, per_octave=10, low_bin=1, high_bin=None):
    """DFT-bin edges of log-spaced bands from `low_bin` up to `high_bin` (default frame/2), merged where
    narrower than one bin."""
    high = frame / 2 if high_bin is None else high_bin
    octaves = np.log2(high / low_bin)
    return np.unique(np.round(np.geomspace(low_bin, high, int(octaves * per_octave) + 1)).astype(int))


class Front:
    """The rows of pool0 and the band-averaging matrix of one front-end configuration."""

    def __init__(self, per_octave=10, sub_frames=0, sub_per_octave=4, sub_low=500.0, sub_high=11025.0):
        self.per_octave, self.sub_frames = per_octave, sub_frames
        self.main_edges = band_edges(FRAME, per_octave)
        if sub_frames:
            if FRAME % sub_frames:
                raise ValueError(f"sub-frames: {sub_frames} does not divide the frame of {FRAME} samples")
            self.sub_len = FRAME // sub_frames
            low_bin = max(1, int(round(sub_low * self.sub_len / RATE)))
            high_bin = min(self.sub_len // 2, int(round(sub_high * self.sub_len / RATE)))
            if not low_bin < high_bin:
                raise ValueError(f"sub-frame bands: {sub_low:g}-{sub_high:g} Hz holds no DFT bin of "
                                 f"{self.sub_len} samples")
            self.sub_edges = band_edges(self.sub_len, sub_per_octave, low_bin, high_bin)
        else:
            self.sub_len, self.sub_edges = 0, np.array([], dtype=int)

    @property
    def rows(self):
        main = 2 * (FRAME // 2 - 1)
        sub = 2 * (self.sub_edges[-1] - self.sub_edges[0]) * self.sub_frames if self.sub_frames else 0
        return int(main + sub)

    @property
    def features(self):
        return int(len(self.main_edges) - 1 + (len(self.sub_edges) - 1) * self.sub_frames)

    def tilt_positions(self):
        """Each feature's place on the band-domain EQ curve (augmentation.spectral_tilt): the main bands
        evenly over 0 .. pi, as before sub-frames existed; a sub-frame band where its centre frequency
        falls among the main bands."""
        main = np.linspace(0, np.pi, len(self.main_edges) - 1)
        if not self.sub_frames:
            return main
        centre = lambda e, n: np.log(np.sqrt(e[:-1] * e[1:]) / n)  # noqa: E731  (cycles per sample)
        sub = np.interp(centre(self.sub_edges, self.sub_len), centre(self.main_edges, FRAME), main)
        return np.concatenate([main] + [sub] * self.sub_frames)

    def layer_specs(self):
        return [
            {"type": "pool", "name": "pool0", "factor": FRAME, "d_in": 1, "d_out": self.rows},
            {"type": "square", "name": "square", "dim": self.rows},
            {"type": "linear", "name": "bands", "d_in": self.rows, "d_out": self.features},
            {"type": "log", "name": "logpow", "dim": self.features, "eps": LOG_EPS},
        ]

    def matrices(self):
        """(pool rows [rows, FRAME], band mix [features, rows]). A DFT row pair is scaled so that a
        full-scale sine on its bin has amplitude 0.5; each band averages its bins' powers."""
        rows, mixes = [], []
        self._dft(rows, mixes, FRAME, 0, range(1, FRAME // 2), self.main_edges)
        for s in range(self.sub_frames):
            bins = range(self.sub_edges[0], self.sub_edges[-1])
            self._dft(rows, mixes, self.sub_len, s * self.sub_len, bins, self.sub_edges)
        mix = np.zeros((self.features, len(rows)))
        r0 = f0 = 0
        for block in mixes:
            mix[f0:f0 + block.shape[0], r0:r0 + block.shape[1]] = block
            f0, r0 = f0 + block.shape[0], r0 + block.shape[1]
        return np.array(rows), mix

    @staticmethod
    def _dft(rows, mixes, length, offset, bins, edges):
        n = np.arange(length)
        window = 0.5 - 0.5 * np.cos(2 * np.pi * n / length)
        window /= window.sum()
        first = bins[0]
        for k in bins:
            w = 2 * np.pi * k * n / length
            for part in (np.cos(w), np.sin(w)):
                row = np.zeros(FRAME)
                row[offset:offset + length] = window * part
                rows.append(row)
        mix = np.zeros((len(edges) - 1, 2 * len(bins)))
        for b, (lo, hi) in enumerate(zip(edges[:-1], edges[1:])):
            for k in range(lo, hi):
                mix[b, 2 * (k - first):2 * (k - first) + 2] = 1.0 / (hi - lo)
        mixes.append(mix)

    def init(self, model):
        """Writes the matrices into the model's first layers and freezes them, so training can cache
        their output."""
        pool, bands = model.layers[0], model.layers[2]
        rows, mix = self.matrices()
        with torch.no_grad():
            pool.weight.copy_(torch.tensor(rows, dtype=torch.float32))
            pool.bias.zero_()
            bands.weight.copy_(torch.tensor(mix, dtype=torch.float32))
            bands.bias.zero_()
        for layer in model.layers[:FRONT]:
            layer.requires_grad_(False)

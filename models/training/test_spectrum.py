"""Tests of spectrum.Front, the classifier's frozen front end: the main bands measure a sine's power where
it lies, and the sub-frame bands say in which part of the frame it sounded.
  /usr/bin/python3 -m unittest discover -s models/training -p 'test_*.py'"""

import unittest

import numpy as np
import torch

import s4model
from spectrum import FRAME, FRONT, RATE, Front


def front_of(front, wave):
    model = s4model.build(front.layer_specs(), {})
    front.init(model)
    x = torch.from_numpy(wave.astype(np.float32))[None, :, None]
    for layer in model.layers[:FRONT]:
        x = layer(x)
    return x[0].numpy()


class FrontTest(unittest.TestCase):
    def test_main_bands_alone_are_the_65_band_spectrum(self):
        front = Front(per_octave=10)
        rows, mix = front.matrices()
        self.assertEqual(rows.shape, (1022, FRAME))
        self.assertEqual(mix.shape, (65, 1022))
        np.testing.assert_allclose(mix.sum(axis=1), 2.0)  # each band averages the two rows of its bins
        self.assertEqual(front.features, 65)
        np.testing.assert_allclose(front.tilt_positions(), np.linspace(0, np.pi, 65))

    def test_full_scale_sine_on_a_bin_has_power_a_quarter_in_its_band(self):
        k = 100  # bin 100: 4307 Hz
        wave = np.sin(2 * np.pi * k * np.arange(2 * FRAME) / FRAME)
        front = Front(per_octave=10)
        feats = front_of(front, wave)
        band = int(np.searchsorted(front.main_edges, k, side="right")) - 1
        lo, hi = front.main_edges[band:band + 2]
        # a Hann window spreads the bin's power 0.25 (amplitude 0.5) over bins k-1, k, k+1 (1, 1/4, 1/4)
        expected = 0.25 * sum(w for j, w in ((k - 1, 1 / 4), (k, 1.0), (k + 1, 1 / 4)) if lo <= j < hi) / (hi - lo)
        np.testing.assert_allclose(np.exp(feats[1, band]), expected, rtol=1e-4)

    def test_sub_frame_bands_locate_a_burst_inside_the_frame(self):
        front = Front(per_octave=10, sub_frames=4, sub_per_octave=4, sub_low=500.0)
        main = len(front.main_edges) - 1
        per_sub = len(front.sub_edges) - 1
        self.assertEqual(front.features, main + 4 * per_sub)
        self.assertEqual(front.rows, 1022 + 4 * 2 * (front.sub_edges[-1] - front.sub_edges[0]))
        wave = np.zeros(2 * FRAME)
        n = np.arange(front.sub_len)
        start = FRAME + 2 * front.sub_len  # the third sub-frame of the second frame
        wave[start:start + front.sub_len] = np.sin(2 * np.pi * 3000 * n / RATE)
        feats = front_of(front, wave)
        sub = feats[1, main:].reshape(4, per_sub)
        loudest = np.unravel_index(np.argmax(sub), sub.shape)
        self.assertEqual(loudest[0], 2)
        band_hz = front.sub_edges[loudest[1]:loudest[1] + 2] * RATE / front.sub_len
        self.assertTrue(band_hz[0] <= 3000 < band_hz[1], band_hz)
        self.assertLess(sub[[0, 1, 3]].max(), np.log(1e-6))  # nothing in the silent sub-frames
        self.assertTrue(np.all(feats[0] < np.log(1e-6)))  # nor in the silent first frame

    def test_tilt_puts_each_sub_band_where_its_frequency_lies_among_the_main_bands(self):
        front = Front(per_octave=10, sub_frames=2, sub_per_octave=4, sub_low=500.0)
        pos = front.tilt_positions()
        main = len(front.main_edges) - 1
        self.assertEqual(len(pos), front.features)
        sub = pos[main:].reshape(2, -1)
        np.testing.assert_array_equal(sub[0], sub[1])
        self.assertTrue(np.all(np.diff(sub[0]) > 0))
        for b in range(sub.shape[1]):  # between the main bands holding the sub band's edges
            lo_hz, hi_hz = front.sub_edges[b:b + 2] * RATE / front.sub_len
            main_hz = front.main_edges * RATE / FRAME
            lo, hi = (int(np.searchsorted(main_hz, f, side="right")) - 1 for f in (lo_hz, hi_hz))
            self.assertTrue(pos[lo] <= sub[0, b] <= pos[min(hi, main - 1)], (b, lo, hi))

    def test_sub_frames_must_divide_the_frame(self):
        with self.assertRaises(ValueError):
            Front(sub_frames=3)
        with self.assertRaises(ValueError):  # an empty band range
            Front(sub_frames=4, sub_low=5000.0, sub_high=5000.0)


if __name__ == "__main__":
    unittest.main()

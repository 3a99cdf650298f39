"""Tests of band_conv.BandConv: it is the convolution it claims to be, and it exports as the plain
`linear` layer the streaming compiler reads.
  /usr/bin/python3 -m unittest discover -s models/training -p 'test_*.py'"""

import tempfile
import unittest

import torch
import torch.nn.functional as F

import s4model
from band_conv import BandConv


class BandConvTest(unittest.TestCase):
    def setUp(self):
        self.layer = BandConv(bands=20, channels=3, width=5, generator=torch.Generator().manual_seed(1))
        self.x = torch.randn(2, 4, 20, generator=torch.Generator().manual_seed(2))

    def test_equals_a_zero_padded_convolution_along_the_bands(self):
        y = self.layer(self.x)
        dense = F.linear(self.x, self.layer.weight, self.layer.bias)  # what the export holds
        torch.testing.assert_close(y, dense, rtol=0, atol=1e-6)
        k = self.layer.kernel[:, 0]  # by hand: y[c, b] = bias[c] + sum_j k[c, j] x[b + j - 2], zero outside
        padded = F.pad(self.x, (2, 2))
        by_hand = torch.stack([self.layer.channel_bias[c] + sum(k[c, j] * padded[..., j:j + 20] for j in range(5))
                               for c in range(3)], dim=-2)
        torch.testing.assert_close(y, by_hand.reshape(2, 4, 60), rtol=0, atol=1e-6)

    def test_several_input_channels_are_summed_per_output_channel(self):
        layer = BandConv(bands=20, channels=2, width=3, generator=torch.Generator().manual_seed(3), in_channels=3)
        x = torch.randn(5, 60, generator=torch.Generator().manual_seed(4))
        torch.testing.assert_close(layer(x), F.linear(x, layer.weight, layer.bias), rtol=0, atol=1e-6)
        one = [BandConv(20, 2, 3, in_channels=1) for _ in range(3)]
        for i, part in enumerate(one):
            part.kernel.data = layer.kernel.data[:, i:i + 1].clone()
            part.channel_bias.data = layer.channel_bias.data * (i == 0)
        summed = sum(part(x[:, i * 20:(i + 1) * 20]) for i, part in enumerate(one))
        torch.testing.assert_close(layer(x), summed, rtol=0, atol=1e-6)

    def test_a_shifted_spectrum_gives_shifted_outputs_away_from_the_edges(self):
        shifted = torch.roll(self.x, 3, dims=-1)
        y = self.layer(self.x).reshape(2, 4, 3, 20)
        ys = self.layer(shifted).reshape(2, 4, 3, 20)
        torch.testing.assert_close(ys[..., 3 + 2:20 - 2], y[..., 2:20 - 3 - 2], rtol=0, atol=1e-6)

    def test_exports_and_reloads_as_a_plain_linear_layer(self):
        specs = [{"type": "linear", "name": "conv", "d_in": 20, "d_out": 60},
                 {"type": "gelu", "name": "act", "dim": 60},
                 {"type": "linear", "name": "head", "d_in": 60, "d_out": 4}]
        meta = {"name": "t", "version": "0", "task": "classification", "sample_rate": 8000,
                "input_channels": 20, "input_encoding": "float", "labels": list("abcd")}
        model = s4model.build(specs, meta)
        model.layers[0] = self.layer
        with tempfile.TemporaryDirectory() as d:
            s4model.export(model, d)
            loaded = s4model.load(d)
            self.assertEqual(type(loaded.layers[0]), s4model.Linear)
            self.assertEqual(loaded.description()["layers"][0]["d_out"], 60)
            with torch.no_grad():
                torch.testing.assert_close(loaded(self.x), model(self.x), rtol=0, atol=1e-6)


if __name__ == "__main__":
    unittest.main()

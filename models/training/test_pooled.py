"""Tests of the pooled (SaShiMi) level, s4model.Pooled, and of adding one to a trained continuation model:
  /usr/bin/python3 -m unittest discover -s models/training -p 'test_*.py'"""

import os
import tempfile
import unittest

import torch

import s4model
import train_continuation as tc


def model(pooled=((4, 12, 1),), seed=0):
    layers = tc.architecture(d_model=8, d_state=8, blocks=2, pooled=pooled)
    return s4model.build(layers, tc.META, seed=seed).double().eval()


def inputs(length, seed=1):
    return torch.randint(0, 256, (2, length, 1), generator=torch.Generator().manual_seed(seed)).double()


@torch.no_grad()
def with_changed_tail(m, x, start):
    """m's outputs for x and for x with every input from `start` on changed (255 - index)."""
    x2 = x.clone()
    x2[:, start:] = 255 - x2[:, start:]
    return m(x), m(x2)


class PooledTest(unittest.TestCase):
    def test_the_level_sits_between_the_halves_of_the_blocks(self):
        self.assertEqual(model().names, ["embed", "blocks.0", "mid", "blocks.1", "norm_f", "head"])

    def test_nested_levels_form_a_u_net(self):
        m = model(pooled=[(4, 12, 2), (2, 16, 2)])
        level = m.layers[2]
        self.assertEqual([l["name"] for l in level.spec()["layers"]], ["mid.blocks.0", "mid.mid", "mid.blocks.1"])
        self.assertEqual(level.inner.layers[1].spec()["d_model"], 12)
        self.assertEqual(level.inner.layers[1].spec()["d_inner"], 16)
        y, y2 = with_changed_tail(m, inputs(64), 41)
        torch.testing.assert_close(y2[:, :41], y[:, :41], rtol=0, atol=1e-12)
        self.assertEqual(tc.pooled_setting("4,128,2:4,256,4"), [(4, 128, 2), (4, 256, 4)])

    def test_causal_and_block_zero_adds_nothing(self):
        m = model()
        y, y2 = with_changed_tail(m, inputs(64), 37)
        with torch.no_grad():
            level = m.layers[2]
            h = torch.randn(2, 64, 8, dtype=torch.float64, generator=torch.Generator().manual_seed(2))
            out = level(h)
        torch.testing.assert_close(y2[:, :37], y[:, :37], rtol=0, atol=1e-12)
        self.assertGreater(float((y2[:, 37:] - y[:, 37:]).abs().max()), 1e-3)
        torch.testing.assert_close(out[:, :4], h[:, :4], rtol=0, atol=0)  # block 0: nothing to add yet
        self.assertGreater(float((out[:, 4:] - h[:, 4:]).abs().max()), 1e-3)

    def test_a_length_that_is_not_a_multiple_of_the_factor_gives_the_prefix(self):
        m = model()
        x = inputs(67)
        with torch.no_grad():
            torch.testing.assert_close(m(x[:, :61]), m(x)[:, :61], rtol=0, atol=1e-12)

    def test_added_level_starts_as_the_identity_and_exports(self):
        trained = model(pooled=None, seed=3)
        x = inputs(96)
        with torch.no_grad():
            before = trained(x)
        tc.add_pooled(trained, [(4, 12, 2)], seed=4)
        trained = trained.double().eval()
        self.assertEqual(trained.names, ["embed", "blocks.0", "mid", "blocks.1", "norm_f", "head"])
        with torch.no_grad():
            torch.testing.assert_close(trained(x), before, rtol=0, atol=0)
            trained.layers[2].up.weight.copy_(torch.randn(trained.layers[2].up.weight.shape, dtype=torch.float64,
                                                          generator=torch.Generator().manual_seed(5)))
            changed = trained(x)
        self.assertGreater(float((changed - before).abs().max()), 1e-3)
        with tempfile.TemporaryDirectory() as d:
            s4model.export(trained, d)
            loaded = s4model.load(d).double().eval()
            self.assertIn("mid.up.weight", s4model.read_safetensors(os.path.join(d, "weights.safetensors")))
            self.assertIn("mid.blocks.1.block.layer.kernel.C",
                          s4model.read_safetensors(os.path.join(d, "weights.safetensors")))
        with torch.no_grad():
            torch.testing.assert_close(loaded(x), changed, rtol=1e-5, atol=1e-5)  # float32 export


if __name__ == "__main__":
    unittest.main()

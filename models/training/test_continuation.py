"""Tests of the continuation model's training batches (train_continuation.batch) on synthetic phrases:
  /usr/bin/python3 -m unittest discover -s models/training -p 'test_*.py'
(PythonUnitTest in the models module runs them in mvn verify)."""

import unittest

import numpy as np
import torch

import exposure
import train_continuation as tc


def phrases(count=4, length=3000):
    t = np.arange(length) / tc.RATE
    tones = [20000 * np.sin(2 * np.pi * (220 + 50 * i) * t) * np.exp(-t) for i in range(count)]
    return np.round(np.stack(tones))


class BatchTest(unittest.TestCase):
    def test_clean_inputs_are_the_previous_targets(self):
        x, y = tc.batch(np.random.default_rng(5), phrases(), 16, 512)
        x = x[..., 0].numpy().astype(np.int64)
        self.assertEqual(x.shape, (16, 512))
        np.testing.assert_array_equal(x[:, 1:], y.numpy()[:, :-1])

    def test_input_noise_jitters_inputs_only(self):
        clean_x, clean_y = tc.batch(np.random.default_rng(5), phrases(), 16, 512)
        noisy_x, noisy_y = tc.batch(np.random.default_rng(5), phrases(), 16, 512, input_noise=6.0)
        np.testing.assert_array_equal(noisy_y.numpy(), clean_y.numpy())  # same crops, clean targets
        diff = (noisy_x - clean_x)[..., 0].numpy()
        self.assertTrue(np.all(diff == np.rint(diff)), "jitter is in whole mu-law levels")
        self.assertTrue(noisy_x.min() >= 0 and noisy_x.max() <= 255)
        spread = diff.std(axis=1)
        self.assertGreater(spread.max(), 1.0)
        self.assertLess(spread.max(), 6.0 * 1.2)  # s ~ U(0, 6): no crop is jittered much beyond 6 levels
        self.assertGreater(np.mean(diff != 0), 0.3)


class OwnSampleTest(unittest.TestCase):
    class Peaked(torch.nn.Module):
        """Predicts index (input + 7) % 256 with certainty, so every draw is known in advance."""

        def forward(self, x):
            nxt = (x[..., 0].long() + 7) % 256
            return torch.nn.functional.one_hot(nxt, 256).float() * 100.0

    def test_replaced_inputs_are_the_models_draws_for_that_position(self):
        x, _ = tc.batch(np.random.default_rng(5), phrases(), 16, 512)
        mixed = exposure.own_sample_inputs(self.Peaked(), x, np.random.default_rng(9), share=0.8)
        xs, ms = x[..., 0].numpy(), mixed[..., 0].numpy()
        np.testing.assert_array_equal(ms[:, 0], xs[:, 0])  # the first input has no draw before it
        replaced = ms[:, 1:] != xs[:, 1:]
        np.testing.assert_array_equal(ms[:, 1:][replaced], ((xs[:, :-1] + 7) % 256)[replaced])
        shares = replaced.mean(axis=1)
        self.assertGreater(shares.max(), 0.3)
        self.assertLess(shares.max(), 0.85)  # e ~ U(0, 0.8) per crop
        self.assertGreater(shares.std(), 0.05)

    class TwoLevels(torch.nn.Module):
        """Predicts (input + 7) % 256 with probability 0.8 and (input + 9) % 256 with 0.2."""

        def forward(self, x):
            one_hot = torch.nn.functional.one_hot
            near, far = (x[..., 0].long() + 7) % 256, (x[..., 0].long() + 9) % 256
            return torch.log(0.8 * one_hot(near, 256).double() + 0.2 * one_hot(far, 256).double() + 1e-30)

    def test_a_nucleus_draw_keeps_only_the_most_probable_levels(self):
        x, _ = tc.batch(np.random.default_rng(5), phrases(), 16, 512)
        xs = x[..., 0].numpy()
        for top_p, far_share in ((1.0, 0.2), (0.5, 0.0), (0.9, 0.2)):
            ms = exposure.own_sample_inputs(self.TwoLevels(), x, np.random.default_rng(9), 0.8, top_p)[..., 0].numpy()
            replaced = ms[:, 1:] != xs[:, 1:]
            far = ms[:, 1:][replaced] == ((xs[:, :-1] + 9) % 256)[replaced]
            self.assertAlmostEqual(far.mean(), far_share, delta=0.02, msg=f"top-p {top_p}")

    def test_nucleus_renormalises_the_kept_levels(self):
        p = np.array([[0.5, 0.3, 0.15, 0.05], [0.1, 0.6, 0.2, 0.1]])
        np.testing.assert_allclose(exposure.nucleus(p, 0.3), [[1, 0, 0, 0], [0, 1, 0, 0]])
        np.testing.assert_allclose(exposure.nucleus(p, 0.6), [[0.625, 0.375, 0, 0], [0, 1, 0, 0]])
        np.testing.assert_allclose(exposure.nucleus(p, 0.7), [[0.625, 0.375, 0, 0], [0, 0.75, 0.25, 0]])
        np.testing.assert_allclose(exposure.nucleus(p, 1.0), p)

    class PlusOne(torch.nn.Module):
        """Predicts index input + 1 with certainty."""

        def forward(self, x):
            return torch.nn.functional.one_hot((x[..., 0].long() + 1) % 256, 256).float() * 100.0

    def test_a_second_pass_draws_from_the_first_passs_history(self):
        # real inputs are multiples of 4, so a draw after a real input is 1 mod 4 and a draw after a draw 2
        xs = 4 * np.random.default_rng(5).integers(0, 63, size=(16, 512))
        x = torch.from_numpy(xs.astype(np.float32))[..., None]
        ms = exposure.own_sample_inputs(self.PlusOne(), x, np.random.default_rng(9), share=0.8, passes=2)[..., 0].numpy()
        replaced = ms % 4 != 0
        np.testing.assert_array_equal(ms[~replaced], xs[~replaced])
        self.assertFalse(replaced[:, 0].any())
        after_real = replaced[:, 2:] & ~replaced[:, 1:-1]
        after_draw = replaced[:, 2:] & replaced[:, 1:-1]  # drawn given the first pass's draw x[t-2] + 1
        self.assertGreater(after_draw.sum(), 500)
        np.testing.assert_array_equal(ms[:, 2:][after_real], xs[:, 1:-1][after_real] + 1)
        np.testing.assert_array_equal(ms[:, 2:][after_draw], xs[:, :-2][after_draw] + 2)
        once = exposure.own_sample_inputs(self.PlusOne(), x, np.random.default_rng(9), share=0.8)[..., 0].numpy()
        self.assertTrue(np.all(once % 4 != 2), "one pass draws only from real histories")

    def test_share_zero_leaves_inputs_alone(self):
        x, _ = tc.batch(np.random.default_rng(5), phrases(), 4, 256)
        self.assertIs(exposure.own_sample_inputs(self.Peaked(), x, np.random.default_rng(9), share=0.0), x)


class MaskTest(unittest.TestCase):
    def test_masked_spans_are_withheld_and_the_rest_untouched(self):
        x, y = tc.batch(np.random.default_rng(5), phrases(), 16, 2048)
        masked = exposure.mask_inputs(x, np.random.default_rng(3), share=0.6)[..., 0].numpy()
        clean = x[..., 0].numpy()
        hidden = masked == tc.s4model.MASK_INDEX
        np.testing.assert_array_equal(masked[~hidden], clean[~hidden])
        self.assertFalse(hidden[:, 0].any(), "the first input is never withheld")
        shares = hidden.mean(axis=1)
        self.assertLessEqual(shares.max(), 0.6 + 1e-9)
        self.assertGreater(shares.max(), 0.1)
        starts = np.diff(hidden.astype(int), axis=1) == 1
        self.assertGreater(starts.sum(), 16, "withheld in spans, several per crop")
        self.assertLess(starts.sum(), hidden.sum() / 2, "spans, not single samples")
        self.assertIs(exposure.mask_inputs(x, np.random.default_rng(3), share=0.0), x)

    def test_the_mask_row_trains_and_the_export_is_the_plain_embedding(self):
        plain = tc.s4model.Embedding(256, 8)
        layer = tc.s4model.MaskableEmbedding.extending(plain)
        self.assertEqual(layer.weight.shape, (257, 8))
        self.assertEqual(layer.spec(), plain.spec())
        levels = torch.arange(256, dtype=torch.float32)[None, :, None]
        torch.testing.assert_close(layer(levels), plain(levels), rtol=0, atol=0)
        torch.testing.assert_close(layer.export_state()["weight"], plain.weight.detach(), rtol=0, atol=0)
        mask = torch.full((1, 1, 1), float(tc.s4model.MASK_INDEX))
        layer(mask).sum().backward()
        self.assertTrue(layer.weight.grad[256].abs().sum() > 0 and layer.weight.grad[:256].abs().sum() == 0)


class RateTest(unittest.TestCase):
    def test_decimation_keeps_the_band_below_the_new_nyquist_and_drops_the_rest(self):
        t = np.arange(16000) / tc.RATE
        low, high = 8000 * np.sin(2 * np.pi * 1000 * t), 8000 * np.sin(2 * np.pi * 6000 * t)
        out = tc.decimate(np.stack([low, high]), 2)
        self.assertEqual(out.shape, (2, 8000))
        inner = slice(200, -200)  # away from the filter's edges
        np.testing.assert_allclose(out[0, inner], low[::2][inner], atol=8000 * 2e-3)
        self.assertLess(np.abs(out[1, inner]).max(), 8000 * 1e-3)  # 6 kHz is above 4 kHz: gone, not aliased


if __name__ == "__main__":
    unittest.main()

"""Tests of the pitch-lag embedding (pitch_lag.py):
  /usr/bin/python3 -m unittest discover -s models/training -p 'test_*.py'
(PythonUnitTest in the models module runs them in mvn verify; PitchLagEmbeddingTest and
TrainingSmokeTest hold the Java side to the same features)."""

import tempfile
import unittest

import numpy as np
import torch

import mulaw
import pitch_lag
import s4model


def tone(length, period=80, noise=0.0, seed=0):
    """Levels of a two-partial tone with an integer period (so it repeats exactly), plus noise."""
    t = np.arange(length)
    x = 0.6 * np.sin(2 * np.pi * t / period) + 0.25 * np.sin(2 * np.pi * 3 * t / period + 1)
    x = x + noise * np.random.default_rng(seed).normal(size=length)
    return mulaw.encode(np.clip(x, -1, 1))


class FeatureTest(unittest.TestCase):
    def test_the_batch_form_equals_the_step_recurrence_bit_for_bit(self):
        rng = np.random.default_rng(1)
        idx = np.stack([tone(1500, noise=0.1), rng.integers(0, 256, 1500), np.full(1500, 128)])
        a = pitch_lag.features(idx, 8, 200, 256)
        b = pitch_lag.features_stepwise(idx, 8, 200, 256)
        np.testing.assert_array_equal(a, b)
        self.assertTrue(np.all(np.isfinite(a)))

    def test_the_lag_is_the_tones_period(self):
        idx = tone(1500)[None]
        f = pitch_lag.features(idx, 8, 200, 256)[0]
        c = pitch_lag.companded()[idx[0]]
        # at step t the input is c_t; one period back from the next input c_(t+1) is c_(t+1) itself
        np.testing.assert_array_equal(f[600:-1, 1], c[601:])
        np.testing.assert_array_equal(f[600:, 2], c[600:])
        self.assertLess(f[600:, 3].max(), 0.05)

    def test_silence_stays_finite_and_taps_the_silence_level(self):
        f = pitch_lag.features(np.full((1, 600), 128), 8, 200, 256)[0]
        self.assertTrue(np.all(np.isfinite(f)))
        self.assertTrue(np.all(f[300:, :3] == pitch_lag.companded()[128]))  # the ring holds silence only


class LayerTest(unittest.TestCase):
    def model(self):
        layers = [{"type": "embedding", "name": "embed", "num": 256, "dim": 8},
                  {"type": "residual", "name": "blocks.0", "d_model": 8, "d_state": 8},
                  {"type": "linear", "name": "head", "d_in": 8, "d_out": 256}]
        return s4model.build(layers, {"name": "t", "version": "1", "task": "generation"})

    def test_extending_starts_as_the_plain_model_and_the_taps_train(self):
        model = self.model()
        x = torch.from_numpy(tone(700, noise=0.05).astype(np.float32))[None, :, None]
        with torch.no_grad():
            before = model(x)
        model.layers[0] = pitch_lag.PitchLagEmbedding.extending(model.layers[0], min_lag=8, max_lag=200, window=256)
        with torch.no_grad():
            torch.testing.assert_close(model(x), before, rtol=0, atol=0)
        model(x).logsumexp(-1).sum().backward()
        self.assertGreater(model.layers[0].taps.weight.grad.abs().max().item(), 0.0)

    def test_export_and_load_keep_the_layer(self):
        model = self.model()
        model.layers[0] = pitch_lag.PitchLagEmbedding.extending(model.layers[0], min_lag=8, max_lag=200, window=256)
        with torch.no_grad():
            model.layers[0].taps.weight.normal_()
        x = torch.from_numpy(tone(700, noise=0.05).astype(np.float32))[None, :, None]
        with tempfile.TemporaryDirectory() as d:
            s4model.export(model, d)
            again = s4model.load(d)
        self.assertEqual(again.layer_descriptions()[0], {"name": "embed", "type": pitch_lag.TYPE, "num": 256,
                                                         "dim": 8, "min_lag": 8, "max_lag": 200, "window": 256})
        with torch.no_grad():
            torch.testing.assert_close(again(x), model(x))


if __name__ == "__main__":
    unittest.main()

"""Tests of the free-running rollouts (rollout.py, exposure.rollout_inputs):
  /usr/bin/python3 -m unittest discover -s models/training -p 'test_*.py'"""

import unittest

import numpy as np
import torch

import exposure
import mulaw
import pitch_lag
import rollout
import s4model


def model(pitch=True, pooled=False):
    layers = [{"type": "embedding", "name": "embed", "num": 256, "dim": 16},
              {"type": "residual", "name": "blocks.0", "d_model": 16, "d_state": 8},
              {"type": "residual", "name": "blocks.1", "d_model": 16, "d_state": 8},
              {"type": "layernorm", "name": "norm_f", "dim": 16},
              {"type": "linear", "name": "head", "d_in": 16, "d_out": 256}]
    if pooled:
        layers.insert(2, {"type": "pooled", "name": "mid", "factor": 4, "d_model": 16, "d_inner": 16,
                          "layers": [{"type": "residual", "name": "blocks.0", "d_model": 16, "d_state": 8}]})
    m = s4model.build(layers, {"name": "t", "version": "1", "task": "generation"}, seed=3)
    if pitch:
        m.layers[0] = pitch_lag.PitchLagEmbedding.extending(m.layers[0], min_lag=8, max_lag=120, window=128)
        with torch.no_grad():
            m.layers[0].taps.weight.normal_(0, 0.5, generator=torch.Generator().manual_seed(4))
    return m.double().eval()


def phrase(length, seed=0):
    t = np.arange(length)
    x = np.exp(-t / 900) * (0.5 * np.sin(2 * np.pi * t / 37) + 0.2 * np.sin(2 * np.pi * t / 12.3))
    x = x + 0.01 * np.random.default_rng(seed).normal(size=length)
    return torch.from_numpy(mulaw.encode(np.clip(x, -1, 1)).astype(np.float64))[None, :, None]


class StepperTest(unittest.TestCase):
    def test_steps_after_a_parallel_start_are_the_parallel_forward(self):
        for pitch in (True, False):
            m = model(pitch)
            x = torch.cat([phrase(700, 1), phrase(700, 2)])
            with torch.no_grad():
                full = m(x)
            stepper = rollout.Stepper(m)
            logits = [stepper.start(x[:, :400])]
            for t in range(400, 700):
                logits.append(stepper.step(x[:, t, 0].long()))
            stepped = torch.stack(logits[:-1], dim=1)  # row t - 400 predicts input t + 1, as full[:, t] does
            np.testing.assert_allclose(stepped.numpy(), full[:, 399:699].numpy(), rtol=0, atol=1e-9)

    def test_a_layer_without_a_step_form_is_refused(self):
        with self.assertRaisesRegex(ValueError, "no step form for a Pooled layer"):
            rollout.Stepper(model(pooled=True))


class RolloutInputsTest(unittest.TestCase):
    def test_one_span_of_inputs_is_the_models_own_free_running_draws(self):
        m = model()
        x = torch.cat([phrase(512, 1), phrase(512, 2)])
        # a nucleus this small keeps only the most probable level: the draws are the argmax
        mixed = exposure.rollout_inputs(m, x, np.random.default_rng(5), longest=200, top_p=1e-9)
        changed = np.flatnonzero((mixed != x).any(dim=0)[:, 0].numpy())
        self.assertGreater(len(changed), 10)
        first, last = changed[0], changed[-1]
        self.assertGreaterEqual(first, 512 // 4 + 1)
        with torch.no_grad():
            again = m(mixed).argmax(-1)  # what the parallel model predicts from the mixed history
        # every input of the span is the argmax given the draws before it (each made from the ones before)
        np.testing.assert_array_equal(mixed[:, first:last + 1, 0].long().numpy(), again[:, first - 1:last].numpy())
        np.testing.assert_array_equal(mixed[:, :first].numpy(), x[:, :first].numpy())

    def test_draws_follow_the_models_distribution(self):
        m = model()
        x = phrase(512).repeat(64, 1, 1)
        mixed = exposure.rollout_inputs(m, x, np.random.default_rng(6), longest=64, shortest=64)
        start = int(np.flatnonzero((mixed != x).any(dim=0)[:, 0].numpy())[0]) - 1
        with torch.no_grad():
            probs = torch.softmax(m(x[:1, :start + 1])[0, -1], -1).numpy()
        first = mixed[:, start + 1, 0].long().numpy()  # 64 draws from the same history: one distribution
        self.assertGreater(probs[first].mean(), probs @ probs / 2)  # drawn where the model puts its mass
        self.assertGreater(len(set(first.tolist())), 1)  # and drawn, not the argmax

    def test_longest_zero_leaves_inputs_alone(self):
        x = phrase(300)
        self.assertIs(exposure.rollout_inputs(model(), x, np.random.default_rng(0), longest=0), x)


if __name__ == "__main__":
    unittest.main()

"""Tests of the ensemble layer and ensemble.join: the joined model is the mean of its members, keeps
what they share once, and survives its export.
  /usr/bin/python3 -m unittest discover -s models/training -p 'test_*.py'"""

import tempfile
import unittest

import torch

import ensemble
import s4model

META = {"name": "tiny", "version": "1.0.0", "task": "classification", "sample_rate": 8000, "input_channels": 1,
        "input_encoding": "float", "labels": ["a", "b", "c"]}
LAYERS = [{"type": "pool", "name": "pool0", "factor": 8, "d_in": 1, "d_out": 6},
          {"type": "gelu", "name": "act", "dim": 6},
          {"type": "layernorm", "name": "norm_in", "dim": 6},
          {"type": "linear", "name": "proj", "d_in": 6, "d_out": 4},
          {"type": "residual", "name": "blocks.0", "d_model": 4, "d_state": 8},
          {"type": "linear", "name": "head", "d_in": 4, "d_out": 3}]


def member(seed, front_from=None):
    m = s4model.build(LAYERS, META, seed=seed)
    if front_from is not None:
        m.layers[0].load_state_dict(front_from.layers[0].state_dict())
    with torch.no_grad():  # a trained LayerNorm is not the identity
        m.layers[2].weight.uniform_(0.5, 1.5, generator=torch.Generator().manual_seed(seed))
    return m.eval()


class EnsembleTest(unittest.TestCase):
    def setUp(self):
        a = member(1)
        self.members = [a, member(2, front_from=a), member(3, front_from=a)]
        self.x = torch.randn(2, 10 * 8, 1, generator=torch.Generator().manual_seed(4))

    def test_joined_model_is_the_mean_of_its_members_and_shares_the_front(self):
        joined, shared = ensemble.join(self.members, "tiny-ensemble")
        self.assertEqual(shared, 2)  # pool0 and act: the same weights in every member
        self.assertEqual(joined.names, ["pool0", "act", "trunks"])
        with torch.no_grad():
            mean = sum(m(self.x) for m in self.members) / 3
            torch.testing.assert_close(joined.eval()(self.x), mean, rtol=0, atol=1e-6)
        branch = joined.description()["layers"][2]["branches"][1]
        self.assertEqual([l["name"] for l in branch], ["trunks.1.norm_in", "trunks.1.proj", "trunks.1.blocks.0",
                                                       "trunks.1.head"])

    def test_export_round_trip_keeps_the_outputs(self):
        joined, _ = ensemble.join(self.members, "tiny-ensemble")
        with tempfile.TemporaryDirectory() as d:
            s4model.export(joined, d)
            loaded = s4model.load(d).eval()
        self.assertIn("trunks.2.blocks.0.block.layer.kernel.C", joined.named_weights())
        with torch.no_grad():
            torch.testing.assert_close(loaded(self.x), joined.eval()(self.x), rtol=0, atol=0)

    def test_refuses_members_that_cannot_be_averaged(self):
        with self.assertRaisesRegex(ValueError, "nothing to average"):
            ensemble.join([self.members[0], self.members[0]], "same")
        other = s4model.build(LAYERS, dict(META, labels=["x", "y", "z"]), seed=5)
        with self.assertRaisesRegex(ValueError, "differ in task, rate, encoding or labels"):
            ensemble.join([self.members[0], other], "mixed")


if __name__ == "__main__":
    unittest.main()

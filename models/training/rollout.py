"""Free-running rollouts of a continuation model in PyTorch, one sample per step, for training
(exposure.rollout_inputs): what `s4stream continue` does through the compiled step graph.

A teacher-forced crop only ever shows the model real histories, and the parallel own draws of
exposure.own_sample_inputs show it single draws scattered among real samples. Neither shows it what a
continuation is: hundreds of its own draws in a row, each made from the ones before, where a per-sample
gain a little under 1 compounds into a note that dies within 20 ms, or a lag loop locks onto a buzz.

Stepper(model).start(prefix) computes every layer's state after a teacher-forced prefix in parallel
(an S4D state is sum_k dA^(s-1-k) dB u_k over the layer's inputs; the pitch-lag ring and window come
from pitch_lag.window_state), and step(levels) advances all of it by one input and returns the logits
for the next. The stack may hold an embedding or pitch-lag embedding, residual S4D blocks, layernorms and
linears (the continuation architectures without a pooled level). test_rollout.py holds the steps to
the model's own parallel forward.
"""

import torch
import torch.nn.functional as F

import pitch_lag
import s4model


class Stepper:
    def __init__(self, model):
        self.layers = list(model.layers)
        for layer in self.layers:
            if not isinstance(layer, (s4model.Embedding, pitch_lag.PitchLagEmbedding, s4model.Residual,
                                      torch.nn.LayerNorm, torch.nn.Linear)):
                raise ValueError(f"rollout: no step form for a {type(layer).__name__} layer")
        self.ssm = {}
        for i, layer in enumerate(self.layers):
            if isinstance(layer, s4model.Residual):
                dt, a, b, c = layer.block.layer.kernel.ssm_params()
                dta = dt * a  # [H, N/2]
                da = torch.exp(dta)
                self.ssm[i] = (dta, da, (da - 1.0) / a * b, c, layer.block.layer.D[0])
        self.state = {}

    @torch.no_grad()
    def start(self, prefix):
        """prefix [B, S, 1] input levels (as floats): the stack's state after them -> the logits [B, 256]
        that predict the next input."""
        x = prefix
        for i, layer in enumerate(self.layers):
            if isinstance(layer, pitch_lag.PitchLagEmbedding):
                self.state[i] = pitch_lag.window_state(prefix[..., 0].round().long().numpy(), layer.max_lag,
                                                       layer.window, layer.num)
            elif isinstance(layer, s4model.Residual):
                u = layer.norm(x)  # [B, S, H]
                dta, _, db, _, _ = self.ssm[i]
                back = torch.arange(u.shape[1] - 1, -1, -1, dtype=dta.real.dtype)
                weights = torch.exp(dta.unsqueeze(-1) * back) * db.unsqueeze(-1)  # [H, N/2, S]
                self.state[i] = torch.einsum("hns,bsh->bhn", weights, u.to(weights.dtype))
            x = layer(x)
        return x[:, -1]

    @torch.no_grad()
    def step(self, levels):
        """levels [B] ints: the next input of every sequence -> logits [B, 256] for the one after it."""
        x = None
        for i, layer in enumerate(self.layers):
            if isinstance(layer, pitch_lag.PitchLagEmbedding):
                ring, dsum = self.state[i]
                f = pitch_lag.step_features(ring, dsum, levels, layer.min_lag, layer.window, layer.num)
                x = layer.weight[levels] + layer.taps(torch.from_numpy(f).to(layer.weight.dtype))
            elif isinstance(layer, s4model.Embedding):
                x = layer.weight[levels]
            elif isinstance(layer, s4model.Residual):
                u = layer.norm(x)  # [B, H]
                _, da, db, c, d = self.ssm[i]
                state = self.state[i] * da + db * u.unsqueeze(-1).to(db.dtype)
                self.state[i] = state
                y = 2.0 * (state * c).sum(-1).real.to(u.dtype) + d * u
                block = layer.block
                x = x + F.glu(block.output_linear(F.gelu(y)), dim=-1)
            else:
                x = layer(x)
        return x


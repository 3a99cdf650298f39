"""A convolution along the band axis, trained as such and exported as the plain `linear` layer it equals.

The classifier's spectrum is log-spaced (10 bands per octave), so a pitch change shifts a note's harmonic
pattern along the bands without changing its shape. A layer whose weights are the same small kernel at
every band responds to that shape wherever it lies (shift-equivariant), where a dense projection learns
one template per absolute frequency and can fit the training sample sets' particular resonances.

In the model description it is a `linear` layer [in_channels * bands -> channels * bands] (channel-major:
index c * bands + b), so the streaming compiler and its parity test see nothing new; only training ties
the weights: weight[c * bands + b, i * bands + b'] = kernel[c, i, b' - b + width // 2] (zero outside the
kernel, that is zero padding at both ends of the spectrum), bias[c * bands + b] = channel_bias[c].
Training computes it as the convolution (conv1d), which is cheaper than the dense product it equals.
"""

import torch
import torch.nn as nn


class BandConv(nn.Module):
    type = "linear"

    def __init__(self, bands, channels, width, generator=None, in_channels=1):
        super().__init__()
        if width % 2 != 1 or width < 1:
            raise ValueError(f"band convolution width must be odd and positive, got {width}")
        self.bands, self.channels, self.width, self.in_channels = bands, channels, width, in_channels
        bound = 1.0 / (in_channels * width) ** 0.5  # nn.Linear's default scale for this fan-in
        self.kernel = nn.Parameter((torch.rand(channels, in_channels, width, generator=generator) * 2 - 1) * bound)
        self.channel_bias = nn.Parameter((torch.rand(channels, generator=generator) * 2 - 1) * bound)
        offset = torch.arange(bands)[None, :] - torch.arange(bands)[:, None] + width // 2  # [b, b']
        self.register_buffer("tap", offset.clamp(0, width - 1), persistent=False)
        self.register_buffer("inside", ((offset >= 0) & (offset < width)).float(), persistent=False)

    @property
    def weight(self):
        w = self.kernel[:, :, self.tap] * self.inside  # [channels, in_channels, bands, bands']
        return w.permute(0, 2, 1, 3).reshape(self.channels * self.bands, self.in_channels * self.bands)

    @property
    def bias(self):
        return self.channel_bias.repeat_interleave(self.bands)

    def forward(self, x):
        y = torch.nn.functional.conv1d(x.reshape(-1, self.in_channels, self.bands), self.kernel, self.channel_bias,
                                       padding=self.width // 2)
        return y.reshape(*x.shape[:-1], self.channels * self.bands)

    def spec(self):
        return {"type": self.type, "d_in": self.in_channels * self.bands, "d_out": self.channels * self.bands}

    def export_state(self):
        """The dense `linear` weights this layer equals (what model.json's loader and the compiler read)."""
        return {"weight": self.weight.detach().clone(), "bias": self.bias.detach().clone()}

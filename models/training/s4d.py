"""S4D, as the official S4Block runs it (mode diag, ZOH, transforms dt=exp(inv_dt), A=-exp(A_real)-i*A_imag):
    y = SSM(u) + D*u  ->  GELU (erf)  ->  Linear(H->2H)  ->  GLU (first half * sigmoid(second half))
    SSM(u)_k = 2 Re(sum_n C_n x_{k,n}),  x_k = dA x_{k-1} + dB u_k,  x_{-1} = 0
    dA = exp(dt A),  dB = (exp(dt A) - 1) / A * B
computed as a causal convolution with the kernel K[l] = 2 Re(sum_n C_n dB_n dA_n^l) (FFT, or a Toeplitz
matmul for short sequences). The layers of a model description are in s4model.py.
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

# Up to this length the causal convolution is a Toeplitz matmul: on 2 CPU cores it is 3x faster than the
# FFT at the classifier's 86 frames (whose FFT length 172 = 4 * 43 has a large prime factor).
TOEPLITZ_MAX = 256

class S4DKernel(nn.Module):
    """Official `layer.kernel` of a diagonal SSM: inv_dt [H,1], A_real/A_imag [H,N/2], B/C [1,H,N/2,2]."""

    def __init__(self, d_model, d_state, init="diag-lin", dt_min=0.001, dt_max=0.1, generator=None):
        super().__init__()
        h, n2 = d_model, d_state // 2
        g = generator
        log_dt = torch.rand(h, 1, generator=g) * (math.log(dt_max) - math.log(dt_min)) + math.log(dt_min)
        if init == "diag-lin":  # S4D-Lin: A_n = -1/2 + i*pi*n
            real = torch.full((h, n2), 0.5)
            imag = math.pi * torch.arange(n2, dtype=torch.float32).repeat(h, 1)
        elif init == "diag-inv":  # S4D-Inv: A_n = -1/2 + i*N/pi*(N/(2n+1) - 1)
            real = torch.full((h, n2), 0.5)
            n = torch.arange(n2, dtype=torch.float32)
            imag = (d_state / math.pi * (d_state / (2 * n + 1) - 1)).repeat(h, 1)
        elif init == "random":  # ablation: random real parts in (0,1), random log-normal frequencies
            real = torch.rand(h, n2, generator=g).clamp_min(1e-3)
            imag = torch.exp(torch.randn(h, n2, generator=g))
        else:
            raise ValueError(f"unknown diagonal init '{init}', expected diag-lin, diag-inv or random")
        self.inv_dt = nn.Parameter(log_dt)
        self.A_real = nn.Parameter(torch.log(real))
        self.A_imag = nn.Parameter(imag)
        b = torch.zeros(1, h, n2, 2)
        b[..., 0] = 1.0  # B = 1 (official constant init)
        self.B = nn.Parameter(b)
        # official: C ~ complex standard normal (variance 1/2 per component)
        self.C = nn.Parameter(torch.randn(1, h, n2, 2, generator=g) * math.sqrt(0.5))

    def add_delay_modes(self, count):
        """Appends `count` modes per head that leave the kernel unchanged (C = 0, B = 1) and whose discrete
        poles z_k = exp(-1/count + i*pi*(k + 1/2)/count) span every frequency up to Nyquist at one spacing,
        whatever the head's dt: a Fourier basis that decays over about `count` samples, in which the
        kernel can learn a tap at any lag up to about 2*count samples (a pitch period, say). The existing
        modes keep their values, so a trained layer computes what it did until C moves."""
        h = self.inv_dt.shape[0]
        with torch.no_grad():
            dt = torch.exp(self.inv_dt)  # [H, 1]
            omega = math.pi * (torch.arange(count, dtype=dt.dtype) + 0.5) / count  # per-sample angle
            real = torch.log(torch.full((h, count), 1.0 / count, dtype=dt.dtype) / dt)  # dt*exp(real) = 1/count
            imag = omega.repeat(h, 1) / dt  # dt * A_imag = omega
            b = torch.zeros(1, h, count, 2, dtype=dt.dtype)
            b[..., 0] = 1.0
            self.A_real = nn.Parameter(torch.cat([self.A_real, real], 1))
            self.A_imag = nn.Parameter(torch.cat([self.A_imag, imag], 1))
            self.B = nn.Parameter(torch.cat([self.B, b], 2))
            self.C = nn.Parameter(torch.cat([self.C, torch.zeros_like(b)], 2))

    def ssm_params(self):
        """dt [H,1], A, B, C complex [H,N/2]."""
        dt = torch.exp(self.inv_dt)
        a = torch.complex(-torch.exp(self.A_real), -self.A_imag)
        b = torch.view_as_complex(self.B[0].contiguous())
        c = torch.view_as_complex(self.C[0].contiguous())
        return dt, a, b, c

    def forward(self, length):
        """The ZOH kernel K [H, length]: K[l] = 2 Re(sum_n coef_n z_n^l) with z = exp(dt A), coef = C dB.

        The Vandermonde sum is factored with l = q*W + r (W = ceil(sqrt(length))):
        z^l = z^(qW) z^r, so K[q*W + r] = 2 Re(sum_n (coef_n z_n^(qW)) z_n^r) is one batched [Q, N/2] x
        [N/2, W] product per head. It takes H*N/2*(Q + W) complex exponentials instead of H*N/2*length
        (40x faster forward and backward at 4096 steps on 2 cores), and each power is still one exp of
        dt*A times an exact integer, as in the direct form (test_s4d.py holds the two together)."""
        dt, a, b, c = self.ssm_params()
        dta = dt * a  # [H, N/2]
        coef = c * b * (torch.exp(dta) - 1.0) / a  # C * dB
        width = math.isqrt(length - 1) + 1 if length > 1 else 1
        rows = -(-length // width)
        low = torch.exp(dta.unsqueeze(-1) * torch.arange(width, device=dta.device, dtype=dt.dtype))  # [H,N/2,W]
        high = coef.unsqueeze(-1) * torch.exp(
            dta.unsqueeze(-1) * (width * torch.arange(rows, device=dta.device, dtype=dt.dtype)))  # [H,N/2,Q]
        # Re(sum_n h_n l_n) as one real batched matmul: [Re h, -Im h] @ [Re l; Im l]
        left = torch.cat([high.real, -high.imag], dim=1).transpose(1, 2)  # [H, Q, N]
        right = torch.cat([low.real, low.imag], dim=1)  # [H, N, W]
        return 2.0 * torch.bmm(left, right).reshape(dta.shape[0], rows * width)[:, :length]


class S4DLayer(nn.Module):
    """Official `layer`: the kernel plus the D skip, y = K * u + D u over [B, L, H]."""

    def __init__(self, d_model, d_state, init, generator=None):
        super().__init__()
        self.kernel = S4DKernel(d_model, d_state, init, generator=generator)
        self.D = nn.Parameter(torch.randn(1, d_model, generator=generator))

    def forward(self, u):
        length = u.shape[1]
        k = self.kernel(length)  # [H, L]
        if length <= TOEPLITZ_MAX:  # y[m] = sum_l K[m - l] u[l] as one batched matmul
            lag = torch.arange(length, device=u.device)
            d = lag[:, None] - lag[None, :]
            toeplitz = k[:, d.clamp(min=0)] * (d >= 0)  # [H, L, L], lower triangular
            return torch.einsum("hml,blh->bmh", toeplitz, u).contiguous() + u * self.D  # contiguous: see below
        n = 2 * length
        uf = torch.fft.rfft(u.transpose(1, 2), n=n)  # [B, H, n/2+1]
        kf = torch.fft.rfft(k, n=n)
        # contiguous: GELU's backward on the transposed (strided) view is several times slower on CPU
        y = torch.fft.irfft(uf * kf, n=n)[..., :length].transpose(1, 2).contiguous()
        return y + u * self.D


class S4Block(nn.Module):
    """Official S4Block (transposed=False): SSM + D, GELU, (dropout, training only), Linear(H->2H), GLU.
    `dropout` is a training setting, not part of the description: exports and eval mode never drop."""

    def __init__(self, d_model, d_state=64, init="diag-lin", generator=None):
        super().__init__()
        self.d_model, self.d_state, self.init = d_model, d_state, init
        self.layer = S4DLayer(d_model, d_state, init, generator)
        self.output_linear = nn.Sequential(nn.Linear(d_model, 2 * d_model))
        self.dropout = 0.0

    def forward(self, u):
        y = F.gelu(self.layer(u))
        if self.dropout > 0:
            y = F.dropout(y, self.dropout, self.training)
        return F.glu(self.output_linear(y), dim=-1)

    def widen_state(self, d_state):
        """Grows the state to d_state with delay modes (S4DKernel.add_delay_modes): same output until trained."""
        if d_state < self.d_state or d_state % 2:
            raise ValueError(f"cannot widen a d_state {self.d_state} block to {d_state}")
        self.layer.kernel.add_delay_modes((d_state - self.d_state) // 2)
        self.d_state = d_state

    def block_spec(self):
        return {"d_model": self.d_model, "d_state": self.d_state, "mode": "diag", "init": self.init, "disc": "zoh"}

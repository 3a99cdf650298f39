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
KERNEL_CHUNK = 4096  # kernel steps computed at once (the Vandermonde is [H, N/2, chunk] complex)

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

    def ssm_params(self):
        """dt [H,1], A, B, C complex [H,N/2]."""
        dt = torch.exp(self.inv_dt)
        a = torch.complex(-torch.exp(self.A_real), -self.A_imag)
        b = torch.view_as_complex(self.B[0].contiguous())
        c = torch.view_as_complex(self.C[0].contiguous())
        return dt, a, b, c

    def forward(self, length):
        """The ZOH kernel K [H, length]."""
        dt, a, b, c = self.ssm_params()
        dta = dt * a  # [H, N/2]
        coef = c * b * (torch.exp(dta) - 1.0) / a  # C * dB
        parts = []
        for start in range(0, length, KERNEL_CHUNK):  # bounded memory for long sequences
            steps = torch.arange(start, min(length, start + KERNEL_CHUNK), device=dta.device, dtype=dt.dtype)
            vander = torch.exp(dta.unsqueeze(-1) * steps)  # [H, N/2, chunk]
            # an elementwise product and sum: a complex einsum becomes a per-head loop of tiny matmuls on CPU
            parts.append(2.0 * (coef.unsqueeze(-1) * vander).sum(dim=1).real)
        return torch.cat(parts, dim=-1)


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

    def block_spec(self):
        return {"d_model": self.d_model, "d_state": self.d_state, "mode": "diag", "init": self.init, "disc": "zoh"}

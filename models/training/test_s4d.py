"""Tests of the S4D kernel (s4d.S4DKernel): the factored Vandermonde product against the direct sum
over every power and against the recurrence it stands for.
  /usr/bin/python3 -m unittest discover -s models/training -p 'test_*.py'"""

import unittest

import torch

import s4d


def direct_kernel(kernel, length):
    """K[l] = 2 Re(sum_n C_n dB_n dA_n^l), every power its own exp."""
    dt, a, b, c = kernel.ssm_params()
    dta = dt * a
    coef = c * b * (torch.exp(dta) - 1.0) / a
    powers = torch.exp(dta.unsqueeze(-1) * torch.arange(length, dtype=dt.dtype))
    return 2.0 * (coef.unsqueeze(-1) * powers).sum(dim=1).real


class KernelTest(unittest.TestCase):
    def test_factored_equals_direct_sum(self):
        for init in ("diag-lin", "diag-inv", "random"):
            kernel = s4d.S4DKernel(8, 16, init, generator=torch.Generator().manual_seed(3)).double()
            for length in (1, 2, 7, 86, 1024, 4097):  # perfect squares, primes, one past a square
                with torch.no_grad():
                    want, got = direct_kernel(kernel, length), kernel(length)
                self.assertEqual(tuple(got.shape), (8, length))
                err = float((got - want).abs().max() / want.abs().max())
                self.assertLess(err, 1e-12, f"{init} length {length}")

    def test_kernel_is_the_impulse_response_of_the_recurrence(self):
        kernel = s4d.S4DKernel(4, 8, generator=torch.Generator().manual_seed(4)).double()
        dt, a, b, c = kernel.ssm_params()
        da, db = torch.exp(dt * a), (torch.exp(dt * a) - 1.0) / a * b
        x, response = torch.zeros_like(a), []
        for k in range(300):  # x_k = dA x_{k-1} + dB u_k with u = unit impulse, y_k = 2 Re(C x_k)
            x = da * x + db * (1.0 if k == 0 else 0.0)
            response.append(2.0 * (c * x).sum(dim=1).real)
        with torch.no_grad():
            torch.testing.assert_close(kernel(300), torch.stack(response, dim=1), rtol=1e-10, atol=1e-12)

    def test_gradients_match_the_direct_sum(self):
        kernel = s4d.S4DKernel(4, 8, generator=torch.Generator().manual_seed(5)).double()
        weights = torch.randn(4, 500, dtype=torch.float64, generator=torch.Generator().manual_seed(6))
        grads = []
        for compute in (direct_kernel, lambda k, n: k(n)):
            kernel.zero_grad()
            (compute(kernel, 500) * weights).sum().backward()
            grads.append([p.grad.clone() for p in (kernel.inv_dt, kernel.A_real, kernel.A_imag, kernel.C)])
        for want, got in zip(*grads):
            torch.testing.assert_close(got, want, rtol=1e-9, atol=1e-12)

    def test_widening_keeps_the_kernel_and_adds_a_fourier_basis(self):
        block = s4d.S4Block(4, 8, generator=torch.Generator().manual_seed(7)).double()
        u = torch.randn(2, 300, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(8))
        with torch.no_grad():
            before = block(u)
            block.widen_state(8 + 2 * 6)
            after = block(u)
        self.assertEqual(block.block_spec()["d_state"], 20)
        self.assertEqual(tuple(block.layer.kernel.C.shape), (1, 4, 10, 2))
        torch.testing.assert_close(after, before, rtol=0, atol=1e-12)
        dt, a, _, _ = block.layer.kernel.ssm_params()
        z = torch.exp(dt * a)[:, 4:]  # the six new poles of every head, whatever its dt
        k = torch.arange(6, dtype=torch.float64)
        want = torch.exp(torch.complex(torch.full((6,), -1 / 6, dtype=torch.float64), -torch.pi * (k + 0.5) / 6))
        torch.testing.assert_close(z, want.expand(4, 6), rtol=1e-12, atol=1e-12)
        with self.assertRaises(ValueError):
            block.widen_state(19)


if __name__ == "__main__":
    unittest.main()

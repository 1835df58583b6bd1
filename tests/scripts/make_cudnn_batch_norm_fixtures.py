#!/usr/bin/python3
"""Regenerates fixtures/cudnn_batch_norm.safetensors, PyTorch's batch norm in training mode and
its gradients, which CudnnBatchNormTest compares cuDNN's batch-norm calls with.

Run with torch 1.13 (Debian's /usr/bin/python3) or 2.13, from anywhere:

    /usr/bin/python3 tests/scripts/make_cudnn_batch_norm_fixtures.py

Float32 on the CPU from a fixed seed; commit the result. For every case NAME it writes
NAME.shape (mode, N, C, H, W as floats; mode is cudnnBatchNormMode_t: 0 per activation, 1
spatial), NAME.x1 and NAME.x2 (two batches), NAME.gamma, NAME.beta, NAME.running_mean and
NAME.running_var (before the first call), NAME.y1 and NAME.y2 (the outputs of two training
calls with momentum 0.1, which is cuDNN's exponentialAverageFactor), NAME.running_mean1/2 and
NAME.running_var1/2 (after each call), and for the first call NAME.dy and the gradients
NAME.dx, NAME.dgamma, NAME.dbeta (autograd). Per activation is batch_norm of x viewed as
(N, C*H*W), which normalizes each activation over N.
"""

import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_torch_fixtures import write_safetensors  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test",
                        "resources", "fixtures")
SEED = 20261206
EPSILON = 1e-5
MOMENTUM = 0.1
PER_ACTIVATION, SPATIAL = 0, 1

# name: (mode, N, C, H, W)
CASES = {
    "bn_spatial": (SPATIAL, 3, 4, 5, 2),
    "bn_per_activation": (PER_ACTIVATION, 6, 5, 1, 1),
}


def batch_norm(mode, x, gamma, beta, running_mean, running_var):
    """Training-mode batch norm of NCHW x; running statistics updated in place."""
    n, c, h, w = x.shape
    if mode == SPATIAL:
        return F.batch_norm(x, running_mean, running_var, gamma, beta, True, MOMENTUM, EPSILON)
    flat = x.reshape(n, c * h * w)
    y = F.batch_norm(flat, running_mean.view(-1), running_var.view(-1), gamma.reshape(-1), beta.reshape(-1),
                     True, MOMENTUM, EPSILON)
    return y.reshape(n, c, h, w)


def make(name, mode, n, c, h, w, tensors):
    parameters = c if mode == SPATIAL else c * h * w
    x1 = (2 * torch.randn(n, c, h, w) + 0.5)
    x2 = (2 * torch.randn(n, c, h, w) + 1.0)
    gamma = (1 + 0.3 * torch.randn(parameters)).requires_grad_()
    beta = (0.5 * torch.randn(parameters)).requires_grad_()
    running_mean = 0.1 * torch.randn(parameters)
    running_var = 0.5 + torch.rand(parameters)
    dy = torch.randn(n, c, h, w)
    out = {"shape": torch.tensor([mode, n, c, h, w], dtype=torch.float32), "gamma": gamma.detach().clone(),
           "beta": beta.detach().clone(), "running_mean": running_mean.clone(), "running_var": running_var.clone(),
           "x1": x1, "x2": x2, "dy": dy}
    x = x1.clone().requires_grad_()
    y1 = batch_norm(mode, x, gamma, beta, running_mean, running_var)
    y1.backward(dy)
    out.update({"y1": y1.detach(), "running_mean1": running_mean.clone(), "running_var1": running_var.clone(),
                "dx": x.grad, "dgamma": gamma.grad, "dbeta": beta.grad})
    with torch.no_grad():
        y2 = batch_norm(mode, x2, gamma, beta, running_mean, running_var)
    out.update({"y2": y2, "running_mean2": running_mean.clone(), "running_var2": running_var.clone()})
    tensors.update({name + "." + k: v.detach().float() for k, v in out.items()})


def main():
    torch.manual_seed(SEED)
    tensors = {}
    for name, (mode, n, c, h, w) in CASES.items():
        make(name, mode, n, c, h, w, tensors)
    path = os.path.join(FIXTURES, "cudnn_batch_norm.safetensors")
    write_safetensors(path, tensors, {"eps": EPSILON, "momentum": MOMENTUM})
    print(f"wrote {path}: {len(tensors)} tensors")


if __name__ == "__main__":
    main()

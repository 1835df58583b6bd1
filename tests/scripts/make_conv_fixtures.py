#!/usr/bin/python3
"""Regenerates fixtures/conv_pool.safetensors, PyTorch's conv2d, max_pool2d and avg_pool2d with
their gradients, which the tests module compares each device's Convolutions with.

Run with torch 2.13 (or 1.13) and numpy, from anywhere:

    /work/main/target/torch-venv/bin/python tests/scripts/make_conv_fixtures.py

Float32 on the CPU from fixed seeds; commit the result. For every case NAME it writes NAME.shape
(the ConvolutionShape's or PoolingShape's fields in order, as floats; a pooling shape starts with
0 for MAX or 1 for AVERAGE), NAME.x and, for a convolution, NAME.w, NAME.b (absent without
bias), NAME.dy (the upstream gradient), NAME.y, NAME.dx, NAME.dw and NAME.db; for a pooling,
NAME.dy, NAME.y and NAME.dx.

Padding that differs per side is F.pad before an unpadded call (zeros for convolution and
average pooling, whose count_include_pad=True divisor is then the whole window, -inf for max
pooling, which never picks a padded cell).
"""

import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_torch_fixtures import write_safetensors  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test",
                        "resources", "fixtures")

# name: (batch, C, H, W, K, kh, kw, sh, sw, top, bottom, left, right, dh, dw), bias
CONVOLUTIONS = {
    "conv_same_5x5": ((2, 3, 9, 9, 4, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1), True),
    "conv_stride2_asymmetric": ((2, 5, 9, 8, 3, 3, 2, 2, 3, 0, 1, 2, 0, 1, 1), True),
    "conv_dilated_no_bias": ((1, 2, 10, 9, 3, 3, 3, 1, 2, 2, 2, 1, 3, 2, 3), False),
    "conv_kernel_is_input": ((3, 1, 5, 5, 2, 5, 5, 1, 1, 0, 0, 0, 0, 1, 1), True),
    "conv_keras_same_stride2": ((2, 3, 6, 7, 5, 4, 4, 2, 2, 1, 2, 1, 2, 1, 1), True),
    "conv_17_channels": ((2, 17, 6, 6, 9, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), False),
}

# name: (mode, batch, C, H, W, wh, ww, sh, sw, top, bottom, left, right), tied values
POOLINGS = {
    "max_2x2": ((0, 2, 3, 8, 8, 2, 2, 2, 2, 0, 0, 0, 0), False),
    "max_3x3_padded_overlapping": ((0, 2, 2, 7, 9, 3, 3, 2, 2, 1, 1, 1, 1), False),
    "max_asymmetric_ties": ((0, 1, 3, 6, 7, 3, 2, 1, 2, 0, 1, 1, 0), True),
    "avg_2x2": ((1, 2, 3, 8, 8, 2, 2, 2, 2, 0, 0, 0, 0), False),
    "avg_3x3_padded_overlapping": ((1, 2, 2, 7, 9, 3, 3, 2, 2, 1, 1, 1, 1), False),
    "avg_asymmetric": ((1, 1, 3, 6, 7, 3, 2, 1, 2, 0, 1, 1, 0), False),
}


def convolution(name, shape, bias, out):
    n, c, h, w, k, kh, kw, sh, sw, top, bottom, left, right, dh, dw = shape
    x = torch.randn(n, c, h, w, requires_grad=True)
    weight = (torch.randn(k, c, kh, kw) / (c * kh * kw) ** 0.5).requires_grad_()
    b = torch.randn(k, requires_grad=True) if bias else None
    y = F.conv2d(F.pad(x, (left, right, top, bottom)), weight, b, stride=(sh, sw),
                 dilation=(dh, dw))
    dy = torch.randn_like(y)
    y.backward(dy)
    out[name + ".shape"] = torch.tensor(shape, dtype=torch.float32)
    out[name + ".x"] = x
    out[name + ".w"] = weight
    out[name + ".dy"] = dy
    out[name + ".y"] = y
    out[name + ".dx"] = x.grad
    out[name + ".dw"] = weight.grad
    if bias:
        out[name + ".b"] = b
        out[name + ".db"] = b.grad


def pooling(name, shape, ties, out):
    mode, n, c, h, w, wh, ww, sh, sw, top, bottom, left, right = shape
    x = (torch.randint(0, 3, (n, c, h, w)).float() if ties else torch.randn(n, c, h, w))
    x.requires_grad_()
    if mode == 0:
        padded = F.pad(x, (left, right, top, bottom), value=float("-inf"))
        y = F.max_pool2d(padded, (wh, ww), (sh, sw))
    else:
        y = F.avg_pool2d(F.pad(x, (left, right, top, bottom)), (wh, ww), (sh, sw))
    dy = torch.randn_like(y)
    y.backward(dy)
    out[name + ".shape"] = torch.tensor(shape, dtype=torch.float32)
    out[name + ".x"] = x
    out[name + ".dy"] = dy
    out[name + ".y"] = y
    out[name + ".dx"] = x.grad


def main():
    torch.manual_seed(15)
    out = {}
    for name, (shape, bias) in CONVOLUTIONS.items():
        convolution(name, shape, bias, out)
    for name, (shape, ties) in POOLINGS.items():
        pooling(name, shape, ties, out)
    path = os.path.join(FIXTURES, "conv_pool.safetensors")
    write_safetensors(path, {k: v.detach() for k, v in out.items()},
                      {"torch": torch.__version__})
    print("wrote", path, "with", len(out), "tensors, torch", torch.__version__)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Regenerates the PyTorch golden fixtures that the tests module compares against.

Run from anywhere with a Python that has torch (1.13 or later) and numpy, for example Debian's:

    /usr/bin/python3 tests/scripts/make_torch_fixtures.py

It rewrites tests/src/test/resources/fixtures/ from fixed seeds in float32 on the CPU; commit
the result, since the Java tests only read the files. The parameters and inputs repeat exactly;
outputs and gradients can differ in the last bit with the BLAS library PyTorch runs on (the
OpenMP build of OpenBLAS gives other roundings than the default one), far inside the tests'
1e-5 tolerance. For every network NAME it writes:

  NAME.params.safetensors    exactly the network's initial parameters under PyTorch names
                             (hidden.weight [out, in], hidden.bias [out]), laid out as PyTorch's
                             safetensors writer lays them out, so loading it proves a
                             PyTorch-written file loads directly.
  NAME.expected.safetensors  x (input batch), y (labels: class indices as floats for softmax
                             cross-entropy, else one target per output), out (forward output),
                             loss [1], grad.<param> for every parameter, and for the networks
                             listed in OPTIMIZED, after.<optimizer>.<param>: the parameters after
                             3 steps on the same batch. Its metadata records the hyperparameters.

The safetensors format is written by hand (the module may be absent): an 8-byte little-endian
header length, a JSON header {name: {dtype, shape, data_offsets}} padded with spaces to a
multiple of 8, then the raw little-endian data.
"""

import json
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F

FIXTURES = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "fixtures")

OPTIMIZER_STEPS = 3

# name -> (constructor, hyperparameters recorded in the metadata). Every value is explicit so
# the Java side can set the same ones rather than rely on matching defaults.
OPTIMIZERS = {
    "sgd": (lambda p: torch.optim.SGD(p, lr=0.05), {"lr": 0.05}),
    "momentum": (lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
                 {"lr": 0.05, "momentum": 0.9}),
    "nesterov": (lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
                 {"lr": 0.05, "momentum": 0.9}),
    "rmsprop": (lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.99, eps=1e-8),
                {"lr": 0.01, "alpha": 0.99, "eps": 1e-8}),
    "adam": (lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.9, 0.999), eps=1e-8),
             {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}),
}


def write_safetensors(path, tensors, metadata=None):
    """Writes float32 tensors with keys sorted, as the safetensors library orders them."""
    header = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        array = np.ascontiguousarray(tensors[name].detach().numpy(), dtype="<f4")
        data = array.tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in blobs:
            f.write(data)


class Net(torch.nn.Module):
    """A stack of Linear layers named as the Java fields, each with an activation function."""

    def __init__(self, inputs, layers):
        super().__init__()
        self.activations = {}
        width = inputs
        for name, units, activation, bias in layers:
            self.add_module(name, torch.nn.Linear(width, units, bias=bias))
            self.activations[name] = activation
            width = units

    def forward(self, x):
        for name, layer in self.named_children():
            x = self.activations[name](layer(x))
        return x


def identity(x):
    return x


def relu(x):
    return torch.relu(x)


def leaky_relu(alpha):
    def activation(x):
        return F.leaky_relu(x, alpha)
    activation.kinked = True
    return activation


relu.kinked = True


def elu(alpha):
    return lambda x: F.elu(x, alpha)


def softmax(x):
    return F.softmax(x, dim=1)


def softmax_cross_entropy(out, y):
    return F.cross_entropy(out, y.long())


def softmax_output_cross_entropy(out, y):
    # The network ends in a softmax: its output is probabilities, and the loss is NLL of their log.
    return F.nll_loss(torch.log(out), y.long())


def binary_cross_entropy(out, y):
    return F.binary_cross_entropy_with_logits(out, y)


def mean_squared_error(out, y):
    return F.mse_loss(out, y)


def class_labels(batch, classes):
    return torch.randint(0, classes, (batch,)).float()


def binary_labels(batch, outputs):
    return torch.randint(0, 2, (batch, outputs)).float()


def real_targets(batch, outputs):
    return torch.randn(batch, outputs)


# name, seed, inputs, layers (field, units, activation, bias), batch, labels, loss
NETWORKS = [
    ("tanh_relu_ce", 69, 4,
     [("hidden1", 8, torch.tanh, True), ("hidden2", 6, relu, True),
      ("logits", 3, identity, True)],
     5, class_labels, softmax_cross_entropy),
    ("sigmoid_leaky_bce", 61, 3,
     [("hidden1", 5, torch.sigmoid, True), ("hidden2", 4, leaky_relu(0.1), True),
      ("logits", 2, identity, True)],
     4, binary_labels, binary_cross_entropy),
    ("elu_softmax_mse", 13, 3,
     [("hidden1", 6, elu(0.7), True), ("hidden2", 5, softmax, True),
      ("output", 2, identity, True)],
     4, real_targets, mean_squared_error),
    ("no_bias_mse", 14, 4,
     [("hidden", 5, torch.tanh, False), ("output", 3, identity, True)],
     3, real_targets, mean_squared_error),
    ("softmax_output_ce", 15, 4,
     [("hidden", 6, torch.tanh, True), ("probabilities", 3, softmax, True)],
     5, class_labels, softmax_output_cross_entropy),
]

OPTIMIZED = {"tanh_relu_ce"}


def loss_and_gradients(net, x, y, loss_fn):
    net.zero_grad()
    out = net(x)
    loss = loss_fn(out, y)
    loss.backward()
    return out.detach(), loss.detach(), {n: p.grad.detach().clone() for n, p in net.named_parameters()}


def check_kinks_are_far(name, net, x):
    # The Java gradient check steps parameters by up to 2^-7; a ReLU pre-activation closer to
    # zero than a few steps would put a kink inside the finite difference.
    for layer_name, layer in net.named_children():
        z = layer(x)
        activation = net.activations[layer_name]
        if getattr(activation, "kinked", False) and z.abs().min().item() < 0.05:
            raise SystemExit(f"{name}: a pre-activation of {layer_name} is {z.abs().min().item():.4f} "
                             "from the kink at 0; change the seed")
        x = activation(z)


def check_gradients_are_well_conditioned(name, grads):
    # Adam and RMSprop divide by |g|: a gradient that is zero only up to rounding could take
    # either sign in Java, so every gradient must be exactly zero (a dead ReLU) or clearly not.
    for param, g in grads.items():
        tiny = g[(g != 0) & (g.abs() < 1e-5)]
        if tiny.numel() > 0:
            raise SystemExit(f"{name}: {param} has near-zero gradients {tiny.tolist()}; change the seed")


def make(name, seed, inputs, layers, batch, labels, loss_fn):
    torch.manual_seed(seed)
    net = Net(inputs, layers)
    x = torch.randn(batch, inputs)
    y = labels(batch, layers[-1][1])
    initial = {n: p.detach().clone() for n, p in net.named_parameters()}
    out, loss, grads = loss_and_gradients(net, x, y, loss_fn)
    with torch.no_grad():
        check_kinks_are_far(name, net, x)
    if name in OPTIMIZED:
        check_gradients_are_well_conditioned(name, grads)

    expected = {"x": x, "y": y, "out": out, "loss": loss.reshape(1)}
    expected.update({"grad." + n: g for n, g in grads.items()})
    metadata = {"format": "pt", "optimizer_steps": OPTIMIZER_STEPS}
    if name in OPTIMIZED:
        for opt_name, (make_optimizer, hyper) in OPTIMIZERS.items():
            with torch.no_grad():
                for n, p in net.named_parameters():
                    p.copy_(initial[n])
            optimizer = make_optimizer(net.parameters())
            for _ in range(OPTIMIZER_STEPS):
                optimizer.zero_grad()
                loss_fn(net(x), y).backward()
                optimizer.step()
            for n, p in net.named_parameters():
                expected[f"after.{opt_name}.{n}"] = p.detach().clone()
            for key, value in hyper.items():
                metadata[f"{opt_name}.{key}"] = value

    write_safetensors(os.path.join(FIXTURES, name + ".params.safetensors"), initial, {"format": "pt"})
    write_safetensors(os.path.join(FIXTURES, name + ".expected.safetensors"), expected, metadata)
    print(f"{name}: loss {loss.item():.6f}, {sum(p.numel() for p in initial.values())} parameters")


def main():
    torch.set_default_dtype(torch.float32)
    torch.set_num_threads(1)
    os.makedirs(FIXTURES, exist_ok=True)
    for network in NETWORKS:
        make(*network)


if __name__ == "__main__":
    main()

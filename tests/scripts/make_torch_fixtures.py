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
                             loss [1], grad.<param> for every parameter, and
                             - for the networks in OPTIMIZED, after.<optimizer>.<param>: the
                               parameters after OPTIMIZER_STEPS steps on the same batch;
                             - for the networks in PENALIZED, for each L1/L2 case:
                               penalty.<case>.loss [steps] (the penalized loss before each SGD
                               step), penalty.<case>.grad.<param> (its gradients at the initial
                               parameters) and penalty.<case>.after.<param>.
                             - for the network FREEZE_NETWORK, for each case of FROZEN:
                               freeze.<case>.loss [steps] (the loss with the L2 penalty over
                               the trained weights before each Adam step) and
                               freeze.<case>.after.<param>, with the case's layers frozen by
                               requires_grad_(False).
                             Its metadata records the hyperparameters.

The threshold unit (network threshold_unit, parameters unit.weight [1, 3] and unit.bias [1]) has
the same two files, its out, loss and grad.* as the product defines Loss.PERCEPTRON, and
perceptron.<rule>.epoch<k>.<param>: the parameters after each epoch of Rosenblatt's rule, one
sample at a time (rule "sample") or in batches (rule "batch").

dense_batchnorm_relu_ce (make_batch_norm_golden) is a Linear, BatchNorm1d, ReLU, Linear network
whose params file is written by safetensors.torch.save_file (that module is needed for it); its
expected file also holds the running statistics after Adam steps and the evaluation-mode output.
`--batch-norm-only` regenerates just that network.

The convolutional networks (conv_same_max_ce, conv_valid_avg_mse) are in convolution_fixtures.py;
`--convolution-only` regenerates just those. So is conv_batchnorm_relu_ce
(make_conv_batch_norm_golden), a Conv2d, BatchNorm2d, ReLU, max pooling, Linear network with the
same files as dense_batchnorm_relu_ce (its params file written by write_safetensors);
`--conv-batch-norm-only` regenerates just that one.

batch_norm_state.safetensors is a state dict as PyTorch writes it (safetensors.torch.save_file when
the module is there): a Linear fc [2, 3] and a BatchNorm1d(2, affine=False) norm after three
training batches, so norm.num_batches_tracked is an I64 scalar (3) next to F32 tensors.
batch_norm_state.expected.safetensors holds the same tensors as F32, for the Java test to compare
with.

With Debian's torch 1.13 the files repeat bit for bit; torch 2.13 (pip) gives the same values
within a few ulps.

The safetensors format is written by hand (the module may be absent): an 8-byte little-endian
header length, a JSON header {name: {dtype, shape, data_offsets}} padded with spaces to a
multiple of 8, then the raw little-endian data.
"""

import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

FIXTURES = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "fixtures")

OPTIMIZER_STEPS = 3

# name -> (rule, hyperparameters). The rule picks the torch.optim class; every hyperparameter is
# explicit and recorded in the metadata as <name>.<key>, so the Java side sets the same ones
# rather than rely on matching defaults.
OPTIMIZERS = {
    "sgd": ("sgd", {"lr": 0.05}),
    "momentum": ("sgd", {"lr": 0.05, "momentum": 0.9}),
    "nesterov": ("nesterov", {"lr": 0.05, "momentum": 0.9}),
    "rmsprop": ("rmsprop", {"lr": 0.01, "alpha": 0.99, "eps": 1e-8}),
    "adam": ("adam", {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}),
    # Other decay rates, where a bias correction off by its square root moves every parameter.
    "adam_betas": ("adam", {"lr": 0.05, "beta1": 0.8, "beta2": 0.95, "eps": 1e-3}),
    # eps near the gradients' size, so where it is added (outside the square root) shows.
    "adam_eps": ("adam", {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 0.05}),
    # torch.optim.RMSprop's momentum buffer accumulates g / (sqrt(s) + eps). The product has no
    # centered RMSprop, so there is no fixture for it.
    "rmsprop_momentum": ("rmsprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-6, "momentum": 0.9}),
}

# network -> the optimizers run on it. The second network has other activations and another loss.
OPTIMIZED = {
    "tanh_relu_ce": OPTIMIZERS,
    "elu_softmax_mse": {"nesterov": ("nesterov", {"lr": 0.1, "momentum": 0.8})},
}

# The Java tests' tolerance, for the checks below that a case is far from passing by accident.
TOLERANCE = 1e-5


def make_optimizer(rule, hyper, parameters):
    if rule == "sgd":
        return torch.optim.SGD(parameters, lr=hyper["lr"], momentum=hyper.get("momentum", 0))
    if rule == "nesterov":
        return torch.optim.SGD(parameters, lr=hyper["lr"], momentum=hyper["momentum"], nesterov=True)
    if rule == "rmsprop":
        return torch.optim.RMSprop(parameters, lr=hyper["lr"], alpha=hyper["alpha"], eps=hyper["eps"],
                                   momentum=hyper.get("momentum", 0))
    if rule == "adam":
        return torch.optim.Adam(parameters, lr=hyper["lr"], betas=(hyper["beta1"], hyper["beta2"]),
                                eps=hyper["eps"])
    raise ValueError(rule)


# L1 and L2 penalties as the product defines them (Keras's regularizers, hypercolumn's
# Regularization): the loss gains l1 * sum|w| + l2 * sum w^2 over the weights, not the biases,
# so a weight's gradient gains l1 * sign(w) + 2 * l2 * w. This is not torch.optim's weight_decay
# (lambda * w in the gradient, no loss term): the fixture adds the penalty to the loss and lets
# autograd differentiate it. name -> (l1, l2).
PENALTIES = {"l1": (0.02, 0.0), "l2": (0.0, 0.05), "l1l2": (0.02, 0.05)}
PENALIZED = {"tanh_relu_ce": ["l1", "l2", "l1l2"], "no_bias_mse": ["l1l2"]}
PENALTY_LR = 0.05
PENALTY_STEPS = 3

# Freezing layers (Trainer.freeze): the case's layers get requires_grad_(False), so autograd
# gives them no gradient and torch.optim.Adam skips them (no update, no state); the L2 penalty
# covers the trained weights only. case -> frozen layers.
FREEZE_NETWORK = "tanh_relu_ce"
FROZEN = {"first": ["hidden1"], "middle": ["hidden2"], "last": ["logits"]}
FREEZE_ADAM = {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
FREEZE_L2 = 0.05
FREEZE_STEPS = 3


def write_safetensors(path, tensors, metadata=None):
    """Writes tensors with keys sorted, as the safetensors library orders them: int64 ones as I64,
    every other one as F32."""
    header = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        integer = tensors[name].dtype == torch.int64
        array = np.ascontiguousarray(tensors[name].detach().numpy(), dtype="<i8" if integer else "<f4")
        data = array.tobytes()
        # The tensor's own shape: ascontiguousarray makes a scalar (num_batches_tracked) 1-D.
        header[name] = {"dtype": "I64" if integer else "F32", "shape": list(tensors[name].shape),
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


def loss_and_gradients(net, x, y, loss_fn):
    net.zero_grad()
    out = net(x)
    loss = loss_fn(out, y)
    loss.backward()
    return out.detach(), loss.detach(), {n: p.grad.detach().clone() for n, p in net.named_parameters()}


# Far enough from a kink (or from 0 for an L1-penalized weight) that no rounding difference
# between PyTorch and Java puts a value on the other side after a few optimizer steps.
ROUNDING_MARGIN = 1e-5


def check_kinks_are_far(name, net, x, margin=0.05):
    # The Java gradient check steps parameters by up to 2^-7; a ReLU pre-activation closer to
    # zero than a few steps would put a kink inside the finite difference.
    for layer_name, layer in net.named_children():
        z = layer(x)
        activation = net.activations[layer_name]
        if getattr(activation, "kinked", False) and z.abs().min().item() < margin:
            raise SystemExit(f"{name}: a pre-activation of {layer_name} is {z.abs().min().item():.3g} "
                             "from the kink at 0; change the seed")
        x = activation(z)


def check_gradients_are_well_conditioned(name, grads):
    # Adam and RMSprop divide by |g|: a gradient that is zero only up to rounding could take
    # either sign in Java, so every gradient must be exactly zero (a dead ReLU) or clearly not.
    for param, g in grads.items():
        tiny = g[(g != 0) & (g.abs() < 1e-5)]
        if tiny.numel() > 0:
            raise SystemExit(f"{name}: {param} has near-zero gradients {tiny.tolist()}; change the seed")


def check_differs(what, reference, other):
    """Fails where the setting a case exists for moves the result by less than 100 times the Java
    tolerance: the Java test would then pass whatever the product did with that setting."""
    difference = max((reference[n] - other[n]).abs().max().item() for n in reference)
    scale = max(1.0, max(t.abs().max().item() for t in reference.values()))
    if difference <= 100 * TOLERANCE * scale:
        raise SystemExit(f"{what}: differs by only {difference:.3g}; the case would not show the rule")


def check_weights_keep_their_sign(name, net):
    # The L1 gradient is l1 * sign(w): a weight within rounding of 0 could take either sign.
    for n, p in net.named_parameters():
        if n.endswith(".weight") and p.abs().min().item() < ROUNDING_MARGIN:
            raise SystemExit(f"{name}: a weight of {n} is {p.abs().min().item():.2g} from 0; change the case")


def penalty_of(l1, l2):
    def penalty(net):
        total = 0
        for n, p in net.named_parameters():
            if n.endswith(".weight"):
                total = total + l1 * p.abs().sum() + l2 * (p * p).sum()
        return total
    return penalty


def train(name, net, initial, x, y, loss_fn, optimizer, steps, penalty=None):
    """From the initial parameters, `steps` steps on the batch: the (penalized) loss before each
    step, the gradients of the first and the parameters after the last."""
    with torch.no_grad():
        for n, p in net.named_parameters():
            p.copy_(initial[n])
    optimizer = optimizer(net.parameters())
    losses = []
    first_gradients = None
    for step in range(steps):
        if step > 0:  # the initial parameters are the same floats on both sides
            with torch.no_grad():
                check_kinks_are_far(name, net, x, ROUNDING_MARGIN)
                if penalty is not None:
                    check_weights_keep_their_sign(name, net)
        optimizer.zero_grad()
        loss = loss_fn(net(x), y)
        if penalty is not None:
            loss = loss + penalty(net)
        loss.backward()
        losses.append(loss.detach())
        if first_gradients is None:
            first_gradients = {n: p.grad.detach().clone() for n, p in net.named_parameters()
                               if p.grad is not None}
        optimizer.step()
    return torch.stack(losses), first_gradients, {n: p.detach().clone() for n, p in net.named_parameters()}


def add_optimizers(name, net, initial, x, y, loss_fn, expected, metadata):
    for opt_name, (rule, hyper) in OPTIMIZED[name].items():
        _, _, after = train(name, net, initial, x, y, loss_fn,
                            lambda p: make_optimizer(rule, hyper, p), OPTIMIZER_STEPS)
        if hyper.get("eps", 0) > 1e-4:
            tiny_eps = dict(hyper, eps=1e-8)
            _, _, without = train(name, net, initial, x, y, loss_fn,
                                  lambda p: make_optimizer(rule, tiny_eps, p), OPTIMIZER_STEPS)
            check_differs(f"{name} {opt_name} against eps 1e-8", after, without)
        for n, p in after.items():
            expected[f"after.{opt_name}.{n}"] = p
        for key, value in hyper.items():
            metadata[f"{opt_name}.{key}"] = value


def add_penalties(name, net, initial, x, y, loss_fn, grads, expected, metadata):
    for case in PENALIZED[name]:
        l1, l2 = PENALTIES[case]
        losses, penalized_grads, after = train(
            name, net, initial, x, y, loss_fn, lambda p: torch.optim.SGD(p, lr=PENALTY_LR),
            PENALTY_STEPS, penalty_of(l1, l2))
        check_differs(f"{name} penalty {case} gradients against none", penalized_grads, grads)
        expected[f"penalty.{case}.loss"] = losses
        expected.update({f"penalty.{case}.grad.{n}": g for n, g in penalized_grads.items()})
        expected.update({f"penalty.{case}.after.{n}": p for n, p in after.items()})
        metadata[f"penalty.{case}.l1"] = l1
        metadata[f"penalty.{case}.l2"] = l2
    metadata["penalty.lr"] = PENALTY_LR
    metadata["penalty_steps"] = PENALTY_STEPS


def add_freezing(name, net, initial, x, y, loss_fn, expected, metadata):
    adam = lambda p: make_optimizer("adam", FREEZE_ADAM, p)
    _, _, unfrozen = train(name, net, initial, x, y, loss_fn, adam, FREEZE_STEPS,
                           penalty_of(0.0, FREEZE_L2))
    for case, layers in FROZEN.items():
        frozen = [p for n, p in net.named_parameters() if n.split(".")[0] in layers]
        for p in frozen:
            p.requires_grad_(False)
        trained_weights = lambda net: sum(FREEZE_L2 * (p * p).sum() for n, p in net.named_parameters()
                                          if n.endswith(".weight") and p.requires_grad)
        losses, _, after = train(name, net, initial, x, y, loss_fn, adam, FREEZE_STEPS, trained_weights)
        for p in frozen:
            p.requires_grad_(True)
        for n, p in after.items():
            if n.split(".")[0] in layers and not torch.equal(p, initial[n]):
                raise SystemExit(f"{name} freeze {case}: frozen {n} moved")
        check_differs(f"{name} freeze {case} against nothing frozen", after, unfrozen)
        expected[f"freeze.{case}.loss"] = losses
        expected.update({f"freeze.{case}.after.{n}": p for n, p in after.items()})
        metadata[f"freeze.{case}.layers"] = ",".join(layers)
    for key, value in FREEZE_ADAM.items():
        metadata[f"freeze.{key}"] = value
    metadata["freeze.l2"] = FREEZE_L2
    metadata["freeze_steps"] = FREEZE_STEPS


def make_batch_norm_state():
    torch.manual_seed(21)
    net = torch.nn.Module()
    net.fc = torch.nn.Linear(3, 2)
    net.norm = torch.nn.BatchNorm1d(2, affine=False)
    net.train()
    for _ in range(3):
        net.norm(net.fc(torch.randn(4, 3)))
    state = {n: t.detach().clone() for n, t in net.state_dict().items()}
    if state["norm.num_batches_tracked"].dtype != torch.int64:
        raise SystemExit("num_batches_tracked is not int64 in this torch")
    path = os.path.join(FIXTURES, "batch_norm_state.safetensors")
    try:
        from safetensors.torch import save_file
        save_file(state, path)
    except ImportError:
        write_safetensors(path, state)
    write_safetensors(os.path.join(FIXTURES, "batch_norm_state.expected.safetensors"),
                      {n: t.float() for n, t in state.items()})
    print(f"batch_norm_state: {sorted(state)}")


class DenseBatchNormRelu(torch.nn.Module):
    """hidden (Linear 4 -> 6 without bias), bn (BatchNorm1d(6)), ReLU, logits (Linear 6 -> 3): the
    Java network DenseBatchNormRelu, whose state dict has the same names. The hidden layer has no
    bias, as is usual before a batch norm: the normalization removes it, so its gradient would be
    rounding noise, which Adam's normalized step turns into steps of size lr."""

    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(4, 6, bias=False)
        self.bn = torch.nn.BatchNorm1d(6, momentum=BATCH_NORM_MOMENTUM, eps=BATCH_NORM_EPS)
        self.logits = torch.nn.Linear(6, 3)

    def forward(self, x):
        return self.logits(torch.relu(self.bn(self.hidden(x))))


BATCH_NORM_NETWORK = "dense_batchnorm_relu_ce"
BATCH_NORM_MOMENTUM = 0.1
BATCH_NORM_EPS = 1e-5
BATCH_NORM_BATCH = 8
BATCH_NORM_SEED = 81


def make_batch_norm_golden():
    """dense_batchnorm_relu_ce: the params file is safetensors.torch.save_file of the state dict
    (weight and bias of bn away from 1 and 0, running statistics away from 0 and 1, and
    num_batches_tracked an I64 2, as after some training); the expected file has x, y, out and
    loss of a training forward, grad.<param> of the trainable parameters, after.adam.<tensor>
    for every tensor of the state dict after OPTIMIZER_STEPS Adam steps on the batch (a training
    forward each, so num_batches_tracked counts them), and eval.out, the output in evaluation
    mode with the initial state."""
    torch.manual_seed(BATCH_NORM_SEED)
    net = DenseBatchNormRelu()
    with torch.no_grad():
        net.bn.weight.copy_(1 + 0.3 * torch.randn(6))
        net.bn.bias.copy_(0.2 * torch.randn(6))
        net.bn.running_mean.copy_(0.5 * torch.randn(6))
        net.bn.running_var.copy_(0.5 + torch.rand(6))
        net.bn.num_batches_tracked.fill_(2)
    x = torch.randn(BATCH_NORM_BATCH, 4)
    y = class_labels(BATCH_NORM_BATCH, 3)
    initial = {n: t.detach().clone() for n, t in net.state_dict().items()}

    net.train()
    out = net(x)
    loss = softmax_cross_entropy(out, y)
    loss.backward()
    grads = {n: p.grad.detach().clone() for n, p in net.named_parameters()}
    with torch.no_grad():
        pre = net.bn(net.hidden(x))
        if pre.abs().min() < 0.01:  # far beyond float32 rounding, which is about 1e-7 here
            raise SystemExit(f"{BATCH_NORM_NETWORK}: a ReLU input is {pre.abs().min():.4f} from its kink")

    net.load_state_dict(initial)
    rule, hyper = OPTIMIZERS["adam"]
    optimizer = make_optimizer(rule, hyper, net.parameters())
    for _ in range(OPTIMIZER_STEPS):
        optimizer.zero_grad()
        softmax_cross_entropy(net(x), y).backward()
        optimizer.step()
    after = {n: t.detach().clone() for n, t in net.state_dict().items()}

    net.load_state_dict(initial)
    net.eval()
    with torch.no_grad():
        eval_out = net(x)

    expected = {"x": x, "y": y, "out": out.detach(), "loss": loss.detach().reshape(1), "eval.out": eval_out}
    expected.update({"grad." + n: g for n, g in grads.items()})
    expected.update({"after.adam." + n: t.float() for n, t in after.items()})
    metadata = {"format": "pt", "optimizer_steps": OPTIMIZER_STEPS, "momentum": BATCH_NORM_MOMENTUM,
                "eps": BATCH_NORM_EPS}
    metadata.update({f"adam.{k}": v for k, v in hyper.items()})
    from safetensors.torch import save_file
    save_file(initial, os.path.join(FIXTURES, BATCH_NORM_NETWORK + ".params.safetensors"), {"format": "pt"})
    write_safetensors(os.path.join(FIXTURES, BATCH_NORM_NETWORK + ".expected.safetensors"), expected, metadata)
    print(f"{BATCH_NORM_NETWORK}: loss {loss.item():.6f}, num_batches_tracked after "
          f"{after['bn.num_batches_tracked'].item()}")


def make(name, seed, inputs, layers, batch, labels, loss_fn):
    torch.manual_seed(seed)
    net = Net(inputs, layers)
    x = torch.randn(batch, inputs)
    y = labels(batch, layers[-1][1])
    initial = {n: p.detach().clone() for n, p in net.named_parameters()}
    out, loss, grads = loss_and_gradients(net, x, y, loss_fn)
    with torch.no_grad():
        check_kinks_are_far(name, net, x)
    if any(rule in ("rmsprop", "adam") for rule, _ in OPTIMIZED.get(name, {}).values()):
        check_gradients_are_well_conditioned(name, grads)

    expected = {"x": x, "y": y, "out": out, "loss": loss.reshape(1)}
    expected.update({"grad." + n: g for n, g in grads.items()})
    metadata = {"format": "pt", "optimizer_steps": OPTIMIZER_STEPS}
    if name in OPTIMIZED:
        add_optimizers(name, net, initial, x, y, loss_fn, expected, metadata)
    if name in PENALIZED:
        add_penalties(name, net, initial, x, y, loss_fn, grads, expected, metadata)
    if name == FREEZE_NETWORK:
        add_freezing(name, net, initial, x, y, loss_fn, expected, metadata)

    write_safetensors(os.path.join(FIXTURES, name + ".params.safetensors"), initial, {"format": "pt"})
    write_safetensors(os.path.join(FIXTURES, name + ".expected.safetensors"), expected, metadata)
    print(f"{name}: loss {loss.item():.6f}, {sum(p.numel() for p in initial.values())} parameters")


# Rosenblatt's perceptron as the product defines it (Activation.HEAVISIDE, Loss.PERCEPTRON): the
# output is step(w.x + b), 1 where w.x + b >= 0, else 0; the loss is the fraction of wrong
# outputs; the gradient over a batch of B samples is (prediction - target) / B times the input.
# So SGD with rate lr takes w += lr / B * sum (y - step(w.x + b)) x and b += lr / B * sum (y -
# step(w.x + b)): with B = 1 Rosenblatt's rule, one sample at a time, in order. The inputs,
# initial parameters and rates are small multiples of powers of two, so every value is exact in
# float32 whatever the order of the sums (checked against float64 below), and a pre-activation
# that is exactly 0 tests the step's convention.
PERCEPTRON = ("threshold_unit", 54, 3, 8)  # name, seed, inputs, samples
PERCEPTRON_EPOCHS = 4
PERCEPTRON_RULES = {"sample": {"lr": 0.5, "batch": 1}, "batch": {"lr": 0.5, "batch": 4}}


def heaviside(z):
    return (z >= 0).to(z.dtype)


def perceptron_epochs(weight, bias, x, y, lr, batch, epochs):
    """The parameters after each epoch, and how many updates met a zero pre-activation or a right answer."""
    w, b = weight.clone(), bias.clone()
    after = []
    zeros = right = 0
    for _ in range(epochs):
        for start in range(0, x.shape[0], batch):
            xb, yb = x[start:start + batch], y[start:start + batch]
            z = xb @ w.t() + b
            prediction = heaviside(z)
            zeros += int((z == 0).sum().item())
            right += int((prediction == yb).sum().item())
            error = yb - prediction
            w = w + lr / batch * (error.t() @ xb)
            b = b + lr / batch * error.sum(0)
        after.append((w.clone(), b.clone()))
    return after, zeros, right


def make_perceptron(name, seed, inputs, samples):
    torch.manual_seed(seed)
    weight = torch.randint(-8, 9, (1, inputs)).float() / 8
    bias = torch.randint(-8, 9, (1,)).float() / 8
    x = torch.randint(-4, 5, (samples, inputs)).float() / 4
    teacher = torch.randint(-4, 5, (inputs, 1)).float() / 4
    y = heaviside(x @ teacher - 0.25)  # separable, as the convergence theorem wants

    z = x @ weight.t() + bias
    out = heaviside(z)
    error = (out - y) / samples
    expected = {"x": x, "y": y, "out": out, "loss": (out != y).float().mean().reshape(1),
                "grad.unit.weight": error.t() @ x, "grad.unit.bias": error.sum(0)}
    metadata = {"format": "pt", "perceptron_epochs": PERCEPTRON_EPOCHS}
    for rule, hyper in PERCEPTRON_RULES.items():
        after, zeros, right = perceptron_epochs(weight, bias, x, y, hyper["lr"], hyper["batch"],
                                                PERCEPTRON_EPOCHS)
        exact, _, _ = perceptron_epochs(weight.double(), bias.double(), x.double(), y.double(),
                                        hyper["lr"], hyper["batch"], PERCEPTRON_EPOCHS)
        for (w, b), (w64, b64) in zip(after, exact):
            if not (torch.equal(w.double(), w64) and torch.equal(b.double(), b64)):
                raise SystemExit(f"{name} {rule}: float32 is not exact; choose other values")
        changes = sum(1 for before, now in zip([(weight, bias)] + after, after)
                      if not torch.equal(before[0], now[0]) or not torch.equal(before[1], now[1]))
        if zeros == 0 or right == 0 or changes < 2:
            raise SystemExit(f"{name} {rule}: {zeros} zero pre-activations, {right} right answers, "
                             f"{changes} epochs that changed the weights; change the seed")
        for epoch, (w, b) in enumerate(after, 1):
            expected[f"perceptron.{rule}.epoch{epoch}.unit.weight"] = w
            expected[f"perceptron.{rule}.epoch{epoch}.unit.bias"] = b
        metadata[f"perceptron.{rule}.lr"] = hyper["lr"]
        metadata[f"perceptron.{rule}.batch"] = hyper["batch"]
        print(f"{name} {rule}: {zeros} zero pre-activations, {right} right answers, "
              f"{changes} of {PERCEPTRON_EPOCHS} epochs changed the weights")

    initial = {"unit.weight": weight, "unit.bias": bias}
    write_safetensors(os.path.join(FIXTURES, name + ".params.safetensors"), initial, {"format": "pt"})
    write_safetensors(os.path.join(FIXTURES, name + ".expected.safetensors"), expected, metadata)


def main():
    torch.set_default_dtype(torch.float32)
    torch.set_num_threads(1)
    os.makedirs(FIXTURES, exist_ok=True)
    if sys.argv[1:] == ["--batch-norm-only"]:
        make_batch_norm_golden()
        return
    import convolution_fixtures  # its networks import this module's helpers
    if sys.argv[1:] == ["--convolution-only"]:
        convolution_fixtures.make_all()
        return
    if sys.argv[1:] == ["--conv-batch-norm-only"]:
        convolution_fixtures.make_conv_batch_norm_golden()
        return
    for network in NETWORKS:
        make(*network)
    make_perceptron(*PERCEPTRON)
    make_batch_norm_state()
    make_batch_norm_golden()
    convolution_fixtures.make_all()
    convolution_fixtures.make_conv_batch_norm_golden()


if __name__ == "__main__":
    main()

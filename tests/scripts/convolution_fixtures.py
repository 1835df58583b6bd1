"""The convolutional golden networks, written by make_torch_fixtures.py (all of them, or these alone
with `--convolution-only`, which leaves every other fixture as it is).

Each network is a list of layers named as the fields of its Java class in tests/src/test/java/
hypercolumn/tests/. Padding is applied with F.pad before a convolution or pooling without
padding of its own, so that the asymmetric padding of Keras's SAME (one more row or column at the
bottom and right) is exactly what PyTorch computes: zeros for a convolution and an average pooling
(whose divisor is then the whole window, as count_include_pad=True), -inf for a max pooling. The
files are NAME.params.safetensors and NAME.expected.safetensors as for the dense networks: x, y,
out, loss, grad.<param>, and after.adam.<param> after OPTIMIZER_STEPS Adam steps on the batch.
"""

import os

import torch
import torch.nn.functional as F

import make_torch_fixtures as base

# (name, seed, input (C, H, W), batch, loss, layers); a layer is one of
#   ("conv", name, filters, (kh, kw), (sh, sw), (top, bottom, left, right), (dh, dw), bias, activation)
#   ("max" | "avg", name, (wh, ww), (sh, sw), (top, bottom, left, right))
#   ("gap", name), ("flatten", name), ("dense", name, units, bias, activation)
NETWORKS = [
    # SAME at stride 1 with an even kernel height (pads 0 above, 1 below), max pooling, SAME at
    # stride 2 (pads 0, 1, 0, 1), a convolution without bias, flatten and a dense layer.
    ("conv_same_max_ce", 91, (2, 8, 8), 4, "ce", [
        ("conv", "conv1", 3, (2, 3), (1, 1), (0, 1, 1, 1), (1, 1), True, "relu"),
        ("max", "pool1", (2, 2), (2, 2), (0, 0, 0, 0)),
        ("conv", "conv2", 4, (3, 3), (2, 2), (0, 1, 0, 1), (1, 1), False, "tanh"),
        ("flatten", "flat"),
        ("dense", "logits", 3, True, "identity"),
    ]),
    # VALID with strides (2, 1) and dilation (1, 2), average pooling with padding 1, explicit
    # padding on two sides, max pooling with a non-square window, stride and padding, global
    # average pooling and a dense layer under mean squared error.
    ("conv_valid_avg_mse", 93, (3, 9, 8), 3, "mse", [
        ("conv", "conv1", 4, (3, 3), (2, 1), (0, 0, 0, 0), (1, 2), True, "leaky_relu"),
        ("avg", "pool1", (3, 3), (1, 1), (1, 1, 1, 1)),
        ("conv", "conv2", 5, (2, 2), (1, 1), (1, 0, 0, 1), (1, 1), True, "sigmoid"),
        ("max", "pool2", (2, 3), (2, 1), (0, 0, 1, 1)),
        ("gap", "gap"),
        ("dense", "out", 2, True, "identity"),
    ]),
]

LEAKY_ALPHA = 0.1
ACTIVATIONS = {
    "relu": torch.relu,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "leaky_relu": lambda z: F.leaky_relu(z, LEAKY_ALPHA),
    "identity": lambda z: z,
}
KINKED = {"relu", "leaky_relu"}
# How far a ReLU input must be from 0, and the two largest cells of a max pooling's window from
# each other, so that rounding differences cannot move a kink or an argmax.
MARGIN = 1e-4


class ConvNet(torch.nn.Module):
    def __init__(self, shape, layers):
        super().__init__()
        self.layers = layers
        channels, height, width = shape
        flat = None
        for layer in layers:
            kind, name = layer[0], layer[1]
            if kind == "conv":
                _, _, filters, kernel, stride, pad, dilation, bias, _ = layer
                self.add_module(name, torch.nn.Conv2d(channels, filters, kernel, stride=stride, dilation=dilation,
                                                      bias=bias))
                height = (height + pad[0] + pad[1] - dilation[0] * (kernel[0] - 1) - 1) // stride[0] + 1
                width = (width + pad[2] + pad[3] - dilation[1] * (kernel[1] - 1) - 1) // stride[1] + 1
                channels = filters
            elif kind in ("max", "avg"):
                _, _, window, stride, pad = layer
                height = (height + pad[0] + pad[1] - window[0]) // stride[0] + 1
                width = (width + pad[2] + pad[3] - window[1]) // stride[1] + 1
            elif kind == "gap":
                flat = channels
            elif kind == "flatten":
                flat = channels * height * width
            elif kind == "dense":
                _, _, units, bias, _ = layer
                self.add_module(name, torch.nn.Linear(flat, units, bias=bias))
                flat = units

    def forward(self, x, checks=None):
        for layer in self.layers:
            kind, name = layer[0], layer[1]
            if kind == "conv":
                pad = layer[5]
                z = getattr(self, name)(F.pad(x, (pad[2], pad[3], pad[0], pad[1])))
                if checks is not None and layer[8] in KINKED:
                    checks.append((name + " input of the activation", z.abs().min().item()))
                x = ACTIVATIONS[layer[8]](z)
            elif kind in ("max", "avg"):
                _, _, window, stride, pad = layer
                padded = F.pad(x, (pad[2], pad[3], pad[0], pad[1]), value=float("-inf") if kind == "max" else 0.0)
                if kind == "max":
                    if checks is not None:
                        cells = F.unfold(padded.reshape(-1, 1, *padded.shape[2:]), window, stride=stride)
                        top = cells.topk(2, dim=1).values
                        # A tie at 0 after a ReLU is harmless: either cell's gradient is then 0.
                        gaps = (top[:, 0] - top[:, 1])[top[:, 0] != 0]
                        checks.append((name + " gap between a window's two largest cells", gaps.min().item()))
                    x = F.max_pool2d(padded, window, stride)
                else:
                    x = F.avg_pool2d(padded, window, stride)
            elif kind == "gap":
                x = x.mean(dim=(2, 3))
            elif kind == "flatten":
                x = x.reshape(x.shape[0], -1)
            elif kind == "dense":
                z = getattr(self, name)(x)
                x = ACTIVATIONS[layer[4]](z)
        return x


def make_network(name, seed, shape, batch, loss_name, layers):
    torch.manual_seed(seed)
    net = ConvNet(shape, layers)
    x = torch.randn(batch, *shape)
    outputs = layers[-1][2]
    if loss_name == "ce":
        y, loss_fn = base.class_labels(batch, outputs), base.softmax_cross_entropy
    else:
        y, loss_fn = base.real_targets(batch, outputs), base.mean_squared_error
    initial = {n: p.detach().clone() for n, p in net.named_parameters()}
    with torch.no_grad():
        checks = []
        net(x, checks)
        for what, distance in checks:
            if distance < MARGIN:
                raise SystemExit(f"{name}: {what} is {distance:.3g}; change the seed")
    out, loss, grads = base.loss_and_gradients(net, x, y, loss_fn)
    base.check_gradients_are_well_conditioned(name, grads)

    expected = {"x": x, "y": y, "out": out, "loss": loss.reshape(1)}
    expected.update({"grad." + n: g for n, g in grads.items()})
    rule, hyper = base.OPTIMIZERS["adam"]
    with torch.no_grad():
        for n, p in net.named_parameters():
            p.copy_(initial[n])
    optimizer = base.make_optimizer(rule, hyper, net.parameters())
    for step in range(base.OPTIMIZER_STEPS):
        optimizer.zero_grad()
        loss_fn(net(x), y).backward()
        optimizer.step()
        with torch.no_grad():
            checks = []
            net(x, checks)
            if any(distance < base.ROUNDING_MARGIN for _, distance in checks):
                raise SystemExit(f"{name}: a kink or a max pooling's tie after step {step + 1}; change the seed")
    expected.update({"after.adam." + n: p.detach().clone() for n, p in net.named_parameters()})
    metadata = {"format": "pt", "optimizer_steps": base.OPTIMIZER_STEPS, "leaky_alpha": LEAKY_ALPHA}
    metadata.update({f"adam.{k}": v for k, v in hyper.items()})
    base.write_safetensors(os.path.join(base.FIXTURES, name + ".params.safetensors"), initial, {"format": "pt"})
    base.write_safetensors(os.path.join(base.FIXTURES, name + ".expected.safetensors"), expected, metadata)
    print(f"{name}: loss {loss.item():.6f}, {sum(p.numel() for p in initial.values())} parameters")


def make_all():
    for network in NETWORKS:
        make_network(*network)


class ConvBatchNormRelu(torch.nn.Module):
    """conv (Conv2d 2 -> 3, 3x3, padding 1, no bias), bn (BatchNorm2d(3) with the annotation's
    momentum and eps), ReLU, pool (2x2 max pooling), flatten, logits (Linear 27 -> 3): the Java
    network ConvBatchNormRelu, whose state dict has the same names. The convolution has no bias,
    which the normalization would remove (its gradient would be rounding noise)."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(2, 3, 3, padding=1, bias=False)
        self.bn = torch.nn.BatchNorm2d(3, momentum=CONV_BATCH_NORM_MOMENTUM, eps=CONV_BATCH_NORM_EPS)
        self.logits = torch.nn.Linear(27, 3)

    def normalized(self, x):
        return self.bn(self.conv(x))

    def forward(self, x):
        return self.logits(F.max_pool2d(torch.relu(self.normalized(x)), 2).reshape(x.shape[0], -1))


CONV_BATCH_NORM_NETWORK = "conv_batchnorm_relu_ce"
# Not PyTorch's defaults, so that the annotation's values are seen to be used.
CONV_BATCH_NORM_MOMENTUM = 0.2
CONV_BATCH_NORM_EPS = 1e-4
CONV_BATCH_NORM_BATCH = 4
CONV_BATCH_NORM_SEED = 98


def check_far_from_kinks_and_ties(net, x, when):
    """A ReLU input near 0 or two near-equal largest cells of a pooling window could go either
    way with other roundings; such a case would compare noise."""
    with torch.no_grad():
        pre = net.normalized(x)
        if pre.abs().min() < MARGIN:
            raise SystemExit(f"{CONV_BATCH_NORM_NETWORK}: a ReLU input is {pre.abs().min():.3g} from its kink {when}")
        cells = F.unfold(torch.relu(pre).reshape(-1, 1, *pre.shape[2:]), 2, stride=2)
        top = cells.topk(2, dim=1).values
        gaps = (top[:, 0] - top[:, 1])[top[:, 0] != 0]
        if gaps.numel() and gaps.min() < MARGIN:
            raise SystemExit(f"{CONV_BATCH_NORM_NETWORK}: a pooling window's two largest cells are "
                             f"{gaps.min():.3g} apart {when}")


def make_conv_batch_norm_golden():
    """conv_batchnorm_relu_ce, as make_batch_norm_golden for BatchNorm2d: the params file is the
    state dict (bn's weight and bias away from 1 and 0, running statistics away from 0 and 1,
    num_batches_tracked an I64 2); the expected file has x, y, out and loss of a training forward,
    grad.<param> of the trainable parameters, after.adam.<tensor> for every tensor of the state
    dict after OPTIMIZER_STEPS Adam steps on the batch (running statistics and
    num_batches_tracked included), and eval.out, the output in evaluation mode with the initial
    state."""
    torch.manual_seed(CONV_BATCH_NORM_SEED)
    net = ConvBatchNormRelu()
    with torch.no_grad():
        net.bn.weight.copy_(1 + 0.3 * torch.randn(3))
        net.bn.bias.copy_(0.2 * torch.randn(3))
        net.bn.running_mean.copy_(0.5 * torch.randn(3))
        net.bn.running_var.copy_(0.5 + torch.rand(3))
        net.bn.num_batches_tracked.fill_(2)
    x = torch.randn(CONV_BATCH_NORM_BATCH, 2, 6, 6)
    y = base.class_labels(CONV_BATCH_NORM_BATCH, 3)
    initial = {n: t.detach().clone() for n, t in net.state_dict().items()}

    net.train()
    check_far_from_kinks_and_ties(net, x, "at the start")
    net.load_state_dict(initial)  # the check's forward updated the running statistics
    out, loss, grads = base.loss_and_gradients(net, x, y, base.softmax_cross_entropy)
    base.check_gradients_are_well_conditioned(CONV_BATCH_NORM_NETWORK, grads)

    net.load_state_dict(initial)
    rule, hyper = base.OPTIMIZERS["adam"]
    optimizer = base.make_optimizer(rule, hyper, net.parameters())
    for step in range(base.OPTIMIZER_STEPS):
        optimizer.zero_grad()
        base.softmax_cross_entropy(net(x), y).backward()
        optimizer.step()
        state = {n: t.detach().clone() for n, t in net.state_dict().items()}
        check_far_from_kinks_and_ties(net, x, f"after step {step + 1}")
        net.load_state_dict(state)
    after = {n: t.detach().clone() for n, t in net.state_dict().items()}

    net.load_state_dict(initial)
    net.eval()
    check_far_from_kinks_and_ties(net, x, "in evaluation")
    with torch.no_grad():
        eval_out = net(x)

    expected = {"x": x, "y": y, "out": out, "loss": loss.reshape(1), "eval.out": eval_out}
    expected.update({"grad." + n: g for n, g in grads.items()})
    expected.update({"after.adam." + n: t.float() for n, t in after.items()})
    metadata = {"format": "pt", "optimizer_steps": base.OPTIMIZER_STEPS, "momentum": CONV_BATCH_NORM_MOMENTUM,
                "eps": CONV_BATCH_NORM_EPS}
    metadata.update({f"adam.{k}": v for k, v in hyper.items()})
    base.write_safetensors(os.path.join(base.FIXTURES, CONV_BATCH_NORM_NETWORK + ".params.safetensors"), initial,
                           {"format": "pt"})
    base.write_safetensors(os.path.join(base.FIXTURES, CONV_BATCH_NORM_NETWORK + ".expected.safetensors"), expected,
                           metadata)
    print(f"{CONV_BATCH_NORM_NETWORK}: loss {loss.item():.6f}, num_batches_tracked after "
          f"{after['bn.num_batches_tracked'].item()}")

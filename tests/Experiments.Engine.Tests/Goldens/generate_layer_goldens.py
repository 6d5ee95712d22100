#!/usr/bin/env python3
"""Writes the PyTorch golden cases for the convolution, pooling and batch-norm layers.

Run with Debian's python3-torch:   /usr/bin/python3 generate_layer_goldens.py [family ...]
Output: data/conv.json, data/pooling.json, data/batchnorm.json, data/cnn_modules.json (committed; rerunning
gives identical files).

The format is generate_goldens.py's "experiments-golden" version 1 (see its docstring; this script imports
its writer, so both stay one format). Module cases (op names ending in a mode, e.g. "batchnorm2d_train",
and the cnn_modules family) hold a whole module's state dict under "params" — parameters AND buffers
(running_mean, running_var, num_batches_tracked), loaded by key — and add one key the core format lacks:
  "buffers_after": {"<state-dict key>": T, ...}   the buffers after the forward pass (running statistics
                                                  updated in training mode, unchanged in eval mode).
Their "grads" list the input "x" and every parameter (not the buffers).
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_goldens import Family, t  # noqa: E402  (same folder; shares the format and the writer)


def shape_name(shape):
    return "x".join(map(str, shape))


def conv_family():
    fam = Family("conv", 11)
    # (input shape, weight shape, stride (h, w), padding (h, w), bias)
    conv2d = [
        ((2, 3, 7, 9), (4, 3, 3, 3), (1, 1), (0, 0), True),
        ((2, 3, 7, 9), (4, 3, 3, 3), (2, 2), (1, 1), True),
        ((3, 2, 8, 6), (5, 2, 3, 2), (2, 1), (1, 0), True),
        ((3, 5, 11, 13), (7, 5, 5, 3), (3, 2), (2, 1), True),
        ((2, 4, 5, 5), (3, 4, 1, 1), (1, 1), (0, 0), False),
        ((1, 3, 4, 5), (2, 3, 4, 5), (1, 1), (0, 0), True),
        ((2, 1, 28, 28), (10, 1, 5, 5), (1, 1), (0, 0), True),
        ((2, 6, 14, 14), (12, 6, 3, 3), (1, 1), (1, 1), True),
        ((5, 3, 9, 10), (6, 3, 3, 3), (1, 1), (2, 2), False),
    ]
    for xs, ws, s, p, bias in conv2d:
        name = f"conv2d_{shape_name(xs)}_w{shape_name(ws)}_s{s[0]}{s[1]}_p{p[0]}{p[1]}" + ("" if bias else "_nobias")
        params = {"weight": torch.randn(ws) / (ws[1] * ws[2] * ws[3]) ** 0.5}
        if bias:
            params["bias"] = torch.randn(ws[0]) * 0.1
        fam.case(name, "conv2d", lambda x, weight, bias=None, s=s, p=p: F.conv2d(x, weight, bias, stride=s, padding=p),
                 {"x": torch.randn(xs)}, params, attrs={"stride_h": s[0], "stride_w": s[1], "pad_h": p[0], "pad_w": p[1]})
    conv1d = [
        ((2, 3, 10), (4, 3, 3), 1, 1, True),
        ((2, 3, 11), (4, 3, 3), 2, 0, True),
        ((3, 5, 13), (2, 5, 4), 3, 2, False),
        ((2, 28, 28), (32, 28, 3), 1, 1, True),
        ((1, 2, 5), (3, 2, 5), 1, 0, True),
    ]
    for xs, ws, s, p, bias in conv1d:
        name = f"conv1d_{shape_name(xs)}_w{shape_name(ws)}_s{s}_p{p}" + ("" if bias else "_nobias")
        params = {"weight": torch.randn(ws) / (ws[1] * ws[2]) ** 0.5}
        if bias:
            params["bias"] = torch.randn(ws[0]) * 0.1
        fam.case(name, "conv1d", lambda x, weight, bias=None, s=s, p=p: F.conv1d(x, weight, bias, stride=s, padding=p),
                 {"x": torch.randn(xs)}, params, attrs={"stride": s, "padding": p})
    return fam


def pooling_family():
    fam = Family("pooling", 12)
    ties = lambda shape: torch.randint(0, 3, shape).float()  # many equal values: exercises the first-maximum rule
    max2d = [
        ((2, 3, 8, 8), (2, 2), (2, 2), (0, 0), torch.randn),
        ((2, 3, 7, 9), (3, 3), (2, 2), (1, 1), torch.randn),
        ((1, 2, 6, 7), (2, 3), (1, 2), (1, 1), torch.randn),
        ((2, 2, 9, 7), (3, 3), (3, 3), (0, 0), torch.randn),
        ((2, 3, 8, 9), (2, 2), (2, 2), (0, 0), ties),
        ((2, 3, 7, 7), (3, 3), (1, 1), (1, 1), ties),
    ]
    for i, (xs, k, s, p, make) in enumerate(max2d):
        name = f"max_pool2d_{shape_name(xs)}_k{k[0]}{k[1]}_s{s[0]}{s[1]}_p{p[0]}{p[1]}" + ("_ties" if make is ties else "")
        fam.case(name, "max_pool2d", lambda x, k=k, s=s, p=p: F.max_pool2d(x, k, s, p), {"x": make(xs)},
                 attrs={"kernel_h": k[0], "kernel_w": k[1], "stride_h": s[0], "stride_w": s[1], "pad_h": p[0], "pad_w": p[1]})
    max1d = [((2, 4, 11), 2, 2, 0, torch.randn), ((2, 3, 10), 3, 2, 1, torch.randn), ((3, 2, 12), 3, 1, 1, ties), ((2, 64, 14), 2, 2, 0, torch.randn)]
    for xs, k, s, p, make in max1d:
        name = f"max_pool1d_{shape_name(xs)}_k{k}_s{s}_p{p}" + ("_ties" if make is ties else "")
        fam.case(name, "max_pool1d", lambda x, k=k, s=s, p=p: F.max_pool1d(x, k, s, p), {"x": make(xs)},
                 attrs={"kernel": k, "stride": s, "padding": p})
    avg2d = [
        ((2, 3, 8, 8), (2, 2), (2, 2), (0, 0), True),
        ((2, 3, 7, 9), (3, 3), (2, 2), (1, 1), True),
        ((2, 3, 7, 9), (3, 3), (2, 2), (1, 1), False),
        ((1, 2, 6, 7), (2, 3), (1, 2), (1, 1), True),
        ((2, 2, 5, 5), (5, 5), (1, 1), (0, 0), True),
    ]
    for xs, k, s, p, cip in avg2d:
        name = f"avg_pool2d_{shape_name(xs)}_k{k[0]}{k[1]}_s{s[0]}{s[1]}_p{p[0]}{p[1]}" + ("" if cip else "_excludepad")
        fam.case(name, "avg_pool2d", lambda x, k=k, s=s, p=p, c=cip: F.avg_pool2d(x, k, s, p, count_include_pad=c), {"x": torch.randn(xs)},
                 attrs={"kernel_h": k[0], "kernel_w": k[1], "stride_h": s[0], "stride_w": s[1], "pad_h": p[0], "pad_w": p[1], "count_include_pad": cip})
    for xs, o in [((2, 3, 7, 7), (1, 1)), ((2, 3, 7, 9), (3, 4)), ((2, 3, 5, 5), (2, 2)), ((1, 4, 3, 2), (5, 3))]:
        fam.case(f"adaptive_avg_pool2d_{shape_name(xs)}_to_{o[0]}x{o[1]}", "adaptive_avg_pool2d", lambda x, o=o: F.adaptive_avg_pool2d(x, o),
                 {"x": torch.randn(xs)}, attrs={"out_h": o[0], "out_w": o[1]})
    return fam


def module_case(fam, name, op, module, x, train, attrs=None):
    """Runs a whole module in the given mode; records its state dict before, buffers after, all gradients."""
    module.train(train)
    module.zero_grad(set_to_none=True)  # a module reused across cases must not carry gradients over
    state = {k: v.detach().clone() for k, v in module.state_dict().items()}
    buffer_names = {k for k, _ in module.named_buffers()}
    x = x.detach().clone().requires_grad_(True)
    out = module(x)
    upstream = torch.randn(out.shape)
    (out * upstream).sum().backward()
    grads = {"x": t(x.grad)}
    grads.update({k: t(p.grad) for k, p in module.named_parameters()})
    fam.add({
        "name": name, "op": op, "attrs": attrs or {},
        "inputs": {"x": t(x)}, "params": {k: t(v) for k, v in state.items()}, "targets": None,
        "output": t(out), "upstream": t(upstream), "grads": grads,
        "buffers_after": {k: t(v) for k, v in module.state_dict().items() if k in buffer_names},
    })


def batchnorm_family():
    fam = Family("batchnorm", 13)
    for kind, shape in [("1d", (8, 5)), ("1d", (3, 4, 7)), ("1d", (2, 3, 1)), ("2d", (4, 3, 5, 5)), ("2d", (3, 2, 7, 9)), ("2d", (2, 6, 14, 14))]:
        c = shape[1]
        for train in [True, False]:
            bn = torch.nn.BatchNorm1d(c) if kind == "1d" else torch.nn.BatchNorm2d(c)
            with torch.no_grad():  # non-default values so every term of the backward shows
                bn.weight.copy_(torch.rand(c) + 0.5)
                bn.bias.copy_(torch.randn(c) * 0.2)
                bn.running_mean.copy_(torch.randn(c) * 0.3)
                bn.running_var.copy_(torch.rand(c) + 0.5)
                bn.num_batches_tracked.fill_(3)
            mode = "train" if train else "eval"
            x = torch.randn(shape) * 1.5 + 0.7
            module_case(fam, f"batchnorm{kind}_{shape_name(shape)}_{mode}", f"batchnorm{kind}_{mode}", bn, x, train, {"num_features": c})
    return fam


class Cnn1d(torch.nn.Module):
    """ANCHORS' cnn1d: rows of a 28x28 image as a 28-channel sequence."""

    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv1d(28, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool1d(2),
            torch.nn.Conv1d(32, 64, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool1d(2),
            torch.nn.Flatten(), torch.nn.Linear(448, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))

    def forward(self, x):
        return self.features(x)


def cnn_modules_family():
    """Small CNNs through the module API (Sequential, state-dict keys), in training mode."""
    fam = Family("cnn_modules", 14)
    # ANCHORS' cnn-s4 without its dropout layer (our dropout draws from our own RNG, so it cannot match PyTorch's mask)
    cnn_s4 = torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(6, 12, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(588, 24), torch.nn.ReLU(), torch.nn.Linear(24, 10))
    module_case(fam, "cnn_s4_without_dropout_3x1x28x28", "cnn_s4_without_dropout", cnn_s4, torch.randn(3, 1, 28, 28), True)
    # ANCHORS' cnn-s3
    cnn_s3 = torch.nn.Sequential(
        torch.nn.Conv2d(1, 10, 5), torch.nn.MaxPool2d(2), torch.nn.ReLU(),
        torch.nn.Conv2d(10, 20, 5), torch.nn.MaxPool2d(2), torch.nn.ReLU(),
        torch.nn.Flatten(), torch.nn.Linear(320, 50), torch.nn.ReLU(), torch.nn.Linear(50, 10))
    module_case(fam, "cnn_s3_3x1x28x28", "cnn_s3", cnn_s3, torch.randn(3, 1, 28, 28), True)
    cnn_bn = torch.nn.Sequential(
        torch.nn.Conv2d(1, 4, 3, stride=2, padding=1), torch.nn.BatchNorm2d(4), torch.nn.ReLU(),
        torch.nn.Conv2d(4, 8, 3, padding=1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(), torch.nn.AvgPool2d(2),
        torch.nn.Conv2d(8, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1),
        torch.nn.Flatten(), torch.nn.Linear(8, 10))
    module_case(fam, "cnn_bn_gap_4x1x15x13_train", "cnn_bn_gap", cnn_bn, torch.randn(4, 1, 15, 13), True)
    module_case(fam, "cnn_bn_gap_4x1x15x13_eval", "cnn_bn_gap", cnn_bn, torch.randn(4, 1, 15, 13), False)
    module_case(fam, "cnn1d_2x28x28", "cnn1d", Cnn1d(), torch.randn(2, 28, 28), True)
    return fam


FAMILIES = [conv_family, pooling_family, batchnorm_family, cnn_modules_family]

if __name__ == "__main__":
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    only = set(sys.argv[1:])
    for make in FAMILIES:
        fam = make()
        if not only or fam.name in only:
            fam.write()

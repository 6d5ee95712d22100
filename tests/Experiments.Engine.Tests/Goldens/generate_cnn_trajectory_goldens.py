#!/usr/bin/env python3
"""Writes 10-step training trajectories of two tiny CNNs under every optimizer, for the C# tests in
tests/Experiments.Engine.Tests/Optim/CnnTrajectoryGoldenTests.cs (issue 3, "Correctness against PyTorch").

Run with Debian's python3-torch (1.13):   /usr/bin/python3 generate_cnn_trajectory_goldens.py
Output: data/cnn_trajectories.json next to this script (committed; rerunning gives an identical file).
float32 throughout; every optimizer runs PyTorch's single-tensor path (foreach=False, the CPU default in 1.13).

The models (the C# test builds the same Sequential from the "model" name; state-dict keys must agree):
  "cnn2d": input (5, 1, 9, 11)
     0 Conv2d(1, 3, 3, padding=1, bias=False)  → (5, 3, 9, 11)   no bias: BatchNorm removes it anyway, and its
                                                                  gradient would be pure rounding noise that
                                                                  Adam/RMSprop/Adagrad amplify to ±lr steps
     1 BatchNorm2d(3)                           (training mode: batch statistics, running stats updated)
     2 ReLU
     3 MaxPool2d(2)                            → (5, 3, 4, 5)    floor mode drops the odd row and column
     4 Conv2d(3, 4, 3)                         → (5, 4, 2, 3)
     5 ReLU
     6 AvgPool2d(2, stride=1)                  → (5, 4, 1, 2)
     7 Flatten                                 → (5, 8)
     8 Linear(8, 3)                            → (5, 3) logits, cross-entropy with "targets"
  "cnn1d": input (5, 2, 13)
     0 Conv1d(2, 4, 3, padding=1, bias=False)  → (5, 4, 13)
     1 BatchNorm1d(4)
     2 ReLU
     3 MaxPool1d(2)                            → (5, 4, 6)
     4 Conv1d(4, 5, 3, stride=2, padding=1)    → (5, 5, 3)
     5 ReLU
     6 Flatten                                 → (5, 15)
     7 Linear(15, 3)                           → (5, 3)

Format "experiments-cnn-trajectory-golden", version 1:
  {
    "format": "experiments-cnn-trajectory-golden", "version": 1, "torch": "<version>", "steps": 10,
    "models": [
      {"model": "cnn2d" | "cnn1d",
       "inputs": T, "targets": [int, ...],
       "initial": {state-dict key: T, ...},       parameters AND buffers (running_mean, running_var,
                                                  num_batches_tracked) as the model starts
       "cases": [{"name": str, "optimizer": "SGD"|"RMSprop"|"Adam"|"AdamW"|"NAdam"|"Adagrad",
                  "config": {C# constructor argument name: number or bool},   absent keys take defaults
                  "losses": [10 floats],          the loss of each step's forward pass (before its update)
                  "final": {state-dict key: T}}]} after 10 steps: every parameter and buffer
    ]
  }
  T = {"shape": [...], "data": [row-major float32 values as Python floats]} (repr round-trips exactly).
Each step is: zero_grad, forward in training mode, cross-entropy (mean), backward, optimizer.step().
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_optimizer_goldens import make_optimizer, t  # noqa: E402  (same folder: same config keys, same T)

FORMAT = "experiments-cnn-trajectory-golden"
VERSION = 1
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data", "cnn_trajectories.json")
STEPS = 10


def make_cnn2d():
    torch.manual_seed(2020)
    return nn.Sequential(
        nn.Conv2d(1, 3, 3, padding=1, bias=False), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(3, 4, 3), nn.ReLU(), nn.AvgPool2d(2, stride=1), nn.Flatten(), nn.Linear(8, 3))


def make_cnn1d():
    torch.manual_seed(1010)
    return nn.Sequential(
        nn.Conv1d(2, 4, 3, padding=1, bias=False), nn.BatchNorm1d(4), nn.ReLU(), nn.MaxPool1d(2),
        nn.Conv1d(4, 5, 3, stride=2, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(15, 3))


MODELS = {
    "cnn2d": (make_cnn2d, (5, 1, 9, 11)),
    "cnn1d": (make_cnn1d, (5, 2, 13)),
}

# Every optimizer of issue 3 and each of its options at least once, on the 2-D CNN.
CNN2D = [
    ("sgd_plain", "SGD", {"lr": 0.1}),
    ("sgd_momentum_dampening", "SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3}),
    ("sgd_nesterov", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("sgd_weight_decay", "SGD", {"lr": 0.1, "momentum": 0.5, "weightDecay": 0.05}),
    ("rmsprop_plain", "RMSprop", {"lr": 0.01}),
    ("rmsprop_momentum", "RMSprop", {"lr": 0.005, "alpha": 0.9, "momentum": 0.8}),
    ("rmsprop_centered", "RMSprop", {"lr": 0.005, "centered": True}),
    ("rmsprop_weight_decay", "RMSprop", {"lr": 0.01, "weightDecay": 0.05}),
    ("adam", "Adam", {"lr": 0.01}),
    ("adam_amsgrad", "Adam", {"lr": 0.01, "beta2": 0.9, "amsgrad": True}),  # beta2 0.9: v shrinks, so max(v) matters
    ("adamw", "AdamW", {"lr": 0.01, "weightDecay": 0.1}),
    ("nadam", "NAdam", {"lr": 0.01}),
    ("adagrad", "Adagrad", {"lr": 0.1}),
]
CNN1D = [
    ("adam", "Adam", {"lr": 0.01}),
]


def data(shape, seed):
    torch.manual_seed(seed)
    x = torch.randn(*shape)
    y = torch.randint(0, 3, (shape[0],))
    return x, y


def state(model):
    return {k: t(v) for k, v in model.state_dict().items()}


def train(make, kind, config, x, y):
    model = make()
    model.train()
    opt = make_optimizer(kind, model.parameters(), config)
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        losses.append(float(loss.item()))
    return losses, state(model)


def max_difference(a, b):
    return max(max(abs(p - q) for p, q in zip(a[k]["data"], b[k]["data"])) for k in a)


def check_options_observable(name, case, make, kind, config, final, x, y):
    """Each option (except lr) must move the final weights by more than 10x the C# weight tolerance (1e-4),
    or the golden could not tell an optimizer that ignores it from one that applies it."""
    for key in config:
        if key == "lr":
            continue
        reduced = {k: v for k, v in config.items() if k != key}
        try:
            _, other = train(make, kind, reduced, x, y)
        except ValueError:  # e.g. Nesterov without momentum: PyTorch refuses, nothing to compare
            continue
        diff = max_difference(final, other)
        if diff <= 1e-3:
            raise SystemExit(f"{name}/{case}: dropping '{key}' changes the final weights by only {diff:.3g}; "
                             "choose a config where the option is observable.")


def section(name, cases, seed):
    make, shape = MODELS[name]
    x, y = data(shape, seed)
    out = []
    for case, kind, config in cases:
        losses, final = train(make, kind, config, x, y)
        check_options_observable(name, case, make, kind, config, final, x, y)
        out.append({"name": case, "optimizer": kind, "config": config, "losses": losses, "final": final})
    return {"model": name, "inputs": t(x), "targets": [int(v) for v in y.tolist()], "initial": state(make()), "cases": out}


def main():
    torch.set_num_threads(1)  # one summation order for the file; the tolerances absorb the C# side's
    doc = {"format": FORMAT, "version": VERSION, "torch": torch.__version__, "steps": STEPS,
           "models": [section("cnn2d", CNN2D, 77), section("cnn1d", CNN1D, 78)]}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    tmp = OUT + ".tmp-" + os.urandom(4).hex()
    with open(tmp, "w") as fh:
        json.dump(doc, fh, indent=None, separators=(",", ":"))
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, OUT)
    print(f"wrote {OUT}: " + ", ".join(f"{m['model']} {len(m['cases'])} cases" for m in doc["models"]))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the PyTorch golden trajectories the C# optimizer tests (tests/Experiments.Engine.Tests/Optim) compare against.

Run with Debian's python3-torch (1.13):   /usr/bin/python3 generate_optimizer_goldens.py
Output: data/optimizers.json next to this script (committed; rerunning gives an identical file).
Every optimizer runs PyTorch's default single-tensor path (foreach=False, the CPU default in 1.13).

Format "experiments-optim-golden", version 1:
  {
    "format": "experiments-optim-golden", "version": 1, "torch": "<version>",
    "kernels": {"add_alpha": "fma", "addcmul": "fma", "addcdiv": "unfused"},
        how this machine's PyTorch CPU kernels round (checked below; the C# updates assume exactly this),
    "pure": [                                 (a) optimizer alone, on given gradients
      {"name": str, "optimizer": "SGD"|"RMSprop"|"Adam"|"AdamW"|"NAdam"|"Adagrad",
       "config": {C# constructor argument name: number or bool, ...},
       "initial": [T, ...],                   one per parameter
       "grads": [[T or null, ...], ...],      per step, per parameter (null: p.grad = None, the step skips it)
       "after": [[T, ...], ...]}              per step, the parameters after optimizer.step()
    ],
    "mlp": {                                  (b) 10 training steps of Linear(12,7)-Tanh-Linear(7,5), cross-entropy
      "inputs": T (8x12), "targets": [int x 8],
      "initial": {"0.weight": T, "0.bias": T, "2.weight": T, "2.bias": T},
      "cases": [{"name", "optimizer", "config",
                 "losses": [10 floats, the loss before each step], "final": {state key: T}}]
    },
    "onecycle": [                             (c) the same MLP with OneCycleLR(total_steps=10) stepped after each step
      {"name", "optimizer", "config", "scheduler": {"max_lr": x},
       "lrs": [lr used by step 1..10], "momenta": [momentum or beta1 used by step 1..10],
       "losses": [...], "final": {...}}
    ]
  }
  T = {"shape": [...], "data": [row-major float32 values as Python floats]} (repr round-trips exactly).
Config keys are the C# parameter names (lr, momentum, dampening, weightDecay, nesterov, maximize, alpha, eps,
centered, beta1, beta2, amsgrad, momentumDecay, lrDecay, initialAccumulatorValue); absent keys take defaults.
Tiny-CNN trajectories live in generate_cnn_trajectory_goldens.py (data/cnn_trajectories.json).
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

FORMAT = "experiments-optim-golden"
VERSION = 1
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data", "optimizers.json")
STEPS = 10


def t(x):
    x = x.detach().to(torch.float32)
    return {"shape": list(x.shape), "data": [float(v) for v in x.reshape(-1).tolist()]}


def make_optimizer(kind, params, config):
    c = dict(config)
    lr = c.pop("lr", None)
    args = {}
    if lr is not None:
        args["lr"] = lr
    beta1, beta2 = c.pop("beta1", None), c.pop("beta2", None)
    if beta1 is not None or beta2 is not None:
        args["betas"] = (0.9 if beta1 is None else beta1, 0.999 if beta2 is None else beta2)
    rename = {"weightDecay": "weight_decay", "momentumDecay": "momentum_decay", "lrDecay": "lr_decay",
              "initialAccumulatorValue": "initial_accumulator_value"}
    for k, v in c.items():
        args[rename.get(k, k)] = v
    cls = {"SGD": torch.optim.SGD, "RMSprop": torch.optim.RMSprop, "Adam": torch.optim.Adam,
           "AdamW": torch.optim.AdamW, "NAdam": torch.optim.NAdam, "Adagrad": torch.optim.Adagrad}[kind]
    args["foreach"] = False
    return cls(params, **args)


def check_kernels():
    """The C# updates reproduce PyTorch's rounding: add_(alpha) and addcmul_ fused, addcdiv_ not. Verify it here."""
    g = torch.Generator().manual_seed(7)
    n = 4099  # vector body and scalar tail
    a, b = torch.randn(n, generator=g), torch.randn(n, generator=g)
    c = torch.rand(n, generator=g) + 0.5
    A, B, C = (x.numpy().astype(np.float64) for x in (a, b, c))
    f32 = np.float32
    alpha, value = f32(-0.0123456789), f32(0.001)
    fused_add = (A + np.float64(alpha) * B).astype(f32)
    fused_addcmul = (A + (value * b.numpy()).astype(np.float64) * C).astype(f32)
    unfused_addcdiv = (a.numpy() + ((alpha * b.numpy()) / c.numpy())).astype(f32)
    ok = (np.array_equal(a.clone().add_(b, alpha=float(alpha)).numpy(), fused_add)
          and np.array_equal(a.clone().addcmul_(b, c, value=float(value)).numpy(), fused_addcmul)
          and np.array_equal(a.clone().addcdiv_(b, c, value=float(alpha)).numpy(), unfused_addcdiv))
    if not ok:
        raise SystemExit("This PyTorch build does not round add_/addcmul_/addcdiv_ as the C# optimizers assume "
                         "(fused multiply-add for add_ and addcmul_, none for addcdiv_); the goldens would not match.")
    return {"add_alpha": "fma", "addcmul": "fma", "addcdiv": "unfused"}


PURE = [
    ("sgd_plain", "SGD", {"lr": 0.1}),
    ("sgd_momentum", "SGD", {"lr": 0.05, "momentum": 0.9}),
    ("sgd_momentum_dampening_weight_decay", "SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3, "weightDecay": 0.01}),
    ("sgd_nesterov_weight_decay", "SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weightDecay": 1e-3}),
    ("sgd_maximize_momentum", "SGD", {"lr": 0.02, "momentum": 0.5, "maximize": True, "weightDecay": 0.1}),
    ("rmsprop_default", "RMSprop", {}),
    ("rmsprop_alpha_momentum", "RMSprop", {"lr": 0.005, "alpha": 0.9, "momentum": 0.5}),
    ("rmsprop_centered_momentum_weight_decay", "RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.9, "weightDecay": 0.01, "eps": 1e-6}),
    ("rmsprop_centered", "RMSprop", {"lr": 0.001, "centered": True}),
    ("adam_default", "Adam", {}),
    ("adam_amsgrad_weight_decay", "Adam", {"lr": 0.01, "amsgrad": True, "weightDecay": 0.01}),
    ("adam_betas_eps_maximize", "Adam", {"lr": 0.003, "beta1": 0.8, "beta2": 0.99, "eps": 1e-3, "maximize": True}),
    ("adamw_default", "AdamW", {}),
    ("adamw_amsgrad", "AdamW", {"lr": 0.01, "weightDecay": 0.1, "amsgrad": True}),
    ("nadam_default", "NAdam", {}),
    ("nadam_weight_decay_momentum_decay", "NAdam", {"lr": 0.01, "weightDecay": 0.01, "momentumDecay": 0.01, "beta1": 0.85}),
    ("adagrad_default", "Adagrad", {}),
    ("adagrad_lr_decay_weight_decay", "Adagrad", {"lr": 0.1, "lrDecay": 0.1, "weightDecay": 0.01, "initialAccumulatorValue": 0.1, "eps": 1e-8}),
    ("adagrad_maximize", "Adagrad", {"lr": 0.05, "maximize": True}),
]
SHAPES = [(3, 4), (5,), (2, 3)]
SKIPPED = {2: {0, 3, 7}}  # parameter 2 has no gradient at steps 0, 3 and 7 (PyTorch skips it)


def pure_cases():
    cases = []
    for index, (name, kind, config) in enumerate(PURE):
        torch.manual_seed(1000 + index)
        params = [torch.randn(s).requires_grad_() for s in SHAPES]
        initial = [t(p) for p in params]
        grads, after = [], []
        # Gradients of mixed scales, with a few tiny entries so eps matters.
        seq = [[torch.randn(s) * float(torch.empty(1).uniform_(0.01, 3.0)) for s in SHAPES] for _ in range(STEPS)]
        for step in range(STEPS):
            seq[step][0].view(-1)[step] = 1e-7
        opt = make_optimizer(kind, params, config)
        for step in range(STEPS):
            row = []
            for i, p in enumerate(params):
                if step in SKIPPED.get(i, ()):
                    p.grad = None
                    row.append(None)
                else:
                    p.grad = seq[step][i].clone()
                    row.append(t(seq[step][i]))
            opt.step()
            grads.append(row)
            after.append([t(p) for p in params])
        cases.append({"name": name, "optimizer": kind, "config": config, "initial": initial, "grads": grads, "after": after})
    return cases


def make_mlp():
    torch.manual_seed(42)
    return nn.Sequential(nn.Linear(12, 7), nn.Tanh(), nn.Linear(7, 5))


MLP = [
    ("sgd", "SGD", {"lr": 0.5}),
    ("sgd_nesterov_weight_decay", "SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weightDecay": 1e-3}),
    ("rmsprop_centered_momentum", "RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.9}),
    ("rmsprop", "RMSprop", {"lr": 0.01}),
    ("adam", "Adam", {"lr": 0.01}),
    ("adam_amsgrad", "Adam", {"lr": 0.01, "amsgrad": True, "weightDecay": 1e-2}),
    ("adamw", "AdamW", {"lr": 0.01, "weightDecay": 0.1}),
    ("nadam", "NAdam", {"lr": 0.01}),
    ("adagrad", "Adagrad", {"lr": 0.1, "lrDecay": 0.01}),
]


def mlp_data():
    torch.manual_seed(43)
    x = torch.randn(8, 12)
    y = torch.randint(0, 5, (8,))
    return x, y


def train(kind, config, x, y, scheduler=None):
    model = make_mlp()
    opt = make_optimizer(kind, model.parameters(), config)
    sched = scheduler(opt) if scheduler else None
    losses, lrs, momenta = [], [], []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        group = opt.param_groups[0]
        lrs.append(group["lr"])
        momenta.append(group["betas"][0] if "betas" in group else group.get("momentum", 0.0))
        opt.step()
        if sched:
            sched.step()
        losses.append(float(loss.item()))
    final = {k: t(v) for k, v in model.state_dict().items()}
    return losses, final, lrs, momenta


def mlp_section():
    x, y = mlp_data()
    initial = {k: t(v) for k, v in make_mlp().state_dict().items()}
    cases = []
    for name, kind, config in MLP:
        losses, final, _, _ = train(kind, config, x, y)
        cases.append({"name": name, "optimizer": kind, "config": config, "losses": losses, "final": final})
    return {"inputs": t(x), "targets": [int(v) for v in y.tolist()], "initial": initial, "cases": cases}


ONECYCLE = [
    ("sgd_momentum_onecycle", "SGD", {"lr": 0.1, "momentum": 0.9}, 0.5),
    ("adam_onecycle", "Adam", {"lr": 0.001}, 0.05),
]


def onecycle_section():
    x, y = mlp_data()
    cases = []
    for name, kind, config, max_lr in ONECYCLE:
        make = lambda opt: torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=max_lr, total_steps=STEPS)
        losses, final, lrs, momenta = train(kind, config, x, y, make)
        cases.append({"name": name, "optimizer": kind, "config": config, "scheduler": {"max_lr": max_lr},
                      "lrs": lrs, "momenta": momenta, "losses": losses, "final": final})
    return cases


def main():
    doc = {"format": FORMAT, "version": VERSION, "torch": torch.__version__, "kernels": check_kernels(),
           "pure": pure_cases(), "mlp": mlp_section(), "onecycle": onecycle_section()}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    tmp = OUT + ".tmp-" + os.urandom(4).hex()
    with open(tmp, "w") as fh:
        json.dump(doc, fh, indent=None, separators=(",", ":"))
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, OUT)
    print(f"wrote {OUT}: {len(doc['pure'])} pure, {len(doc['mlp']['cases'])} mlp, {len(doc['onecycle'])} onecycle cases")


if __name__ == "__main__":
    main()

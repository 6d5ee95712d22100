#!/usr/bin/env python3
"""Writes the PyTorch golden cases the C# engine tests compare against.

Run from anywhere with Debian's python3-torch:   /usr/bin/python3 generate_goldens.py
Output: data/<family>.json next to this script (committed; rerunning gives identical files).

Format "experiments-golden", version 1 — one JSON file per op family:
  {
    "format": "experiments-golden", "version": 1,
    "family": "<family>", "torch": "<torch version that wrote it>",
    "cases": [
      {
        "name":     unique within the family, e.g. "linear_7x13_to_9",
        "op":       what the C# side runs, e.g. "linear" (the test class of the family maps it),
        "attrs":    op arguments (ints, floats, bools), e.g. {"dim": 1},
        "inputs":   {"x": T, ...}      tensors the op takes (leaves with requires_grad),
        "params":   {"weight": T, ...} parameters (module cases: state-dict keys such as "0.weight"),
        "targets":  [int, ...] or null  class indices for losses,
        "output":   T                   forward result,
        "upstream": T                   dL/d(output) fed to backward (random, so every path is weighted),
        "grads":    {"x": T, "weight": T, ...}  dL/d(input or param) for every input and param
      }, ...
    ]
  }
  T = {"shape": [d0, d1, ...], "data": [row-major float values]}; a scalar has shape [].
Floats are float32 values written as Python floats (repr round-trips exactly; the C# reader parses double
and narrows to float, which is exact). The loss the gradients belong to is sum(output * upstream).

Adding cases (conv, pooling, batch norm, optimizers...): write a function that builds a Family, add cases
with family.case(...) (or family.add(dict) for trajectory-style data with other keys), list it in FAMILIES,
rerun, and add a C# test class that maps the family's "op" names to engine calls (see GoldenRunner.cs).
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

FORMAT = "experiments-golden"
VERSION = 1
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data")


def t(x):
    x = x.detach().to(torch.float32)
    return {"shape": list(x.shape), "data": [float(v) for v in x.reshape(-1).tolist()]}


class Family:
    def __init__(self, name, seed):
        self.name = name
        self.cases = []
        torch.manual_seed(seed)

    def add(self, case):
        assert all(c["name"] != case["name"] for c in self.cases), case["name"]
        self.cases.append(case)

    def case(self, name, op, fn, inputs, params=None, attrs=None, targets=None):
        """fn(**inputs, **params) -> output. Records output and the gradients of sum(output * upstream)."""
        params = params or {}
        leaves = {k: v.detach().clone().requires_grad_(True) for k, v in {**inputs, **params}.items()}
        out = fn(**leaves)
        upstream = torch.randn(out.shape)
        (out * upstream).sum().backward()
        self.add({
            "name": name, "op": op, "attrs": attrs or {},
            "inputs": {k: t(v) for k, v in inputs.items()},
            "params": {k: t(v) for k, v in params.items()},
            "targets": None if targets is None else [int(v) for v in targets.tolist()],
            "output": t(out), "upstream": t(upstream),
            "grads": {k: t(leaves[k].grad if leaves[k].grad is not None else torch.zeros_like(leaves[k])) for k in leaves},
        })

    def write(self):
        os.makedirs(OUT, exist_ok=True)
        doc = {"format": FORMAT, "version": VERSION, "family": self.name, "torch": torch.__version__, "cases": self.cases}
        path = os.path.join(OUT, self.name + ".json")
        tmp = path + ".tmp-" + str(os.getpid())
        with open(tmp, "w") as f:
            json.dump(doc, f, separators=(",", ":"))
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        print(f"{path}: {len(self.cases)} cases")


def away_from_zero(shape, scale=2.0, margin=0.05):
    """Normal values with |x| >= margin, so kinks (relu at 0) are never hit by rounding or finite differences."""
    x = torch.randn(shape) * scale
    return torch.where(x.abs() < margin, torch.sign(x + 1e-12) * margin + x, x)


def linear_family():
    fam = Family("linear", 1)
    for m, k, n in [(1, 1, 1), (3, 5, 4), (7, 13, 9), (16, 33, 17), (5, 64, 40), (37, 50, 20)]:
        fam.case(f"matmul_{m}x{k}_{k}x{n}", "matmul", lambda a, b: a @ b,
                 {"a": torch.randn(m, k), "b": torch.randn(k, n)})
    for n, i, o in [(1, 1, 1), (3, 5, 4), (7, 13, 9), (64, 20, 33), (10, 60, 32)]:
        w, b = torch.randn(o, i) / i ** 0.5, torch.randn(o) * 0.1
        fam.case(f"linear_{n}x{i}_to_{o}", "linear", lambda x, weight, bias: F.linear(x, weight, bias),
                 {"x": torch.randn(n, i)}, {"weight": w, "bias": b})
        fam.case(f"linear_nobias_{n}x{i}_to_{o}", "linear", lambda x, weight: F.linear(x, weight),
                 {"x": torch.randn(n, i)}, {"weight": w})
    fam.case("linear_3d_2x3x5_to_4", "linear", lambda x, weight, bias: F.linear(x, weight, bias),
             {"x": torch.randn(2, 3, 5)}, {"weight": torch.randn(4, 5), "bias": torch.randn(4)})
    return fam


def activations_family():
    fam = Family("activations", 2)
    fns = {
        "relu": lambda x: F.relu(x),
        "leaky_relu": lambda x: F.leaky_relu(x, 0.01),
        "tanh": lambda x: torch.tanh(x),
        "sigmoid": lambda x: torch.sigmoid(x),
        "gelu": lambda x: F.gelu(x),
    }
    for op, fn in fns.items():
        for shape in [(1,), (7,), (3, 5), (2, 3, 4, 5), (50,)]:
            fam.case(f"{op}_{'x'.join(map(str, shape))}", op, fn, {"x": away_from_zero(shape)})
    for shape, dim in [((4, 7), 1), ((3, 5), 0), ((2, 3, 4, 5), 1), ((2, 3, 5), -1), ((1, 1), 1), ((5, 10), 1), ((3, 100), 1), ((2, 70, 3), 1)]:
        name = f"{'x'.join(map(str, shape))}_dim{dim}"
        fam.case("softmax_" + name, "softmax", lambda x, d=dim: F.softmax(x, dim=d), {"x": torch.randn(shape) * 3}, attrs={"dim": dim})
        fam.case("log_softmax_" + name, "log_softmax", lambda x, d=dim: F.log_softmax(x, dim=d), {"x": torch.randn(shape) * 3}, attrs={"dim": dim})
    return fam


def tensor_ops_family():
    fam = Family("tensor_ops", 3)
    pairs = [((5,), (5,)), ((3, 4), (4,)), ((3, 1), (1, 4)), ((2, 3, 4, 5), (3, 1, 1)), ((2, 3, 4, 5), (2, 3, 4, 5)), ((7, 3), (7, 1))]
    for sa, sb in pairs:
        name = f"{'x'.join(map(str, sa))}_{'x'.join(map(str, sb))}"
        fam.case("add_" + name, "add", lambda a, b: a + b, {"a": torch.randn(sa), "b": torch.randn(sb)})
        fam.case("mul_" + name, "mul", lambda a, b: a * b, {"a": torch.randn(sa), "b": torch.randn(sb)})
    for shape in [(1,), (7,), (3, 5), (2, 3, 4, 5)]:
        s = 'x'.join(map(str, shape))
        fam.case("sum_" + s, "sum", lambda x: x.sum(), {"x": torch.randn(shape)})
        fam.case("mean_" + s, "mean", lambda x: x.mean(), {"x": torch.randn(shape)})
    for shape, dim, keep in [((3, 5), 1, False), ((3, 5), 0, True), ((2, 3, 4, 5), 1, False), ((2, 3, 4, 5), -1, True)]:
        s = f"{'x'.join(map(str, shape))}_dim{dim}{'_keep' if keep else ''}"
        fam.case("sum_" + s, "sum_dim", lambda x, d=dim, k=keep: x.sum(dim=d, keepdim=k), {"x": torch.randn(shape)}, attrs={"dim": dim, "keepdim": keep})
        fam.case("mean_" + s, "mean_dim", lambda x, d=dim, k=keep: x.mean(dim=d, keepdim=k), {"x": torch.randn(shape)}, attrs={"dim": dim, "keepdim": keep})
    for shape, start, end in [((2, 3, 4, 5), 1, -1), ((2, 3, 4, 5), 0, -1), ((2, 3, 4, 5), 1, 2), ((4, 7), 1, -1)]:
        fam.case(f"flatten_{'x'.join(map(str, shape))}_{start}_{end}", "flatten", lambda x, s=start, e=end: torch.flatten(x, s, e),
                 {"x": torch.randn(shape)}, attrs={"start_dim": start, "end_dim": end})
    return fam


def losses_family():
    fam = Family("losses", 4)
    for n, c in [(1, 1), (1, 3), (4, 10), (7, 3), (33, 10)]:
        targets = torch.randint(0, c, (n,))
        for eps in [0.0, 0.1]:
            fam.case(f"cross_entropy_{n}x{c}_ls{eps}", "cross_entropy",
                     lambda x, e=eps, tg=targets: F.cross_entropy(x, tg, label_smoothing=e),
                     {"x": torch.randn(n, c) * 2}, attrs={"label_smoothing": eps}, targets=targets)
        fam.case(f"nll_{n}x{c}", "nll", lambda x, tg=targets: F.nll_loss(x, tg),
                 {"x": F.log_softmax(torch.randn(n, c), dim=1)}, targets=targets)
        fam.case(f"mse_onehot_{n}x{c}", "mse_onehot", lambda x, tg=targets, cc=c: F.mse_loss(x, F.one_hot(tg, cc).float()),
                 {"x": torch.randn(n, c)}, targets=targets)
    fam.case("mse_tensor_3x5", "mse", lambda x, y: F.mse_loss(x, y), {"x": torch.randn(3, 5), "y": torch.randn(3, 5)})
    fam.case("mse_tensor_2x3x4x5", "mse", lambda x, y: F.mse_loss(x, y), {"x": torch.randn(2, 3, 4, 5), "y": torch.randn(2, 3, 4, 5)})
    return fam


def modules_family():
    """Whole models through the module API: parameters are loaded by state-dict key."""
    fam = Family("modules", 5)
    mlp = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(12, 7), torch.nn.ReLU(), torch.nn.Linear(7, 5), torch.nn.Tanh(),
                              torch.nn.Linear(5, 3), torch.nn.LogSoftmax(dim=1))
    params = {k: v.detach().clone() for k, v in mlp.state_dict().items()}

    def run(x, **p):
        return torch.func.functional_call(mlp, p, (x,)) if hasattr(torch, "func") else _call(mlp, p, x)

    fam.case("mlp_flatten_12_7_5_3", "mlp_a", run, {"x": torch.randn(4, 3, 2, 2)}, params)

    mlp2 = torch.nn.Sequential(torch.nn.Linear(10, 9), torch.nn.LeakyReLU(), torch.nn.Linear(9, 8), torch.nn.GELU(), torch.nn.Linear(8, 6),
                               torch.nn.Sigmoid(), torch.nn.Linear(6, 4), torch.nn.Softmax(dim=1))
    params2 = {k: v.detach().clone() for k, v in mlp2.state_dict().items()}

    def run2(x, **p):
        return torch.func.functional_call(mlp2, p, (x,)) if hasattr(torch, "func") else _call(mlp2, p, x)

    fam.case("mlp_leaky_gelu_sigmoid_softmax", "mlp_b", run2, {"x": torch.randn(5, 10)}, params2)
    return fam


def _call(module, params, x):
    from torch.nn.utils import stateless
    return stateless.functional_call(module, params, (x,))


FAMILIES = [linear_family, activations_family, tensor_ops_family, losses_family, modules_family]

if __name__ == "__main__":
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    only = set(sys.argv[1:])
    for make in FAMILIES:
        fam = make()
        if not only or fam.name in only:
            fam.write()

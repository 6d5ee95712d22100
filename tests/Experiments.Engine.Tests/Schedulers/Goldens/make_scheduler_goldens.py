#!/usr/bin/python3
"""Golden LR-scheduler sequences written by PyTorch, for tests/Experiments.Engine.Tests/Schedulers.

Run with Debian's python3-torch (1.13):
    /usr/bin/python3 tests/Experiments.Engine.Tests/Schedulers/Goldens/make_scheduler_goldens.py

Writes scheduler_goldens.json next to this script (temp file, then rename). Every case builds a dummy
parameter and a real optimizer (SGD with momentum 0.9, or Adam), constructs the scheduler, then repeats
optimizer.step(); scheduler.step() and records param_groups[0]["lr"] after construction and after every
step (repr precision: json writes floats with repr, which round-trips exactly). OneCycleLR cases also
record momentum (SGD) or betas[0] (Adam). ReduceLROnPlateau cases record the metric fed at each step.

Format "experiments.scheduler-goldens" version 1:
  {"format", "version", "torch", "cases": [
     {"name", "scheduler", "optimizer": "sgd"|"adam", "initial_lr", "args": {...PyTorch argument names...},
      "steps": n, "lr": [n+1 floats], "momentum": [n+1 floats] (OneCycleLR with cycle_momentum only),
      "metrics": [n floats] (ReduceLROnPlateau only),
      "chain": [{"scheduler", "args"}] (chained cases: several schedulers on one optimizer, stepped in order)}]}
"""
import json
import os
import random
import sys
import tempfile

import torch
from torch.optim import SGD, Adam
from torch.optim import lr_scheduler as S

FORMAT = "experiments.scheduler-goldens"
VERSION = 1


def make_optimizer(kind, lr):
    p = torch.nn.Parameter(torch.zeros(3))
    if kind == "sgd":
        opt = SGD([p], lr=lr, momentum=0.9)
    elif kind == "adam":
        opt = Adam([p], lr=lr, betas=(0.9, 0.999))
    else:
        raise ValueError(kind)
    return p, opt


def make_scheduler(opt, name, args):
    cls = {
        "StepLR": S.StepLR,
        "MultiStepLR": S.MultiStepLR,
        "ExponentialLR": S.ExponentialLR,
        "CosineAnnealingLR": S.CosineAnnealingLR,
        "OneCycleLR": S.OneCycleLR,
        "ReduceLROnPlateau": S.ReduceLROnPlateau,
    }[name]
    return cls(opt, **args)


def momentum_of(opt):
    g = opt.param_groups[0]
    return g["betas"][0] if "betas" in g else g["momentum"]


def run_case(name, scheduler, optimizer, initial_lr, args, steps, metrics=None, chain=None):
    p, opt = make_optimizer(optimizer, initial_lr)
    specs = [(scheduler, args)] + [(c["scheduler"], c["args"]) for c in (chain or [])]
    scheds = [make_scheduler(opt, n, a) for n, a in specs]
    cycle = scheduler == "OneCycleLR" and args.get("cycle_momentum", True)
    lrs = [opt.param_groups[0]["lr"]]
    moms = [momentum_of(opt)] if cycle else None
    for i in range(steps):
        p.grad = torch.ones_like(p)
        opt.step()
        for s in scheds:
            if isinstance(s, S.ReduceLROnPlateau):
                s.step(metrics[i])
            else:
                s.step()
        lrs.append(opt.param_groups[0]["lr"])
        if cycle:
            moms.append(momentum_of(opt))
    case = {"name": name, "scheduler": scheduler, "optimizer": optimizer, "initial_lr": initial_lr,
            "args": args, "steps": steps, "lr": [float(x) for x in lrs]}
    if cycle:
        case["momentum"] = [float(x) for x in moms]
    if metrics is not None:
        case["metrics"] = metrics[:steps]
    if chain:
        case["chain"] = chain
    return case


def plateau_metrics(seed, n, mode):
    """A loss-like (min) or accuracy-like (max) curve: real progress, flat stretches, tiny improvements
    (below a 1e-2 relative threshold but above 1e-4), and worsening, so patience/cooldown/threshold all act."""
    rng = random.Random(seed)
    m = 1.0 if mode == "min" else 0.5
    out = []
    for i in range(n):
        phase = (i // 6) % 4
        if phase == 0:      # clear progress
            step = rng.uniform(0.03, 0.08)
        elif phase == 1:    # flat: exactly repeated value
            step = 0.0
        elif phase == 2:    # tiny progress: 1e-3 .. 5e-3 relative
            step = rng.uniform(1e-3, 5e-3)
        else:               # getting worse
            step = -rng.uniform(0.0, 0.02)
        m = m * (1 - step) if mode == "min" else m * (1 + step)
        out.append(float(m))
    return out


def main():
    torch.manual_seed(0)
    cases = []
    # StepLR
    cases.append(run_case("StepLR step=3 gamma=0.5 sgd", "StepLR", "sgd", 0.1, {"step_size": 3, "gamma": 0.5}, 40))
    cases.append(run_case("StepLR step=7 default gamma adam", "StepLR", "adam", 1e-3, {"step_size": 7}, 50))
    cases.append(run_case("StepLR step=1 gamma=0.9 sgd", "StepLR", "sgd", 0.05, {"step_size": 1, "gamma": 0.9}, 30))
    cases.append(run_case("StepLR step=4 gamma=1.5 sgd (growth)", "StepLR", "sgd", 0.01, {"step_size": 4, "gamma": 1.5}, 30))
    # MultiStepLR
    cases.append(run_case("MultiStepLR [5,10,30] gamma=0.1 sgd", "MultiStepLR", "sgd", 0.1, {"milestones": [5, 10, 30], "gamma": 0.1}, 40))
    cases.append(run_case("MultiStepLR [1,2,3,20] gamma=0.7 adam", "MultiStepLR", "adam", 3e-3, {"milestones": [1, 2, 3, 20], "gamma": 0.7}, 30))
    cases.append(run_case("MultiStepLR [45] default gamma sgd (milestone late)", "MultiStepLR", "sgd", 0.2, {"milestones": [45]}, 50))
    # ExponentialLR
    cases.append(run_case("ExponentialLR gamma=0.9 sgd", "ExponentialLR", "sgd", 0.1, {"gamma": 0.9}, 40))
    cases.append(run_case("ExponentialLR gamma=0.99 adam", "ExponentialLR", "adam", 1e-3, {"gamma": 0.99}, 60))
    cases.append(run_case("ExponentialLR gamma=0.3 sgd", "ExponentialLR", "sgd", 1.0, {"gamma": 0.3}, 30))
    # CosineAnnealingLR: recursive form, run past T_max (restart branch at (T_cur - 1 - T_max) % 2 T_max == 0)
    cases.append(run_case("CosineAnnealingLR T_max=10 sgd (past T_max)", "CosineAnnealingLR", "sgd", 0.1, {"T_max": 10}, 45))
    cases.append(run_case("CosineAnnealingLR T_max=7 eta_min=1e-3 adam (past T_max)", "CosineAnnealingLR", "adam", 0.01, {"T_max": 7, "eta_min": 1e-3}, 40))
    cases.append(run_case("CosineAnnealingLR T_max=50 eta_min=1e-4 sgd", "CosineAnnealingLR", "sgd", 0.05, {"T_max": 50, "eta_min": 1e-4}, 50))
    cases.append(run_case("CosineAnnealingLR T_max=1 sgd", "CosineAnnealingLR", "sgd", 0.1, {"T_max": 1}, 12))
    cases.append(run_case("CosineAnnealingLR T_max=3 eta_min=0.2 > lr sgd", "CosineAnnealingLR", "sgd", 0.1, {"T_max": 3, "eta_min": 0.2}, 20))
    # OneCycleLR: every case steps to last_epoch == total_steps (the last step PyTorch allows)
    cases.append(run_case("OneCycleLR total=40 defaults sgd", "OneCycleLR", "sgd", 0.1, {"max_lr": 0.1, "total_steps": 40}, 40))
    cases.append(run_case("OneCycleLR epochs=5 spe=10 linear adam", "OneCycleLR", "adam", 1e-3,
                          {"max_lr": 0.01, "epochs": 5, "steps_per_epoch": 10, "anneal_strategy": "linear"}, 50))
    cases.append(run_case("OneCycleLR total=60 three_phase pct=0.25 sgd", "OneCycleLR", "sgd", 0.1,
                          {"max_lr": 0.5, "total_steps": 60, "pct_start": 0.25, "three_phase": True,
                           "div_factor": 10.0, "final_div_factor": 100.0}, 60))
    cases.append(run_case("OneCycleLR total=33 three_phase linear momentum 0.8..0.99 adam", "OneCycleLR", "adam", 1e-3,
                          {"max_lr": 0.003, "total_steps": 33, "three_phase": True, "anneal_strategy": "linear",
                           "base_momentum": 0.8, "max_momentum": 0.99}, 33))
    cases.append(run_case("OneCycleLR total=30 no momentum cycling sgd", "OneCycleLR", "sgd", 0.1,
                          {"max_lr": 0.2, "total_steps": 30, "cycle_momentum": False, "pct_start": 0.5}, 30))
    cases.append(run_case("OneCycleLR total=25 pct=0.02 (empty first phase) sgd", "OneCycleLR", "sgd", 0.1,
                          {"max_lr": 0.2, "total_steps": 25, "pct_start": 0.02}, 25))
    # ReduceLROnPlateau
    mn = plateau_metrics(1, 60, "min")
    mx = plateau_metrics(2, 60, "max")
    cases.append(run_case("ReduceLROnPlateau min rel defaults patience=2 sgd", "ReduceLROnPlateau", "sgd", 0.1,
                          {"mode": "min", "patience": 2}, 60, metrics=mn))
    cases.append(run_case("ReduceLROnPlateau min rel threshold=1e-2 patience=1 cooldown=2 sgd", "ReduceLROnPlateau", "sgd", 0.1,
                          {"mode": "min", "patience": 1, "threshold": 1e-2, "cooldown": 2, "factor": 0.5}, 60, metrics=mn))
    cases.append(run_case("ReduceLROnPlateau min abs threshold=0.01 patience=0 min_lr=0.01 sgd", "ReduceLROnPlateau", "sgd", 0.1,
                          {"mode": "min", "threshold_mode": "abs", "threshold": 0.01, "patience": 0, "factor": 0.5,
                           "min_lr": 0.01}, 60, metrics=mn))
    cases.append(run_case("ReduceLROnPlateau max rel patience=3 factor=0.3 adam", "ReduceLROnPlateau", "adam", 1e-3,
                          {"mode": "max", "patience": 3, "factor": 0.3}, 60, metrics=mx))
    cases.append(run_case("ReduceLROnPlateau max abs threshold=5e-3 patience=1 cooldown=1 min_lr=2e-4 adam", "ReduceLROnPlateau", "adam", 1e-3,
                          {"mode": "max", "threshold_mode": "abs", "threshold": 5e-3, "patience": 1, "cooldown": 1,
                           "factor": 0.5, "min_lr": 2e-4}, 60, metrics=mx))
    cases.append(run_case("ReduceLROnPlateau eps=1e-3 blocks small reductions sgd", "ReduceLROnPlateau", "sgd", 0.01,
                          {"mode": "min", "patience": 0, "factor": 0.5, "eps": 1e-3}, 30, metrics=mn))
    # Chained: several schedulers on one optimizer (the recursive forms read the current lr)
    cases.append(run_case("Chained StepLR(5,0.5) then ExponentialLR(0.95) sgd", "StepLR", "sgd", 0.1, {"step_size": 5, "gamma": 0.5}, 30,
                          chain=[{"scheduler": "ExponentialLR", "args": {"gamma": 0.95}}]))
    cases.append(run_case("Chained CosineAnnealingLR(10) then MultiStepLR([8,16]) sgd", "CosineAnnealingLR", "sgd", 0.1, {"T_max": 10}, 30,
                          chain=[{"scheduler": "MultiStepLR", "args": {"milestones": [8, 16], "gamma": 0.5}}]))

    doc = {"format": FORMAT, "version": VERSION, "torch": torch.__version__, "cases": cases}
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "scheduler_goldens.json")
    fd, tmp = tempfile.mkstemp(prefix="scheduler_goldens.json.tmp-", dir=here)
    with os.fdopen(fd, "w") as f:
        json.dump(doc, f, indent=1, allow_nan=False)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.chmod(tmp, 0o644)
    os.replace(tmp, out)
    print("wrote %d cases to %s" % (len(cases), out), file=sys.stderr)


if __name__ == "__main__":
    main()

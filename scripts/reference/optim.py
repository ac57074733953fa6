"""Reference trajectories of optimizers and learning-rate schedules, computed by PyTorch.

Run: /usr/bin/python3 scripts/reference/optim.py > test/golden/optim.json

Optimizers: a small least-squares problem, loss = mean((X @ w + v - y) ** 2) with fixed X, y and
starting parameters w0 (3x2) and v0 (2), is minimised for STEPS steps by each optimizer and option
combination, in float64 and float32; the parameters after every step are recorded. Options are
written with perceptron's (camelCase) names and translated to PyTorch's here, so the test builds
its optimizer straight from the JSON. A case with "groups" puts w and v in two parameter groups,
each with its own overrides.

Schedules: two parameter groups (lr 0.1 and 0.5) stepped by each scheduler; the learning rates of
both groups are recorded after construction and after every scheduler.step().
"""
import json
import re
import warnings

import torch

# SequentialLR steps the next schedule with step(0) at a milestone, which PyTorch 1.13 warns about.
warnings.filterwarnings("ignore", message="The epoch parameter")

STEPS = 5
X = [[1.0, 2.0, -1.0], [0.5, -1.5, 2.0], [-2.0, 0.5, 1.0], [1.5, 1.0, 0.5]]
Y = [[1.0, -1.0], [0.0, 2.0], [-1.5, 0.5], [2.0, 1.0]]
W0 = [[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]]
V0 = [0.05, -0.1]

OPTIMIZER_CASES = [
    # name, optimizer, options (perceptron names), per-group overrides for [w] and [v] (or None)
    ("SGD plain", "SGD", {"lr": 0.05}, None),
    ("SGD momentum", "SGD", {"lr": 0.05, "momentum": 0.9}, None),
    ("SGD momentum dampening", "SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3}, None),
    ("SGD nesterov", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}, None),
    ("SGD weight decay", "SGD", {"lr": 0.05, "weightDecay": 0.1}, None),
    ("SGD momentum weight decay maximize", "SGD", {"lr": 0.01, "momentum": 0.5, "weightDecay": 0.2, "maximize": True}, None),
    ("SGD param groups", "SGD", {"lr": 0.05, "momentum": 0.9}, [{"lr": 0.02}, {"momentum": 0.5, "weightDecay": 0.1}]),
    ("Adam", "Adam", {"lr": 0.01}, None),
    ("Adam betas eps", "Adam", {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-6}, None),
    ("Adam weight decay", "Adam", {"lr": 0.01, "weightDecay": 0.1}, None),
    ("Adam amsgrad", "Adam", {"lr": 0.05, "amsgrad": True}, None),
    ("Adam maximize", "Adam", {"lr": 0.01, "maximize": True}, None),
    ("AdamW", "AdamW", {"lr": 0.01}, None),
    ("AdamW weight decay amsgrad", "AdamW", {"lr": 0.05, "weightDecay": 0.5, "amsgrad": True}, None),
    ("AdamW param groups", "AdamW", {"lr": 0.01}, [{"weightDecay": 0.0}, {"lr": 0.1, "betas": [0.5, 0.9]}]),
]

SCHEDULE_LRS = [0.1, 0.5]
SCHEDULE_STEPS = 14


def snake(name):
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def torch_options(options):
    return {snake(k): tuple(v) if isinstance(v, list) else v for k, v in options.items()}


def trajectory(optimizer_name, options, groups, dtype):
    X_t, Y_t = torch.tensor(X, dtype=dtype), torch.tensor(Y, dtype=dtype)
    w = torch.tensor(W0, dtype=dtype, requires_grad=True)
    v = torch.tensor(V0, dtype=dtype, requires_grad=True)
    params = [w, v] if groups is None else [{"params": [p], **torch_options(g)} for p, g in zip([w, v], groups)]
    opt = getattr(torch.optim, optimizer_name)(params, **torch_options(options))
    steps = []
    for _ in range(STEPS):
        opt.zero_grad()
        ((X_t @ w + v - Y_t) ** 2).mean().backward()
        opt.step()
        steps.append({"w": w.detach().tolist(), "v": v.detach().tolist()})
    return steps


def schedule_cases():
    def optimizer():
        w = torch.zeros(2, requires_grad=True, dtype=torch.float64)
        v = torch.zeros(2, requires_grad=True, dtype=torch.float64)
        return torch.optim.SGD([{"params": [w], "lr": SCHEDULE_LRS[0]}, {"params": [v], "lr": SCHEDULE_LRS[1]}], lr=1.0)

    S = torch.optim.lr_scheduler
    cases = [
        ("StepLR", {"stepSize": 3, "gamma": 0.5}, lambda o: S.StepLR(o, step_size=3, gamma=0.5)),
        ("StepLR default gamma", {"stepSize": 2}, lambda o: S.StepLR(o, step_size=2)),
        ("CosineAnnealingLR", {"tMax": 5, "etaMin": 0.01}, lambda o: S.CosineAnnealingLR(o, T_max=5, eta_min=0.01)),
        ("CosineAnnealingLR default etaMin", {"tMax": 10}, lambda o: S.CosineAnnealingLR(o, T_max=10)),
        ("LinearLR", {"startFactor": 0.25, "endFactor": 1.0, "totalIters": 4}, lambda o: S.LinearLR(o, start_factor=0.25, total_iters=4)),
        ("LinearLR decay", {"startFactor": 1.0, "endFactor": 0.1, "totalIters": 6}, lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=6)),
        # warmup(optimizer, {warmupSteps, startFactor}) is LinearLR up to 1 over warmupSteps...
        ("warmup", {"warmupSteps": 4, "startFactor": 0.1}, lambda o: S.LinearLR(o, start_factor=0.1, total_iters=4)),
        # ...and, with a schedule to hand over to, SequentialLR([LinearLR, then], milestones=[warmupSteps]).
        ("warmup then CosineAnnealingLR", {"warmupSteps": 3, "startFactor": 0.2, "then": {"tMax": 6, "etaMin": 0.001}},
         lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.2, total_iters=3), S.CosineAnnealingLR(o, T_max=6, eta_min=0.001)], milestones=[3])),
        ("warmup then StepLR", {"warmupSteps": 2, "startFactor": 0.5, "then": {"stepSize": 3, "gamma": 0.1}},
         lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.5, total_iters=2), S.StepLR(o, step_size=3, gamma=0.1)], milestones=[2])),
    ]
    out = []
    for name, options, make in cases:
        opt = optimizer()
        scheduler = make(opt)
        lrs = [scheduler.get_last_lr()]
        for _ in range(SCHEDULE_STEPS):
            opt.step()
            scheduler.step()
            lrs.append(scheduler.get_last_lr())
            assert lrs[-1] == [g["lr"] for g in opt.param_groups]
        out.append({"name": name, "options": options, "lrs": lrs})
    return out


def main():
    cases = []
    for name, optimizer_name, options, groups in OPTIMIZER_CASES:
        for dtype_name, dtype in (("float64", torch.float64), ("float32", torch.float32)):
            case = {"name": name, "optimizer": optimizer_name, "options": options, "dtype": dtype_name}
            if groups is not None:
                case["groups"] = groups
            case["steps"] = trajectory(optimizer_name, options, groups, dtype)
            cases.append(case)
    header = {
        "generatedBy": "scripts/reference/optim.py",
        "torchVersion": torch.__version__,
        "loss": "mean((X @ w + v - y) ** 2)",
        "problem": {"X": X, "y": Y, "w0": W0, "v0": V0},
        "scheduleLrs": SCHEDULE_LRS,
    }
    lines = [json.dumps(c) for c in cases]
    schedules = [json.dumps(s) for s in schedule_cases()]
    print(json.dumps(header)[:-1] + ', "cases": [\n' + ",\n".join(lines) + '\n], "schedules": [\n' + ",\n".join(schedules) + "\n]}")


if __name__ == "__main__":
    main()

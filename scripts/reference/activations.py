#!/usr/bin/env python3
"""PyTorch reference values for perceptron's activation table.

Writes test/golden/activations.json: for every activation (with its PyTorch defaults and a few
other parameter sets) the value y and the gradient dy/dx on a grid of x that contains every kink
exactly, tiny and huge inputs, in float64 and float32. The gradient is torch.autograd's, from
y.sum().backward(), so it carries PyTorch's choice at the kinks; each x runs in a one-element
tensor, and where the whole grid as one tensor disagrees (PyTorch's SIMD code), the case records it
under "pathDependent". softmax and log_softmax (dim=-1)
on small 2-D inputs come with w and the gradient of (y * w).sum().

"kinks" holds, for every activation whose kink or linear piece involves an option or constant
(KINKS), the inputs at and within two ulps of each kink in the case's dtype, the float32 ones also
in float64 for contrast, and a few points on the pieces beside, with y and the gradient of
(y * w).sum(). With options that float32 cannot hold (lambd = 0.4), these tell PyTorch's float32
kernels, which round the option to float32 and compare and multiply in float32, from a float64
option: hardshrink(-0.4f, 0.4) is 0 in PyTorch. "smooth" lists the points on an exp/log piece,
where PyTorch's own float32 exp rounds differently from ours; the rest are exact.

The activations come from the library's table itself (`perceptron activations --json`), so a new
entry gets its reference values here without being listed again; only parameter sets beyond
PyTorch's defaults are this script's own (PARAMETER_SETS). Each case's "torchCall" is the exact
expression evaluated here (with x the input tensor), so the golden file says what produced it.
"defaults" and "required" are read from the signatures of the torch.nn module classes, not typed
in by hand, and checked against the table's.

The library never runs this; it only reads the JSON. Regenerate after a build, with torch 1.13
(e.g. Debian's python3-torch):
    npm run build && /usr/bin/python3 scripts/reference/activations.py
"""

import inspect
import json
import math
import re
import subprocess
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test" / "golden" / "activations.json"

# One grid for every elementwise case: the kinks of all entries and their non-default parameter
# sets (0, ±0.5, ±1, ±2, ±3, 6, the softplus threshold at beta·x = threshold: x = 5 for beta 2,
# x = 20 for beta 1, x = 40 for beta 0.5), points just beside them, tiny and huge inputs.
POSITIVE = [1e-8, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.99, 5.0, 6.0, 19.9, 20.0, 20.1, 40.0, 50.0,
            1000.0, 1e30]
GRID = sorted([0.0] + POSITIVE + [-v for v in POSITIVE])

# The activations to run are the table's own (src/activation/table.ts), as the built CLI prints it:
# names, PyTorch names, options with their defaults and the options PyTorch has no default for.
TABLE = json.loads(subprocess.run(
    ["node", str(ROOT / "dist" / "src" / "cli" / "main.js"), "activations", "--json"],
    check=True, capture_output=True, text=True).stdout)

# Parameter sets beyond each entry's defaults (camelCase): each moves a kink or changes a branch.
# An entry with options PyTorch has no default for (threshold) runs only with the sets given here.
PARAMETER_SETS = {
    "leakyRelu": [{"negativeSlope": 0.2}],
    "prelu": [{"weight": -0.1}],
    "elu": [{"alpha": 0.5}],
    "celu": [{"alpha": 2.0}],
    "gelu": [{"approximate": "tanh"}],
    "softplus": [{"beta": 2, "threshold": 10}, {"beta": 0.5, "threshold": 20}],
    "hardtanh": [{"minVal": -2.0, "maxVal": 2.0}, {"minVal": -0.5, "maxVal": 3.0}],
    "softshrink": [{"lambd": 1.0}],
    "hardshrink": [{"lambd": 1.0}],
    "threshold": [{"threshold": 0.5, "value": -1.0}, {"threshold": -2.0, "value": 20.0}],
}

# F.sigmoid and F.tanh are deprecated aliases of these.
TORCH_NAMESPACE = {"sigmoid", "tanh"}


def snake(camel_name):
    return re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), camel_name)


def torch_call(entry, params):
    """The exact torch expression for an entry and a parameter set; None for PyTorch's defaults."""
    if entry["name"] == "prelu":
        # F.prelu has no default weight: it is a tensor, here of nn.PReLU's one-value shape.
        weight = entry["defaults"]["weight"] if params is None else params["weight"]
        return f"F.prelu(x, torch.full((1,), {weight!r}, dtype=x.dtype))"
    namespace = "torch" if entry["torchName"] in TORCH_NAMESPACE else "F"
    keywords = "".join(f", {snake(k)}={v!r}" for k, v in (params or {}).items())
    return f"{namespace}.{entry['torchName']}(x{keywords})"


def elementwise_specs():
    """(table name, nn class, params in camelCase, exact torch call) for every case to run: first
    PyTorch's defaults (no keyword arguments), where the entry can run without options, then the
    sets of PARAMETER_SETS."""
    specs = []
    for entry in TABLE:
        sets = PARAMETER_SETS.get(entry["name"], [])
        if entry["required"] and not sets:
            raise SystemExit(f"{entry['name']} has options without a default ({', '.join(entry['required'])}): "
                             f"give it a parameter set in PARAMETER_SETS")
        if not entry["required"]:
            specs.append((entry["name"], entry["moduleName"], entry["defaults"], torch_call(entry, None)))
        for params in sets:
            specs.append((entry["name"], entry["moduleName"], params, torch_call(entry, params)))
    return specs


ELEMENTWISE = elementwise_specs()

# Module constructor arguments that are not activation parameters.
NOT_PARAMS = {"self", "inplace", "num_parameters", "device", "dtype", "min_value", "max_value"}
# PReLU's `init` is the initial value of its learnable weight; the table calls it `weight`.
RENAMED = {"init": "weight"}

ROWWISE = [
    ("softmax", "Softmax", "torch.softmax(x, dim=-1)"),
    ("logSoftmax", "LogSoftmax", "torch.log_softmax(x, dim=-1)"),
]
ROWWISE_INPUTS = [
    # (x, w): w weights the output so that the gradient of (y * w).sum() is not trivially zero.
    ([[1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]],
     [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]),
    ([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -1000.0], [1000.0, 1000.0, 999.0]],
     [[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0], [0.3, -0.2, 0.7]]),
    ([[0.0, 1e-8, -0.5, 2.5], [20.0, -20.0, 0.1, 0.0]],
     [[-0.5, 1.25, 3.0, -2.0], [0.75, 1.0, -1.5, 0.5]]),
]

DTYPES = [("float64", torch.float64), ("float32", torch.float32)]

# Kinks whose place or pieces depend on an option or constant: (table name, params, the kinks
# as doubles, which points lie on a smooth (exp/log) piece, given x and the params as torch
# computes in x's dtype: the ELU family's x <= 0 is its exp branch, where even the slope at 0 is
# a chain of float32 products with the upstream gradient). The options are ones float32 cannot
# hold, except where torch's defaults are the point (leakyRelu's 0.01, SELU's constants, relu6's
# 0 and 6); with celu's 0.03, torch's float32 gradient at 0, the chain w · (1/alpha) · alpha,
# is not w (1.3000001 for w = 1.3).
KINKS = [
    ("leakyRelu", {}, [0.0], None),
    ("leakyRelu", {"negativeSlope": 0.2}, [0.0], None),
    ("prelu", {"weight": 0.3}, [0.0], None),
    ("elu", {"alpha": 0.3}, [0.0], lambda x, p: x <= 0),
    ("celu", {"alpha": 0.3}, [0.0], lambda x, p: x <= 0),
    ("celu", {"alpha": 0.03}, [0.0], lambda x, p: x <= 0),
    ("selu", {}, [0.0], lambda x, p: x <= 0),
    ("softplus", {"beta": 3.0, "threshold": 1.0}, [1.0 / 3.0], lambda x, p: x * p["beta"] <= p["threshold"]),
    ("softplus", {"beta": 0.3, "threshold": 2.0}, [2.0 / 0.3], lambda x, p: x * p["beta"] <= p["threshold"]),
    ("hardtanh", {"minVal": -0.4, "maxVal": 0.7}, [-0.4, 0.7], None),
    ("relu6", {}, [0.0, 6.0], None),
    ("softshrink", {"lambd": 0.4}, [-0.4, 0.4], None),
    ("hardshrink", {"lambd": 0.4}, [-0.4, 0.4], None),
    ("hardshrink", {"lambd": 0.3}, [-0.3, 0.3], None),
    ("threshold", {"threshold": 0.4, "value": -1.1}, [0.4], None),
]
# Points on the pieces beside the kinks, where float32 products and differences with an option
# round differently from float64 ones (leaky_relu(-0.7f) is -0.7f · 0.01f in float32).
PIECES = [-5.3, -2.7, -1.1, -0.7, -0.3, 0.3, 0.7, 1.1, 2.7, 5.3]
# The upstream gradient w, cycled over the points: the gradient is w or w times a slope.
UPSTREAM = [1.0, -0.7, 1.3, 2.9, -3.1]


def camel(snake):
    head, *rest = snake.split("_")
    return head + "".join(part.capitalize() for part in rest)


def torch_options(module_name):
    """The torch.nn class's options, camelCase: (defaults, the names of those without a default)."""
    signature = inspect.signature(getattr(nn, module_name).__init__)
    options = [p for p in signature.parameters.values() if p.name not in NOT_PARAMS]
    name = lambda p: camel(RENAMED.get(p.name, p.name))
    defaults = {name(p): p.default for p in options if p.default is not inspect.Parameter.empty}
    required = [name(p) for p in options if p.default is inspect.Parameter.empty]
    return defaults, required


def as_json_number(value, dtype_name):
    """float64 as Python's shortest repr; float32 as the shortest decimal that rounds to the same
    float32 (so JavaScript's Math.fround recovers it exactly)."""
    if dtype_name == "float32":
        return float(str(np.float32(value)))
    return float(value)


def run(call, x_values, dtype, w_values=None):
    function = eval("lambda x: " + call)  # the call string is exactly what runs
    x = torch.tensor(x_values, dtype=dtype, requires_grad=True)
    y = function(x)
    loss = y.sum() if w_values is None else (y * torch.tensor(w_values, dtype=dtype)).sum()
    loss.backward()
    return x.detach(), y.detach(), x.grad


def differ(a, b, dtype_name):
    tolerance = 1e-12 if dtype_name == "float64" else 1e-6
    return not (a == b or abs(a - b) <= tolerance * (1 + abs(b)))


def elementwise_cases():
    """The reference values come from one-element tensors, which run the scalar code of each CPU
    kernel. The whole grid is also run as one tensor, which sends most elements through the
    SIMD code instead; where that gives another answer (hardswish'(3) is 1 there, 3/2 in the
    scalar code and on CUDA), the batch value is recorded under "pathDependent"."""
    cases = []
    for name, module_name, params, call in ELEMENTWISE:
        for dtype_name, dtype in DTYPES:
            _, batch_y, batch_grad = run(call, GRID, dtype)
            kept, omitted, path_dependent = [], [], []
            for i, x in enumerate(GRID):
                x_tensor, y, grad = run(call, [x], dtype)
                values = (x_tensor.item(), y.item(), grad.item())
                if not all(math.isfinite(v) for v in values):
                    # Recorded, not hidden: the tests still require finite values from the table here.
                    omitted.append({"x": x, "torchY": repr(values[1]), "torchGrad": repr(values[2])})
                    print(f"omitted {call} {dtype_name} x={x!r}: y={values[1]!r} grad={values[2]!r}")
                    continue
                kept.append(values)
                batch = (batch_y[i].item(), batch_grad[i].item())
                if any(differ(b, v, dtype_name) for b, v in zip(batch, values[1:])):
                    path_dependent.append({"x": as_json_number(x, dtype_name),
                                           "batchY": as_json_number(batch[0], dtype_name),
                                           "batchGrad": as_json_number(batch[1], dtype_name)})
                    print(f"path dependent {call} {dtype_name} x={x!r}: one element gives "
                          f"{values[1:]!r}, the whole grid {batch!r}")
            case = {"name": name, "module": module_name, "params": params, "dtype": dtype_name,
                    "torchCall": call, "loss": "y.sum()"}
            for key, column in zip(("x", "y", "grad"), zip(*kept)):
                case[key] = [as_json_number(v, dtype_name) for v in column]
            if omitted:
                case["omitted"] = omitted
            if path_dependent:
                case["pathDependent"] = path_dependent
            cases.append(case)
    return cases


def neighbours(value, dtype, steps=2):
    """value rounded to dtype and the `steps` representable numbers either side of it."""
    v = np.array(value, dtype=dtype)
    below, above = [v], [v]
    for _ in range(steps):
        below.insert(0, np.nextafter(below[0], dtype(-np.inf)))
        above.append(np.nextafter(above[-1], dtype(np.inf)))
    return [float(x) for x in below[:-1] + above]


def kink_cases():
    """The kinks of KINKS in each dtype: float32 inputs at and near each kink (and those very
    inputs in float64), float64 inputs at and near the double kink, the points of PIECES."""
    entries = {entry["name"]: entry for entry in TABLE}
    cases = []
    for name, params, kinks, smooth in KINKS:
        entry = entries[name]
        call = torch_call(entry, params)
        near32 = [x for k in kinks for x in neighbours(k, np.float32)]
        near64 = [x for k in kinks for x in neighbours(k, np.float64)]
        for dtype_name, dtype in DTYPES:
            candidates = near32 + PIECES + (near64 if dtype_name == "float64" else [])
            points = sorted({torch.tensor(v, dtype=dtype).item() for v in candidates})
            w = [UPSTREAM[i % len(UPSTREAM)] for i in range(len(points))]
            x, y, grad = run(call, points, dtype, w)
            on_smooth = smooth(x, params) if smooth else torch.zeros_like(x, dtype=torch.bool)
            to_json = lambda t: [as_json_number(v, dtype_name) for v in t.tolist()]
            cases.append({"name": name, "module": entry["moduleName"], "params": params, "dtype": dtype_name,
                          "torchCall": call, "loss": "(y * w).sum()", "kinks": kinks,
                          "x": to_json(x), "w": to_json(torch.tensor(w, dtype=dtype)), "y": to_json(y),
                          "grad": to_json(grad), "smooth": [i for i, s in enumerate(on_smooth.tolist()) if s]})
    return cases


def rowwise_cases():
    cases = []
    for name, module_name, call in ROWWISE:
        for x_values, w_values in ROWWISE_INPUTS:
            for dtype_name, dtype in DTYPES:
                x, y, grad = run(call, x_values, dtype, w_values)
                to_json = lambda t: [[as_json_number(v, dtype_name) for v in row] for row in t.tolist()]
                cases.append({"name": name, "module": module_name, "params": {"dim": -1},
                              "dtype": dtype_name, "torchCall": call, "loss": "(y * w).sum()",
                              "x": to_json(x), "w": to_json(torch.tensor(w_values, dtype=dtype)),
                              "y": to_json(y), "grad": to_json(grad)})
    return cases


def main():
    defaults, required = {}, {}
    for entry in TABLE:
        name = entry["name"]
        defaults[name], required[name] = torch_options(entry["moduleName"])
        # The table's options are PyTorch's; the tests compare the values (the table's 1 is torch's 1.0).
        assert set(entry["defaults"]) == set(defaults[name]), (name, entry["defaults"], defaults[name])
        assert entry["required"] == required[name], (name, entry["required"], required[name])

    document = {
        "generatedBy": "scripts/reference/activations.py",
        "torchVersion": torch.__version__,
        "note": "float32 numbers are the shortest decimals that round to the same float32; "
                "grad is d(loss)/dx by torch.autograd",
        "grid": GRID,
        "defaults": defaults,
        "required": required,
        "cases": elementwise_cases() + rowwise_cases(),
        "kinks": kink_cases(),
    }
    # One case per line group: compact, yet a diff shows which case changed.
    text = json.dumps(document, indent=1)
    text = re.sub(r"\[\s+([^\[\]{}]*?)\s+\]",
                  lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]", text)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text + "\n")
    print(f"wrote {OUT} ({len(document['cases'])} cases, torch {torch.__version__})")


if __name__ == "__main__":
    main()

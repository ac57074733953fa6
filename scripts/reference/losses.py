#!/usr/bin/env python3
"""PyTorch reference values and gradients for perceptron's losses (src/nn/losses.ts).

Writes test/golden/losses.json. Each case: a loss with its options, named inputs, the loss value,
and the gradient of sum(value * w) with respect to every floating-point input (w a fixed weight of
the value's shape, linspace(0.5, 1.5), so the gradients of 'none' are not trivially ones). Every
case runs in float64 and in float32 on the same input numbers.

Covered: softmax cross-entropy (each reduction, label smoothing, logits of +-1000, a single example
of shape (C), leading axes with the classes last), the book's squared loss, MSE, binary
cross-entropy with logits (pos_weight, logits of +-1000), Huber (differences exactly at +-delta).

The library never runs this; it only reads the JSON. Regenerate with torch 1.13:
    /usr/bin/python3 scripts/reference/losses.py
"""

import json
from pathlib import Path

import torch
import torch.nn.functional as F

OUT = Path(__file__).resolve().parents[2] / "test" / "golden" / "losses.json"

torch.manual_seed(0)


def rounded(*shape, scale=1.0):
    """Random inputs with 4 decimals, so the JSON holds short numbers."""
    return (torch.randn(*shape, dtype=torch.float64) * scale * 1e4).round().div(1e4).tolist()


SMALL_LOGITS = rounded(4, 5, scale=2.0)
SMALL_LABELS = [0, 3, 4, 1]
LARGE_LOGITS = [[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0], [1000.0, 1000.0, -1000.0], [-1000.0, -1000.0, -1000.0]]
LARGE_LABELS = [1, 2, 0, 2]
LEADING_LOGITS = rounded(2, 3, 4)
LEADING_LABELS = [[0, 3, 1], [2, 2, 0]]
REGRESSION_PREDICTION = rounded(3, 4)
REGRESSION_TARGET = rounded(3, 4)
BCE_LOGITS = rounded(3, 4, scale=2.0)
BCE_TARGETS = [[0.0, 1.0, 0.3, 1.0], [1.0, 0.0, 0.5, 0.9], [0.0, 0.2, 1.0, 0.0]]
BCE_LARGE_LOGITS = [[1000.0, -1000.0, 1000.0], [-1000.0, 0.0, 999.0]]
BCE_LARGE_TARGETS = [[1.0, 0.0, 0.0], [1.0, 0.3, 0.7]]
# Differences ŷ − y of 0, ±0.25, ±0.5, ±1 (the kinks for delta 0.5 and 1), ±2.5, ±4.
HUBER_PREDICTION = [[1.0, 1.25, 0.5, 2.0, -1.5], [3.0, -3.0, 0.75, 0.0, 4.5]]
HUBER_TARGET = [[1.0, 1.0, 1.0, 1.0, 1.0], [0.5, 1.0, 1.0, 1.0, 0.5]]

# name, loss (our function), options (camelCase, as passed to it), inputs, torch call (a, b: the inputs)
CASES = []


def case(name, loss, options, inputs, torch_call):
    CASES.append((name, loss, options, inputs, torch_call))


for reduction in ["mean", "sum", "none"]:
    case(f"cross-entropy {reduction}", "softmaxCrossEntropy", {"reduction": reduction},
         {"logits": SMALL_LOGITS, "labels": SMALL_LABELS}, f"F.cross_entropy(a, b, reduction='{reduction}')")
    case(f"cross-entropy {reduction} label smoothing 0.1", "softmaxCrossEntropy", {"reduction": reduction, "labelSmoothing": 0.1},
         {"logits": SMALL_LOGITS, "labels": SMALL_LABELS}, f"F.cross_entropy(a, b, reduction='{reduction}', label_smoothing=0.1)")
case("cross-entropy label smoothing 1", "softmaxCrossEntropy", {"labelSmoothing": 1.0},
     {"logits": SMALL_LOGITS, "labels": SMALL_LABELS}, "F.cross_entropy(a, b, label_smoothing=1.0)")
for reduction in ["mean", "none"]:
    case(f"cross-entropy logits +-1000 {reduction}", "softmaxCrossEntropy", {"reduction": reduction},
         {"logits": LARGE_LOGITS, "labels": LARGE_LABELS}, f"F.cross_entropy(a, b, reduction='{reduction}')")
    case(f"cross-entropy logits +-1000 {reduction} label smoothing 0.2", "softmaxCrossEntropy",
         {"reduction": reduction, "labelSmoothing": 0.2},
         {"logits": LARGE_LOGITS, "labels": LARGE_LABELS}, f"F.cross_entropy(a, b, reduction='{reduction}', label_smoothing=0.2)")
case("cross-entropy single example", "softmaxCrossEntropy", {},
     {"logits": [0.5, -1.2, 2.0, 0.1], "labels": 2}, "F.cross_entropy(a, b)")
# Ours has the classes last; PyTorch's at axis 1: the same loss once the axes are moved.
case("cross-entropy leading axes none", "softmaxCrossEntropy", {"reduction": "none"},
     {"logits": LEADING_LOGITS, "labels": LEADING_LABELS}, "F.cross_entropy(a.permute(0, 2, 1), b, reduction='none')")
case("cross-entropy leading axes mean smoothing", "softmaxCrossEntropy", {"labelSmoothing": 0.3},
     {"logits": LEADING_LOGITS, "labels": LEADING_LABELS}, "F.cross_entropy(a.permute(0, 2, 1), b, label_smoothing=0.3)")

case("squared loss (N, 1) against (N)", "squaredLoss", {},
     {"yHat": [[1.5], [-0.5], [2.25], [0.0]], "y": [1.0, 0.5, 3.0, -0.75]}, "(a - b.reshape(a.shape)) ** 2 / 2")
for reduction in ["mean", "sum", "none"]:
    case(f"mse {reduction}", "mseLoss", {"reduction": reduction},
         {"yHat": REGRESSION_PREDICTION, "y": REGRESSION_TARGET}, f"F.mse_loss(a, b, reduction='{reduction}')")
    case(f"bce with logits {reduction}", "binaryCrossEntropyWithLogits", {"reduction": reduction},
         {"logits": BCE_LOGITS, "targets": BCE_TARGETS}, f"F.binary_cross_entropy_with_logits(a, b, reduction='{reduction}')")
for reduction in ["mean", "none"]:
    case(f"bce with logits posWeight per class {reduction}", "binaryCrossEntropyWithLogits",
         {"reduction": reduction, "posWeight": [0.5, 1.0, 2.0, 3.0]}, {"logits": BCE_LOGITS, "targets": BCE_TARGETS},
         f"F.binary_cross_entropy_with_logits(a, b, reduction='{reduction}', pos_weight=t([0.5, 1.0, 2.0, 3.0]))")
    case(f"bce with logits +-1000 {reduction}", "binaryCrossEntropyWithLogits", {"reduction": reduction},
         {"logits": BCE_LARGE_LOGITS, "targets": BCE_LARGE_TARGETS},
         f"F.binary_cross_entropy_with_logits(a, b, reduction='{reduction}')")
case("bce with logits posWeight number", "binaryCrossEntropyWithLogits", {"posWeight": 2.5},
     {"logits": BCE_LOGITS, "targets": BCE_TARGETS}, "F.binary_cross_entropy_with_logits(a, b, pos_weight=t([2.5]))")
case("bce with logits +-1000 posWeight", "binaryCrossEntropyWithLogits", {"reduction": "none", "posWeight": 4.0},
     {"logits": BCE_LARGE_LOGITS, "targets": BCE_LARGE_TARGETS},
     "F.binary_cross_entropy_with_logits(a, b, reduction='none', pos_weight=t([4.0]))")
for reduction in ["mean", "sum", "none"]:
    case(f"huber delta 1 {reduction}", "huberLoss", {"reduction": reduction},
         {"yHat": HUBER_PREDICTION, "y": HUBER_TARGET}, f"F.huber_loss(a, b, reduction='{reduction}')")
case("huber delta 0.5 none", "huberLoss", {"reduction": "none", "delta": 0.5},
     {"yHat": HUBER_PREDICTION, "y": HUBER_TARGET}, "F.huber_loss(a, b, reduction='none', delta=0.5)")
case("huber delta 2.5 mean", "huberLoss", {"delta": 2.5},
     {"yHat": HUBER_PREDICTION, "y": HUBER_TARGET}, "F.huber_loss(a, b, delta=2.5)")


def run(name, loss, options, inputs, torch_call, dtype):
    tensors = {}
    for key, values in inputs.items():
        if key == "labels":
            tensors[key] = torch.tensor(values, dtype=torch.int64)
        else:
            tensors[key] = torch.tensor(values, dtype=dtype).requires_grad_()
    t = lambda values: torch.tensor(values, dtype=dtype)  # noqa: E731 (used by the torch calls)
    a, b = tensors.values()
    out = eval(torch_call, {"F": F, "torch": torch, "a": a, "b": b, "t": t})
    w = torch.linspace(0.5, 1.5, out.numel(), dtype=dtype).reshape(out.shape)
    (out * w).sum().backward()
    return {
        "name": name,
        "loss": loss,
        "options": options,
        "dtype": str(dtype).replace("torch.", ""),
        "torchCall": torch_call,
        "inputs": inputs,
        "value": out.detach().tolist(),
        "shape": list(out.shape),
        "weight": w.tolist(),
        "grads": {k: v.grad.tolist() for k, v in tensors.items() if v.requires_grad},
    }


def main():
    cases = [run(*c, dtype) for dtype in (torch.float64, torch.float32) for c in CASES]
    header = {"generatedBy": "scripts/reference/losses.py", "torchVersion": torch.__version__}
    body = ",\n".join(json.dumps(c) for c in cases)
    OUT.write_text(json.dumps(header)[:-1] + ', "cases": [\n' + body + "\n]}\n")


if __name__ == "__main__":
    main()

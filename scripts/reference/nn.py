#!/usr/bin/env python3
"""PyTorch reference values for perceptron's nn layer (src/nn): Linear and an MLP given PyTorch's
weights, and torch.nn.init.calculate_gain.

Writes test/golden/nn.json:
- "linear": torch.nn.Linear layers (2-D, batched 3-D and 1-D inputs, with and without bias), each
  with its state dict in PyTorch's layout (weight out × in), the input x, the output y and the
  gradients of sum(y * w) for x and every parameter (also in PyTorch's layout).
- "mlp": nn.Sequential(Linear(6, 5), ReLU(), Linear(5, 3)) with its state dict, an input batch and
  labels, the logits, F.cross_entropy(logits, labels) and the gradients of that loss.
- "gains": calculate_gain for each nonlinearity (PyTorch's snake_case names).
Linear and MLP cases run in float64 and float32.

The library never runs this; it only reads the JSON. Regenerate with torch 1.13:
    /usr/bin/python3 scripts/reference/nn.py
"""

import json
import math
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = Path(__file__).resolve().parents[2] / "test" / "golden" / "nn.json"


def state(module):
    return {k: v.tolist() for k, v in module.state_dict().items()}


def grads(module):
    return {k: p.grad.tolist() for k, p in module.named_parameters()}


def linear_case(name, in_features, out_features, x_shape, bias, dtype, seed):
    torch.manual_seed(seed)
    layer = nn.Linear(in_features, out_features, bias=bias).to(dtype)
    x = torch.randn(*x_shape, dtype=dtype).requires_grad_()
    y = layer(x)
    w = torch.linspace(0.5, 1.5, y.numel(), dtype=dtype).reshape(y.shape)
    (y * w).sum().backward()
    return {
        "name": name, "dtype": str(dtype).replace("torch.", ""), "inFeatures": in_features, "outFeatures": out_features,
        "bias": bias, "torchState": state(layer), "x": x.tolist(), "y": y.tolist(), "shape": list(y.shape),
        "weight": w.tolist(), "xGrad": x.grad.tolist(), "torchGrads": grads(layer),
    }


def mlp_case(dtype):
    torch.manual_seed(7)
    net = nn.Sequential(nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 3)).to(dtype)
    x = torch.randn(4, 6, dtype=dtype).requires_grad_()
    labels = torch.tensor([0, 2, 1, 2])
    logits = net(x)
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    return {
        "dtype": str(dtype).replace("torch.", ""), "sizes": [6, 5, 3], "torchState": state(net), "x": x.tolist(),
        "labels": labels.tolist(), "logits": logits.tolist(), "loss": loss.item(), "xGrad": x.grad.tolist(),
        "torchGrads": grads(net),
    }


GAINS = [("linear", None), ("sigmoid", None), ("tanh", None), ("relu", None), ("leaky_relu", None),
         ("leaky_relu", 0.2), ("leaky_relu", math.sqrt(5)), ("selu", None)]


def main():
    linear = []
    for dtype in (torch.float64, torch.float32):
        linear += [
            linear_case("2-D input", 4, 3, (5, 4), True, dtype, 1),
            linear_case("batched 3-D input", 4, 3, (2, 5, 4), True, dtype, 2),
            linear_case("1-D input", 4, 3, (4,), True, dtype, 3),
            linear_case("no bias", 3, 2, (4, 3), False, dtype, 4),
        ]
    golden = {
        "generatedBy": "scripts/reference/nn.py",
        "torchVersion": torch.__version__,
        "linear": linear,
        "mlp": [mlp_case(torch.float64), mlp_case(torch.float32)],
        "gains": [{"nonlinearity": n, "param": p, "gain": nn.init.calculate_gain(n, p)} for n, p in GAINS],
    }
    OUT.write_text(json.dumps(golden) + "\n")


if __name__ == "__main__":
    main()

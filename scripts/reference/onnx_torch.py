#!/usr/bin/env python3
"""ONNX files written by PyTorch, for the tests of perceptron's ONNX import.

Writes test/golden/onnx-torch.json: for each case, an nn.Sequential MLP exported by
torch.onnx.export (its TorchScript exporter, opset 17 unless the case says otherwise, dynamic
batch axis), the file's bytes in base64, a random input and PyTorch's output on it in eval mode.
The MLP is Flatten → Linear → activation → Dropout → Linear for every activation PyTorch can
export (nn.Threshold cannot be: torch 1.13 refuses it), with options other than the defaults where
the activation has any, so import has to read them; plus a Linear on 3-axis inputs (which PyTorch
writes as MatMul + Add) and an opset-13 file. "modules" lists the PyTorch classes of the
Sequential, which import must rebuild (less Dropout, which the exporter leaves out in eval mode).

The library never runs this; the test only reads the JSON. Regenerate with torch 1.13 (e.g.
Debian's python3-torch; no onnx package is needed):
    /usr/bin/python3 scripts/reference/onnx_torch.py
"""

import base64
import io
import json
from pathlib import Path

import torch
import torch.nn as nn

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test" / "golden" / "onnx-torch.json"

ACTIVATIONS = {
    "relu": nn.ReLU(),
    "sigmoid": nn.Sigmoid(),
    "tanh": nn.Tanh(),
    "leakyRelu": nn.LeakyReLU(negative_slope=0.2),
    "prelu": nn.PReLU(num_parameters=5, init=0.3),
    "elu": nn.ELU(alpha=0.7),
    "selu": nn.SELU(),
    "celu": nn.CELU(alpha=1.3),
    "gelu": nn.GELU(),
    "gelu-tanh": nn.GELU(approximate="tanh"),
    "silu": nn.SiLU(),
    "mish": nn.Mish(),
    "softplus": nn.Softplus(),
    "softplus-beta": nn.Softplus(beta=2.0),
    "softsign": nn.Softsign(),
    "hardtanh": nn.Hardtanh(min_val=-2.0, max_val=3.0),
    "hardsigmoid": nn.Hardsigmoid(),
    "hardswish": nn.Hardswish(),
    "relu6": nn.ReLU6(),
    "logSigmoid": nn.LogSigmoid(),
    "tanhshrink": nn.Tanhshrink(),
    "softshrink": nn.Softshrink(lambd=0.3),
    "hardshrink": nn.Hardshrink(lambd=0.4),
}


def export(model, x, opset):
    buffer = io.BytesIO()
    torch.onnx.export(
        model, x, buffer, opset_version=opset, input_names=["input"], output_names=["output"],
        dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
    )
    return buffer.getvalue()


def case(name, model, input_shape, opset=17):
    model.eval()
    x = torch.randn(*input_shape) * 2
    with torch.no_grad():
        y = model(x)
    return {
        "name": name,
        "torchModule": repr(model),
        "modules": [type(m).__name__ for m in model if not isinstance(m, nn.Dropout)],
        "opset": opset,
        "onnx": base64.b64encode(export(model, x, opset)).decode("ascii"),
        "inputShape": list(x.shape),
        "input": x.flatten().tolist(),
        "outputShape": list(y.shape),
        "output": y.flatten().tolist(),
    }


def main():
    torch.manual_seed(0)
    cases = [
        case(name, nn.Sequential(nn.Flatten(), nn.Linear(6, 5), activation, nn.Dropout(0.25), nn.Linear(5, 3)), (4, 2, 3))
        for name, activation in ACTIVATIONS.items()
    ]
    cases.append(case("matmul-add", nn.Sequential(nn.Linear(4, 3), nn.Tanh(), nn.Linear(3, 2)), (2, 5, 4)))
    cases.append(case("opset-13", nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)), (3, 4), opset=13))
    OUT.write_text(json.dumps({"torch": torch.__version__, "cases": cases}, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(cases)} cases")


if __name__ == "__main__":
    main()

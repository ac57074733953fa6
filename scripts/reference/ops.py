"""Reference values and gradients of tensor ops, computed by PyTorch in float64.

Run: /usr/bin/python3 scripts/reference/ops.py > test/golden/ops.json
Each case: named inputs, an expression, its value, and the gradient of sum(value * w) for every
input, with w a fixed weight so gradients are not trivially ones. These pin the conventions that
finite differences cannot see: ties, kinks, broadcasting, reductions and overflow-prone inputs.
"""
import json
import torch

torch.manual_seed(0)
D = torch.float64


def t(values):
    return torch.tensor(values, dtype=D)


CASES = [
    # name, inputs, expression (a Python lambda over the inputs)
    ("add broadcast row+col", {"a": [[1.0], [2.0], [3.0]], "b": [10.0, 20.0, 30.0, 40.0]}, lambda a, b: a + b),
    ("sub broadcast 3d", {"a": [[[1.0, 2.0]], [[3.0, 4.0]]], "b": [[0.5, -1.5], [2.0, 3.0], [1.0, 1.0]]}, lambda a, b: a - b),
    ("mul broadcast scalar-like", {"a": [[1.5, -2.0, 3.0]], "b": [[2.0], [-1.0]]}, lambda a, b: a * b),
    ("div broadcast", {"a": [[1.0, 2.0], [3.0, 4.0]], "b": [0.5, -4.0]}, lambda a, b: a / b),
    ("pow positive base", {"a": [0.5, 1.5, 2.0, 3.0], "b": [2.0, 0.5, -1.0, 1.5]}, lambda a, b: a ** b),
    ("pow zero base", {"a": [0.0, 0.0, 2.0], "b": [2.0, 3.0, 2.0]}, lambda a, b: a ** b),
    ("maximum with ties", {"a": [1.0, 2.0, 3.0, -1.0], "b": [1.0, 5.0, 3.0, -2.0]}, lambda a, b: torch.maximum(a, b)),
    ("minimum with ties", {"a": [1.0, 2.0, 3.0, -1.0], "b": [1.0, 5.0, 3.0, -2.0]}, lambda a, b: torch.minimum(a, b)),
    ("clamp at the bounds", {"a": [-2.0, -1.0, 0.0, 0.5, 1.0, 2.0]}, lambda a: torch.clamp(a, -1.0, 1.0)),
    ("abs at zero", {"a": [-2.0, 0.0, 3.0]}, lambda a: a.abs()),
    ("sqrt", {"a": [0.25, 1.0, 4.0, 9.0]}, lambda a: a.sqrt()),
    ("log exp chain", {"a": [-1.0, 0.0, 0.5, 2.0]}, lambda a: (a.exp() + 1).log()),
    ("sum over axis 0", {"a": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]}, lambda a: a.sum(0)),
    ("sum over axes keepdims", {"a": [[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]}, lambda a: a.sum((0, 2), keepdim=True)),
    ("mean over last axis", {"a": [[1.0, 2.0, 3.0], [4.0, 5.0, 9.0]]}, lambda a: a.mean(-1)),
    ("amax with ties", {"a": [[1.0, 3.0, 3.0], [2.0, 0.0, 1.0]]}, lambda a: a.amax(1)),
    ("amin all with ties", {"a": [[1.0, -3.0, -3.0], [2.0, -3.0, 1.0]]}, lambda a: a.amin()),
    ("logsumexp large", {"a": [[1000.0, 1000.0, -1000.0], [-1000.0, -999.0, -1001.0]]}, lambda a: torch.logsumexp(a, 1)),
    ("logsumexp small", {"a": [[0.1, 0.2, 0.3], [1.0, -1.0, 0.0]]}, lambda a: torch.logsumexp(a, 1)),
    ("softmax large logits", {"a": [[1000.0, 0.0, -1000.0], [1.0, 2.0, 3.0]]}, lambda a: torch.softmax(a, -1)),
    ("log_softmax large logits", {"a": [[1000.0, 0.0, -1000.0], [1.0, 2.0, 3.0]]}, lambda a: torch.log_softmax(a, -1)),
    ("softmax axis 0", {"a": [[1.0, 2.0], [3.0, 5.0], [0.0, -1.0]]}, lambda a: torch.softmax(a, 0)),
    ("matmul 2d", {"a": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "b": [[1.0, -1.0], [0.5, 2.0], [-2.0, 1.0]]}, lambda a, b: a @ b),
    ("matmul batched broadcast", {"a": [[[1.0, 2.0], [3.0, 4.0]], [[0.5, -1.0], [2.0, 0.0]]], "b": [[1.0, 0.5, -1.0], [2.0, -2.0, 0.0]]}, lambda a, b: a @ b),
    ("matmul vector-matrix", {"a": [1.0, -2.0, 0.5], "b": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]}, lambda a, b: a @ b),
    ("matmul matrix-vector", {"a": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "b": [0.5, -1.0, 2.0]}, lambda a, b: a @ b),
    ("transpose then matmul", {"a": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]}, lambda a: a.t() @ a),
    ("where by comparison", {"a": [-1.0, 2.0, -3.0, 4.0], "b": [10.0, 20.0, 30.0, 40.0]}, lambda a, b: torch.where(a > 0, a, b)),
    ("relu at zero", {"a": [-1.0, 0.0, 1.0]}, lambda a: torch.relu(a)),
]


def main():
    cases = []
    for name, inputs, fn in CASES:
        tensors = {k: t(v).requires_grad_() for k, v in inputs.items()}
        out = fn(*tensors.values())
        w = torch.linspace(0.5, 1.5, out.numel(), dtype=D).reshape(out.shape)
        (out * w).sum().backward()
        cases.append({
            "name": name,
            "inputs": inputs,
            "value": out.detach().tolist(),
            "shape": list(out.shape),
            "weight": w.tolist(),
            "grads": {k: v.grad.tolist() for k, v in tensors.items()},
        })
    header = {"generatedBy": "scripts/reference/ops.py", "torchVersion": torch.__version__}
    body = ",\n".join(json.dumps(c) for c in cases)
    print(json.dumps(header)[:-1] + ', "cases": [\n' + body + "\n]}")


if __name__ == "__main__":
    main()

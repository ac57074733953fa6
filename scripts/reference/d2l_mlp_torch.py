"""The D2L MLP recipe in PyTorch, over several seeds: the reference band for perceptron's run.

784-256-10 ReLU, weights N(0, 0.01²), zero biases, SGD lr 0.1 on the mean cross-entropy, batch 256,
10 epochs, shuffled each epoch; Fashion-MNIST from Debian's files (apt-get install dataset-fashion-mnist).
Run: OPENBLAS_NUM_THREADS=2 /usr/bin/python3 scripts/reference/d2l_mlp_torch.py [seeds]
Prints one JSON line per seed with the test accuracy after every epoch, then the mean and std.
"""
import gzip
import json
import statistics
import sys

import numpy as np
import torch
from torch import nn

ROOT = "/usr/share/datasets/fashion-mnist/"


def idx(name):
    with gzip.open(ROOT + name) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    torch.set_num_threads(1)
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    X = torch.tensor(idx("train-images-idx3-ubyte.gz").reshape(-1, 784), dtype=torch.float32) / 255
    y = torch.tensor(idx("train-labels-idx1-ubyte.gz"), dtype=torch.long)
    Xt = torch.tensor(idx("t10k-images-idx3-ubyte.gz").reshape(-1, 784), dtype=torch.float32) / 255
    yt = torch.tensor(idx("t10k-labels-idx1-ubyte.gz"), dtype=torch.long)
    finals = []
    for seed in range(seeds):
        torch.manual_seed(seed)
        net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
        for m in net:
            if isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, std=0.01)
                nn.init.zeros_(m.bias)
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        loss = nn.CrossEntropyLoss()
        accs = []
        for _ in range(10):
            perm = torch.randperm(len(X))
            for i in range(0, len(X), 256):
                b = perm[i:i + 256]
                opt.zero_grad()
                l = loss(net(X[b]), y[b])
                l.backward()
                opt.step()
            with torch.no_grad():
                accs.append(round((net(Xt).argmax(1) == yt).float().mean().item(), 4))
                train_loss = loss(net(X), y).item()
        finals.append(accs[-1])
        print(json.dumps({"seed": seed, "testAccuracyPerEpoch": accs, "trainLoss": round(train_loss, 4)}), flush=True)
    print(json.dumps({"finalTestAccuracy": {"mean": round(statistics.mean(finals), 4), "std": round(statistics.stdev(finals), 4) if len(finals) > 1 else 0}}))


if __name__ == "__main__":
    main()

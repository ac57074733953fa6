"""PyTorch's side of bench/train-mlp.ts: the D2L MLP (784-256-10, ReLU, SGD lr 0.1, batch 256,
mean softmax cross-entropy) trained from the initial weights and shuffled order that the Node
parent wrote into --setup, timed the same way (each step: gather the batch, forward, loss,
backward, update, loss.item()). Prints one line, '@@RESULT {json}', on stdout.

Run by the benchmark with /usr/bin/python3 (Debian's python3-torch) and OPENBLAS_NUM_THREADS=2;
here torch.set_num_threads(1): on 2 cores, OpenMP and OpenBLAS threads otherwise fight.
"""
import argparse
import gzip
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

INPUTS, HIDDEN, OUTPUTS, BATCH, LR, TRAIN_SIZE = 784, 256, 10, 256, 0.1, 60000
PARAM_SIZES = [INPUTS * HIDDEN, HIDDEN, HIDDEN * OUTPUTS, OUTPUTS]


def read_idx(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 8:
        raise ValueError(f'{path}: not an unsigned-byte IDX file')
    ndim = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def blas_in_use():
    """Which BLAS library this process loaded (Debian's torch links libblas.so.3, an alternative)."""
    torch.ones(64, 64) @ torch.ones(64, 64)
    try:
        with open('/proc/self/maps') as f:
            paths = {line.split()[-1] for line in f if 'blas' in line.lower() and '/' in line}
    except OSError:
        return 'unknown BLAS'
    real = sorted({os.path.realpath(p) for p in paths})
    if any('openblas' in p.lower() for p in real):
        names = [os.path.basename(p) for p in real if 'openblas' in os.path.basename(p).lower()]
        return 'OpenBLAS (' + ', '.join(names or real) + ')'
    if any(p.endswith('/blas/libblas.so.3') or 'libblas.so.3' in os.path.basename(p) for p in real):
        return 'REFERENCE BLAS (netlib libblas3, unoptimised: install libopenblas0-pthread)'
    return 'BLAS ' + ', '.join(os.path.basename(p) for p in real) if real else 'unknown BLAS'


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--system', default='torch')
    parser.add_argument('--setup', required=True)
    parser.add_argument('--epochs', type=int, default=1)
    parser.add_argument('--steps', type=int, default=0)
    parser.add_argument('--warmup', type=int, default=5)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--threads', default='1', help="torch.set_num_threads(N), or 'default' to leave PyTorch's own choice")
    parser.add_argument('--autocast', action='store_true', help='forward and loss under torch.autocast("cpu", torch.bfloat16)')
    args = parser.parse_args()

    if args.threads != 'default':
        torch.set_num_threads(int(args.threads))
    with open(os.path.join(args.setup, 'setup.json')) as f:
        setup = json.load(f)
    files = setup['files']
    train_x = torch.from_numpy(read_idx(files['trainImages']).reshape(-1, INPUTS).astype(np.float32) / 255)
    train_y = torch.from_numpy(read_idx(files['trainLabels']).astype(np.int64))
    test_x = torch.from_numpy(read_idx(files['testImages']).reshape(-1, INPUTS).astype(np.float32) / 255)
    test_y = torch.from_numpy(read_idx(files['testLabels']).astype(np.int64))
    perm = torch.from_numpy(np.fromfile(os.path.join(args.setup, 'perm.bin'), dtype=np.int32).astype(np.int64))
    init = np.fromfile(os.path.join(args.setup, 'init.bin'), dtype=np.float32)
    parts = np.split(init, np.cumsum(PARAM_SIZES)[:-1])

    net = nn.Sequential(nn.Linear(INPUTS, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, OUTPUTS))
    loss_fn = nn.CrossEntropyLoss()  # mean over the batch

    def load_init():
        # The files hold in × out weights (H = X·W + b); PyTorch's Linear keeps out × in.
        with torch.no_grad():
            net[0].weight.copy_(torch.from_numpy(parts[0].reshape(INPUTS, HIDDEN).T.copy()))
            net[0].bias.copy_(torch.from_numpy(parts[1]))
            net[2].weight.copy_(torch.from_numpy(parts[2].reshape(HIDDEN, OUTPUTS).T.copy()))
            net[2].bias.copy_(torch.from_numpy(parts[3]))

    trainer = torch.optim.SGD(net.parameters(), lr=LR)

    def step(indices):
        X, y = train_x[indices], train_y[indices]
        if args.autocast:
            with torch.autocast('cpu', dtype=torch.bfloat16):
                loss = loss_fn(net(X), y)
        else:
            loss = loss_fn(net(X), y)
        trainer.zero_grad()
        loss.backward()
        trainer.step()
        return loss.item()

    load_init()
    for _ in range(args.warmup):
        step(perm[:BATCH])
    load_init()  # plain SGD keeps no state

    full = -(-TRAIN_SIZE // BATCH)
    epochs, per_epoch = (1, min(args.steps, full)) if args.steps > 0 else (args.epochs, full)
    step_ms, samples, loss_sum, loss_samples = [], 0, 0.0, 0
    start = time.perf_counter()
    for epoch in range(epochs):
        loss_sum, loss_samples = 0.0, 0
        for b in range(per_epoch):
            lo = epoch * TRAIN_SIZE + b * BATCH
            indices = perm[lo:min(lo + BATCH, (epoch + 1) * TRAIN_SIZE)]
            t = time.perf_counter()
            value = step(indices)
            step_ms.append((time.perf_counter() - t) * 1000)
            n = len(indices)
            samples += n
            loss_sum += value * n
            loss_samples += n
    seconds = time.perf_counter() - start

    test_accuracy = test_loss = None
    if args.steps == 0:
        with torch.no_grad():
            logits = net(test_x)
            test_accuracy = (logits.argmax(dim=1) == test_y).float().mean().item()
            test_loss = loss_fn(logits, test_y).item()

    weights_file = os.path.join(args.setup, f'{args.system}.final.bin')
    with torch.no_grad():
        final = [net[0].weight.T, net[0].bias, net[2].weight.T, net[2].bias]
        np.concatenate([t.contiguous().numpy().ravel() for t in final]).astype(np.float32).tofile(weights_file)

    coretype = os.environ.get('OPENBLAS_CORETYPE')
    detail = (f'torch {torch.__version__} on {blas_in_use()}, torch.get_num_threads() = {torch.get_num_threads()}'
              f'{" (its default)" if args.threads == "default" else ""}, {"bf16 autocast, " if args.autocast else ""}'
              f'OPENBLAS_NUM_THREADS={os.environ.get("OPENBLAS_NUM_THREADS", "unset")}, OPENBLAS_CORETYPE={coretype if coretype else "unset"}')
    result = {
        'system': args.system, 'detail': detail, 'samplesPerSecond': samples / seconds, 'medianStepMs': statistics.median(step_ms),
        'steps': len(step_ms), 'samples': samples, 'epochs': epochs if args.steps == 0 else None,
        'testAccuracy': test_accuracy, 'testLoss': test_loss, 'trainLoss': loss_sum / loss_samples, 'sharedInit': True,
        'weightsFile': weights_file,
    }
    sys.stdout.write('@@RESULT ' + json.dumps(result) + '\n')


if __name__ == '__main__':
    main()

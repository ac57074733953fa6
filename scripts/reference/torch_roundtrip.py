#!/usr/bin/python3
"""PyTorch's side of the round trips in test/integration/torch-roundtrip.test.ts (Debian's python3-torch).

Safetensors files are read and written by hand (8-byte little-endian header length, JSON header,
raw little-endian data), so that this needs torch and numpy only: Debian packages no safetensors
module. When it is installed, `load_file` is the real safetensors.torch.load_file.

  torch_roundtrip.py load-and-predict CODE_FILE DATA OUT.json
      Runs the PyTorch lines `perceptron export --format torch` printed (in CODE_FILE; their
      `from safetensors.torch import load_file` served by this file's reader when needed), which
      build the module and call load_state_dict (strict, PyTorch's default); then predicts DATA
      ('fashion-mnist': its 10,000 test images; else a JSON file {"x": [[…], …]}).
  torch_roundtrip.py load-and-predict-many MANIFEST.json
      load-and-predict for each [CODE_FILE, DATA, OUT.json] of the manifest, in one process.
  torch_roundtrip.py train-fashion OUT.safetensors OUT.json
      Trains torch.nn.Sequential(Linear(784, 32), Tanh(), Linear(32, 10)) for one epoch of
      Fashion-MNIST (seeded), saves its state_dict as safetensors save_file does (metadata
      {"format": "pt"}), and predicts the test set.
  torch_roundtrip.py square OUT.safetensors DATA.json OUT.json
      A seeded torch.nn.Sequential(Linear(2, 2), Tanh(), Linear(2, 2)): every weight square, so
      a loader that ignored the layout would load it transposed without a shape error. Saved with
      no metadata at all (save_file's default), and its predictions on DATA.
Each OUT.json holds {"predicted": [...], "logits": [[...], ...], "accuracy": …(when labels are known)}.
"""
import gzip
import json
import struct
import sys

import numpy as np
import torch

FASHION = '/usr/share/datasets/fashion-mnist'
DTYPES = {'F32': np.float32, 'F64': np.float64, 'I32': np.int32}


def load_file(path):
    """safetensors.torch.load_file, by hand: name -> tensor."""
    with open(path, 'rb') as f:
        data = f.read()
    (length,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + length])
    header.pop('__metadata__', None)
    start = 8 + length
    out = {}
    for name, entry in header.items():
        begin, end = entry['data_offsets']
        array = np.frombuffer(data[start + begin:start + end], dtype=DTYPES[entry['dtype']]).reshape(entry['shape'])
        out[name] = torch.from_numpy(array.copy())
    return out


def save_file(tensors, path, metadata=None):
    """safetensors.torch.save_file, by hand: data 8-byte aligned, as the reference writer pads it."""
    header = {}
    if metadata:
        header['__metadata__'] = metadata
    chunks, offset = [], 0
    for name, tensor in tensors.items():
        raw = tensor.detach().contiguous().numpy().astype(np.float32).tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(tensor.shape), 'data_offsets': [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-(8 + len(text)) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + b''.join(chunks))


def idx(name):
    with gzip.open(f'{FASHION}/{name}', 'rb') as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(f'>{dims}I', data[4:4 + 4 * dims])
    return np.frombuffer(data[4 + 4 * dims:], dtype=np.uint8).reshape(shape)


def fashion(split):
    """Images as float32 in [0, 1] (pixel / 255, as perceptron scales them), flattened; labels."""
    prefix = 'train' if split == 'train' else 't10k'
    x = (idx(f'{prefix}-images-idx3-ubyte.gz').reshape(-1, 784) / 255).astype(np.float32)
    return torch.from_numpy(x), torch.from_numpy(idx(f'{prefix}-labels-idx1-ubyte.gz').astype(np.int64))


def data_of(spec):
    if spec == 'fashion-mnist':
        return fashion('test')
    with open(spec) as f:
        points = json.load(f)
    return torch.tensor(points['x'], dtype=torch.float32), (torch.tensor(points['y']) if 'y' in points else None)


def predict(model, x, y, out):
    model.eval()
    with torch.no_grad():
        logits = model(x)
    predicted = logits.argmax(dim=1)
    result = {'predicted': predicted.tolist(), 'logits': logits.tolist()}
    if y is not None:
        result['accuracy'] = (predicted == y).sum().item() / len(y)  # exact, not a float32 mean
    with open(out, 'w') as f:
        json.dump(result, f)


def load_and_predict(code_file, data, out):
    with open(code_file) as f:
        lines = [line for line in f.read().splitlines() if line.strip() and not line.startswith('#')]
    scope = {'torch': torch}
    try:
        exec(lines[0], scope)
    except ModuleNotFoundError:
        scope['load_file'] = load_file  # no safetensors module (Debian): the reader above
    for line in lines[1:]:
        exec(line, scope)
    x, y = data_of(data)
    predict(scope['model'], x, y, out)


def load_and_predict_many(manifest):
    with open(manifest) as f:
        for code_file, data, out in json.load(f):
            load_and_predict(code_file, data, out)


def train_fashion(path, out):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 32), torch.nn.Tanh(), torch.nn.Linear(32, 10))
    x, y = fashion('train')
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    order = torch.randperm(len(x))
    for start in range(0, len(x), 128):
        batch = order[start:start + 128]
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x[batch]), y[batch]).backward()
        optimizer.step()
    save_file(model.state_dict(), path, {'format': 'pt'})
    predict(model, *fashion('test'), out)


def square(path, data, out):
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Tanh(), torch.nn.Linear(2, 2))
    save_file(model.state_dict(), path)
    predict(model, *data_of(data), out)


if __name__ == '__main__':
    torch.set_num_threads(1)
    command, *args = sys.argv[1:]
    commands = {'load-and-predict': load_and_predict, 'load-and-predict-many': load_and_predict_many, 'train-fashion': train_fashion, 'square': square}
    commands[command](*args)

/**
 * The recipe-independent parts of the PyTorch script that `perceptron export --format torch-script`
 * writes (src/train/torch-script.ts fills in the recipe above it): command line, launching
 * (torchrun, or itself through torch.multiprocessing.spawn), IDX data, safetensors in and out,
 * and the DistributedDataParallel training loop. It needs torch and numpy, nothing else: Debian's
 * python3-torch 1.13 has no safetensors package, so the format is read and written by hand.
 *
 * Kept as Python text in a TypeScript module, not as a .py file beside the code: the generator
 * stays a pure function (no file to locate at run time, in the package or in a bundle).
 * String.raw keeps Python's backslashes as they are; the text must hold no backtick and no "${".
 */
export const TORCH_SCRIPT_IMPORTS = String.raw`
import argparse
import base64
import gzip
import json
import math
import os
import re
import socket
import struct
import sys
import time
import warnings

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn.functional as F
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DistributedSampler
`;

export const TORCH_SCRIPT_BODY = String.raw`
# ---- everything below is the same for every recipe ----------------------------------------------

IDX_FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
CHECKPOINT_FORMAT = "perceptron-checkpoint-1"


def epoch_count(n):
    return f"{n} epoch{'' if n == 1 else 's'}"


def fail(message):
    print(f"{sys.argv[0]}: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


# ---- command line -------------------------------------------------------------------------------

def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nproc", type=int, default=1,
                        help="processes to start on this machine through torch.multiprocessing.spawn (default 1; under torchrun, use its --nproc_per_node)")
    parser.add_argument("--epochs", type=int, default=RECIPE["epochs"],
                        help="train until this many epochs in all (default %(default)s; the schedule spans them)")
    parser.add_argument("--data-path", help="folder with the four IDX files (.gz or not) of " + DATA["title"])
    parser.add_argument("--out", default="result.safetensors", help="where rank 0 writes the trained weights (default %(default)s)")
    parser.add_argument("--weights", help="start from this file instead: a perceptron checkpoint (its weights, epoch count and optimizer "
                                          "state) or a safetensors state dict (PyTorch's layout unless its metadata says otherwise)")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cuda" if torch.cuda.is_available() else "cpu",
                        help="where each process trains (default: cuda when available)")
    parser.add_argument("--backend", choices=("gloo", "nccl"), help="process-group backend (default: nccl on cuda, gloo on cpu)")
    parser.add_argument("--port", type=int, default=0, help="with --nproc: the rendezvous port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--threads", type=int, help="CPU threads per process (default: the machine's cores divided among its processes)")
    args = parser.parse_args(argv)
    if args.nproc < 1:
        parser.error(f"--nproc expects a positive integer, got {args.nproc}")
    if args.threads is not None and args.threads < 1:
        parser.error(f"--threads expects a positive integer, got {args.threads}")
    if args.backend is None:
        args.backend = "nccl" if args.device == "cuda" else "gloo"
    return args


# ---- data: the IDX files, found where perceptron looks for them ---------------------------------

def data_folders(data_path):
    """(folder, why) in perceptron's search order: --data-path, the recipe's dataPath, $PERCEPTRON_DATA, Debian's copy, perceptron's cache."""
    for root, why in ((data_path, "--data-path"), (RECIPE.get("dataPath"), "the recipe's dataPath"),
                      (os.environ.get("PERCEPTRON_DATA"), "$PERCEPTRON_DATA")):
        if root:
            yield os.path.join(root, DATA["folder"]), why
            yield root, why
    yield os.path.join("/usr/share/datasets", DATA["folder"]), "Debian's datasets"
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    yield os.path.join(cache, "perceptron", DATA["folder"]), "perceptron's download cache"


def find_idx_files(data_path):
    """The four files from the first folder that holds any of them; it must hold all four."""
    looked = []
    for folder, why in data_folders(data_path):
        looked.append(f"  - {folder} ({why})")
        found = {}
        for name in IDX_FILES:
            for candidate in (name + ".gz", name, name.replace("-idx", ".idx")):
                path = os.path.join(folder, candidate)
                if os.path.isfile(path):
                    found[name] = path
                    break
        if len(found) == len(IDX_FILES):
            return [found[name] for name in IDX_FILES]
        if found:
            missing = ", ".join(name for name in IDX_FILES if name not in found)
            fail(f"{DATA['title']}: {folder} ({why}) lacks {missing}; put all four files of one copy there")
    fail(f"{DATA['title']}: cannot find {', '.join(IDX_FILES)} (.gz or not). Looked in:\n" + "\n".join(looked) +
         f"\nPass --data-path, or run 'perceptron train --dataset {RECIPE['dataset']}' once to download them.")


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as file:
        data = file.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        fail(f"{path}: not an IDX file of unsigned bytes")
    dims = struct.unpack(">" + "I" * data[3], data[4:4 + 4 * data[3]])
    values = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dims))
    if values.size != math.prod(dims):
        fail(f"{path}: the header says {'x'.join(map(str, dims))} values, the file holds {values.size}")
    return values.reshape(dims)


# Pixel byte -> [0, 1]: v / 255 in float64, rounded to float32, as perceptron (and torchvision's ToTensor) scale it.
PIXEL_SCALE = (np.arange(256, dtype=np.float64) / 255).astype(np.float32)


def load_split(images_path, labels_path):
    images = read_idx(images_path)
    labels = read_idx(labels_path)
    if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
        fail(f"{images_path}, {labels_path}: expected (N, rows, cols) images and N labels")
    if labels.max() >= CONFIG["outputs"]:
        fail(f"{labels_path}: label {labels.max()} is out of range for {CONFIG['outputs']} classes")
    x = torch.from_numpy(PIXEL_SCALE[images.reshape(len(images), -1)])
    return x, torch.from_numpy(labels.astype(np.int64))


# ---- safetensors, by hand: 8-byte little-endian header length, JSON header, raw little-endian data ---

SAFETENSORS_DTYPES = {"F32": np.dtype("<f4"), "F64": np.dtype("<f8"), "I32": np.dtype("<i4")}


def decode_safetensors(data, source):
    if len(data) < 8:
        fail(f"{source}: not a safetensors file")
    (length,) = struct.unpack("<Q", data[:8])
    try:
        header = json.loads(data[8:8 + length])
    except ValueError:
        fail(f"{source}: not a safetensors file (its header is not JSON)")
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] not in SAFETENSORS_DTYPES:
            fail(f"{source}: tensor '{name}' has dtype {entry['dtype']}; this script reads F32, F64 and I32")
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data, dtype=SAFETENSORS_DTYPES[entry["dtype"]], count=(end - begin) // SAFETENSORS_DTYPES[entry["dtype"]].itemsize,
                              offset=8 + length + begin)
        tensors[name] = torch.from_numpy(array.reshape(entry["shape"]).astype(np.float32))
    return tensors, metadata


def encode_safetensors(tensors, metadata):
    header = {"__metadata__": metadata}
    chunks = []
    offset = 0
    for name, tensor in tensors.items():
        raw = tensor.detach().cpu().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-(8 + len(text)) % 8)  # the data starts 8-byte aligned, as the reference writer does
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def layout_of(metadata):
    """Which way round the file's Linear weights are, by perceptron's rule: its 'layout' metadata; else
    in x out for a checkpoint written by perceptron before layouts were stated; else PyTorch's out x in."""
    stated = metadata.get("layout")
    if stated is None:
        return "in-out" if "perceptron" in metadata else "torch"
    if stated not in ("torch", "in-out"):
        fail(f"unknown weight layout {stated!r} in the file's metadata (expected 'torch' or 'in-out')")
    return stated


def read_start(args):
    """The file to start from, decoded: --weights, else the checkpoint embedded above, else None (the recipe's init).
    A perceptron checkpoint brings its epoch count, history and optimizer state, so the run goes on where it stopped."""
    if args.weights:
        source = args.weights
        with open(source, "rb") as file:
            data = file.read()
    elif INITIAL_CHECKPOINT:
        source, data = "the checkpoint embedded in this script", base64.b64decode(INITIAL_CHECKPOINT)
    else:
        return None
    tensors, metadata = decode_safetensors(data, source)
    run = json.loads(metadata["perceptron"]) if "perceptron" in metadata else {}
    return {"source": source, "tensors": tensors, "layout": layout_of(metadata), "epoch": run.get("epoch", 0),
            "history": (run.get("history") or {}).get("epochs", []), "optimizer": run.get("optimizer")}


def load_weights(model, start):
    """The start file's weights into model; in x out weights (every 2-D tensor) transposed to PyTorch's out x in."""
    transpose = start["layout"] == "in-out"
    state = {name: (tensor.t().contiguous() if transpose and tensor.dim() == 2 else tensor)
             for name, tensor in start["tensors"].items() if not name.startswith("optimizer/")}
    try:
        model.load_state_dict(state)
    except RuntimeError as error:
        fail(f"{start['source']}: these weights do not fit {DESCRIPTION}: {error}")


def load_optimizer_state(optimizer, model, start):
    """A perceptron checkpoint's optimizer state: buffers 'optimizer/<parameter index>/<key>' (expAvg, momentumBuffer, ...;
    PyTorch names them exp_avg, momentum_buffer) and scalars (Adam's step) in its metadata. Returns what was loaded, in words."""
    saved = start["optimizer"]
    if not saved:
        return "the optimizer starts afresh"
    if saved["optimizer"] != type(optimizer).__name__:
        return f"the optimizer starts afresh (the checkpoint's is {saved['optimizer']}, the recipe's {type(optimizer).__name__})"
    parameters = list(model.parameters())
    snake = lambda key: re.sub("([A-Z])", r"_\1", key).lower()
    state = {}
    for name, tensor in start["tensors"].items():
        if name.startswith("optimizer/"):
            _, index, key = name.split("/")
            parameter = parameters[int(index)]
            # Stored with the parameter's shape in the file's layout (or flat, by older perceptron versions, in x out).
            if start["layout"] == "in-out" and parameter.dim() == 2:
                tensor = tensor.reshape(parameter.shape[1], parameter.shape[0]).t()
            state.setdefault(int(index), {})[snake(key)] = tensor.reshape(parameter.shape).contiguous()
    for index, scalars in saved.get("scalars", {}).items():
        for key, value in scalars.items():
            state.setdefault(int(index), {})[snake(key)] = torch.tensor(float(value))  # PyTorch keeps Adam's step as a tensor
    current = optimizer.state_dict()
    current["state"] = state
    optimizer.load_state_dict(current)
    return f"{type(optimizer).__name__}'s state from {start['source']}"


def optimizer_checkpoint_state(optimizer):
    """The optimizer's state as perceptron's checkpoints hold it: each buffer a tensor 'optimizer/<parameter index>/<key>'
    (exp_avg as expAvg, ...) with its parameter's shape, each number (Adam's step) in the metadata."""
    camel = lambda key: re.sub("_([a-z])", lambda match: match.group(1).upper(), key)
    saved = optimizer.state_dict()
    tensors, scalars = {}, {}
    for index, values in saved["state"].items():
        for key, value in values.items():
            if torch.is_tensor(value) and value.dim() > 0:
                tensors[f"optimizer/{index}/{camel(key)}"] = value
            else:
                scalars.setdefault(str(index), {})[camel(key)] = float(value)
    # The hyper-parameters are the recipe's, which perceptron rebuilds: the groups only say which parameters they hold.
    groups = [{"params": group["params"]} for group in saved["param_groups"]]
    return tensors, {"optimizer": type(optimizer).__name__, "paramGroups": groups, "scalars": scalars}


def write_result(path, model, optimizer, epochs, history, world_size, device):
    """A perceptron checkpoint, as perceptron writes one: PyTorch's layout (so load_state_dict takes its tensors as they
    are) stated in the metadata, the recipe and the optimizer's state, so that 'perceptron eval' reads it and
    'perceptron train --resume' goes on with it."""
    buffers, optimizer_meta = optimizer_checkpoint_state(optimizer)
    recipe = dict(RECIPE, epochs=epochs)
    meta = {"format": CHECKPOINT_FORMAT, "config": dict(CONFIG, recipe=recipe), "epoch": epochs, "history": {"epochs": history},
            "optimizer": optimizer_meta}
    trained = {"torch": torch.__version__, "worldSize": world_size, "device": str(device)}
    data = encode_safetensors({**model.state_dict(), **buffers}, {"format": "pt", "layout": "torch", "kind": "checkpoint", "perceptron": json.dumps(meta),
                                                                  "trainedBy": "perceptron torch-script " + json.dumps(trained)})
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)  # atomic: a crash leaves the old file or the new one, never half


# ---- training -----------------------------------------------------------------------------------

def sum_over_processes(values, device):
    """Each process's numbers added up, element by element (on the device: nccl reduces CUDA tensors only)."""
    total = torch.tensor(values, dtype=torch.float64, device=device)
    dist.all_reduce(total)
    return total.tolist()


def autocast(device):
    """The recipe's autocast (perceptron's --autocast bf16): matrix products on bf16 operands inside, float32 weights."""
    return torch.autocast(device.type, dtype=torch.bfloat16, enabled=RECIPE.get("autocast") == "bfloat16")


def evaluate(model, x, y, rank, world_size, device):
    """Test loss and accuracy over the whole set: each process scores every world_size-th example, the sums are added."""
    model.eval()
    sums = [0.0, 0, 0]  # loss summed, correct, examples
    with torch.no_grad():
        xs, ys = x[rank::world_size], y[rank::world_size]
        for start in range(0, len(xs), 1024):
            xb, yb = xs[start:start + 1024].to(device), ys[start:start + 1024].to(device)
            with autocast(device):
                output = model(xb).float()
            sums[0] += F.cross_entropy(output, yb, reduction="sum").item()
            sums[1] += (output.argmax(1) == yb).sum().item()
            sums[2] += len(yb)
    loss, correct, examples = sum_over_processes(sums, device)
    return loss / examples, correct / examples


def train(rank, world_size, local_rank, local_world_size, args, files):
    start = read_start(args)
    start_epoch = start["epoch"] if start else 0
    device = torch.device(f"cuda:{local_rank}") if args.device == "cuda" else torch.device("cpu")
    if args.device == "cuda":
        torch.cuda.set_device(device)
    threads = args.threads or max(1, (os.cpu_count() or 1) // local_world_size)
    torch.set_num_threads(threads)
    torch.manual_seed(RECIPE["seed"])
    model = build_model()
    initialize(model)
    if start:
        load_weights(model, start)
    model.to(device)
    # DDP starts every process from rank 0's weights and averages the gradients of each step.
    ddp = DistributedDataParallel(model, device_ids=[local_rank] if args.device == "cuda" else None)
    torch.manual_seed(RECIPE["seed"] + 1 + rank)  # each process draws its own dropout masks
    optimizer = build_optimizer(ddp.parameters())
    loaded = load_optimizer_state(optimizer, model, start) if start else "the optimizer starts afresh"
    schedule = build_schedule(optimizer, args.epochs)
    if schedule is not None and start_epoch > 0:
        with warnings.catch_warnings():  # stepping before any optimizer step is the point here
            warnings.simplefilter("ignore")
            for _ in range(start_epoch):
                schedule.step()

    train_x, train_y, test_x, test_y = (*load_split(files[0], files[1]), *load_split(files[2], files[3]))
    sampler = DistributedSampler(torch.utils.data.TensorDataset(train_x, train_y), num_replicas=world_size, rank=rank,
                                 shuffle=True, seed=RECIPE["seed"], drop_last=False)
    # The recipe's batch is the global one: each process takes its share, and DDP's averaged gradient
    # is then the gradient of the mean loss over the whole batch, as in one process.
    batch = math.ceil(RECIPE["batchSize"] / world_size)
    print(f"rank {rank}/{world_size}: {len(sampler)} training examples per epoch, batches of {batch} "
          f"({batch * world_size} across processes), {threads} threads on {device}"
          f"{', bf16 autocast' if RECIPE.get('autocast') == 'bfloat16' else ''}", flush=True)

    if rank == 0:
        origin = f"{start['source']} ({epoch_count(start_epoch)})" if start else "the recipe's init"
        print(f"starting from {origin}; {loaded}", flush=True)
    history = list(start["history"]) if start else []
    started = time.perf_counter()
    for epoch in range(start_epoch + 1, args.epochs + 1):
        epoch_started = time.perf_counter()
        sampler.set_epoch(epoch)
        order = torch.tensor(list(iter(sampler)), dtype=torch.int64)
        ddp.train()
        sums = [0.0, 0, 0]  # loss summed, correct, examples
        step_time = 0.0
        for first in range(0, len(order), batch):
            index = order[first:first + batch]
            x, y = train_x[index].to(device), train_y[index].to(device)
            step_started = time.perf_counter()
            with autocast(device):
                output = ddp(x).float()
            loss = F.cross_entropy(output, y)
            value = loss.item()
            if not math.isfinite(value):
                fail(f"rank {rank}: the loss became {value} in epoch {epoch}; lower the learning rate")
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step_time += time.perf_counter() - step_started
            sums[0] += value * len(y)
            sums[1] += (output.argmax(1) == y).sum().item()
            sums[2] += len(y)
        if schedule is not None:
            schedule.step()
        loss_sum, correct, examples = sum_over_processes(sums, device)
        test_loss, test_accuracy = evaluate(ddp.module, test_x, test_y, rank, world_size, device)
        record = {"epoch": epoch, "trainLoss": loss_sum / examples, "trainAccuracy": correct / examples,
                  "testLoss": test_loss, "testAccuracy": test_accuracy, "samplesPerSecond": examples / step_time,
                  "seconds": time.perf_counter() - epoch_started, "lr": optimizer.param_groups[0]["lr"]}
        history.append(record)
        if rank == 0:
            print(f"epoch {epoch}/{args.epochs}  loss {record['trainLoss']:.4f}  test loss {test_loss:.4f}  "
                  f"test accuracy {test_accuracy:.4f}  {record['samplesPerSecond']:.0f} samples/s  {record['seconds']:.1f} s", flush=True)

    if rank == 0:
        write_result(args.out, model, optimizer, args.epochs, history, world_size, device)
        summary = {"testAccuracy": history[-1]["testAccuracy"], "testLoss": history[-1]["testLoss"], "trainLoss": history[-1]["trainLoss"],
                   "epochs": args.epochs, "worldSize": world_size, "out": args.out, "seconds": round(time.perf_counter() - started, 2)}
        print(f"Trained on {world_size} process(es) in {summary['seconds']} s: test accuracy {summary['testAccuracy']:.4f}; "
              f"weights in {args.out} (perceptron eval {args.out})", flush=True)
        print(json.dumps(summary), flush=True)
    dist.barrier()


# ---- launching: torchrun, or this script's own processes ----------------------------------------

def run_process(local_rank, world_size, args, files):
    """One process of a --nproc run (or the only one): rendezvous on MASTER_ADDR:MASTER_PORT, then train."""
    dist.init_process_group(args.backend, init_method="env://", rank=local_rank, world_size=world_size)
    try:
        train(local_rank, world_size, local_rank, world_size, args, files)
    finally:
        dist.destroy_process_group()


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    args = parse_arguments()
    if args.device == "cuda" and not torch.cuda.is_available():
        fail("--device cuda, but torch sees no CUDA device")
    if args.weights and not os.path.isfile(args.weights):
        fail(f"--weights {args.weights}: no such file")
    start = read_start(args)
    if start:
        if args.epochs <= start["epoch"]:
            fail(f"--epochs {args.epochs}: {start['source']} already has {epoch_count(start['epoch'])}; pass a larger total")
        load_weights(build_model(), start)  # weights that do not fit are refused here, before any process starts
    files = find_idx_files(args.data_path)
    if "RANK" in os.environ and "WORLD_SIZE" in os.environ:  # started by torchrun (or another launcher that sets them)
        if args.nproc != 1:
            fail("--nproc is for running without torchrun; under torchrun, use its --nproc_per_node")
        dist.init_process_group(args.backend, init_method="env://")
        try:
            train(dist.get_rank(), dist.get_world_size(), int(os.environ.get("LOCAL_RANK", 0)),
                  int(os.environ.get("LOCAL_WORLD_SIZE", dist.get_world_size())), args, files)
        finally:
            dist.destroy_process_group()
        return
    # Without torchrun: this machine only, the processes meet on the loopback interface. (Debian's
    # torchrun 1.13 fails under Python 3.11 in its elastic launcher; spawn and gloo work.)
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(args.port or free_port())
    if args.backend == "gloo" and "GLOO_SOCKET_IFNAME" not in os.environ:
        # gloo binds to the address the host name resolves to, which may be a network interface: stay on loopback.
        loopback = next((name for _, name in socket.if_nameindex() if name.startswith("lo")), None)
        if loopback:
            os.environ["GLOO_SOCKET_IFNAME"] = loopback
    if args.nproc == 1:
        run_process(0, 1, args, files)
    else:
        try:
            mp.spawn(run_process, args=(args.nproc, args, files), nprocs=args.nproc, join=True)
        except mp.ProcessExitedException as error:  # the process said why before it stopped (spawn then ends the others)
            fail(f"process {error.error_index} stopped with exit code {error.exit_code}")


if __name__ == "__main__":
    main()
`;

#!/usr/bin/python3
"""A plain PyTorch DP-SGD, written apart from mia4j, for the side-by-side in bench/dp-compare.

Trains small-cnn-gn (README "Architectures") on the same records as a finished mia4j run's target and tests it on the
same non-members, with the same mechanism: each step draws a Poisson sample (every member with probability q), every
example's whole gradient is computed on its own (one backward pass per example, no per-layer tricks) and clipped to
L2 norm C, Gaussian noise N(0, (sigma C)^2) is added to the sum, which is divided by the expected batch q n; Adam then
steps. sigma is chosen here, independently, for the target epsilon over exactly the steps run, with the RDP
accountant of bench/rdp_reference.py (Opacus's algorithm); it is printed next to mia4j's. Weights start as DJL's do
(normal, std sqrt(2 / fan_in); biases 0; GroupNorm gamma 1, beta 0).

usage: /usr/bin/python3 bench/dp_reference.py RUN_DIR EPSILON EPOCHS BATCH LR CLIP SEED [DATA_DIR]
prints one JSON line: test accuracy, sigma, steps, q, delta, the accountant's epsilon, seconds.
"""
import gzip
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rdp_reference import eps as rdp_eps  # noqa: E402


class JavaRandom:
    """java.util.Random, to redraw mia4j's --max-records subset (Splits.permutation)."""

    def __init__(self, seed):
        self.seed = (seed ^ 0x5DEECE66D) & ((1 << 48) - 1)

    def next(self, bits):
        self.seed = (self.seed * 0x5DEECE66D + 0xB) & ((1 << 48) - 1)
        r = self.seed >> (48 - bits)
        return r - (1 << bits) if r >= 1 << (bits - 1) and bits == 32 else r

    def next_int(self, bound):
        if bound & -bound == bound:
            return (bound * self.next(31)) >> 31
        while True:
            bits = self.next(31)
            val = bits % bound
            if bits - val + (bound - 1) < (1 << 31):
                return val


def permutation(n, seed):
    p = list(range(n))
    rnd = JavaRandom(seed)
    for i in range(n - 1, 0, -1):
        j = rnd.next_int(i + 1)
        p[i], p[j] = p[j], p[i]
    return p


def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, np.uint8, offset=16).reshape(count, 1, rows, cols)
    return np.frombuffer(data, np.uint8, offset=8)


def small_cnn_gn(classes, groups=8):
    m = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.GroupNorm(groups, 32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1, bias=False), nn.GroupNorm(groups, 64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, classes))
    for layer in m:
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            nn.init.normal_(layer.weight, 0, math.sqrt(2 / layer.weight[0].numel()))
            if layer.bias is not None:
                nn.init.zeros_(layer.bias)
    return m


def sigma_for(target, q, steps, delta):
    """The smallest sigma (to 1e-4 relative) whose epsilon after `steps` is at most `target`."""
    lo, hi = 0.1, 1.0
    while rdp_eps(q, hi, steps, delta) > target:
        lo, hi = hi, hi * 2
    while hi - lo > 1e-4 * hi:
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if rdp_eps(q, mid, steps, delta) <= target else (mid, hi)
    return hi


def main():
    run, epsilon, epochs, batch, lr, clip, seed = sys.argv[1:8]
    data_dir = sys.argv[8] if len(sys.argv) > 8 else "/usr/share/datasets/fashion-mnist"
    epsilon, epochs, batch, lr, clip, seed = float(epsilon), int(epochs), int(batch), float(lr), float(clip), int(seed)
    torch.set_num_threads(int(os.environ.get("THREADS", "1")))
    config = json.load(open(os.path.join(run, "config.json")))
    split = json.load(open(os.path.join(run, "splits", "target.json")))
    x = np.concatenate([idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz")),
                        idx(os.path.join(data_dir, "t10k-images-idx3-ubyte.gz"))])
    y = np.concatenate([idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz")),
                        idx(os.path.join(data_dir, "t10k-labels-idx1-ubyte.gz"))]).astype(np.int64)
    if config.get("max_records", 0) and config["max_records"] < len(y):
        pool = np.sort(np.array(permutation(len(y), config["seed"] ^ 0x5EED)[:config["max_records"]]))
        x, y = x[pool], y[pool]
    x = torch.from_numpy(x.astype(np.float32) / 255)
    y = torch.from_numpy(y)
    members = torch.tensor(split["members"])
    test = torch.tensor(split["nonMembers"])
    n = len(members)
    q = min(1.0, batch / n)
    per_epoch = math.ceil(n / batch)
    steps = epochs * per_epoch
    delta = 10.0 ** math.floor(math.log10(1 / n))  # mia4j's default: 1/n rounded down to a power of 10
    sigma = sigma_for(epsilon, q, steps, delta)

    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = small_cnn_gn(int(y.max()) + 1)
    params = list(model.parameters())
    opt = torch.optim.Adam(params, lr=lr)
    t0 = time.time()
    for _ in range(steps):
        model.train()
        sample = members[torch.rand(n, generator=gen) < q]
        total = [torch.zeros_like(p) for p in params]
        for i in sample:
            loss = nn.functional.cross_entropy(model(x[i:i + 1]), y[i:i + 1])
            grads = torch.autograd.grad(loss, params)
            norm = torch.sqrt(sum(g.pow(2).sum() for g in grads))
            scale = min(1.0, clip / max(norm.item(), 1e-12))
            for t, g in zip(total, grads):
                t.add_(g, alpha=scale)
        for p, t in zip(params, total):
            p.grad = (t + torch.normal(0.0, sigma * clip, size=t.shape, generator=gen)) / (q * n)
        opt.step()
    model.eval()
    with torch.no_grad():
        acc = (model(x[test]).argmax(1) == y[test]).float().mean().item()
    print(json.dumps({"test_accuracy": acc, "sigma": sigma, "steps": steps, "q": q, "delta": delta,
                      "epsilon": rdp_eps(q, sigma, steps, delta), "members": n, "non_members": len(test),
                      "seed": seed, "seconds": round(time.time() - t0, 1), "torch": torch.__version__}))


if __name__ == "__main__":
    main()

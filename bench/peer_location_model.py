#!/usr/bin/python3
"""A model made elsewhere, for `mia4j audit-scores` and `mia4j audit --model`.

Trains Yuan & Zhang's Location MLP (446-256-128-30) with Debian's python3-torch on a seeded split of Location and
writes, into OUT: the target's posteriors on its members / non-members (NPY) and their labels, two shadow models'
the same, 8 reference models' posteriors on the audited records with their 0/1 membership, population outputs for
RMIA, the member / non-member pool indices, and the target as TorchScript (target.pt, logits out).

usage: /usr/bin/python3 bench/peer_location_model.py ../shared/data/location/bangkok.csv.gz OUT [epochs]
"""
import gzip
import os
import sys

import numpy as np
import torch
from torch import nn

src, out = sys.argv[1], sys.argv[2]
epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 30
os.makedirs(out, exist_ok=True)
rows = [l.decode().strip().split(",") for l in gzip.open(src) if l.strip()]
y = np.array([int(r[0].strip('"')) - 1 for r in rows], dtype=np.int64)
x = np.array([[float(v) for v in r[1:]] for r in rows], dtype=np.float32)
n = len(y)
rng = np.random.default_rng(0)
perm = rng.permutation(n)
members, non_members, rest = perm[:1000], perm[1000:2000], perm[2000:]
audited = np.concatenate([members, non_members])
population = rest[-500:]
torch.manual_seed(0)


def mlp():
    return nn.Sequential(nn.Linear(446, 256), nn.ReLU(), nn.Dropout(0.1), nn.Linear(256, 128), nn.ReLU(),
                         nn.Dropout(0.1), nn.Linear(128, 30))


def train(idx, seed):
    torch.manual_seed(seed)
    m = mlp()
    opt = torch.optim.Adam(m.parameters(), lr=1e-3, weight_decay=5e-4)
    xs, ys = torch.from_numpy(x[idx]), torch.from_numpy(y[idx])
    g = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        m.train()
        for b in torch.randperm(len(idx), generator=g).split(128):
            opt.zero_grad()
            nn.functional.cross_entropy(m(xs[b]), ys[b]).backward()
            opt.step()
    m.eval()
    return m


def post(m, idx):
    with torch.no_grad():
        return torch.softmax(m(torch.from_numpy(x[idx])), 1).numpy().astype(np.float32)


def save(name, arr):
    np.save(os.path.join(out, name + ".npy"), arr)


target = train(members, 1)
save("target_members", post(target, members))
save("target_non_members", post(target, non_members))
save("target_members_labels", y[members])
save("target_non_members_labels", y[non_members])
save("population", post(target, population))
save("population_labels", y[population])
for s in range(2):
    pool = rng.permutation(rest[:-500])
    sm, sn = pool[:1000], pool[1000:2000]
    sh = train(sm, 100 + s)
    save(f"shadow{s}_members", post(sh, sm))
    save(f"shadow{s}_non_members", post(sh, sn))
    save(f"shadow{s}_members_labels", y[sm])
    save(f"shadow{s}_non_members_labels", y[sn])
refs, ins, pops = [], [], []
for r in range(8):
    inside = np.random.default_rng(1000 + r).permutation(len(audited))[:len(audited) // 2]
    flag = np.zeros(len(audited), dtype=np.int8)
    flag[inside] = 1
    ref = train(audited[inside], 200 + r)
    refs.append(post(ref, audited))
    pops.append(post(ref, population))
    ins.append(flag)
save("references", np.stack(refs))
save("reference_membership", np.stack(ins))
save("reference_population", np.stack(pops))
np.savetxt(os.path.join(out, "members.txt"), members, fmt="%d")
np.savetxt(os.path.join(out, "non_members.txt"), non_members, fmt="%d")
torch.jit.trace(target, torch.from_numpy(x[:2])).save(os.path.join(out, "target.pt"))
acc = lambda idx: float((post(target, idx).argmax(1) == y[idx]).mean())
print(f"target train acc {acc(members):.3f} test acc {acc(non_members):.3f}; wrote {out}")

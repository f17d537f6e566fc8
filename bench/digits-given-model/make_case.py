#!/usr/bin/python3
"""Makes the digits case of issue 21: a PyTorch MLP trained on scikit-learn's digits, exported as TorchScript.

Writes into OUT (default: /tmp/digits-given-model):
  digits.csv     the 1,797 records, 64 pixel columns (0..16, as scikit-learn gives them) and a `digit` column
                 holding the class as a word ("zero" ... "nine"): their alphabetical order is not the model's
  classes.txt    the model's output order, one name per line (zero, one, ..., nine)
  members.txt    the records the model trained on (a seeded half), one index per line
  digits.pt      the model (torch.jit.trace), taking the raw 64 columns (it scales by 1/16 itself), returning logits
  digits_softmax.pt  the same model with a softmax at the end (returns posteriors)
  digits_int.csv the same records with the class as its integer (the model's output index), for builds that cannot
                 be told the class order
Prints the model's train and test accuracy. Needs Debian's python3-torch and python3-sklearn:
  /usr/bin/python3 bench/digits-given-model/make_case.py [OUT]
"""
import os
import sys

import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/digits-given-model"
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
torch.set_num_threads(1)
x, y = load_digits(return_X_y=True)
n = len(y)
perm = np.random.RandomState(0).permutation(n)
members = np.sort(perm[: n // 2])
non = np.sort(perm[n // 2:])


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))

    def forward(self, v):
        return self.net(v / 16.0)


model = Mlp()
xt = torch.tensor(x, dtype=torch.float32)
yt = torch.tensor(y, dtype=torch.long)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
mi = torch.tensor(members)
for epoch in range(300):
    model.train()
    order = mi[torch.randperm(len(mi))]
    for b in range(0, len(order), 64):
        idx = order[b:b + 64]
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(xt[idx]), yt[idx])
        loss.backward()
        opt.step()
model.eval()
with torch.no_grad():
    pred = model(xt).argmax(1).numpy()
train_acc = float((pred[members] == y[members]).mean())
test_acc = float((pred[non] == y[non]).mean())
print(f"members {len(members)}, non-members {len(non)}: train accuracy {train_acc:.4f}, test {test_acc:.4f}")

example = torch.zeros(2, 64)
torch.jit.trace(model, example).save(os.path.join(out, "digits.pt"))
torch.jit.trace(nn.Sequential(model, nn.Softmax(dim=1)).eval(), example).save(os.path.join(out, "digits_softmax.pt"))
with open(os.path.join(out, "digits.csv"), "w") as f:
    f.write(",".join([f"p{j}" for j in range(64)] + ["digit"]) + "\n")
    for i in range(n):
        f.write(",".join(str(int(v)) for v in x[i]) + "," + WORDS[y[i]] + "\n")
with open(os.path.join(out, "digits_int.csv"), "w") as f:
    f.write(",".join([f"p{j}" for j in range(64)] + ["digit"]) + "\n")
    for i in range(n):
        f.write(",".join(str(int(v)) for v in x[i]) + "," + str(int(y[i])) + "\n")
with open(os.path.join(out, "members.txt"), "w") as f:
    f.write("\n".join(str(i) for i in members) + "\n")
with open(os.path.join(out, "classes.txt"), "w") as f:
    f.write("\n".join(WORDS) + "\n")

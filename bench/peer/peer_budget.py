#!/usr/bin/python3
"""../shared/bench/peer_budget.py, extended to ImageNet-style folders (--size, --stem, --normalize, --eval-size,
--eval-resize, --jitter, --blur; its defaults are the original's CIFAR settings, so its CIFAR results are unchanged).

The peer under a time budget: SimCLR (optionally + SEC) pretraining in PyTorch for --minutes of wall clock on an
image folder, then the fast linear probe and weighted kNN on frozen features. Gives the accuracy a PyTorch user
gets on this machine in the same time, to compare with ours side by side.

  peer_budget.py --train CACHE/cifar10-jpg/train --test CACHE/cifar10-jpg/test --minutes 60 [--width 0.5] [--sec 0.1]
  peer_budget.py ... --minutes 0     # random-init floor: no pretraining, same probe
  peer_budget.py --train CACHE/imagenette/train --test CACHE/imagenette/val --size 64 --stem imagenet \
      --normalize imagenet --eval-resize 73 --jitter 0.8,0.8,0.8,0.2 --blur 0.5   # ImageNet-style folders
Prints RESULT lines; --out writes them as JSON. Needs Debian's python3-torch and python3-torchvision.
"""
import argparse, json, math, os, sys, time

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision import datasets, transforms as T

p = argparse.ArgumentParser()
p.add_argument("--train", required=True)
p.add_argument("--test", required=True)
p.add_argument("--minutes", type=float, default=60)
p.add_argument("--width", type=float, default=1.0, help="channel multiplier of ResNet-18 (1.0 = 64 base channels)")
p.add_argument("--batch", type=int, default=256)
p.add_argument("--lr", type=float, default=0.5)
p.add_argument("--temperature", type=float, default=0.5)
p.add_argument("--sec", type=float, default=0.0, help="SEC weight (0 = plain SimCLR)")
p.add_argument("--threads", type=int, default=2)
p.add_argument("--workers", type=int, default=1)
p.add_argument("--seed", type=int, default=0)
p.add_argument("--size", type=int, default=32, help="side of the views and of the evaluated images")
p.add_argument("--stem", choices=["cifar", "imagenet"], default="cifar",
               help="cifar: 3x3 stride-1 convolution; imagenet: 7x7 stride-2 convolution and 3x3 stride-2 max-pool")
p.add_argument("--normalize", choices=["cifar10", "imagenet"], default="cifar10", help="channel statistics")
p.add_argument("--eval-size", type=int, default=0, help="side of the evaluated images (0: --size)")
p.add_argument("--eval-resize", type=int, default=0,
               help="evaluation: resize the short side to this, centre-crop --eval-size (0: the image as it is)")
p.add_argument("--jitter", default="0.4,0.4,0.4,0.1", help="colour jitter brightness,contrast,saturation,hue")
p.add_argument("--blur", type=float, default=0.0, help="Gaussian blur probability (kernel 10%% of --size, sigma 0.1-2)")
p.add_argument("--out")
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)
MEAN, STD = {"cifar10": ((0.4914, 0.4822, 0.4465), (0.247, 0.243, 0.261)),
             "imagenet": ((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))}[a.normalize]


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1, self.b1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout)
        self.c2, self.b2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout)
        self.sc = nn.Sequential()
        if stride != 1 or cin != cout:
            self.sc = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        return F.relu(self.b2(self.c2(y)) + self.sc(x))


class ResNet18(nn.Module):
    def __init__(self, width, stem):
        super().__init__()
        c = [max(8, int(round(w * width))) for w in (64, 128, 256, 512)]
        if stem == "imagenet":
            self.stem = nn.Sequential(nn.Conv2d(3, c[0], 7, 2, 3, bias=False), nn.BatchNorm2d(c[0]), nn.ReLU(),
                                      nn.MaxPool2d(3, 2, 1))
        else:
            self.stem = nn.Sequential(nn.Conv2d(3, c[0], 3, 1, 1, bias=False), nn.BatchNorm2d(c[0]), nn.ReLU())
        layers, cin = [], c[0]
        for i, co in enumerate(c):
            layers += [Block(cin, co, 1 if i == 0 else 2), Block(co, co, 1)]
            cin = co
        self.layers = nn.Sequential(*layers)
        self.dim = cin

    def forward(self, x):
        return F.adaptive_avg_pool2d(self.layers(self.stem(x)), 1).flatten(1)


enc = ResNet18(a.width, a.stem)
head = nn.Sequential(nn.Linear(enc.dim, 2048, bias=False), nn.BatchNorm1d(2048), nn.ReLU(), nn.Linear(2048, 128))
jitter = [float(v) for v in a.jitter.split(",")]
kernel = max(3, int(0.1 * a.size)) | 1  # 10% of the side, odd, as SimCLR's blur
blur = [T.RandomApply([T.GaussianBlur(kernel, (0.1, 2.0))], p=a.blur)] if a.blur > 0 else []
view = T.Compose([T.RandomResizedCrop(a.size, scale=(0.08, 1.0)), T.RandomHorizontalFlip(),
                  T.RandomApply([T.ColorJitter(*jitter)], p=0.8), T.RandomGrayscale(p=0.2), *blur,
                  T.ToTensor(), T.Normalize(MEAN, STD)])
steps, t_start, curve = 0, time.time(), []
if a.minutes > 0:
    ds = datasets.ImageFolder(a.train, transform=lambda x: (view(x), view(x)))
    dl = torch.utils.data.DataLoader(ds, batch_size=a.batch, shuffle=True, num_workers=a.workers, drop_last=True,
                                     persistent_workers=a.workers > 0)
    params = list(enc.parameters()) + list(head.parameters())
    opt = torch.optim.SGD(params, lr=a.lr, momentum=0.9, weight_decay=1e-4)
    budget = a.minutes * 60
    enc.train(), head.train()
    done = False
    while not done:
        for (x1, x2), _ in dl:
            frac = (time.time() - t_start) / budget
            if frac >= 1:
                done = True
                break
            lr = a.lr * min(1.0, frac / 0.05) * 0.5 * (1 + math.cos(math.pi * frac))  # 5% warm-up, cosine by time
            for g in opt.param_groups:
                g["lr"] = lr
            z = head(enc(torch.cat([x1, x2])))
            n = x1.shape[0]
            zn = F.normalize(z, dim=1)
            sim = zn @ zn.t() / a.temperature
            sim.fill_diagonal_(float("-inf"))
            loss = F.cross_entropy(sim, torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)]))
            norms = z.norm(dim=1)
            sec = ((norms - norms.mean().detach()) ** 2).mean()
            total = loss + a.sec * sec
            opt.zero_grad(set_to_none=True)
            total.backward()
            opt.step()
            steps += 1
            if steps % 20 == 0:
                curve.append([steps, round(time.time() - t_start, 1), float(loss), float(norms.var(unbiased=False))])
                print(f"step {steps} t={time.time() - t_start:.0f}s loss={float(loss):.4f} sec={float(sec):.4f} "
                      f"norm_var={float(norms.var(unbiased=False)):.4f} lr={lr:.4f}", file=sys.stderr, flush=True)
pretrain_s = time.time() - t_start

resize = [T.Resize(a.eval_resize), T.CenterCrop(a.eval_size or a.size)] if a.eval_resize > 0 else []
plain = T.Compose([*resize, T.ToTensor(), T.Normalize(MEAN, STD)])


def features(root):
    ds = datasets.ImageFolder(root, transform=plain)
    dl = torch.utils.data.DataLoader(ds, batch_size=512, num_workers=a.workers)
    fs, ys = [], []
    enc.eval()
    with torch.no_grad():
        for x, y in dl:
            fs.append(enc(x))
            ys.append(y)
    return torch.cat(fs), torch.cat(ys)


t0 = time.time()
ftr, ytr = features(a.train)
fte, yte = features(a.test)
extract_s = time.time() - t0
# weighted kNN, k=200, T=0.1, cosine
ntr, nte = F.normalize(ftr, dim=1), F.normalize(fte, dim=1)
C = int(ytr.max()) + 1
correct = 0
for i in range(0, nte.shape[0], 1000):
    w, idx = (nte[i:i + 1000] @ ntr.t()).topk(200, dim=1)
    scores = torch.zeros(w.shape[0], C).scatter_add_(1, ytr[idx], (w / 0.1).exp())
    correct += int((scores.argmax(1) == yte[i:i + 1000]).sum())
knn = correct / nte.shape[0]
# fast linear probe: standardized features, multinomial logistic regression, full-batch L-BFGS
mu, sd = ftr.mean(0), ftr.std(0) + 1e-6
xtr, xte = (ftr - mu) / sd, (fte - mu) / sd
lin = nn.Linear(xtr.shape[1], C)
opt = torch.optim.LBFGS(lin.parameters(), lr=1, max_iter=300, history_size=20, line_search_fn="strong_wolfe")


def closure():
    opt.zero_grad()
    l = F.cross_entropy(lin(xtr), ytr) + 5e-4 * lin.weight.pow(2).sum()
    l.backward()
    return l


opt.step(closure)
with torch.no_grad():
    top1 = float((lin(xte).argmax(1) == yte).float().mean())
res = {"peer": "pytorch", "torch": torch.__version__, "minutes": a.minutes, "width": a.width, "batch": a.batch,
       "size": a.size, "stem": a.stem,
       "lr": a.lr, "temperature": a.temperature, "sec_weight": a.sec, "steps": steps, "pretrain_s": round(pretrain_s),
       "views_seen": steps * 2 * a.batch, "extract_s": round(extract_s), "knn_top1": knn, "linear_top1": top1,
       "curve": curve}
print(f"RESULT peer budget minutes={a.minutes} width={a.width} sec={a.sec} steps={steps} "
      f"epochs={steps * a.batch / len(ytr):.2f} linear_top1={top1:.4f} knn_top1={knn:.4f} extract_s={extract_s:.0f}",
      flush=True)
if a.out:
    json.dump(res, open(a.out, "w"), indent=1)

#!/usr/bin/env python3
"""Writes SphereCLR's golden cases: what PyTorch and torchvision compute, for the Java tests to match.

Made with Debian 12's packages (apt-get install -y python3-torch python3-torchvision python3-pil),
whose versions are pinned below: torch 1.13.1, torchvision 0.14.1. Run from the repository's root:

    /usr/bin/python3 test-support/golden/generate.py [OUT_DIR]

OUT_DIR defaults to test-support/src/main/resources/dev/sphereclr/golden, where the build reads
them (gzipped). The schema is the one of the shared golden folder (README.md beside this script);
the tests run every case of every file in such a folder, and of another given with -Dgolden.dir.
Everything is seeded: the same packages write the same cases.
"""

import gzip
import io
import json
import math
import os
import sys
import tarfile

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
import torchvision.transforms.functional as TF
from PIL import Image

# What the Debian 12 packages report as their versions (python3-torch 1.13.1+dfsg-4 says 1.13.0a0).
PINNED = {"torch": "1.13.0a0", "torchvision": "0.14.1a0"}
SAMPLE = "datasets/cifar10-sample/cifar10-sample.tar.gz"
IMAGES = ["test/cat/0003.jpg", "test/ship/0017.jpg", "test/frog/0042.jpg", "test/truck/0099.jpg"]


def check_versions():
    found = {"torch": torch.__version__, "torchvision": torchvision.__version__}
    if found != PINNED:
        sys.exit("golden cases are pinned to %s; found %s" % (PINNED, found))


def array(x, dtype):
    x = np.asarray(x)
    return {"shape": list(x.shape), "dtype": dtype, "data": x.astype(dtype).ravel().tolist()}


def f64(t):
    return array(t.detach().numpy(), "float64")


# ---- augment.json: torchvision's functional ops on float CHW tensors in [0, 1] ----

def sample_images():
    with tarfile.open(SAMPLE) as tar:
        for name in IMAGES:
            data = tar.extractfile(name).read()
            yield name.split("/")[-1], np.array(Image.open(io.BytesIO(data)).convert("RGB"))


def augment_cases():
    rng = np.random.default_rng(20261204)
    cases = []
    for name, hwc in sample_images():
        x = torch.from_numpy(hwc).permute(2, 0, 1).float() / 255

        def case(label, op, params, y, atol=1e-4):
            cases.append({"name": "%s/%s" % (name, label), "op": op, "params": params,
                          "input": array(hwc, "uint8"),
                          "expected": array(y.permute(1, 2, 0).numpy(), "float32"), "atol": atol})

        b, c, s = (round(float(rng.uniform(0.4, 1.6)), 3) for _ in range(3))
        h = round(float(rng.uniform(-0.1, 0.1)), 3)
        case("brightness%s" % b, "adjust_brightness", {"factor": b}, TF.adjust_brightness(x, b))
        case("contrast%s" % c, "adjust_contrast", {"factor": c}, TF.adjust_contrast(x, c))
        case("saturation%s" % s, "adjust_saturation", {"factor": s}, TF.adjust_saturation(x, s))
        case("hue%s" % h, "adjust_hue", {"factor": h}, TF.adjust_hue(x, h), 2e-3)
        case("grayscale", "grayscale", {}, TF.rgb_to_grayscale(x, 3))
        case("hflip", "hflip", {}, TF.hflip(x))
        t = round(float(rng.uniform(0.3, 0.9)), 3)
        case("solarize%s" % t, "solarize", {"threshold": t}, TF.solarize(x, t))
        k = int(rng.choice([3, 5]))
        sigma = round(float(rng.uniform(0.1, 2.0)), 3)
        case("blur%ds%s" % (k, sigma), "gaussian_blur", {"kernel_size": k, "sigma": sigma},
             TF.gaussian_blur(x, [k, k], [sigma, sigma]))
        for out in (24, 40):  # shrinking (antialias matters) and enlarging
            height, width = int(rng.integers(8, 33)), int(rng.integers(8, 33))
            top, left = int(rng.integers(0, 33 - height)), int(rng.integers(0, 33 - width))
            y = TF.resized_crop(x, top, left, height, width, [out, out],
                                TF.InterpolationMode.BILINEAR, antialias=True)
            case("crop%d,%d,%dx%d->%d" % (top, left, height, width, out), "resized_crop",
                 {"top": top, "left": left, "height": height, "width": width, "out_height": out,
                  "out_width": out, "interpolation": "bilinear", "antialias": True}, y, 2e-3)
        mean, std = [0.4914, 0.4822, 0.4465], [0.247, 0.243, 0.261]
        case("normalize", "normalize", {"mean": mean, "std": std}, TF.normalize(x, mean, std))
        order = list(rng.permutation(["brightness", "contrast", "saturation", "hue"]))
        factors = {"brightness": round(float(rng.uniform(0.6, 1.4)), 3),
                   "contrast": round(float(rng.uniform(0.6, 1.4)), 3),
                   "saturation": round(float(rng.uniform(0.6, 1.4)), 3),
                   "hue": round(float(rng.uniform(-0.1, 0.1)), 3)}
        ops = {"brightness": TF.adjust_brightness, "contrast": TF.adjust_contrast,
               "saturation": TF.adjust_saturation, "hue": TF.adjust_hue}
        y = x
        for o in order:
            y = ops[o](y, factors[o])
        case("color_jitter", "color_jitter", dict(order=[str(o) for o in order], **factors), y, 2e-3)
    return {"kind": "augment-op",
            "reference": "torchvision %s functional ops on float tensors in [0,1]" % PINNED["torchvision"],
            "layout": "images are HWC; input uint8 0..255; expected float32 in [0,1] (normalize: standardized)",
            "cases": cases}


# ---- losses.json: float64 autograd ----

def nt_xent(z1, z2, t):
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    n = z1.shape[0]
    sim = z @ z.T / t
    sim.fill_diagonal_(float("-inf"))
    target = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(sim, target)


def loss_cases():
    g = torch.Generator().manual_seed(11)
    cases = []
    for n, d, t in [(4, 8, 0.5), (8, 16, 0.2), (16, 32, 0.1), (6, 5, 1.0)]:
        z1 = torch.randn(n, d, generator=g, dtype=torch.float64, requires_grad=True)
        z2 = torch.randn(n, d, generator=g, dtype=torch.float64, requires_grad=True)
        loss = nt_xent(z1, z2, t)
        loss.backward()
        cases.append({"name": "nt_xent n%d d%d t%s" % (n, d, t), "loss": "nt_xent",
                      "params": {"temperature": t}, "inputs": {"z1": f64(z1), "z2": f64(z2)},
                      "expected": {"loss": loss.item(), "grad_z1": f64(z1.grad), "grad_z2": f64(z2.grad)}})
    for n, d, m, prev in [(8, 16, 1.0, None), (12, 8, 0.1, 3.5), (5, 32, 0.5, 6.0)]:
        f = (torch.randn(n, d, generator=g, dtype=torch.float64) * 3).requires_grad_()
        norms = f.norm(dim=1)
        batch = norms.detach().mean()
        mu = batch if prev is None or m == 1 else (1 - m) * prev + m * batch
        loss = ((norms - mu) ** 2).mean()
        loss.backward()
        cases.append({"name": "sec n%d d%d m%s" % (n, d, m), "loss": "sec",
                      "params": {"norm_momentum": m, "previous_mu": prev}, "inputs": {"f": f64(f)},
                      "expected": {"loss": loss.item(), "mu": float(mu), "norm_mean": batch.item(),
                                   "norm_var": norms.detach().var(unbiased=False).item(),
                                   "grad_f": f64(f.grad)}})
    for n, d, k, t in [(4, 8, 16, 0.2), (8, 16, 32, 0.07), (3, 4, 8, 1.0)]:
        q = torch.randn(n, d, generator=g, dtype=torch.float64, requires_grad=True)
        key = torch.randn(n, d, generator=g, dtype=torch.float64)
        queue = F.normalize(torch.randn(k, d, generator=g, dtype=torch.float64), dim=1)
        qn, kn = F.normalize(q, dim=1), F.normalize(key, dim=1)
        logits = torch.cat([(qn * kn).sum(1, keepdim=True), qn @ queue.T], 1) / t
        loss = F.cross_entropy(logits, torch.zeros(n, dtype=torch.long))
        loss.backward()
        cases.append({"name": "info_nce n%d d%d K%d t%s" % (n, d, k, t), "loss": "info_nce",
                      "params": {"temperature": t},
                      "inputs": {"q": f64(q), "k": f64(key), "queue": f64(queue)},
                      "expected": {"loss": loss.item(), "grad_q": f64(q.grad)}})
    return {"kind": "loss", "reference": "PyTorch %s autograd, float64" % PINNED["torch"],
            "notes": "nt_xent: mean over all 2N anchors of -log softmax over the 2N-1 others, cosine"
                     " similarity / temperature. sec: mean_i (||f_i||_2 - mu)^2 with mu a constant;"
                     " norm_momentum 1: mu = batch mean of the norms, else (1-m)*previous_mu + m*batch"
                     " mean. info_nce: MoCo; q and k L2-normalized inside, the queue normalized,"
                     " positive logit first.",
            "cases": cases}


# ---- optim.json: one LARS step, and several steps of LARS, SGD and AdamW ----

def lars_step(w, g, v, lr, m, wd, eta, excluded):
    if not excluded:
        g = g + wd * w
        wn, gn = w.norm(), g.norm()
        trust = eta * wn / gn if wn > 0 and gn > 0 else torch.tensor(1.0, dtype=w.dtype)
    else:
        trust = torch.tensor(1.0, dtype=w.dtype)
    v = m * v + lr * trust * g
    return w - v, v


def optim_cases():
    g = torch.Generator().manual_seed(5)
    cases = []
    for shape, excluded in [([6, 4], False), ([16], True), ([3, 3, 2], False)]:
        w = torch.randn(shape, generator=g, dtype=torch.float64)
        grad = torch.randn(shape, generator=g, dtype=torch.float64) * 0.1
        v = torch.randn(shape, generator=g, dtype=torch.float64) * 0.01
        lr = float(torch.rand(1, generator=g)) * 2
        p = {"lr": lr, "momentum": 0.9, "weight_decay": 1e-6, "trust_coefficient": 0.001,
             "excluded_from_adaptation_and_decay": excluded}
        w1, v1 = lars_step(w, grad, v, lr, 0.9, 1e-6, 0.001, excluded)
        cases.append({"name": "lars %s excluded=%s" % (shape, excluded), "optimizer": "lars",
                      "params": p, "inputs": {"param": f64(w), "grad": f64(grad), "momentum_buffer": f64(v)},
                      "expected": {"param": f64(w1), "momentum_buffer": f64(v1)}})
    steps = 5
    for optimizer in ["lars", "sgd", "adamw"]:
        for shape, excluded in [([8, 3], False), ([5], True)]:
            w0 = torch.randn(shape, generator=g, dtype=torch.float64)
            grads = torch.randn([steps] + shape, generator=g, dtype=torch.float64) * 0.1
            lr, m, wd = 0.3, 0.9, 1e-3
            p = {"lr": lr, "momentum": m, "weight_decay": wd, "excluded_from_adaptation_and_decay": excluded,
                 "steps": steps}
            if optimizer == "lars":
                p["trust_coefficient"] = 0.02
                w, v = w0.clone(), torch.zeros(shape, dtype=torch.float64)
                for s in range(steps):
                    w, v = lars_step(w, grads[s], v, lr, m, wd, 0.02, excluded)
            else:
                param = torch.nn.Parameter(w0.clone())
                decay = 0.0 if excluded else wd
                if optimizer == "sgd":
                    opt = torch.optim.SGD([param], lr=lr, momentum=m, weight_decay=decay)
                else:
                    del p["momentum"]
                    p.update({"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8})
                    opt = torch.optim.AdamW([param], lr=lr, betas=(0.9, 0.999), eps=1e-8,
                                            weight_decay=decay)
                for s in range(steps):
                    param.grad = grads[s].clone()
                    opt.step()
                w = param.detach()
            cases.append({"name": "%s %s excluded=%s %d steps" % (optimizer, shape, excluded, steps),
                          "optimizer": optimizer, "params": p,
                          "inputs": {"param": f64(w0), "grads": f64(grads)},
                          "expected": {"param": f64(w)}})
    return {"kind": "optimizer-step",
            "reference": "LARS as SimCLR formulates it: g' = g + wd*w (unless excluded); trust ="
                         " eta*||w||/||g'|| if both norms > 0 else 1 (1 when excluded); v' = m*v +"
                         " lr*trust*g'; w' = w - v'. SGD and AdamW: torch.optim %s, weight decay 0"
                         " for excluded parameters. Cases with 'steps' apply one gradient of 'grads'"
                         " a step from zero state." % PINNED["torch"],
            "cases": cases}


# ---- knn.json ----

def knn_cases():
    g = torch.Generator().manual_seed(7)
    cases = []
    for n, k, t, classes, d in [(40, 5, 0.1, 4, 8), (64, 20, 0.07, 5, 16), (30, 30, 0.5, 3, 4)]:
        train = F.normalize(torch.randn(n, d, generator=g, dtype=torch.float64), dim=1)
        labels = torch.randint(0, classes, (n,), generator=g)
        test = F.normalize(torch.randn(10, d, generator=g, dtype=torch.float64), dim=1)
        sim, idx = (test @ train.T).topk(k, dim=1)
        scores = torch.zeros(10, classes, dtype=torch.float64)
        scores.scatter_add_(1, labels[idx], (sim / t).exp())
        cases.append({"name": "knn n%d k%d T%s" % (n, k, t),
                      "params": {"k": k, "temperature": t, "num_classes": classes},
                      "inputs": {"train_features": f64(train), "train_labels": labels.tolist(),
                                 "test_features": f64(test)},
                      "expected": {"scores": f64(scores), "predicted": scores.argmax(1).tolist()}})
    return {"kind": "knn", "reference": "weighted kNN of Wu et al. 2018: cosine similarity, top-k"
            " neighbours, weight exp(sim/T), class score = sum of weights of its neighbours",
            "cases": cases}


# ---- decode.json: PNG files of every colour type and depth, as Pillow decodes them ----

def png(width, height, color_type, depth, rows):
    """A PNG of raw rows (bytes per row, big-endian samples): Pillow writes no 16-bit colour."""
    import struct
    import zlib

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    raw = b"".join(b"\x00" + bytes(r) for r in rows)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def saved(image, **options):
    buf = io.BytesIO()
    image.save(buf, format="PNG", **options)
    return buf.getvalue()


def decode_cases():
    name, rgb = next(sample_images())
    small = Image.fromarray(rgb).resize((12, 10), Image.BILINEAR)
    rgb = np.array(small)
    gray = np.array(small.convert("L"))
    rng = np.random.default_rng(5)
    alpha = rng.integers(0, 256, gray.shape, dtype=np.uint8)
    low = rng.integers(0, 256, rgb.shape, dtype=np.uint16)  # 16-bit samples: low bytes at random
    wide = (rgb.astype(np.uint16) << 8) | low
    wide_alpha = (alpha.astype(np.uint16) << 8) | low[..., 0]
    palette = small.quantize(colors=16, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    files = [
        ("gray 8-bit", saved(Image.fromarray(gray, "L"))),
        ("gray 16-bit", saved(Image.fromarray(((gray.astype(np.uint16) << 8) | low[..., 0]), "I;16"))),
        ("gray and alpha 8-bit", saved(Image.fromarray(np.stack([gray, alpha], -1), "LA"))),
        ("gray and alpha 16-bit", png(12, 10, 4, 16, [
            np.stack([(gray[y].astype(np.uint16) << 8) | low[y, :, 0], wide_alpha[y]], -1)
            .astype(">u2").tobytes() for y in range(10)])),
        ("palette of 16", saved(palette)),
        ("palette of 16 with a transparent entry", saved(palette, transparency=3)),
        ("1-bit", saved(Image.fromarray(gray, "L").convert("1"))),
        ("rgb and alpha 8-bit", saved(Image.fromarray(np.dstack([rgb, alpha]), "RGBA"))),
        ("rgb 16-bit", png(12, 10, 2, 16, [wide[y].astype(">u2").tobytes() for y in range(10)])),
        ("rgb and alpha 16-bit", png(12, 10, 6, 16, [
            np.dstack([wide[y:y + 1], wide_alpha[y:y + 1, :, None]])[0].astype(">u2").tobytes()
            for y in range(10)])),
    ]
    cases = []
    for kind, data in files:
        im = Image.open(io.BytesIO(data))
        im.load()
        if im.mode.startswith("I"):
            # Pillow's convert("RGB") clips 16-bit gray at 255; its 16-bit colour modes keep the
            # high byte, and so does this reference for gray.
            v = (np.array(im).astype(np.uint32) >> 8).astype(np.uint8)
            expected = np.stack([v, v, v], -1)
        else:
            expected = np.array(im.convert("RGB"))
        cases.append({"name": "png %s from %s (Pillow mode %s)" % (kind, name, im.mode),
                      "inputs": {"file": array(np.frombuffer(data, np.uint8), "uint8")},
                      "expected": {"rgb": array(expected, "uint8")}})
    return {"kind": "decode", "reference": "Pillow %s: Image.open(f).convert('RGB'); 16-bit"
            " samples to 8 bits by their high byte (Pillow's own rule for 16-bit colour; its"
            " convert of 16-bit gray clips at 255)" % Image.__version__, "cases": cases}


# ---- forward.json: torchvision's ResNets, features in eval mode ----

FORWARD = [("resnet18", "cifar", 32), ("resnet18", "imagenet", 64), ("resnet50", "imagenet", 64)]
GAMMA = 0x9E3779B97F4A7C15
MASK = (1 << 64) - 1


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for b in text.encode():
        h = ((h ^ b) * 0x100000001B3) & MASK
    return h


def splitmix64(seed, n):
    """Java's SplittableRandom(seed).nextLong() n times: mix64(seed + (i + 1) * gamma)."""
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + (np.arange(1, n + 1, dtype=np.uint64) * np.uint64(GAMMA))
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def drawn(name, shape, seed):
    """The values of tensor `name`, drawn as ForwardWeights.java draws them: a SplittableRandom
    seeded with seed ^ FNV-1a(name), one long per value, its value % m for a small integer m."""
    n = int(np.prod(shape)) if len(shape) else 1
    r = splitmix64((seed ^ fnv1a64(name)) & MASK, n) >> np.uint64(1)  # non-negative, as Java's >>> 1
    field = name.rsplit(".", 1)[-1]
    if field == "num_batches_tracked":
        return torch.full(shape, 100, dtype=torch.int64)
    if len(shape) == 1:  # batch norm
        u = {"weight": (17, 16, 0.5), "bias": (17, 16, -0.5), "running_mean": (17, 32, -0.25),
             "running_var": (25, 16, 0.5)}[field]
        v = (r % np.uint64(u[0])).astype(np.float64) / u[1] + u[2]
    else:  # a convolution: k in [-3, 3] times a power of two near He's scale / 2
        fan_in = int(np.prod(shape[1:]))
        v = ((r % np.uint64(7)).astype(np.float64) - 3) * 2.0 ** round(math.log2(math.sqrt(2.0 / fan_in) / 2))
    return torch.from_numpy(v.astype(np.float32)).reshape(shape)


def forward_model(arch, stem, seed):
    m = getattr(torchvision.models, arch)()
    m.fc = torch.nn.Identity()
    if stem == "cifar":
        m.conv1 = torch.nn.Conv2d(3, 64, 3, 1, 1, bias=False)
        m.maxpool = torch.nn.Identity()
    state = {k: drawn(k, list(v.shape), seed) for k, v in m.state_dict().items()}
    m.load_state_dict(state, strict=True)
    return m.eval()


def forward_cases():
    images = [torch.from_numpy(rgb).permute(2, 0, 1).float() / 255 for _, rgb in sample_images()]
    mean = torch.tensor([0.485, 0.456, 0.406])[:, None, None]
    std = torch.tensor([0.229, 0.224, 0.225])[:, None, None]
    cases = []
    for arch, stem, side in FORWARD:
        seed = 17
        m = forward_model(arch, stem, seed)
        x = torch.stack([F.interpolate(i[None], size=(side, side), mode="bilinear",
                                       align_corners=False)[0] for i in images])
        x = ((x - mean) / std).float()
        with torch.no_grad():
            features = m(x)
        scale = float(features.abs().max())
        cases.append({"name": "torchvision %s, %s stem, %d px, eval mode" % (arch, stem, side),
                      "params": {"architecture": arch, "stem": stem, "seed": seed,
                                 "atol": 1e-5 * max(1.0, scale)},
                      "inputs": {"x": array(x.numpy(), "float32")},
                      "expected": {"features": array(features.numpy(), "float32")}})
    return {"kind": "forward", "reference": "torchvision %s ResNets with fc = Identity (CIFAR stem:"
            " conv1 = Conv2d(3, 64, 3, 1, 1, bias=False), maxpool = Identity), every tensor of the"
            " state dict drawn from a seeded SplitMix64 stream per name (drawn()), in eval mode, on"
            " 4 sample images resized and normalized with ImageNet's statistics"
            % torchvision.__version__, "cases": cases}


# ---- retrieval.json: Recall@K as the SEC authors count it, NMI as scikit-learn, pair F1 ----

def recall_at_ks(x, labels, ks):
    """Each row a query against all the others (itself left out), cosine similarity; n_i counts the
    other-class rows strictly above the query's best same-class row; hit at K iff n_i < K. Queries
    alone in their class are left out."""
    x = np.asarray(x, dtype=np.float64)
    labels = np.asarray(labels)
    norms = np.sqrt((x * x).sum(1))
    sim = (x @ x.T) / np.outer(norms, norms)
    hits = np.zeros(len(ks))
    queries = 0
    for i in range(len(x)):
        same = labels == labels[i]
        same[i] = False
        if not same.any():
            continue
        queries += 1
        best = sim[i][same].max()
        negatives = np.sum((labels != labels[i]) & (sim[i] > best))
        hits += np.array([negatives < k for k in ks])
    return (hits / queries).tolist(), queries, len(x) - queries


def pair_f1(clusters, classes):
    def pairs(values):
        _, counts = np.unique(values, return_counts=True, axis=0)
        return float(sum(c * (c - 1) / 2 for c in counts))
    both = pairs(np.stack([clusters, classes], 1))
    in_cluster, in_class = pairs(clusters), pairs(classes)
    p = both / in_cluster if in_cluster else 0.0
    r = both / in_class if in_class else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def retrieval_cases():
    import sklearn
    from sklearn.metrics import normalized_mutual_info_score
    rng = np.random.default_rng(11)
    cases = []
    # Integer rows, exact in double precision: duplicates and multiples tie exactly.
    base = rng.integers(-2, 3, size=(18, 5)).astype(np.float64)
    base[base.sum(1) == 0, 0] = 1.0
    rows = np.concatenate([base, base[:3], 2 * base[3:6]])
    labels = np.concatenate([rng.integers(0, 4, 18), [0, 1, 2], [3, 3, 0]])
    labels[5] = 4  # a class of one image: left out of Recall@K
    cases.append(("ties, multiples and a class of one", rows, labels, [1, 2, 4, 8]))
    for n, d, c in [(60, 8, 6), (120, 16, 10)]:
        x = rng.standard_normal((n, d)).astype(np.float32).astype(np.float64)
        cases.append(("gaussian n%d d%d c%d" % (n, d, c), x, rng.integers(0, c, n), [1, 2, 4, 8, 16, 32]))
    out = []
    for name, x, y, ks in cases:
        recall, queries, alone = recall_at_ks(x, y, ks)
        out.append({"name": "recall " + name, "params": {"ks": ks},
                    "inputs": {"features": array(x, "float32"), "labels": [int(v) for v in y]},
                    "expected": {"recall": recall, "queries": queries, "without_positive": alone}})
    for n, kc, kk in [(50, 5, 4), (200, 12, 10), (30, 30, 3)]:
        clusters = rng.integers(0, kc, n)
        classes = rng.integers(0, kk, n)
        out.append({"name": "clustering n%d clusters%d classes%d" % (n, kc, kk), "params": {},
                    "inputs": {"clusters": clusters.tolist(), "classes": classes.tolist()},
                    "expected": {"nmi": float(normalized_mutual_info_score(classes, clusters)),
                                 "f1": pair_f1(clusters, classes)}})
    return {"kind": "retrieval", "reference": "Recall@K: each row against all the others by cosine"
            " similarity, a hit at K when fewer than K rows of another class are strictly more similar"
            " than the best row of the query's class (Dyfine/SphericalEmbedding evaluation.py at"
            " 9572b629, the query left out of its gallery), queries alone in their class left out;"
            " NMI: scikit-learn %s normalized_mutual_info_score (arithmetic); F1: pairs in one cluster"
            " against pairs of one class" % sklearn.__version__, "cases": out}


# ---- metric_losses.json: SupCon and the SEC authors' pair losses, values and gradients ----

def sq_distances(u):
    sq = (u * u).sum(1, keepdim=True)
    return (sq + sq.T - 2 * u @ u.T).clamp(min=1e-12)


def supcon(z, labels, t, tb):
    u = F.normalize(z, dim=1)
    n = len(labels)
    rows = torch.tensor(labels * (z.shape[0] // n))
    logits = u @ u.T / t
    self_mask = torch.eye(len(rows), dtype=torch.bool)
    logits = logits.masked_fill(self_mask, float("-inf"))
    log_prob = logits - torch.logsumexp(logits, 1, keepdim=True)
    pos = (rows[:, None] == rows[None, :]) & ~self_mask
    per_anchor = torch.stack([log_prob[i][pos[i]].mean() for i in range(len(rows))])
    return -(t / tb) * per_anchor.mean()


def triplet_all(z, labels, m):
    d = sq_distances(F.normalize(z, dim=1))
    y = torch.tensor(labels)
    terms = []
    for a in range(len(y)):
        for p in range(len(y)):
            if p != a and y[p] == y[a]:
                for n in range(len(y)):
                    if y[n] != y[a]:
                        terms.append(torch.relu(m + d[a, p] - d[a, n]))
    return torch.stack(terms).mean()


def triplet_semihard(z, labels, m):
    d = sq_distances(F.normalize(z, dim=1))
    y = torch.tensor(labels)
    terms = []
    for a in range(len(y)):
        negs = [n for n in range(len(y)) if y[n] != y[a]]
        for p in range(len(y)):
            if p != a and y[p] == y[a]:
                farther = [n for n in negs if d[a, n] > d[a, p]]
                neg = min(farther, key=lambda n: d[a, n].item()) if farther else max(negs, key=lambda n: d[a, n].item())
                terms.append(torch.relu(m + d[a, p] - d[a, neg]))
    return torch.stack(terms).mean()


def npair(z, labels):
    u = F.normalize(z, dim=1) * 5.0
    classes = sorted(set(labels))
    anchors = [labels.index(c) for c in classes]
    positives = [labels.index(c, labels.index(c) + 1) for c in classes]
    logits = u[anchors] @ u[positives].T
    return F.cross_entropy(logits, torch.arange(len(classes)))


def multi_similarity(z, labels, alpha=2.0, beta=40.0, lam=0.5, margin=0.1):
    u = F.normalize(z, dim=1)
    s = u @ u.T
    y = torch.tensor(labels)
    total = z.new_zeros(())
    for i in range(len(y)):
        pos = [j for j in range(len(y)) if y[j] == y[i] and s[i, j].item() < 1 - 1e-5]
        neg = [j for j in range(len(y)) if y[j] != y[i]]
        if not pos or not neg:
            continue
        min_pos = min(s[i, j].item() for j in pos)
        max_neg = max(s[i, j].item() for j in neg)
        hard_neg = [j for j in neg if s[i, j].item() + margin > min_pos]
        hard_pos = [j for j in pos if s[i, j].item() - margin < max_neg]
        if not hard_neg or not hard_pos:
            continue
        total = total + torch.log1p(torch.exp(-alpha * (s[i, hard_pos] - lam)).sum()) / alpha \
            + torch.log1p(torch.exp(beta * (s[i, hard_neg] - lam)).sum()) / beta
    return total / len(y)


def metric_loss_cases():
    g = torch.Generator().manual_seed(17)
    cases = []

    def add(name, loss, params, z, labels, value):
        value.backward()
        cases.append({"name": name, "loss": loss, "params": params,
                      "inputs": {"z": f64(z), "labels": labels},
                      "expected": {"loss": value.item(), "grad_z": f64(z.grad)}})

    for n, d, views, t in [(8, 16, 2, 0.1), (12, 8, 2, 0.5), (6, 32, 3, 0.07)]:
        labels = torch.randint(0, 3, (n,), generator=g).tolist()
        z = torch.randn(views * n, d, generator=g, dtype=torch.float64, requires_grad=True)
        add("supcon n%d v%d t%s" % (n, views, t), "supcon", {"temperature": t, "base_temperature": 0.07},
            z, labels, supcon(z, labels, t, 0.07))
    for p, k, d in [(4, 3, 16), (5, 2, 8), (3, 5, 32)]:
        labels = [c for c in range(p) for _ in range(k)]
        order = torch.randperm(p * k, generator=g).tolist()
        labels = [labels[i] for i in order]
        for loss, make, params in [("triplet", lambda z: triplet_all(z, labels, 1.0), {"margin": 1.0}),
                                   ("semihard_triplet", lambda z: triplet_semihard(z, labels, 0.2), {"margin": 0.2}),
                                   ("npair", lambda z: npair(z, labels), {}),
                                   ("multi_similarity", lambda z: multi_similarity(z, labels), {})]:
            z = torch.randn(p * k, d, generator=g, dtype=torch.float64, requires_grad=True)
            add("%s P%d K%d d%d" % (loss, p, k, d), loss, params, z, labels, make(z))
    # Classes as clusters: mining keeps some pairs and drops others.
    for p, k, d in [(4, 5, 16), (6, 3, 8)]:
        labels = [c for c in range(p) for _ in range(k)]
        centres = torch.randn(p, d, generator=g, dtype=torch.float64)
        for loss, make, params in [("semihard_triplet", lambda z: triplet_semihard(z, labels, 0.2), {"margin": 0.2}),
                                   ("multi_similarity", lambda z: multi_similarity(z, labels), {})]:
            noise = torch.randn(p * k, d, generator=g, dtype=torch.float64)
            z = (centres[labels] + 0.6 * noise).requires_grad_()
            add("%s clustered P%d K%d d%d" % (loss, p, k, d), loss, params, z, labels, make(z))
    return {"kind": "loss", "reference": "PyTorch %s autograd, float64, written from the papers and"
            " the definitions of Dyfine/SphericalEmbedding loss.py at 9572b629 (triplet: every"
            " triplet, squared distances of normalized rows clamped at 1e-12, margin 1;"
            " semihard_triplet: nearest negative farther than the positive, else the farthest, margin"
            " 0.2; npair: first and second image of each class in label order, rows normalized and"
            " scaled by 5; multi_similarity: alpha 2, beta 40, lambda 0.5, margin 0.1, mined per"
            " anchor) and HobbitLong/SupContrast losses.py (supcon: all views as anchors, loss times"
            " t / base_temperature)" % PINNED["torch"], "cases": cases}


def main():
    check_versions()
    torch.set_num_threads(1)
    out = sys.argv[1] if len(sys.argv) > 1 else "test-support/src/main/resources/dev/sphereclr/golden"
    os.makedirs(out, exist_ok=True)
    for name, make in [("augment", augment_cases), ("losses", loss_cases), ("optim", optim_cases),
                       ("knn", knn_cases), ("decode", decode_cases),
                       ("forward", forward_cases), ("retrieval", retrieval_cases),
                       ("metric_losses", metric_loss_cases)]:
        doc = make()
        path = os.path.join(out, name + ".json.gz")
        # mtime 0: the same cases make the same bytes.
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write(json.dumps(doc).encode())
        print("%s: %d cases" % (path, len(doc["cases"])))


if __name__ == "__main__":
    main()

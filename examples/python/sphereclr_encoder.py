"""Loads a SphereCLR encoder export into PyTorch: torchvision's ResNet module tree, any width.

An export folder holds encoder.safetensors: the encoder's parameters and batch-norm statistics under
torchvision's ResNet state-dict names (conv1.weight, bn1.running_mean, layer1.0.conv1.weight,
layer2.0.downsample.0.weight, ...), with no fc. At width 1, torchvision's own model loads it:

    from safetensors.torch import load_file
    model = torchvision.models.resnet18()
    model.fc = torch.nn.Identity()
    # CIFAR stem only: model.conv1 = torch.nn.Conv2d(3, 64, 3, 1, 1, bias=False); model.maxpool = torch.nn.Identity()
    model.load_state_dict(load_file("encoder.safetensors"), strict=True)

At any width, build(metadata) makes the same tree with the export's channel counts, and load(path)
does all of it (reading the file without the safetensors package):

    model, meta = load("runs/pretrain/encoder/encoder.safetensors")
    model.eval()
    features = model(batch)   # batch: N x 3 x S x S, normalized with meta's mean and std

Needs torch and torchvision (any version with torchvision.models.resnet.BasicBlock and Bottleneck).
"""

import json
import struct

import torch
from torch import nn
from torchvision.models.resnet import BasicBlock, Bottleneck

LAYERS = {"resnet18": (BasicBlock, [2, 2, 2, 2]), "resnet34": (BasicBlock, [3, 4, 6, 3]),
          "resnet50": (Bottleneck, [3, 4, 6, 3])}
DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64}


def read(path):
    """The tensors and metadata of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    meta = header.pop("__metadata__", {})
    start = 8 + length
    tensors = {}
    for name, t in header.items():
        begin, end = t["data_offsets"]
        raw = bytearray(data[start + begin:start + end])
        tensors[name] = torch.frombuffer(raw, dtype=DTYPES[t["dtype"]]).reshape(t["shape"]).clone()
    return tensors, meta


def scaled(channels, width):
    """SphereCLR's channel count at a width multiplier: round(c * width), at least 1."""
    return max(1, int(channels * width + 0.5))


def build(meta):
    """torchvision's ResNet tree for the export's architecture, stem and width, without fc."""
    block, counts = LAYERS[meta["architecture"]]
    width = float(meta["width"])
    base = scaled(64, width)
    model = nn.Module()
    if meta["stem"] == "cifar":
        model.conv1 = nn.Conv2d(3, base, 3, 1, 1, bias=False)
        model.maxpool = nn.Identity()
    else:
        model.conv1 = nn.Conv2d(3, base, 7, 2, 3, bias=False)
        model.maxpool = nn.MaxPool2d(3, 2, 1)
    model.bn1 = nn.BatchNorm2d(base)
    model.relu = nn.ReLU(inplace=True)
    inplanes = base
    for stage, count in enumerate(counts):
        planes = scaled(64 << stage, width)
        units = []
        for i in range(count):
            stride = 2 if stage > 0 and i == 0 else 1
            out = planes * block.expansion
            downsample = None
            if stride != 1 or inplanes != out:
                downsample = nn.Sequential(nn.Conv2d(inplanes, out, 1, stride, bias=False),
                                           nn.BatchNorm2d(out))
            units.append(block(inplanes, planes, stride, downsample))
            inplanes = out
        setattr(model, "layer%d" % (stage + 1), nn.Sequential(*units))
    model.avgpool = nn.AdaptiveAvgPool2d(1)
    model.fc = nn.Identity()

    def forward(x):
        x = model.maxpool(model.relu(model.bn1(model.conv1(x))))
        x = model.layer4(model.layer3(model.layer2(model.layer1(x))))
        return torch.flatten(model.avgpool(x), 1)

    model.forward = forward
    return model


def load(path):
    """The export's encoder as a PyTorch module (strictly loaded), and its metadata."""
    tensors, meta = read(path)
    model = build(meta)
    model.load_state_dict(tensors, strict=True)
    return model, meta

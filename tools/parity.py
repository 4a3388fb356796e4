#!/usr/bin/env python3
"""Whole-network parity, PyTorch side (tools/parity.sh runs it): builds torchvision ResNet-18/101, AdaptSegNet's
DeepLab-v2 and CoinCheung's BiSeNet v1 with seeded random weights, calibrates their BatchNorm statistics on random
images (so that inference-mode activations stay in a realistic range), exports each as safetensors with the
original state-dict names (num_batches_tracked and torchvision's fc included), and writes one input image with
every network's output to ref.safetensors.

usage: parity.py OUT_DIR
       parity.py --check-export ORIGINAL.safetensors EXPORTED.safetensors deeplabv2|bisenet
"""
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import twins  # noqa: E402


def randomize(model, seed):
    torch.manual_seed(seed)
    for m in model.modules():
        if isinstance(m, torch.nn.Conv2d):
            torch.nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            if m.bias is not None:
                torch.nn.init.uniform_(m.bias, -0.1, 0.1)
        elif isinstance(m, torch.nn.BatchNorm2d):
            torch.nn.init.uniform_(m.weight, 0.5, 1.5)
            torch.nn.init.uniform_(m.bias, -0.2, 0.2)
    return model


def calibrate(model, forward, shape, seed):
    """Running statistics = cumulative averages over a few random batches (train-mode passes, no gradients)."""
    torch.manual_seed(seed)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None
    model.train()
    with torch.no_grad():
        for _ in range(3):
            forward(torch.rand(*shape))
    model.eval()
    return model


def float64_error(net, forward, x, ref32):
    """max |PyTorch float32 - PyTorch float64| per output: the rounding noise any float32 implementation carries."""
    import copy
    net64 = copy.deepcopy(net).double()
    with torch.no_grad():
        outs = forward(net64, x.double())
    return [torch.tensor((r.double() - o).abs().max().item()) for r, o in zip(ref32, outs)]


def main(out):
    os.makedirs(out, exist_ok=True)
    t0 = time.time()
    refs = {}
    torch.manual_seed(2024)
    rgb = torch.rand(1, 3, 129, 161)  # odd sizes: ceil-mode pooling, bilinear to a non-multiple of 8
    rgb32 = torch.rand(1, 3, 160, 224)  # BiSeNet needs sizes divisible by 32 (nearest x2 upsampling in PyTorch)
    refs["input"] = rgb
    refs["input32"] = rgb32

    for depth in (18, 101):
        net = randomize(twins.ResNet(depth), depth)
        calibrate(net, lambda x: net.stages(twins.imagenet(x)), (2, 3, 96, 128), depth)
        fc = torch.nn.Linear(512 * (4 if depth == 101 else 1), 1000)
        sd = dict(net.state_dict())
        sd["fc.weight"], sd["fc.bias"] = fc.weight.detach(), fc.bias.detach()
        twins.save_safetensors(os.path.join(out, "resnet%d.safetensors" % depth), sd, {"format": "pt"})
        with torch.no_grad():
            stages = net.stages(twins.imagenet(rgb))
        errs = float64_error(net, lambda n, x: n.stages(twins.imagenet(x)), rgb, stages)
        for i, s in enumerate(stages):
            refs["resnet%d.stage%d" % (depth, i + 1)] = s
            refs["resnet%d.stage%d.f64err" % (depth, i + 1)] = errs[i]

    dl = randomize(twins.DeepLabV2(19), 7)
    for conv in dl.layer5.conv2d_list:
        torch.nn.init.normal_(conv.weight, 0, 0.01)  # AdaptSegNet's classifier initialisation
    calibrate(dl, lambda x: dl(twins.caffe_bgr(x)), (2, 3, 97, 129), 7)
    # DataParallel-style prefix: the import must strip it
    twins.save_safetensors(os.path.join(out, "deeplabv2.safetensors"), {"module." + k: v for k, v in dl.state_dict().items()},
                           {"format": "pt"})
    with torch.no_grad():
        refs["deeplabv2.logits"] = dl(twins.caffe_bgr(rgb))
    refs["deeplabv2.logits.f64err"] = float64_error(dl, lambda n, x: [n(twins.caffe_bgr(x))], rgb, [refs["deeplabv2.logits"]])[0]

    bs = randomize(twins.BiSeNet(19), 11)
    calibrate(bs, lambda x: bs(twins.imagenet(x)), (2, 3, 128, 160), 11)
    twins.save_safetensors(os.path.join(out, "bisenet.safetensors"), bs.state_dict(), {"format": "pt"})
    with torch.no_grad():
        refs["bisenet.logits"] = bs(twins.imagenet(rgb32))
    refs["bisenet.logits.f64err"] = float64_error(bs, lambda n, x: [n(twins.imagenet(x))], rgb32, [refs["bisenet.logits"]])[0]

    twins.save_safetensors(os.path.join(out, "ref.safetensors"), refs, {"torch": torch.__version__})
    print("pytorch %s: weights and references in %s (%.1fs)" % (torch.__version__, out, time.time() - t0))


def check_export(original, exported, kind):
    """segadapt's export loads into the PyTorch twin with strict=True and gives back the original tensors."""
    net = {"deeplabv2": lambda: twins.DeepLabV2(19), "bisenet": lambda: twins.BiSeNet(19)}[kind]()
    sd = twins.load_safetensors(exported)
    net.load_state_dict(sd, strict=True)
    orig = {k[len("module."):] if k.startswith("module.") else k: v for k, v in twins.load_safetensors(original).items()
            if not k.endswith("num_batches_tracked")}
    worst = max((orig[k] - v).abs().max().item() for k, v in sd.items())
    print("export %s: %d tensors, load_state_dict(strict=True) ok, max |exported - original| = %g" % (kind, len(sd), worst))


if __name__ == "__main__":
    if sys.argv[1] == "--check-export":
        check_export(*sys.argv[2:5])
    else:
        main(sys.argv[1])

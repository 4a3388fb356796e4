#!/usr/bin/env python3
"""Writes the PyTorch parity fixtures under core/src/test/resources/parity/ (run from the repository root:
/usr/bin/python3 tools/make_parity_fixtures.py; add the argument cyclegan for CycleGAN's two only). Needs only torch and numpy.

Each fixture holds an input and PyTorch's output of one module in inference mode. The module's weights are not
stored (some modules have hundreds of thousands): every parameter is `twins.deterministic(name, shape)`, a
hash of its state-dict name that the Java test (parity/Deterministic.java) recomputes bit for bit;
`deterministic.safetensors` holds probes of that formula so a disagreement shows up on its own.
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import twins  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "src", "test", "resources", "parity")


def save(name, tensors, **meta):
    path = os.path.join(OUT, name + ".safetensors")
    twins.save_safetensors(path, tensors, dict(meta, torch=torch.__version__, generator="tools/make_parity_fixtures.py"))
    print("%-28s %7d bytes  %s" % (name, os.path.getsize(path), {k: tuple(v.shape) for k, v in tensors.items()}))


def module_fixture(name, net, inputs, **meta):
    twins.fill_deterministic(net).eval()
    with torch.no_grad():
        out = net(*inputs.values())
    save(name, dict(inputs, output=out), **meta)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(7)
    probes = {n: torch.from_numpy(twins.deterministic(n, s)) for n, s in [
        ("conv.weight", (8, 3, 3, 3)), ("conv.bias", (3,)), ("bn.weight", (5,)), ("bn.bias", (5,)),
        ("bn.running_mean", (5,)), ("bn.running_var", (5,)), ("layer3.0.downsample.0.weight", (4, 2, 1, 1))]}
    save("deterministic", probes)

    down = torch.nn.Sequential(torch.nn.Conv2d(64, 128, 1, 2, bias=False), torch.nn.BatchNorm2d(128))
    module_fixture("basic_block", twins.BasicBlock(64, 128, 2, down), {"input": torch.randn(1, 64, 6, 7)},
                   module="torchvision BasicBlock(64, 128, stride=2) with downsample = resnet18 layer2.0")

    down = torch.nn.Sequential(torch.nn.Conv2d(512, 1024, 1, 1, bias=False), torch.nn.BatchNorm2d(1024))
    module_fixture("bottleneck_dilated", twins.Bottleneck(512, 256, 1, 2, down, caffe=True), {"input": torch.randn(1, 512, 4, 5)},
                   module="AdaptSegNet Bottleneck(512, 256, stride=1, dilation=2) with downsample = DeepLab-v2 layer3.0")

    module_fixture("aspp", twins.Classifier_Module(16, [6, 12, 18, 24], [6, 12, 18, 24], 19), {"input": torch.randn(1, 16, 13, 14)},
                   module="DeepLab-v2 layer5: sum of 3x3 convs with dilation 6, 12, 18, 24 (16 input channels)")

    module_fixture("arm", twins.AttentionRefinementModule(32, 128), {"input": torch.randn(1, 32, 6, 7)},
                   module="BiSeNet AttentionRefinementModule(32, 128)")

    module_fixture("ffm", twins.FeatureFusionModule(256, 256),
                   {"input_sp": torch.randn(1, 128, 4, 5), "input_cp": torch.randn(1, 128, 4, 5)},
                   module="BiSeNet FeatureFusionModule(256, 256) on cat(spatial, context)")

    x = torch.randn(2, 3, 5, 7)
    resized = {"input": x}
    for (h, w) in [(9, 11), (3, 4)]:
        tag = "up" if h > 5 else "down"
        for align in (True, False):
            resized["%s_%s" % (tag, "aligned" if align else "half_pixel")] = F.interpolate(x, size=(h, w), mode="bilinear",
                                                                                            align_corners=align)
        resized["%s_nearest" % tag] = F.interpolate(x, size=(h, w), mode="nearest")
    save("resize", resized, module="F.interpolate bilinear (align_corners True/False) and nearest, 5x7 -> 9x11 and 3x4")


def cyclegan():
    """CycleGAN's generator and discriminator (python3 tools/make_parity_fixtures.py cyclegan writes only these)."""
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(11)
    module_fixture("cyclegan_generator", twins.ResnetGeneratorTwin(4, 2), {"input": torch.rand(1, 3, 12, 16) * 2 - 1},
                   module="CycleGAN ResnetGenerator(ngf=4, n_blocks=2), instance norm, reflect padding")
    module_fixture("patch_discriminator", twins.PatchDiscriminatorTwin(4), {"input": torch.rand(1, 3, 32, 40) * 2 - 1},
                   module="CycleGAN NLayerDiscriminator(ndf=4, n_layers=3), instance norm")


if __name__ == "__main__":
    cyclegan() if sys.argv[1:] == ["cyclegan"] else main()

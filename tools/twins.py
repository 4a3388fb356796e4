"""PyTorch twins of segadapt's modules, deterministic weights, and a dependency-free safetensors writer/reader.

Shared by make_parity_fixtures.py (unit fixtures under core/src/test/resources/parity) and parity.py (whole networks).
The layouts are those of the Python repositories segadapt reads weights from:
  - ResNet-18/101: torchvision (BasicBlock / Bottleneck with the stride on the 3x3 conv);
  - DeepLab-v2 ResNet-101: AdaptSegNet/ADVENT Res_Deeplab (stride on the first 1x1 conv, ceil-mode max pool,
    dilation 2/4 in layer3/4, classifier layer5 = sum of four dilated 3x3 convs);
  - BiSeNet v1: CoinCheung/BiSeNet (ContextPath cp, SpatialPath sp, FeatureFusionModule ffm, BiSeNetOutput heads).
"""
import json
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

M32 = 0xFFFFFFFF


# ---------------------------------------------------------------- deterministic weights (same formula in Java)
def fnv1a(name):
    h = 0x811C9DC5
    for b in name.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & M32
    return h


def uniform(name, n):
    """n numbers in [0, 1) from the name: murmur3's fmix32 of (fnv1a(name) + i * golden) mod 2^32, over 2^32."""
    x = (np.uint64(fnv1a(name)) + np.arange(n, dtype=np.uint64) * np.uint64(0x9E3779B9)) & np.uint64(M32)
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(0x85EBCA6B)) & np.uint64(M32)
    x ^= x >> np.uint64(13)
    x = (x * np.uint64(0xC2B2AE35)) & np.uint64(M32)
    x ^= x >> np.uint64(16)
    return x.astype(np.float64) / 4294967296.0


def deterministic(name, shape):
    """The value of parameter `name` (state-dict name relative to the module) of `shape`, as float32."""
    n = int(np.prod(shape)) if len(shape) else 1
    u = uniform(name, n) * 2.0 - 1.0  # [-1, 1)
    if name.endswith("running_var"):
        v = 1.0 + 0.5 * u
    elif name.endswith("running_mean"):
        v = 0.1 * u
    elif name.endswith("weight") and len(shape) == 1:  # BatchNorm gamma
        v = 1.0 + 0.2 * u
    elif name.endswith("bias"):
        v = 0.1 * u
    else:  # convolution: variance 1/fan_in
        fan_in = int(np.prod(shape[1:]))
        v = np.sqrt(3.0 / fan_in) * u
    return v.astype(np.float32).reshape(shape)


def fill_deterministic(module):
    with torch.no_grad():
        for name, t in module.state_dict().items():
            if name.endswith("num_batches_tracked"):
                continue
            t.copy_(torch.from_numpy(deterministic(name, tuple(t.shape))))
    return module


# ---------------------------------------------------------------- safetensors without the safetensors package
def save_safetensors(path, tensors, metadata=None):
    header, offset, blobs = {}, 0, []
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        a = t.detach().cpu().contiguous().numpy() if torch.is_tensor(t) else np.asarray(t)
        if a.dtype == np.int64:
            dtype, data = "I64", a.astype("<i8").tobytes()
        else:
            dtype, data = "F32", a.astype("<f4").tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        dt = {"F32": "<f4", "I64": "<i8", "F16": "<f2"}[e["dtype"]]
        out[name] = torch.from_numpy(np.frombuffer(data[b:end], dtype=dt).reshape(e["shape"]).copy())
    return out


# ---------------------------------------------------------------- torchvision ResNet
class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(out + identity)


class Bottleneck(nn.Module):
    """torchvision v1.5 (stride on conv2) or, with caffe=True, AdaptSegNet's (stride on conv1, dilation on conv2)."""
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, dilation=1, downsample=None, caffe=False):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, stride if caffe else 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1 if caffe else stride, dilation, dilation=dilation, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(out + identity)


class ResNet(nn.Module):
    """torchvision.models.resnet18/101 (deeplab=False) or AdaptSegNet's DeepLab-v2 trunk (deeplab=True)."""

    def __init__(self, depth, deeplab=False):
        super().__init__()
        block, layers = {18: (BasicBlock, [2, 2, 2, 2]), 101: (Bottleneck, [3, 4, 23, 3])}[depth]
        self.deeplab = deeplab
        self.inplanes = 64
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1, ceil_mode=deeplab)
        strides = [1, 2, 1, 1] if deeplab else [1, 2, 2, 2]
        dilations = [1, 1, 2, 4] if deeplab else [1, 1, 1, 1]
        for i, planes in enumerate([64, 128, 256, 512]):
            setattr(self, "layer%d" % (i + 1), self._make_layer(block, planes, layers[i], strides[i], dilations[i]))

    def _make_layer(self, block, planes, blocks, stride, dilation):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(nn.Conv2d(self.inplanes, planes * block.expansion, 1, stride, bias=False),
                                       nn.BatchNorm2d(planes * block.expansion))
        kw = {"dilation": dilation, "caffe": True} if self.deeplab else {}
        layers = [block(self.inplanes, planes, stride, downsample=downsample, **kw)]
        self.inplanes = planes * block.expansion
        layers += [block(self.inplanes, planes, **kw) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def stages(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        out = []
        for i in range(1, 5):
            x = getattr(self, "layer%d" % i)(x)
            out.append(x)
        return out


# ---------------------------------------------------------------- DeepLab-v2 (AdaptSegNet / ADVENT)
class Classifier_Module(nn.Module):
    """ASPP as in DeepLab-v2: the sum of all four dilated branches (segadapt sums four, see DeepLabV2.java)."""

    def __init__(self, inplanes, dilation_series, padding_series, num_classes):
        super().__init__()
        self.conv2d_list = nn.ModuleList(
            nn.Conv2d(inplanes, num_classes, 3, 1, p, dilation=d, bias=True) for d, p in zip(dilation_series, padding_series))

    def forward(self, x):
        out = self.conv2d_list[0](x)
        for conv in self.conv2d_list[1:]:
            out = out + conv(x)
        return out


class DeepLabV2(ResNet):
    def __init__(self, num_classes=19):
        super().__init__(101, deeplab=True)
        self.layer5 = Classifier_Module(2048, [6, 12, 18, 24], [6, 12, 18, 24], num_classes)

    def forward(self, x):
        h, w = x.shape[2:]
        y = self.layer5(self.stages(x)[3])
        return F.interpolate(y, size=(h, w), mode="bilinear", align_corners=True)


CAFFE_MEAN = torch.tensor([104.00698793, 116.66876762, 122.67891434]).view(1, 3, 1, 1)
IMAGENET_MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
IMAGENET_STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


def caffe_bgr(rgb):
    """RGB in [0,1] to AdaptSegNet's input: BGR in [0,255] minus the Caffe means."""
    return rgb.flip(1) * 255.0 - CAFFE_MEAN


def imagenet(rgb):
    return (rgb - IMAGENET_MEAN) / IMAGENET_STD


# ---------------------------------------------------------------- BiSeNet v1 (CoinCheung, first release)
class ConvBNReLU(nn.Module):
    def __init__(self, in_chan, out_chan, ks=3, stride=1, padding=1):
        super().__init__()
        self.conv = nn.Conv2d(in_chan, out_chan, ks, stride, padding, bias=False)
        self.bn = nn.BatchNorm2d(out_chan)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


class AttentionRefinementModule(nn.Module):
    def __init__(self, in_chan, out_chan):
        super().__init__()
        self.conv = ConvBNReLU(in_chan, out_chan, 3, 1, 1)
        self.conv_atten = nn.Conv2d(out_chan, out_chan, 1, bias=False)
        self.bn_atten = nn.BatchNorm2d(out_chan)

    def forward(self, x):
        feat = self.conv(x)
        atten = torch.mean(feat, dim=(2, 3), keepdim=True)
        atten = torch.sigmoid(self.bn_atten(self.conv_atten(atten)))
        return feat * atten


class FeatureFusionModule(nn.Module):
    def __init__(self, in_chan, out_chan):
        super().__init__()
        self.convblk = ConvBNReLU(in_chan, out_chan, 1, 1, 0)
        self.conv1 = nn.Conv2d(out_chan, out_chan // 4, 1, bias=False)
        self.conv2 = nn.Conv2d(out_chan // 4, out_chan, 1, bias=False)

    def forward(self, fsp, fcp):
        feat = self.convblk(torch.cat([fsp, fcp], dim=1))
        atten = torch.mean(feat, dim=(2, 3), keepdim=True)
        atten = torch.sigmoid(self.conv2(F.relu(self.conv1(atten))))
        return feat * atten + feat


class BiSeNetOutput(nn.Module):
    def __init__(self, in_chan, mid_chan, n_classes):
        super().__init__()
        self.conv = ConvBNReLU(in_chan, mid_chan, 3, 1, 1)
        self.conv_out = nn.Conv2d(mid_chan, n_classes, 1, bias=False)

    def forward(self, x):
        return self.conv_out(self.conv(x))


class ContextPath(nn.Module):
    def __init__(self):
        super().__init__()
        self.resnet = ResNet(18)
        self.arm16 = AttentionRefinementModule(256, 128)
        self.arm32 = AttentionRefinementModule(512, 128)
        self.conv_head32 = ConvBNReLU(128, 128, 3, 1, 1)
        self.conv_head16 = ConvBNReLU(128, 128, 3, 1, 1)
        self.conv_avg = ConvBNReLU(512, 128, 1, 1, 0)

    def forward(self, x):
        feat4, feat8, feat16, feat32 = self.resnet.stages(x)
        avg = self.conv_avg(torch.mean(feat32, dim=(2, 3), keepdim=True))
        feat32_sum = self.arm32(feat32) + avg
        feat32_up = self.conv_head32(F.interpolate(feat32_sum, size=feat16.shape[2:], mode="nearest"))
        feat16_sum = self.arm16(feat16) + feat32_up
        feat16_up = self.conv_head16(F.interpolate(feat16_sum, size=feat8.shape[2:], mode="nearest"))
        return feat16_up, feat32_up  # 1/8, 1/16


class SpatialPath(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = ConvBNReLU(3, 64, 7, 2, 3)
        self.conv2 = ConvBNReLU(64, 64, 3, 2, 1)
        self.conv3 = ConvBNReLU(64, 64, 3, 2, 1)
        self.conv_out = ConvBNReLU(64, 128, 1, 1, 0)

    def forward(self, x):
        return self.conv_out(self.conv3(self.conv2(self.conv1(x))))


class BiSeNet(nn.Module):
    def __init__(self, n_classes=19):
        super().__init__()
        self.cp = ContextPath()
        self.sp = SpatialPath()
        self.ffm = FeatureFusionModule(256, 256)
        self.conv_out = BiSeNetOutput(256, 256, n_classes)
        self.conv_out16 = BiSeNetOutput(128, 64, n_classes)
        self.conv_out32 = BiSeNetOutput(128, 64, n_classes)

    def forward(self, x):
        h, w = x.shape[2:]
        feat_cp8, feat_cp16 = self.cp(x)
        feat_sp = self.sp(x)
        feat_fuse = self.ffm(feat_sp, feat_cp8)
        # segadapt upsamples with align_corners=False (BiSeNet.java); the auxiliary heads run in training only
        return F.interpolate(self.conv_out(feat_fuse), size=(h, w), mode="bilinear", align_corners=False)


# ---------------------------------------------------------------- CycleGAN (junyanz/pytorch-CycleGAN-and-pix2pix layout and names)
class ResnetBlockTwin(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.conv_block = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3, bias=True), nn.InstanceNorm2d(dim), nn.ReLU(True),
                                        nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3, bias=True), nn.InstanceNorm2d(dim))

    def forward(self, x):
        return x + self.conv_block(x)


class ResnetGeneratorTwin(nn.Module):
    """CycleGAN's ResnetGenerator with norm 'instance' (affine off), reflect padding, no dropout: state dict model.N.*"""

    def __init__(self, ngf, n_blocks):
        super().__init__()
        layers = [nn.ReflectionPad2d(3), nn.Conv2d(3, ngf, 7, bias=True), nn.InstanceNorm2d(ngf), nn.ReLU(True)]
        for m in (1, 2):
            layers += [nn.Conv2d(ngf * m, ngf * m * 2, 3, 2, 1, bias=True), nn.InstanceNorm2d(ngf * m * 2), nn.ReLU(True)]
        layers += [ResnetBlockTwin(ngf * 4) for _ in range(n_blocks)]
        for m in (4, 2):
            layers += [nn.ConvTranspose2d(ngf * m, ngf * m // 2, 3, 2, 1, output_padding=1, bias=True), nn.InstanceNorm2d(ngf * m // 2),
                       nn.ReLU(True)]
        layers += [nn.ReflectionPad2d(3), nn.Conv2d(ngf, 3, 7), nn.Tanh()]
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x)


class PatchDiscriminatorTwin(nn.Module):
    """CycleGAN's NLayerDiscriminator, n_layers 3, instance norm: the 70x70 PatchGAN."""

    def __init__(self, ndf):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(3, ndf, 4, 2, 1), nn.LeakyReLU(0.2, True),
            nn.Conv2d(ndf, 2 * ndf, 4, 2, 1, bias=True), nn.InstanceNorm2d(2 * ndf), nn.LeakyReLU(0.2, True),
            nn.Conv2d(2 * ndf, 4 * ndf, 4, 2, 1, bias=True), nn.InstanceNorm2d(4 * ndf), nn.LeakyReLU(0.2, True),
            nn.Conv2d(4 * ndf, 8 * ndf, 4, 1, 1, bias=True), nn.InstanceNorm2d(8 * ndf), nn.LeakyReLU(0.2, True),
            nn.Conv2d(8 * ndf, 1, 4, 1, 1))

    def forward(self, x):
        return self.model(x)

#!/usr/bin/env python3
"""PyTorch twin of `./segadapt bench`: the same networks (layer for layer, same parameter counts), the same
training steps, timed the same way, printing the same JSON keys, so bench/compare.sh can divide Java by PyTorch.

Models (twins of model/SmallNet.java and model/BiSeNet.java + backbone/ResNet.java):
  small    fast encoder-decoder (stem 16, 32, 64, 96 ch, global context, two fusion stages)
  bisenet  BiSeNet v1, ResNet-18 context path, spatial path, ARM/FFM, two auxiliary heads in training
Steps (twins of method/SourceOnly, method/EntropyAdaptation + UnsupervisedTerm focal/adaptive, method/CrossDomainMixing):
  source   L_s = CE(main) + CE(aux heads), ignore 255
  focal    L_s + 0.05 * L_focal(g(p_t), p_t*, I_t), class-adaptive thresholds (TUFL eq. 3-5, 8-9)
  cim      L_s + 0.05 * L_u + 1.0 * L_m on a ClassMix of long-tail-pasted source into the target (teacher pseudo-labels)
Optimiser: torch.optim.SGD momentum 0.9, weight decay 5e-4, warm-up + poly learning rate.
"""
import argparse
import json
import math
import random
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

NUM_CLASSES = 19
MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


# ---------------------------------------------------------------------------------------------------- models
class ConvBnRelu(nn.Sequential):
    def __init__(self, cin, cout, k, stride=1, padding=None, dilation=1, relu=True):
        layers = [nn.Conv2d(cin, cout, k, stride, k // 2 if padding is None else padding, dilation, bias=False),
                  nn.BatchNorm2d(cout)]
        if relu:
            layers.append(nn.ReLU(inplace=True))
        super().__init__(*layers)


def up(x, size):
    return F.interpolate(x, size=size, mode="bilinear", align_corners=False)


class SmallNet(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.stem = ConvBnRelu(3, 16, 3, 2)
        self.stage1 = ConvBnRelu(16, 32, 3, 2)
        self.stage2a = ConvBnRelu(32, 64, 3, 2)
        self.stage2b = ConvBnRelu(64, 64, 3, 1)
        self.stage3a = ConvBnRelu(64, 96, 3, 2)
        self.stage3b = ConvBnRelu(96, 96, 3, 1, padding=2, dilation=2)
        self.context = nn.Conv2d(96, 96, 1, bias=True)
        self.project = ConvBnRelu(96, 48, 1)
        self.fuse8 = ConvBnRelu(48 + 64, 64, 3)
        self.fuse4 = ConvBnRelu(64 + 32, 32, 1)
        self.classifier = nn.Conv2d(32, n, 1, bias=True)

    def forward(self, images):
        h, w = images.shape[2:]
        x = (images - MEAN) / STD
        f4 = self.stage1(self.stem(x))
        f8 = self.stage2b(self.stage2a(f4))
        f16 = self.stage3b(self.stage3a(f8))
        ctx = F.relu(self.context(f16.mean((2, 3), keepdim=True)))
        d = up(self.project(f16 + ctx), f8.shape[2:])
        d = up(self.fuse8(torch.cat([d, f8], 1)), f4.shape[2:])
        d = self.fuse4(torch.cat([d, f4], 1))
        return up(self.classifier(d), (h, w)), []


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)), inplace=True)
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.downsample is None else self.downsample(x)), inplace=True)


class ResNet18(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        cin = 64
        for s, (planes, stride) in enumerate([(64, 1), (128, 2), (256, 2), (512, 2)]):
            setattr(self, "layer%d" % (s + 1), nn.Sequential(BasicBlock(cin, planes, stride), BasicBlock(planes, planes, 1)))
            cin = planes

    def forward(self, x):
        x = self.maxpool(F.relu(self.bn1(self.conv1(x)), inplace=True))
        out = []
        for layer in (self.layer1, self.layer2, self.layer3, self.layer4):
            x = layer(x)
            out.append(x)
        return out


class AttentionRefinement(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = ConvBnRelu(cin, cout, 3)
        self.conv_atten = ConvBnRelu(cout, cout, 1, relu=False)

    def forward(self, x):
        f = self.conv(x)
        return f * torch.sigmoid(self.conv_atten(f.mean((2, 3), keepdim=True)))


class FeatureFusion(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.convblk = ConvBnRelu(cin, cout, 1)
        self.conv1 = nn.Conv2d(cout, cout // 4, 1, bias=False)
        self.conv2 = nn.Conv2d(cout // 4, cout, 1, bias=False)

    def forward(self, x):
        f = self.convblk(x)
        a = torch.sigmoid(self.conv2(F.relu(self.conv1(f.mean((2, 3), keepdim=True)))))
        return f * a + f


class Head(nn.Module):
    def __init__(self, cin, mid, n):
        super().__init__()
        self.conv = ConvBnRelu(cin, mid, 3)
        self.conv_out = nn.Conv2d(mid, n, 1, bias=False)

    def forward(self, x):
        return self.conv_out(self.conv(x))


class BiSeNet(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.resnet = ResNet18()
        self.arm16 = AttentionRefinement(256, 128)
        self.arm32 = AttentionRefinement(512, 128)
        self.conv_avg = ConvBnRelu(512, 128, 1)
        self.conv_head32 = ConvBnRelu(128, 128, 3)
        self.conv_head16 = ConvBnRelu(128, 128, 3)
        self.sp = nn.Sequential(ConvBnRelu(3, 64, 7, 2), ConvBnRelu(64, 64, 3, 2), ConvBnRelu(64, 64, 3, 2), ConvBnRelu(64, 128, 1))
        self.ffm = FeatureFusion(256, 256)
        self.conv_out = Head(256, 256, n)
        self.conv_out16 = Head(128, 64, n)
        self.conv_out32 = Head(128, 64, n)

    def forward(self, images):
        h, w = images.shape[2:]
        x = (images - MEAN) / STD
        _, _, feat16, feat32 = self.resnet(x)
        avg = self.conv_avg(feat32.mean((2, 3), keepdim=True))
        sum32 = self.arm32(feat32) + avg
        cp16 = self.conv_head32(F.interpolate(sum32, size=feat16.shape[2:], mode="nearest"))
        sum16 = self.arm16(feat16) + cp16
        sp = self.sp(x)
        cp8 = self.conv_head16(F.interpolate(sum16, size=sp.shape[2:], mode="nearest"))
        logits = up(self.conv_out(self.ffm(torch.cat([sp, cp8], 1))), (h, w))
        aux = [up(self.conv_out16(cp8), (h, w)), up(self.conv_out32(cp16), (h, w))] if self.training else []
        return logits, aux


class Bottleneck(nn.Module):
    """DeepLab-v2 bottleneck: stride on the 1x1 conv1 (Caffe), dilation on the 3x3 conv2."""

    def __init__(self, cin, planes, stride, dilation):
        super().__init__()
        out = planes * 4
        self.conv1 = nn.Conv2d(cin, planes, 1, stride, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, dilation, dilation, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, out, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out)
        self.downsample = None
        if stride != 1 or cin != out:
            self.downsample = nn.Sequential(nn.Conv2d(cin, out, 1, stride, bias=False), nn.BatchNorm2d(out))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)), inplace=True)
        y = F.relu(self.bn2(self.conv2(y)), inplace=True)
        y = self.bn3(self.conv3(y))
        return F.relu(y + (x if self.downsample is None else self.downsample(x)), inplace=True)


CAFFE_MEAN_BGR = torch.tensor([104.00698793, 116.66876762, 122.67891434]).view(1, 3, 1, 1)


class DeepLabV2(nn.Module):
    """Twin of model/DeepLabV2 (AdaptSegNet layout): ResNet-101, output stride 8, frozen BatchNorm, ASPP sum."""

    def __init__(self, n):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.maxpool = nn.MaxPool2d(3, 2, 1, ceil_mode=True)
        cin = 64
        for s, (blocks, planes, stride, dilation) in enumerate([(3, 64, 1, 1), (4, 128, 2, 1), (23, 256, 1, 2), (3, 512, 1, 4)]):
            layer = [Bottleneck(cin, planes, stride, dilation)] + [Bottleneck(planes * 4, planes, 1, dilation) for _ in range(blocks - 1)]
            setattr(self, "layer%d" % (s + 1), nn.Sequential(*layer))
            cin = planes * 4
        self.layer5 = nn.ModuleList(nn.Conv2d(2048, n, 3, 1, r, r, bias=True) for r in (6, 12, 18, 24))
        for m in self.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.requires_grad_(False)
                m.bias.requires_grad_(False)

    def train(self, mode=True):  # BatchNorm stays in inference mode
        super().train(mode)
        for m in self.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.eval()
        return self

    def forward(self, images):
        h, w = images.shape[2:]
        x = images.flip(1) * 255 - CAFFE_MEAN_BGR
        x = self.maxpool(F.relu(self.bn1(self.conv1(x)), inplace=True))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        scores = sum(branch(x) for branch in self.layer5)
        return F.interpolate(scores, size=(h, w), mode="bilinear", align_corners=True), []


def create(kind):
    models = {"small": SmallNet, "bisenet": BiSeNet, "deeplabv2": DeepLabV2}
    if kind not in models:
        raise SystemExit("pytorch_reference.py: model '%s' has no twin here (small|bisenet|deeplabv2)" % kind)
    m = models[kind](NUM_CLASSES)
    for name, mod in m.named_modules():  # Models.initialize: Kaiming-normal fan-in, zero biases
        if isinstance(mod, nn.Conv2d):
            nn.init.kaiming_normal_(mod.weight, mode="fan_in", nonlinearity="relu")
            if mod.bias is not None:
                nn.init.zeros_(mod.bias)
    if kind == "deeplabv2":  # DeepLabV2.customizeInitializers: N(0, 0.01) classifier, bottleneck conv3 damped x0.2
        for branch in m.layer5:
            nn.init.normal_(branch.weight, 0, 0.01)
        for name, mod in m.named_modules():
            if name.endswith(".conv3"):
                mod.weight.data.mul_(0.2)
    return m


def conv_flops(model, x):
    """2 * output elements * (C_in/groups) * k_h * k_w summed over convolutions, via forward hooks."""
    total = [0]

    def hook(mod, inp, out):
        total[0] += 2 * out.numel() * (mod.in_channels // mod.groups) * mod.kernel_size[0] * mod.kernel_size[1]

    hs = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, nn.Conv2d)]
    with torch.no_grad():
        model(x)
    for h in hs:
        h.remove()
    return total[0]


# ---------------------------------------------------------------------------------------------------- data
def synthetic(n, h, w, seed, labelled=True):
    """Blocky classes in 16x16 blocks (5% ignore), colours from the class, Gaussian noise (as SyntheticData.java)."""
    g = torch.Generator().manual_seed(seed)
    bh, bw = (h + 15) // 16, (w + 15) // 16
    cls = torch.randint(0, 19, (n, bh, bw), generator=g)
    cls[torch.rand(n, bh, bw, generator=g) < 0.05] = 255
    lbl = cls.repeat_interleave(16, 1).repeat_interleave(16, 2)[:, :h, :w].contiguous()
    base = torch.stack([((lbl * (ch + 3) * 37) % 255).float() / 255 for ch in range(3)], 1)
    base[(lbl == 255).unsqueeze(1).expand_as(base)] = 0.5
    img = (base + 0.05 * torch.randn(base.shape, generator=g)).clamp(0, 1)
    return img, (lbl.long() if labelled else None)


# ---------------------------------------------------------------------------------------------------- views
class Perturbation:
    """Twin of augment/Perturbation: flip, scale, rotation, shear about the centre; bilinear, zeros outside, align corners."""

    def __init__(self, rng):
        self.flip = rng.random() < 0.5
        self.scale = 0.75 + rng.random() * 0.5
        self.rot = (2 * rng.random() - 1) * 10
        self.shear = (2 * rng.random() - 1) * 5
        rng.random(), rng.random()  # translation draws (range 0)

    def source_map(self, h, w):
        th, sh = math.radians(self.rot), math.tan(math.radians(self.shear))
        c, s = math.cos(th), math.sin(th)
        l00, l01, l10, l11 = self.scale * c, self.scale * (c * sh - s), self.scale * s, self.scale * (s * sh + c)
        if self.flip:
            l00, l01 = -l00, -l01
        det = l00 * l11 - l01 * l10
        a00, a01, a10, a11 = l11 / det, -l01 / det, -l10 / det, l00 / det
        cx, cy = (w - 1) / 2, (h - 1) / 2
        return a00, a01, cx - a00 * cx - a01 * cy, a10, a11, cy - a10 * cx - a11 * cy

    def grid(self, h, w):
        a00, a01, b0, a10, a11, b1 = self.source_map(h, w)
        ys, xs = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij")
        sx, sy = a00 * xs + a01 * ys + b0, a10 * xs + a11 * ys + b1
        valid = ((sx >= 0) & (sx <= w - 1) & (sy >= 0) & (sy <= h - 1)).float()
        return torch.stack([sx / (w - 1) * 2 - 1, sy / (h - 1) * 2 - 1], -1).unsqueeze(0), valid

    def apply(self, x):
        grid, _ = self.grid(x.shape[2], x.shape[3])
        return F.grid_sample(x, grid.expand(x.shape[0], -1, -1, -1), mode="bilinear", padding_mode="zeros", align_corners=True)

    def valid_mask(self, like):
        return self.grid(like.shape[2], like.shape[3])[1].unsqueeze(0).expand(like.shape[0], -1, -1)


LUMA = torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1)


def photometric(x, rng):
    """Twin of augment/Photometric: brightness, contrast, saturation, Gaussian noise, per-image blur (p 0.5), clip."""
    n = x.shape[0]

    def factors():
        return torch.tensor([1 + (2 * rng.random() - 1) * 0.3 for _ in range(n)]).view(n, 1, 1, 1)

    b, c, s = factors(), factors(), factors()
    x = x * b
    gray = (x * LUMA).sum(1, keepdim=True)
    mean = gray.mean((1, 2, 3), keepdim=True)
    x = (x - mean) * c + mean
    gray = (x * LUMA).sum(1, keepdim=True)
    x = (x - gray) * s + gray
    std = torch.tensor([rng.random() * 0.03 for _ in range(n)]).view(n, 1, 1, 1)
    x = x + torch.randn_like(x) * std
    out = []
    for i in range(n):
        one = x[i:i + 1]
        blur, sigma = rng.random() < 0.5, rng.random() * 1.5
        out.append(gaussian_blur(one, sigma) if blur and sigma > 0.1 else one)
    return torch.cat(out, 0).clamp(0, 1)


def gaussian_blur(x, sigma):
    r = max(1, math.ceil(3 * sigma))
    k = torch.exp(-torch.arange(-r, r + 1, dtype=torch.float32) ** 2 / (2 * sigma * sigma))
    k = k / k.sum()
    kx, ky = k.view(1, 1, 1, -1).repeat(3, 1, 1, 1), k.view(1, 1, -1, 1).repeat(3, 1, 1, 1)

    def sep(t):
        return F.conv2d(F.conv2d(t, kx, padding=(0, r), groups=3), ky, padding=(r, 0), groups=3)

    return sep(x) / sep(torch.ones_like(x))


# ---------------------------------------------------------------------------------------------------- losses
class AdaptiveThreshold:
    """TUFL eq. 8-9 (twin of loss/mask/ClassAdaptiveThreshold): a=0.9, b=0.8, d=8, alpha_0=0.8."""

    def __init__(self, n, t=0.8, a=0.9, b=0.8, d=8.0):
        self.alpha, self.a, self.b, self.d = [t] * n, a, b, d

    def update(self, prob):
        conf, pred = prob.detach().max(1)
        conf, pred = conf.flatten(), pred.flatten()
        for c in range(len(self.alpha)):
            vals = conf[pred == c]
            size = vals.numel()
            if size == 0:
                continue
            index = min(size - 1, math.floor(self.b * math.exp(self.alpha[c] - 1) ** self.d * size))
            current = torch.kthvalue(vals, size - index).values.item()  # descending index -> ascending rank
            self.alpha[c] = self.a * self.alpha[c] + (1 - self.a) * current

    def mask(self, prob):
        conf, pred = prob.detach().max(1)
        return (conf > torch.tensor(self.alpha)[pred]).float()


def clog(p):
    return p.clamp_min(1e-8).log()


def masked_mean(v, m):
    return (v * m).sum() / m.sum().clamp_min(1)


def focal_loss(weak, strong, mask, gamma=2.0):
    """TUFL eq. 3-5: Shannon entropy of the aligned weak view + adjusted KL with the weak view as soft label."""
    shannon = masked_mean(-(weak * clog(weak)).sum(1), mask)
    pl = weak.detach()
    inner = clog(pl) - (1 - strong).clamp(0, 1) ** gamma * clog(strong)
    return shannon + masked_mean((pl * inner).sum(1), mask)


def supervised(out, labels, weights=None):
    logits, aux = out
    loss = 0
    for z in [logits] + aux:
        if weights is None:
            loss = loss + F.cross_entropy(z, labels, ignore_index=255)
        else:
            ce = F.cross_entropy(z, labels, ignore_index=255, reduction="none")
            w = weights * (labels != 255).float()
            loss = loss + (ce * w).sum() / w.sum().clamp_min(1e-12)
    return loss


# ---------------------------------------------------------------------------------------------------- steps
class Step:
    def __init__(self, args):
        h, w = args.res
        self.kind, self.model, self.it = args.step, create(args.model).train(), 0
        self.opt = torch.optim.SGD(self.model.parameters(), lr=2.5e-4, momentum=0.9, weight_decay=5e-4)
        self.xs, self.ys = synthetic(args.batch, h, w, args.seed)
        self.xt, _ = synthetic(args.batch, h, w, args.seed + 1)
        self.donor_x, self.donor_y = synthetic(4, h, w, args.seed + 3)
        self.threshold = AdaptiveThreshold(NUM_CLASSES)
        self.rng = random.Random(args.seed)
        self.laps = None
        if self.kind == "cim":
            self.teacher = create(args.model).eval()
            for p in self.teacher.parameters():
                p.requires_grad_(False)

    def lap(self, name):
        if self.laps is not None:
            now = time.perf_counter()
            self.laps.setdefault(name, []).append((now - self.t) * 1000)
            self.t = now

    def lr(self):
        it, warm, total = self.it, 100, 1_000_000
        return 2.5e-4 * (it + 1) / warm if it < warm else 2.5e-4 * (1 - (it - warm) / (total - warm)) ** 0.9

    def paste(self):
        """Long-tail pasting (twin of mix/LongTailPaster, donors in memory): class ~ softmax(1/alpha), its pixels copied."""
        xs, ys = self.xs.clone(), self.ys.clone()
        inv = torch.tensor([1 / max(1e-6, a) for a in self.threshold.alpha])
        for i in range(xs.shape[0]):
            c = int(torch.multinomial(torch.softmax(inv, 0), 1))
            d = self.rng.randrange(self.donor_x.shape[0])
            m = self.donor_y[d] == c
            xs[i][:, m] = self.donor_x[d][:, m]
            ys[i][m] = c
        return xs, ys

    def classmix(self, xs, ys, pseudo):
        masks = []
        for i in range(ys.shape[0]):
            present = [c for c in torch.unique(ys[i]).tolist() if c != 255]
            chosen = self.rng.sample(present, (len(present) + 1) // 2)
            masks.append(torch.isin(ys[i], torch.tensor(chosen)))
        m = torch.stack(masks).float()
        im = m.unsqueeze(1)
        x = xs * im + self.xt * (1 - im)
        y = torch.where(m > 0.5, ys, pseudo)
        mp = m.unsqueeze(1)
        band = (F.max_pool2d(mp, 7, 1, 3) * F.max_pool2d(1 - mp, 7, 1, 3)).squeeze(1)
        return x, y, band * (2 - 1) + 1

    def step(self):
        for g in self.opt.param_groups:
            g["lr"] = self.lr()
        self.t = time.perf_counter()
        if self.kind == "cim":
            with torch.no_grad():
                pseudo = self.teacher(self.xt)[0].softmax(1).argmax(1)
            self.lap("cim: teacher forward (inference)")
            xm, ym, wm = self.classmix(*self.paste(), pseudo)
            self.lap("cim: paste + ClassMix + boundary weights")
        out = self.model(self.xs)
        self.lap("source forward")
        loss = supervised(out, self.ys)
        loss.item()
        self.lap("source loss (CE, aux heads)")
        if self.kind != "source":
            weak = self.model(self.xt)[0].softmax(1)
            self.lap("target weak forward")
            g = Perturbation(self.rng)
            warped = g.apply(self.xt)
            self.lap("strong view: geometric g(x_t)")
            strong_images = photometric(warped, self.rng)
            self.lap("strong view: photometric")
            strong = self.model(strong_images)[0].softmax(1)
            self.lap("target strong forward")
            aligned = g.apply(weak)
            self.lap("align g(p_t)")
            self.threshold.update(weak)
            it = self.threshold.mask(weak) if self.kind == "focal" else None
            self.lap("alpha update + I_t (eq. 8-9)")
            if it is not None:  # UnsupervisedTerm: I_t on the weak view, warped by g
                valid = (g.apply(it.unsqueeze(1)).squeeze(1) >= 0.999).float() * g.valid_mask(aligned)
            else:  # FocalTerm (stage 2): thresholds read on the aligned view
                valid = self.threshold.mask(aligned) * g.valid_mask(aligned)
            self.lap("mask I_t warp, valid")
            lu = focal_loss(aligned, strong, valid)
            lu.item()
            self.lap("focal loss (eq. 3-5)")
            loss = loss + 0.05 * lu
        if self.kind == "cim":
            mo = self.model(xm)
            self.lap("cim: mixed forward")
            lm = supervised(mo, ym, wm)
            lm.item()
            self.lap("cim: mixed loss")
            loss = loss + lm
        loss.backward()
        self.lap("backward")
        self.opt.step()
        self.opt.zero_grad(set_to_none=True)
        self.lap("optimizer update (Sgd)")
        self.it += 1


def ceiling(reps):
    x = torch.randn(4, 256, 64, 128, requires_grad=True)
    w = (torch.randn(256, 256, 3, 3) * 0.02).requires_grad_()
    best = float("inf")
    for r in range(reps + 1):
        t0 = time.perf_counter()
        F.conv2d(x, w, padding=1).sum().backward()
        x.grad = None
        w.grad = None
        if r > 0:
            best = min(best, time.perf_counter() - t0)
    return 3 * 2 * 4 * 256 * 64 * 128 * 256 * 9 / best / 1e9


def stats(v):
    s = sorted(v)
    n = len(s)
    med = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return {"median": med, "min": s[0], "max": s[-1]}


def peak_rss_mib():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="bisenet")
    p.add_argument("--step", default="focal", choices=["source", "focal", "cim"])
    p.add_argument("--res", default="256x512")
    p.add_argument("--batch", type=int, default=2)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--inference-reps", type=int, default=20)
    p.add_argument("--ceiling-reps", type=int, default=3)
    p.add_argument("--profile", action="store_true")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json")
    p.add_argument("--device", default="cpu")
    args, unknown = p.parse_known_args()  # Java-only options (--loader-batches, --workers) are ignored
    args.res = [int(v) for v in args.res.lower().split("x")]
    if args.threads > 0:
        torch.set_num_threads(args.threads)
        torch.set_num_interop_threads(1)
    torch.manual_seed(args.seed)
    h, w = args.res
    out = {"engine": "pytorch " + torch.__version__, "device": "cpu", "threads": torch.get_num_threads(), "model": args.model,
           "step": args.step, "res": "%dx%d" % (h, w), "batch": args.batch}
    s = Step(args)
    out["parameters"] = sum(q.numel() for q in s.model.parameters())
    print("bench (pytorch %s): %s, %s step, %dx%d, batch %d, threads %d" % (torch.__version__, args.model, args.step, h, w,
                                                                          args.batch, torch.get_num_threads()))
    print("parameters        {:,}".format(out["parameters"]))
    times = []
    for i in range(args.warmup + args.steps):
        t0 = time.perf_counter()
        s.step()
        if i >= args.warmup:
            times.append((time.perf_counter() - t0) * 1000)
    st = stats(times)
    images = args.batch * (1 if args.step == "source" else 2)
    out.update(stepMs=st, stepTimesMs=times, imagesPerSecond=images * 1000 / st["median"])
    print("training step     median %.1f ms (min %.1f, max %.1f, n=%d)   %.2f images/s"
          % (st["median"], st["min"], st["max"], len(times), out["imagesPerSecond"]))
    model = s.model.eval()
    one, _ = synthetic(1, h, w, args.seed + 2, False)
    inf = []
    with torch.no_grad():
        for i in range(min(3, args.warmup + 1) + args.inference_reps):
            t0 = time.perf_counter()
            model(one)[0]
            if i >= min(3, args.warmup + 1):
                inf.append((time.perf_counter() - t0) * 1000)
    out["inferenceMs"] = stats(inf)
    print("inference batch 1 median %.1f ms (min %.1f, max %.1f, n=%d)" % (out["inferenceMs"]["median"], out["inferenceMs"]["min"],
                                                                         out["inferenceMs"]["max"], len(inf)))
    model.train()
    if args.profile:
        s.laps = {}
        for _ in range(max(3, args.steps // 2)):
            s.step()
        out["phasesMs"] = {k: stats(v)["median"] for k, v in s.laps.items()}
        print("phases (median ms):")
        for k, v in out["phasesMs"].items():
            print("  %-38s %8.1f" % (k, v))
    b = max(2, args.batch)
    train_fwd = conv_flops(create(args.model).train(), torch.zeros(b, 3, h, w)) * args.batch // b
    infer_fwd = conv_flops(create(args.model).eval(), torch.zeros(1, 3, h, w))
    passes = {"source": (1, 0), "focal": (3, 0), "cim": (4, 1)}[args.step]
    flops = 3 * passes[0] * train_fwd + passes[1] * infer_fwd * args.batch
    out.update(stepGflop=flops / 1e9, inferenceGflop=infer_fwd / 1e9, achievedGflops=flops / (st["median"] / 1000) / 1e9)
    print("compute           %.1f GFLOP per step (conv, fwd+bwd = 3x fwd) -> %.1f GFLOP/s" % (flops / 1e9, out["achievedGflops"]))
    if args.ceiling_reps > 0:
        c = ceiling(args.ceiling_reps)
        out.update(ceilingGflops=c, ceilingFraction=out["achievedGflops"] / c)
        print("ceiling           %.1f GFLOP/s: step reaches %.0f%%" % (c, 100 * out["ceilingFraction"]))
    out["peakRssMiB"] = peak_rss_mib()
    print("peak RSS          %.0f MiB" % out["peakRssMiB"])
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=2)
        print("json: " + args.json)


if __name__ == "__main__":
    sys.exit(main())

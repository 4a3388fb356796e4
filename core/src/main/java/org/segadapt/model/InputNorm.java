package org.segadapt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.segadapt.nd.HostArrays;
import org.segadapt.nd.Scalars;

/**
 * How pixel values are presented to a network: channel order, scale and per-channel mean/std,
 * applied to RGB input in [0,1]. {@code imagenet} is torchvision's convention; {@code caffe-bgr} is
 * AdaptSegNet/ADVENT's (BGR in [0,255] minus the Caffe means, std 1).
 */
public record InputNorm(String name, boolean bgr, float scale, float[] mean, float[] std) {
    public static final InputNorm IMAGENET = new InputNorm("imagenet", false, 1f,
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    public static final InputNorm CAFFE_BGR = new InputNorm("caffe-bgr", true, 255f,
            new float[] {104.00698793f, 116.66876762f, 122.67891434f}, new float[] {1f, 1f, 1f});

    public static InputNorm named(String name) {
        return switch (name) {
            case "imagenet" -> IMAGENET;
            case "caffe-bgr" -> CAFFE_BGR;
            default -> throw new IllegalArgumentException("unknown input normalisation '" + name + "' (imagenet|caffe-bgr)");
        };
    }

    /** (N,3,H,W) RGB in [0,1] to the network's input. */
    public NDArray apply(NDArray rgb) {
        NDArray x = bgr ? rgb.flip(1) : rgb;
        NDArray mu = HostArrays.floats(rgb, mean, new Shape(1, 3, 1, 1));
        NDArray sd = Scalars.mul(HostArrays.floats(rgb, std, new Shape(1, 3, 1, 1)), 1f / scale);
        // (x·scale − μ)/σ = (x − μ/scale)/(σ/scale)
        return x.sub(Scalars.div(mu, scale)).div(sd);
    }
}

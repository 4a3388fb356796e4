package org.segadapt.translate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.segadapt.nd.HostArrays;
import org.segadapt.nd.Scalars;

/**
 * Fourier domain adaptation (Yang and Soatto, CVPR 2020, eq. 1): the source image with the low-frequency band of its
 * amplitude spectrum replaced by a target image's, its phase kept. With b = ⌊β·min(H, W)⌋ the band holds the
 * frequencies |k_y| ≤ b and |k_x| ≤ b, a (2b+1)² square centred on the DC term as in FDA's numpy variant; it is
 * symmetric under k → −k, so the inverse transform is real. b = 0 (β = 0, or a tiny image) swaps nothing, as FDA's
 * torch variant (the numpy one would swap the DC term, the mean brightness). Images are (3, H, W) in [0, 255].
 */
public final class Fda {
    /** FDA's L: 0.01 (the paper's other values are 0.05 and 0.09). */
    public static final double DEFAULT_BETA = 0.01;

    private Fda() {}

    /** The band half-width b for an H×W image. */
    public static int bandRadius(long height, long width, double beta) {
        if (!(beta >= 0 && beta < 0.5)) {
            throw new IllegalArgumentException("--fda-beta must be in [0, 0.5), got " + beta);
        }
        return (int) Math.floor(Math.min(height, width) * beta);
    }

    /** The translated source, clipped to [0, 255]. */
    public static NDArray translate(NDArray source, NDArray target, double beta) {
        try (NDArray raw = swapLowBand(source, target, beta)) {
            return Scalars.clip(raw, 0f, 255f);
        }
    }

    /** The translated source before clipping (eq. 1: F⁻¹([M_β ∘ A(x_t) + (1 − M_β) ∘ A(x_s), P(x_s)])). */
    public static NDArray swapLowBand(NDArray source, NDArray target, double beta) {
        Shape s = source.getShape();
        if (s.dimension() != 3 || !s.equals(target.getShape())) {
            throw new IllegalArgumentException("FDA needs two (3, H, W) images of one size, got " + s + " and " + target.getShape());
        }
        long h = s.get(1), w = s.get(2);
        int b = bandRadius(h, w, beta);
        if (b == 0) {
            return source.duplicate();
        }
        NDManager m = source.getManager();
        long[] size = {h, w};
        try (NDManager tmp = m.newSubManager()) {
            NDArray src = source.fft2(size).real(), trg = target.fft2(size).real(); // (3, H, W, 2): re, im
            src.attach(tmp);
            trg.attach(tmp);
            NDArray re = src.get(new NDIndex("..., 0")), im = src.get(new NDIndex("..., 1"));
            NDArray amplitude = amplitude(src), phase = im.atan2(re);
            NDArray band = HostArrays.floats(source, band(h, w, b), new Shape(1, h, w));
            NDArray mixed = amplitude.add(band.mul(amplitude(trg).sub(amplitude))); // M∘A_t + (1 − M)∘A_s
            NDArray spectrum = NDArrays.stack(new ai.djl.ndarray.NDList(mixed.mul(phase.cos()), mixed.mul(phase.sin())), -1).complex();
            NDArray out = spectrum.ifft2(size).real().get(new NDIndex("..., 0"));
            out.attach(m);
            return out;
        }
    }

    private static NDArray amplitude(NDArray reIm) {
        return reIm.square().sum(new int[] {-1}).sqrt();
    }

    /** M_β in the unshifted DFT layout: 1 where the signed frequencies satisfy |k_y| ≤ b and |k_x| ≤ b. */
    static float[] band(long h, long w, int b) {
        float[] mask = new float[(int) (h * w)];
        for (int y = 0; y < h; y++) {
            long ky = y <= h / 2 ? y : y - h;
            for (int x = 0; x < w; x++) {
                long kx = x <= w / 2 ? x : x - w;
                mask[(int) (y * w + x)] = Math.abs(ky) <= b && Math.abs(kx) <= b ? 1f : 0f;
            }
        }
        return mask;
    }
}

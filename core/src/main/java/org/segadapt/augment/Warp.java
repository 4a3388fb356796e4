package org.segadapt.augment;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * A geometric map g of a batch, applied alike to images (N,3,H,W), probability maps (N,C,h,w) and masks: one map
 * for the whole batch ({@link Perturbation}) or one per image ({@link #perImage}).
 */
public interface Warp {
    /** Warps (N,K,H,W) values, bilinear, 0 outside the frame. */
    NDArray apply(NDArray x);

    /** (N,H,W) float32: 1 where the output pixel's source lies inside the frame of {@code like} (N,K,H,W). */
    NDArray validMask(NDArray like);

    /** Image i of the batch through {@code maps.get(i)}. */
    static Warp perImage(List<Perturbation> maps) {
        return new Warp() {
            @Override
            public NDArray apply(NDArray x) {
                return each(x, (g, one) -> g.apply(one));
            }

            @Override
            public NDArray validMask(NDArray like) {
                return each(like, Perturbation::validMask);
            }

            private NDArray each(NDArray x, java.util.function.BiFunction<Perturbation, NDArray, NDArray> f) {
                if (x.getShape().get(0) != maps.size()) {
                    throw new IllegalArgumentException("per-image warp of " + maps.size() + " images applied to " + x.getShape());
                }
                NDArray out = null;
                for (int i = 0; i < maps.size(); i++) {
                    NDArray r = f.apply(maps.get(i), x.get(i).expandDims(0));
                    out = out == null ? r : out.concat(r, 0);
                }
                return out;
            }
        };
    }
}

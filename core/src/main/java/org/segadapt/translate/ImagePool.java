package org.segadapt.translate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * CycleGAN's history of generated images (Shrivastava et al. 2017): the discriminator sees, for each new image, with
 * probability ½ one generated earlier (which the new one replaces) once the pool is full. Draws come from the seed and
 * the iteration, and the images are checkpointed ({@link #state}), so a resumed run continues exactly.
 */
final class ImagePool {
    private final int size;
    private final long seed;
    private final NDManager manager;
    private final List<NDArray> images = new ArrayList<>();

    ImagePool(int size, long seed, NDManager manager) {
        this.size = size;
        this.seed = seed;
        this.manager = manager;
    }

    /** The batch the discriminator sees instead of {@code fakes} (N, 3, H, W), detached, on {@code fakes}' manager. */
    NDArray query(NDArray fakes, int iteration) {
        NDArray detached = fakes.stopGradient();
        if (size == 0) {
            return detached;
        }
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + iteration);
        NDList out = new NDList();
        for (int i = 0; i < detached.getShape().get(0); i++) {
            NDArray image = detached.get(i);
            if (images.size() < size) {
                images.add(keep(image));
                out.add(image);
            } else if (r.nextDouble() > 0.5) {
                int k = r.nextInt(size);
                NDArray old = images.get(k);
                NDArray back = old.duplicate();
                back.attach(fakes.getManager());
                out.add(back);
                images.set(k, keep(image));
                old.close();
            } else {
                out.add(image);
            }
        }
        return NDArrays.stack(out);
    }

    private NDArray keep(NDArray image) {
        NDArray copy = image.duplicate();
        copy.attach(manager);
        return copy;
    }

    /** The stored images, named {@code prefix/i}, for a checkpoint. */
    NDList state(String prefix) {
        NDList l = new NDList();
        for (int i = 0; i < images.size(); i++) {
            NDArray copy = images.get(i).duplicate();
            copy.setName(prefix + "/" + i);
            l.add(copy);
        }
        return l;
    }

    /** Restores {@link #state} (arrays in index order). */
    void load(List<NDArray> stored) {
        images.forEach(NDArray::close);
        images.clear();
        for (NDArray a : stored) {
            images.add(keep(a));
        }
    }
}

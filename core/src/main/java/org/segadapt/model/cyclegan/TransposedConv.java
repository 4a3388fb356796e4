package org.segadapt.model.cyclegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * ConvTranspose2d(k = 3, stride 2, padding 1, output_padding 1), the generator's upsampling, which DJL's PyTorch engine
 * does not implement: zeros inserted after every pixel (2H × 2W), then a 3×3 convolution with padding 1 and the kernel
 * transposed and flipped, W'[o, i, a, b] = W[i, o, 2 − a, 2 − b]. The weight keeps PyTorch's layout (in, out, 3, 3), so
 * state dicts load as they are; the output is (N, out, 2H, 2W) as PyTorch's.
 */
final class TransposedConv extends AbstractBlock {
    private final int filters;
    private final Parameter weight, bias;

    TransposedConv(int filters) {
        super((byte) 1);
        this.filters = filters;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(inputShapes[0].get(1), filters, 3, 3));
        bias.setShape(new Shape(filters));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        NDArray w = ps.getValue(weight, x.getDevice(), training), b = ps.getValue(bias, x.getDevice(), training);
        NDArray zeros = x.zerosLike();
        NDArray wide = NDArrays.stack(new NDList(x, zeros), 4).reshape(s.get(0), s.get(1), s.get(2), 2 * s.get(3));
        NDArray dilated = NDArrays.stack(new NDList(wide, wide.zerosLike()), 3).reshape(s.get(0), s.get(1), 2 * s.get(2), 2 * s.get(3));
        NDArray kernel = w.transpose(1, 0, 2, 3).flip(2, 3);
        return Conv2d.conv2d(dilated, kernel, b, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {new Shape(s.get(0), filters, 2 * s.get(2), 2 * s.get(3))};
    }
}

package org.segadapt.infer;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.loss.mask.Argmax;
import org.segadapt.nd.Scalars;

/**
 * DJL translator of a segmentation network: an {@link Image} becomes (1,3,H,W) RGB in [0,1] — the same numbers as
 * {@link Segmenter} feeds — and the logits become a {@link CategoryMask} of trainIds over the 19 Cityscapes classes.
 */
public final class SegmentationTranslator implements NoBatchifyTranslator<Image, CategoryMask> {
    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        NDArray hwc = input.toNDArray(ctx.getNDManager(), Image.Flag.COLOR); // uint8 H×W×3, RGB
        NDArray x = Scalars.div(hwc.toType(DataType.FLOAT32, false), 255f).transpose(2, 0, 1).expandDims(0);
        return new NDList(x);
    }

    @Override
    public CategoryMask processOutput(TranslatorContext ctx, NDList list) {
        NDArray logits = list.get(0); // (1,C,H,W); the auxiliary heads follow and are not needed
        int h = (int) logits.getShape().get(2), w = (int) logits.getShape().get(3);
        int[] classes = Argmax.of(logits).classes(); // argmax of the logits is argmax of the softmax
        int[][] mask = new int[h][w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(classes, y * w, mask[y], 0, w);
        }
        return new CategoryMask(ClassSet.NAMES, mask);
    }
}

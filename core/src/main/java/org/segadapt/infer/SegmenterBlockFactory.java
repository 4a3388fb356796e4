package org.segadapt.infer;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.segadapt.model.layers.ConvBn;
import org.segadapt.train.Checkpoint;

/**
 * Builds the network a segmentation checkpoint folder describes (state.json) with its weights (model.params), for
 * DJL's model loader: {@code Criteria...optArgument("blockFactory", SegmenterBlockFactory.class.getName())
 * .optOption("hasParameter", "false")} — the weights are already in the block, so DJL must not look for its own file.
 * BatchNorm is folded into the convolutions, as {@link Segmenter#load} does.
 */
public final class SegmenterBlockFactory implements BlockFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
        Block block = Checkpoint.load(modelPath, model.getNDManager()).model();
        ConvBn.fold(block, true); // as Segmenter.load: inference only
        return block;
    }
}

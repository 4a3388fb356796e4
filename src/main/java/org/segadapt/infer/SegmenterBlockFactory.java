package org.segadapt.infer;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.segadapt.train.Checkpoint;

/**
 * Builds the network a segmentation checkpoint folder describes (state.json) with its weights (model.params), for
 * DJL's model loader: {@code Criteria...optArgument("blockFactory", SegmenterBlockFactory.class.getName())
 * .optOption("hasParameter", "false")} — the weights are already in the block, so DJL must not look for its own file.
 */
public final class SegmenterBlockFactory implements BlockFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
        return Checkpoint.load(modelPath, model.getNDManager()).model();
    }
}

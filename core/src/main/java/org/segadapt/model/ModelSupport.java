package org.segadapt.model;

import ai.djl.nn.Block;
import java.util.List;

/** Parameter-path helpers: DJL names a child {@code NNname} (1-based index) and joins paths with '_'. */
final class ModelSupport {
    private ModelSupport() {}

    /** Whether {@code path} lies under one of the named direct children of {@code block}. */
    static boolean startsWithChild(Block block, String path, List<String> childNames) {
        for (var child : block.getChildren()) {
            String key = child.getKey();
            String name = key.substring(2);
            if (childNames.contains(name) && path.startsWith(key + "_")) {
                return true;
            }
        }
        return false;
    }
}

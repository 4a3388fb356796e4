package org.segadapt.translate;

import ai.djl.nn.Block;

/** A network's direct child by name (DJL keys children "NNname"), for tests of one layer. */
final class ModuleAccess {
    private ModuleAccess() {}

    static Block child(Block parent, String name) {
        for (var c : parent.getChildren()) {
            if (c.getKey().substring(2).equals(name)) {
                return c.getValue();
            }
        }
        throw new IllegalArgumentException("no child '" + name + "' in " + parent.getChildren().keys());
    }
}

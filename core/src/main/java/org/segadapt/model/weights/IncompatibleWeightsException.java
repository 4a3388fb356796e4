package org.segadapt.model.weights;

import java.io.IOException;
import java.util.List;

/** A weight file that does not fit the model; the message lists every offending name. */
public final class IncompatibleWeightsException extends IOException {
    private final List<String> missing;
    private final List<String> unexpected;
    private final List<String> mismatched;

    public IncompatibleWeightsException(String message, List<String> missing, List<String> unexpected, List<String> mismatched) {
        super(message);
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.mismatched = List.copyOf(mismatched);
    }

    /** Model names the file lacks. */
    public List<String> missing() {
        return missing;
    }

    /** File names the model lacks. */
    public List<String> unexpected() {
        return unexpected;
    }

    /** "name: file (a, b), model (c, d)" for each shape mismatch. */
    public List<String> mismatched() {
        return mismatched;
    }
}

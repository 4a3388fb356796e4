package org.segadapt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.eval.IoUReport;
import org.segadapt.eval.Report;
import org.segadapt.io.AtomicFile;
import org.segadapt.run.Provenance;
import picocli.CommandLine.Option;

/** What {@code evaluate} and the Spark module's {@code spark-evaluate} share: options, the table and the JSON. */
public final class EvaluateOptions {
    @Option(names = "--checkpoint", required = true, description = "run folder or checkpoint folder")
    public Path checkpoint;

    @Option(names = "--data", required = true, description = "labelled dataset, e.g. cityscapes:DIR")
    public String data;

    @Option(names = "--split", defaultValue = "val", description = "train | val (default: ${DEFAULT-VALUE})")
    public String split;

    @Option(names = "--classes", defaultValue = "19", description = "protocol: 19, 16 or 13 (default: ${DEFAULT-VALUE})")
    public int classes;

    @Option(names = "--resize", defaultValue = "none", description = "none | protocol | HxW")
    public String resize;

    @Option(names = "--limit", defaultValue = "0", description = "evaluate the first N images only (0 = all)")
    public int limit;

    @Option(names = "--json", description = "also write the result as JSON")
    public Path json;

    @Option(names = "--scales", split = ",", defaultValue = "1", description = "test scales, probabilities averaged "
            + "(the reference: 0.5,0.75,1,1.25,1.5,1.75); default: ${DEFAULT-VALUE}")
    public double[] scales;

    @Option(names = "--flip", description = "also average the mirrored image's probabilities")
    public boolean flip;

    public ClassSet protocol() {
        return ClassSet.ofCount(classes);
    }

    /** The table on stdout and, with {@code --json}, the report with the checkpoint's fingerprint, written atomically. */
    public void write(IoUReport r, Path checkpointDir) throws IOException {
        System.out.print(Report.textTable(Map.of(data + " (" + split + ")", r)));
        if (json != null) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            @SuppressWarnings("unchecked")
            Map<String, Object> out = mapper.convertValue(r, LinkedHashMap.class);
            out.put("checkpoint", checkpointDir.toString());
            out.put("checkpointFingerprint", Provenance.fingerprint(checkpointDir));
            out.put("data", data + " (" + split + ")");
            AtomicFile.write(json, o -> mapper.writeValue(o, out));
        }
    }
}

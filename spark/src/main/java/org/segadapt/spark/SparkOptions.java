package org.segadapt.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Option;

/** The options every Spark command shares: where to run, how finely to split, and each executor's libtorch set-up. */
final class SparkOptions {
    @Option(names = "--master", description = "Spark master: local[N] (default: local[*], or what spark-submit set), spark://HOST:PORT, yarn, k8s://URL")
    String master;

    @Option(names = "--partitions", defaultValue = "0", description = "partitions of the image list (0 = Spark's default parallelism)")
    int partitions;

    @Option(names = "--threads", defaultValue = "0", description = "libtorch intra-op threads per executor JVM (0 = all cores)")
    int threads;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu, on the executors")
    String device;

    @Option(names = "--conf", description = "extra Spark setting KEY=VALUE (repeatable), e.g. spark.executor.memory=8g")
    List<String> conf = new ArrayList<>();

    /** What an executor needs to load a model the same way everywhere. */
    Models.Runtime runtime() {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
        }
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw new IllegalArgumentException("--device must be cpu or gpu, got '" + device + "'");
        }
        return new Models.Runtime(device, threads);
    }

    /** Starts the Spark context; a bad {@code --master} or {@code --conf} is reported with the option's name. */
    JavaSparkContext start(String app) {
        SparkConf c = new SparkConf().setAppName("segadapt " + app);
        for (String kv : conf) {
            int eq = kv.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--conf must be KEY=VALUE, got '" + kv + "'");
            }
            c.set(kv.substring(0, eq), kv.substring(eq + 1));
        }
        if (master != null) {
            c.setMaster(master);
        } else if (!c.contains("spark.master")) {
            c.setMaster("local[*]");
        }
        c.setIfMissing("spark.ui.showConsoleProgress", "false"); // our own line per partition instead
        JavaSparkContext sc;
        try {
            sc = new JavaSparkContext(c);
        } catch (Exception e) { // Scala throws SparkException (checked in Java) undeclared
            throw new IllegalArgumentException("--master " + c.get("spark.master") + ": cannot start Spark ("
                    + SparkMain.message(e) + ")", e);
        }
        sc.setLogLevel("WARN");
        sc.sc().addSparkListener(new Progress());
        return sc;
    }

    /** Partitions for {@code n} items: as asked, else Spark's default parallelism; never more than items. */
    int slices(JavaSparkContext sc, int n) {
        int p = partitions > 0 ? partitions : sc.defaultParallelism();
        return Math.max(1, Math.min(n, p));
    }
}

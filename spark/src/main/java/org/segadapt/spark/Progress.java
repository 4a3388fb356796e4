package org.segadapt.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * A line on the driver per finished (or failed) task, labelled with the job's description ({@link #describe}); Spark's
 * web UI shows the rest. Listener events arrive in order on Spark's bus, so a stage's label is known before its tasks end.
 */
final class Progress extends SparkListener {
    private final Map<Integer, String> labels = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> tasks = new ConcurrentHashMap<>();

    /** Sets the label of the jobs the calling thread submits next (shown on every line of their tasks). */
    static void describe(org.apache.spark.api.java.JavaSparkContext sc, String label) {
        sc.setJobDescription(label);
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
        String label = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
        labels.put(e.stageInfo().stageId(), label == null ? "stage " + e.stageInfo().stageId() : label);
        tasks.put(e.stageInfo().stageId(), e.stageInfo().numTasks());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        var info = e.taskInfo();
        String label = labels.getOrDefault(e.stageId(), "stage " + e.stageId());
        System.err.printf(java.util.Locale.ROOT, "%s: partition %d/%d %s in %.1f s (attempt %d, %s)%n", label, info.index() + 1,
                tasks.getOrDefault(e.stageId(), 0), info.successful() ? "finished" : "FAILED", info.duration() / 1000.0,
                info.attemptNumber() + 1, info.host());
    }
}

/**
 * segadapt on Apache Spark: the work of one machine spread over a cluster, where it is embarrassingly parallel.
 * <ul>
 *   <li>{@code spark-evaluate}: images partitioned, one confusion matrix per partition, summed (integer counts, so the
 *   result is exactly {@code evaluate}'s);</li>
 *   <li>{@code spark-pseudo-label}: CaDA eq. (1)–(3) in two Spark jobs; per-image centroid partials are summed on the
 *   driver in image order, so the thresholds are bit for bit those of {@code pseudo-label};</li>
 *   <li>{@code spark-predict}: resumable, atomic per file;</li>
 *   <li>{@code sweep}: presets × seeds, one training run per task in its own JVM (libtorch's thread pool is per
 *   process), tabulated as {@code reproduce} tabulates.</li>
 * </ul>
 * Executors load a checkpoint from a path every node can read, once per JVM and concurrently running task
 * ({@link org.segadapt.spark.Models}), and keep it for every later task.
 */
package org.segadapt.spark;

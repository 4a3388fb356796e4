package org.segadapt.spark;

import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The segadapt-spark command line; {@code ./segadapt} dispatches the Spark commands here, spark-submit runs it as the main class. */
@Command(name = "segadapt", mixinStandardHelpOptions = true, version = "segadapt-spark 0.1.0",
        description = "segadapt on Apache Spark: distributed evaluation, pseudo-labelling, prediction and run sweeps.",
        subcommands = {SparkEvaluateCommand.class, SparkPseudoLabelCommand.class, SparkPredictCommand.class, SweepCommand.class,
            CommandLine.HelpCommand.class})
public final class SparkMain implements Runnable {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns the exit code; errors are one line naming the option or file, as in core's Main. */
    public static int execute(String... args) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("java.awt.headless", "true");
        CommandLine cli = new CommandLine(new SparkMain());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + message(ex));
            if (System.getenv("SEGADAPT_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    /** The most useful line of an exception chain: Spark wraps executor failures (task, stage, job) around ours. */
    static String message(Throwable ex) {
        Throwable t = ex;
        while ((t instanceof UncheckedIOException || t instanceof org.apache.spark.SparkException || t.getMessage() == null)
                && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        return m.lines().findFirst().orElse(m); // a task failure's message carries the executor's stack trace below
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

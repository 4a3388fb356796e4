package org.segadapt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code segadapt} command line. */
@Command(name = "segadapt", mixinStandardHelpOptions = true, version = "segadapt 0.1.0",
        description = "Unsupervised domain adaptation for semantic segmentation (TUFL, CaDA) on the JVM.",
        subcommands = {
            DemoCommand.class, GenerateCommand.class,
            TrainCommand.class, AdaptCommand.class, EvaluateCommand.class, PredictCommand.class, PlotGradientsCommand.class, AnalyzeConfidenceCommand.class, IndexCommand.class, ReproduceCommand.class, ProvenanceCommand.class, PresetsCommand.class, ConfigCommand.class, PseudoLabelCommand.class, SelfTrainCommand.class, TrainTranslatorCommand.class, TranslateCommand.class, CompareCommand.class, ImportWeightsCommand.class, ExportWeightsCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns the exit code (errors are printed as one line naming the problem). */
    public static int execute(String... args) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("java.awt.headless", "true");
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + Cli.message(ex));
            if (System.getenv("SEGADAPT_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

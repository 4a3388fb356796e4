package org.segadapt.cli;

import java.util.concurrent.Callable;
import org.segadapt.run.Preset;
import picocli.CommandLine.Command;

/** {@code presets}: the papers' and the benchmark's settings that {@code --preset} accepts. */
@Command(name = "presets", mixinStandardHelpOptions = true, description = "List the presets (--preset NAME on train, adapt, self-train).",
        footer = "%nExample:%n  ./segadapt presets")
public final class PresetsCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        for (String name : Preset.names()) {
            System.out.printf("%-28s %s%n", name, Preset.load(name).description());
        }
        return 0;
    }
}

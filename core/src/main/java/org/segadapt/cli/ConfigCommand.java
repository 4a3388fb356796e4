package org.segadapt.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segadapt.run.Preset;
import org.segadapt.run.RunSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code config}: a preset resolved (bases, then the preset, then {@code --set}), each value with its source. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print a preset's resolved values with the source of each (paper section, table or official code).",
        footer = "%nExample:%n  ./segadapt config --preset tufl/bisenet-gta5-stage1 --set iterations=40000")
public final class ConfigCommand implements Callable<Integer> {
    @Option(names = "--preset", required = true, description = "preset name (segadapt presets)")
    String preset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a value (repeatable)")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Preset p = Preset.load(preset);
        RunSpec.Builder b = p.builder();
        Map<String, String> overrides = new LinkedHashMap<>();
        Preset.setAll(b, sets, overrides);
        RunSpec spec = b.build(); // validates
        System.out.print(p.yaml());
        overrides.forEach((k, where) -> System.out.println(k + ": " + where.substring(("--set " + k + "=").length()) + "    # --set"));
        System.out.println("# resolved run (config.yaml; source, target and init come from the command line):");
        System.out.print(RunSpec.yaml(spec));
        return 0;
    }
}

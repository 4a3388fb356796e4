package org.segadapt.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

class BenchToolsTest {
    @Test
    void phasesAreThoseTheRealMethodsMark() throws Exception {
        try (NDManager m = NDManager.newBaseManager();
                StepBench focal = new StepBench(new StepBench.Spec("small", "focal", 32, 64, 2, 1), m, null)) {
            var phases = Phases.profile(focal, 1, 2);
            assertThat(phases.keySet()).containsExactly("data to tensors", "source forward", "source loss (CE, aux heads)",
                    "target weak forward", "strong view: geometric g(x_t) + photometric", "target strong forward",
                    "align g(p_t), alpha update + I_t (eq. 8-9)", "mask warp + L_u (eq. 3-5)", "backward", "optimizer update",
                    "release step tensors (NDManager.close)");
            assertThat(phases.values()).allMatch(ms -> ms >= 0);
        }
        // outside a profile nothing is recorded
        org.segadapt.train.Laps idle = new org.segadapt.train.Laps();
        org.segadapt.train.Laps.lap("stray");
        assertThat(idle.laps()).isEmpty();
    }

    @Test
    void convolutionFlopsByHand() {
        // 3x3, stride 2, pad 1, 4 -> 8 channels on (2, 4, 10, 12): output (2, 8, 5, 6); 2 · 9 · 4 MACs per output
        Conv2d conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8).optStride(new Shape(2, 2))
                .optPadding(new Shape(1, 1)).optBias(false).build();
        assertThat(FlopCounter.convolutionFlops(conv, new Shape(2, 4, 10, 12))).isEqualTo(2L * 8 * 5 * 6 * (2 * 9 * 4));
    }

    @Test
    void walkCountsInitialisedConvolutionsAndParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(5).build()) // 3->5, bias
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(2).optPadding(new Shape(1, 1)).optBias(false)
                            .build());
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 4));
            net.forward(new ParameterStore(m, false), new NDList(m.zeros(new Shape(1, 3, 4, 4))), false);
            long expected = 2L * 5 * 16 * 3 + 2L * 2 * 16 * (5 * 9);
            assertThat(FlopCounter.forwardFlops(net)).isEqualTo(expected);
            assertThat(FlopCounter.parameterCount(net)).isEqualTo(5 * 3 + 5 + 2 * 5 * 9);
        }
    }

    @Test
    void rssParsesProcStatus() {
        String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t  100000 kB\n";
        assertThat(Rss.parse(status, "VmHWM")).isEqualTo(123456);
        assertThat(Rss.parse(status, "VmRSS")).isEqualTo(100000);
        assertThatThrownBy(() -> Rss.parse(status, "VmSwap")).hasMessageContaining("no VmSwap");
        long now = Rss.currentKb(); // read first: the high-water mark read later is at least this
        assertThat(now).isPositive();
        assertThat(Rss.peakKb()).isGreaterThanOrEqualTo(now);
    }

    @Test
    void statsMedianMinMax() {
        Stats s = Stats.of(new double[] {5, 1, 3, 100});
        assertThat(s.median()).isEqualTo(4);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(100);
        assertThat(Stats.of(new double[] {2, 9, 4}).median()).isEqualTo(4);
    }

    @Test
    void specValidatesAndCountsPasses() {
        StepBench.Spec focal = new StepBench.Spec("bisenet", "focal", 256, 512, 2, 1);
        assertThat(focal.imagesPerStep()).isEqualTo(4);
        assertThat(focal.passes()).containsExactly(3, 0);
        assertThat(new StepBench.Spec("small", "cim", 64, 64, 2, 1).passes()).containsExactly(4, 1);
        assertThatThrownBy(() -> new StepBench.Spec("vgg", "focal", 64, 64, 2, 1)).hasMessageContaining("--model");
        assertThatThrownBy(() -> new StepBench.Spec("small", "adv", 64, 64, 2, 1)).hasMessageContaining("--step");
    }

    @Test
    void soakGrowthIsMeasuredFromStep100() {
        var curve = new java.util.LinkedHashMap<Integer, Long>();
        curve.put(100, 1000L);
        curve.put(200, 1010L);
        curve.put(300, 1040L);
        assertThat(Soak.growthAfter(curve, 100)).isEqualTo(0.04);
        assertThat(Soak.growthAfter(curve, 50)).isNaN();
    }
}

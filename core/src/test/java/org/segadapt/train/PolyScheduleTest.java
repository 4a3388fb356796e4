package org.segadapt.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PolyScheduleTest {
    @Test
    void warmupThenPolyAsInTuflSectionIVC() {
        PolySchedule s = new PolySchedule(1e-2f, 100, 1100, 0.9f);
        assertThat(s.at(0)).isCloseTo(1e-4f, within(1e-9f));
        assertThat(s.at(49)).isCloseTo(5e-3f, within(1e-9f));
        assertThat(s.at(99)).isCloseTo(1e-2f, within(1e-9f));
        assertThat(s.at(100)).isCloseTo(1e-2f, within(1e-9f));
        // (1 - 500/1000)^0.9 = 0.5^0.9
        assertThat(s.at(600)).isCloseTo((float) (1e-2 * Math.pow(0.5, 0.9)), within(1e-8f));
        assertThat(s.at(1099)).isCloseTo((float) (1e-2 * Math.pow(1 / 1000.0, 0.9)), within(1e-9f));
        assertThat(PolySchedule.paper(2.5e-4f, 20000).warmup()).isEqualTo(100);
    }
}

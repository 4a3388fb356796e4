package org.segadapt.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.segadapt.data.Batch;
import org.segadapt.data.Sample;
import org.segadapt.mix.ClassBank;
import org.segadapt.mix.LongTailPaster;
import org.segadapt.mix.MemoryDataset;
import org.segadapt.model.Models;
import org.segadapt.model.SegmentationModel;
import org.segadapt.train.PolySchedule;

class CrossDomainMixingTest {
    private static final int H = 32, W = 64;

    /** Road below a random horizon, sky above, a car block; images follow the classes with noise. */
    private static Sample scene(String name, long seed, boolean labelled) {
        Random r = new Random(seed);
        float[] img = new float[3 * H * W];
        byte[] lab = new byte[H * W];
        int horizon = H / 3 + r.nextInt(H / 3), cx = r.nextInt(W - 12);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int c = y >= horizon ? 0 : 10;
                if (y >= horizon - 4 && y < horizon + 4 && x >= cx && x < cx + 12) {
                    c = 13;
                }
                lab[y * W + x] = (byte) c;
                for (int ch = 0; ch < 3; ch++) {
                    img[ch * H * W + y * W + x] = 0.2f + 0.03f * c + 0.05f * ch + 0.05f * (float) r.nextGaussian();
                }
            }
        }
        return new Sample(name, H, W, img, labelled ? lab : null);
    }

    private static Batch batch(long seed, boolean labelled) {
        return Batch.of(List.of(scene("a" + seed, seed, labelled), scene("b" + seed, seed + 1000, labelled)));
    }

    private static SegmentationModel model(NDManager m, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        SegmentationModel model = Models.create("small", 19);
        Models.initialize(model, m);
        return model;
    }

    private static LongTailPaster paster() throws Exception {
        int[] rider = new int[H * W];
        Arrays.fill(rider, 255);
        for (int y = 10; y < 20; y++) {
            for (int x = 20; x < 26; x++) {
                rider[y * W + x] = 12;
            }
        }
        MemoryDataset donors = new MemoryDataset(List.of(MemoryDataset.sample("rider", H, W, 0.9f, rider),
                new Sample("scene", H, W, scene("s", 5, true).image(), scene("s", 5, true).label())));
        return new LongTailPaster(ClassBank.build(donors), donors, 1, 3);
    }

    private static CrossDomainMixing method(NDManager m, CrossDomainMixing.Hyper hyper, SegmentationModel teacher) throws Exception {
        SegmentationModel student = model(m, 1);
        SegmenterOptimizer opt = new SegmenterOptimizer(student, m, new PolySchedule(0.01f, 1, 20, 0.9f), 1f);
        long[] k = {0};
        float[] alphas = new float[19];
        Arrays.fill(alphas, 0.8f);
        alphas[12] = 0.3f;
        return new CrossDomainMixing(opt, teacher, () -> batch(k[0]++, true), () -> batch(500 + k[0]++, false), paster(), alphas, hyper);
    }

    private static float[] teacherLogits(SegmentationModel teacher, NDManager m) {
        try (NDManager s = m.newSubManager()) {
            return teacher.run(new ParameterStore(s, false), batch(99, false).images(s), false).logits().toFloatArray();
        }
    }

    @Test
    void stepsLogTheThreeTermsOfEq12AndKeepTheTeacherFrozen() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel teacher = model(m, 2);
            float[] before = teacherLogits(teacher, m);
            CrossDomainMixing cdm = method(m, CrossDomainMixing.Hyper.defaults().withSeed(4), teacher);
            float[] alpha0 = cdm.alphas();
            for (int it = 0; it < 3; it++) {
                Map<String, Float> v;
                try (NDManager step = m.newSubManager()) {
                    v = cdm.step(it, step);
                }
                assertThat(v).containsKeys("lr", "L_s", "L_u", "L_m", "loss", "mask", "I_m");
                for (String key : List.of("L_s", "L_u", "L_m", "loss")) {
                    assertThat(Float.isFinite(v.get(key))).as(key).isTrue();
                }
                assertThat(v.get("L_s")).isPositive();
                assertThat(v.get("L_m")).isPositive();
                assertThat(v.get("loss")).isCloseTo(v.get("L_s") + 0.05f * v.get("L_u") + v.get("L_m"), within(1e-4f));
                assertThat(v.get("I_m")).isBetween(0f, 1f);
            }
            assertThat(teacherLogits(teacher, m)).containsExactly(before);
            assertThat(cdm.alphas()).isNotEqualTo(alpha0); // L_u keeps adapting α (eq. 8-9)

            List<?> saved = (List<?>) cdm.state().get("alphas");
            assertThat(saved).hasSize(19);
            CrossDomainMixing other = method(m, CrossDomainMixing.Hyper.defaults(), model(m, 2));
            List<Object> asJson = new ArrayList<>();
            saved.forEach(f -> asJson.add(((Number) f).doubleValue())); // Jackson reads numbers back as doubles
            other.loadState(Map.of("alphas", asJson));
            assertThat(other.alphas()).containsExactly(cdm.alphas());
            assertThatThrownBy(() -> other.loadState(Map.of("alphas", "x"))).hasMessageContaining("alphas");
        }
    }

    @Test
    void theEmaTeacherFollowsTheStudentAndConfidenceWeightingIsLogged() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel teacher = model(m, 2);
            CrossDomainMixing cdm = method(m, CrossDomainMixing.Hyper.defaults().withEmaTeacher(true).withConfidenceWeighting(true), teacher);
            var tp = teacher.getParameters().get(0).getValue().getArray();
            float[] t0 = tp.toFloatArray();
            Map<String, Float> v;
            try (NDManager step = m.newSubManager()) {
                v = cdm.step(0, step);
            }
            float[] s1 = cdm.model().getParameters().get(0).getValue().getArray().toFloatArray();
            float[] t1 = tp.toFloatArray();
            for (int i = 0; i < t0.length; i += 7) {
                assertThat(t1[i]).isCloseTo(0.99f * t0[i] + 0.01f * s1[i], within(1e-5f));
            }
            assertThat(v.get("q_t")).isBetween(0f, 1f);
            assertThat(Float.isFinite(v.get("loss"))).isTrue();
            assertThat(cdm.auxiliaryNetworks()).containsKey("teacher");
        }
    }

    @Test
    void figureFourHasSixPanels() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            CrossDomainMixing cdm = method(m, CrossDomainMixing.Hyper.defaults(), model(m, 2));
            CrossDomainMixing.Figure f = cdm.figure(scene("s", 1, true), scene("t", 2, false), m, 5);
            assertThat(f.panels()).hasSize(6);
            assertThat(f.titles()).hasSize(6);
            for (int[] p : f.panels()) {
                assertThat(p).hasSize(H * W);
            }
            assertThat(f.panels().get(4)).containsOnly(0xFFFFFF, 0x000000);
            long band = Arrays.stream(f.panels().get(5)).filter(c -> c == 0xFFFFFF).count();
            long mixed = Arrays.stream(f.panels().get(4)).filter(c -> c == 0xFFFFFF).count();
            assertThat(mixed).isPositive(); // ⌈n/2⌉ ≥ 1 classes of the source
            assertThat(band).isPositive().isLessThan(H * W);
            assertThatThrownBy(() -> cdm.figure(scene("s", 1, true), new Sample("t", 8, 8, new float[192], null), m, 5))
                    .hasMessageContaining("differ in size");
        }
    }

    @Test
    void aStepDependsOnlyOnTheSeedAndIteration() throws Exception {
        Map<String, Float> a, b;
        try (NDManager m = NDManager.newBaseManager()) {
            CrossDomainMixing x = method(m, CrossDomainMixing.Hyper.defaults().withSeed(8), model(m, 2));
            try (NDManager step = m.newSubManager()) {
                a = x.step(5, step);
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            CrossDomainMixing y = method(m, CrossDomainMixing.Hyper.defaults().withSeed(8), model(m, 2));
            try (NDManager step = m.newSubManager()) {
                b = y.step(5, step);
            }
        }
        for (String k : List.of("L_s", "L_u", "L_m", "I_m", "mask")) {
            assertThat(b.get(k)).as(k).isCloseTo(a.get(k), within(1e-5f));
        }
    }

    @Test
    void mismatchedSourceAndTargetSizesAreRefused() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel student = model(m, 1);
            SegmenterOptimizer opt = new SegmenterOptimizer(student, m, new PolySchedule(0.01f, 1, 20, 0.9f), 1f);
            float[] alphas = new float[19];
            Arrays.fill(alphas, 0.8f);
            Batch small = Batch.of(List.of(new Sample("t", 8, 8, new float[192], null)));
            CrossDomainMixing cdm = new CrossDomainMixing(opt, model(m, 2), () -> batch(1, true), () -> small, null, alphas,
                    CrossDomainMixing.Hyper.defaults());
            try (NDManager step = m.newSubManager()) {
                assertThatThrownBy(() -> cdm.step(0, step)).hasMessageContaining("same size");
            }
            assertThatThrownBy(() -> new CrossDomainMixing(opt, student, () -> batch(1, true), () -> small, null, alphas,
                    CrossDomainMixing.Hyper.defaults())).hasMessageContaining("separate network");
        }
    }
}

package org.segadapt.loss;

import java.util.Arrays;

/**
 * The official TUFL code's class weights (ywher/TUFL e84db35, {@code utils/class_freqency.py}, 19 Cityscapes
 * classes; option {@code --weight_mode}, default {@code middle}), multiplying every loss's per-class terms there. They
 * fall with a class's frequency in Cityscapes (road 2.6, light 10.3); {@code middle} doubles rider, train,
 * motorcycle and bicycle, {@code large} doubles them ×1.2–1.5. The paper does not mention them, so the official
 * code's default decides: {@code middle} for TUFL's methods ({@code run.HyperParameters#CLASS_WEIGHTS}).
 */
public final class ClassWeights {
    public static final String NONE = "none", MIDDLE = "middle";
    private static final double[] SMALL = {2.6236585428325134, 5.596123620428783, 3.918986130314213, 8.70538338079897,
        9.710711143973858, 9.41795567070674, 10.292995513112313, 10.343530727799257, 5.859243792328049, 8.506812110565122,
        4.42640250175862, 10.075834629387431, 10.233756744980246, 8.130727555462036, 8.889291775274407, 8.797173220027153,
        9.086681430622168, 10.283695381014079, 10.153521817539493};
    private static final int RIDER = 12, TRAIN = 16, MOTORCYCLE = 17, BICYCLE = 18;

    private ClassWeights() {}

    /** w_c for {@code none} (null), {@code small}, {@code middle} or {@code large}. */
    public static float[] named(String mode) {
        if (mode.equals(NONE)) {
            return null;
        }
        double[] w = Arrays.copyOf(SMALL, SMALL.length);
        double[] scale = switch (mode) {
            case "small" -> new double[] {1, 1, 1, 1};
            case MIDDLE -> new double[] {2, 2, 2, 2};
            case "large" -> new double[] {2 * 1.2, 2 * 1.5, 2 * 1.5, 2 * 1.2};
            default -> throw new IllegalArgumentException("classWeights (--class-weights) must be none, small, middle or large, got '" + mode + "'");
        };
        int[] rare = {RIDER, TRAIN, MOTORCYCLE, BICYCLE};
        for (int i = 0; i < rare.length; i++) {
            w[rare[i]] *= scale[i];
        }
        float[] f = new float[w.length];
        for (int c = 0; c < w.length; c++) {
            f[c] = (float) w[c];
        }
        return f;
    }
}

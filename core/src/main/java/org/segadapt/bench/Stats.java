package org.segadapt.bench;

import java.util.Arrays;

/** Median, minimum and maximum of repeated timings (milliseconds). */
public record Stats(double median, double min, double max, int n) {
    public static Stats of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no timings to summarise");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new Stats(median, s[0], s[n - 1], n);
    }

    @Override
    public String toString() {
        return String.format("median %.1f ms (min %.1f, max %.1f, n=%d)", median, min, max, n);
    }
}

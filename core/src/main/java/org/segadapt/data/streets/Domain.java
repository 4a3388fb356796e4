package org.segadapt.data.streets;

import java.util.SplittableRandom;

/**
 * The two rendering styles of the benchmark: how a scene is laid out (camera, class frequencies) and how
 * it is painted. See {@link StreetBenchmark} for the real gap factor each difference models.
 */
public enum Domain {
    /** Rendered, GTA5-like: fixed camera, one clean palette, aliased edges, noon light, many trucks and cars. */
    SOURCE(new Layout(5.0, 0.6, 0.3, 0.04, 2.5, 0.35, 0.2, 0.2, 2.0, 5.0, 0.62, 0.16, 0.10, 0.07, 0.05)),
    /** Photographed, Cityscapes-like: varying camera and light, textured and degraded, more people and bicycles. */
    TARGET(new Layout(4.5, 0.15, 0.25, 0.05, 6.0, 0.7, 1.0, 0.2, 3.5, 6.0, 0.48, 0.27, 0.08, 0.10, 0.07));

    /**
     * Expected object counts per image (Poisson means) and the weights of block types along the street side.
     */
    record Layout(double cars, double trucks, double buses, double trains, double persons, double riders,
                  double bicycles, double motorcycles, double trees, double poles,
                  double building, double vegetation, double wall, double fence, double gap) {
        /** {@code t·g + s·(1 − g)} field by field ({@link Look}). */
        static Layout mix(Layout s, Layout t, double g) {
            return new Layout(Look.mix(s.cars, t.cars, g), Look.mix(s.trucks, t.trucks, g), Look.mix(s.buses, t.buses, g),
                    Look.mix(s.trains, t.trains, g), Look.mix(s.persons, t.persons, g), Look.mix(s.riders, t.riders, g),
                    Look.mix(s.bicycles, t.bicycles, g), Look.mix(s.motorcycles, t.motorcycles, g), Look.mix(s.trees, t.trees, g),
                    Look.mix(s.poles, t.poles, g), Look.mix(s.building, t.building, g), Look.mix(s.vegetation, t.vegetation, g),
                    Look.mix(s.wall, t.wall, g), Look.mix(s.fence, t.fence, g), Look.mix(s.gap, t.gap, g));
        }
    }

    private final Layout layout;

    Domain(Layout layout) {
        this.layout = layout;
    }

    Layout layout() {
        return layout;
    }

    /** Whether the image goes through the photographic pipeline ({@link PhotoEffects}). */
    boolean photographic() {
        return this == TARGET;
    }

    /** Source: one fixed rig (camera 1.6 m up, level, fixed field of view). Target: a varying car-mounted rig. */
    Camera camera(SplittableRandom r, int width, int height) {
        if (this == SOURCE) {
            return new Camera(width, height, 0.44 * height, 1.6, 0.58 * width);
        }
        return new Camera(width, height, height * (0.34 + 0.14 * r.nextDouble()), 1.15 + 0.7 * r.nextDouble(),
                width * (0.48 + 0.2 * r.nextDouble()));
    }

    /** Camera roll in radians (the target rig is not perfectly level). */
    double roll(SplittableRandom r) {
        return this == SOURCE ? 0.0 : Math.toRadians(-1.5 + 3.0 * r.nextDouble());
    }

    /**
     * A colour for one object or surface: a palette entry; in the target domain also jittered per object
     * (paint, weathering, dirt) so colours spread rather than repeat exactly.
     */
    int colour(Material m, SplittableRandom r) {
        int[] options = m.colours(photographic());
        int c = options[r.nextInt(options.length)];
        if (!photographic()) {
            return c;
        }
        double bright = 0.85 + 0.3 * r.nextDouble();
        return Colours.scale(c, bright * (0.94 + 0.12 * r.nextDouble()), bright * (0.94 + 0.12 * r.nextDouble()),
                bright * (0.94 + 0.12 * r.nextDouble()));
    }
}

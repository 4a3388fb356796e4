package org.segadapt.data.streets;

import java.util.SplittableRandom;

/**
 * How a domain is drawn at a domain gap g ∈ [0, 1] ({@code generate --gap}): the target's every difference from the
 * source — palette, object colour jitter, facade shading, camera rig and roll, class frequencies, the ego bonnet and
 * the photographic chain ({@link PhotoEffects}) — scaled together by g. g = 1 is the full gap (the benchmark's "stress"
 * look, bit for bit the images of generator version 1); g = 0 draws the target with the source's look (its own scenes).
 * The source is always itself. Interpolations are written {@code t·g + s·(1 − g)}, exact at g = 1.
 */
record Look(Domain domain, double gap) {
    Look {
        if (!(gap >= 0 && gap <= 1)) {
            throw new IllegalArgumentException("--gap must be in [0, 1], got " + gap);
        }
    }

    /** The weight of the target's look: g for the target, 0 for the source. */
    double g() {
        return domain == Domain.TARGET ? gap : 0;
    }

    boolean target() {
        return domain == Domain.TARGET;
    }

    static double mix(double source, double target, double g) {
        return target * g + source * (1 - g);
    }

    Domain.Layout layout() {
        return target() ? Domain.Layout.mix(Domain.SOURCE.layout(), Domain.TARGET.layout(), gap) : Domain.SOURCE.layout();
    }

    /** The source's fixed rig; the target's varying one, its deviation from the source's scaled by g. */
    Camera camera(SplittableRandom r, int width, int height) {
        Camera s = Domain.SOURCE.camera(r, width, height);
        if (!target()) {
            return s;
        }
        Camera t = Domain.TARGET.camera(r, width, height);
        return new Camera(width, height, mix(s.horizon(), t.horizon(), gap), mix(s.camHeight(), t.camHeight(), gap),
                mix(s.focal(), t.focal(), gap));
    }

    double roll(SplittableRandom r) {
        return target() ? gap * Domain.TARGET.roll(r) : 0;
    }

    /** A surface colour: the domain's palette entry (and jitter), the target's mixed towards the source's by 1 − g. */
    int colour(Material m, SplittableRandom r) {
        if (!target()) {
            return Domain.SOURCE.colour(m, r);
        }
        int[] options = m.colours(true);
        int index = r.nextInt(options.length);
        double bright = 0.85 + 0.3 * r.nextDouble();
        double fr = bright * (0.94 + 0.12 * r.nextDouble()), fg = bright * (0.94 + 0.12 * r.nextDouble()),
                fb = bright * (0.94 + 0.12 * r.nextDouble());
        int c = Colours.scale(options[index], mix(1, fr, gap), mix(1, fg, gap), mix(1, fb, gap));
        int[] source = m.colours(false);
        return gap == 1 ? c : Colours.mix(source[index % source.length], c, gap);
    }

    /** Traffic-light lamp i's colour. */
    int lamp(int i) {
        int s = Material.LAMP.colours(false)[i];
        return !target() ? s : gap == 1 ? Material.LAMP.colours(true)[i] : Colours.mix(s, Material.LAMP.colours(true)[i], gap);
    }
}

package org.segadapt.data;

import java.io.IOException;
import java.util.Locale;

/**
 * A dataset as written on the command line and in {@code config.yaml}: {@code KIND:DIR} (gta5, synthia, cityscapes),
 * or a slice of it, {@code KIND:DIR@FROM:TO} (TO may be negative, counted from the end; either may be left out), e.g. a
 * held-out source split {@code gta5:DIR@-100:}. With {@link #open} it is the one home of slices and {@code --resize}.
 */
public record DatasetSpec(String base, Integer from, Integer to) {
    public static DatasetSpec parse(String spec) {
        int at = spec.lastIndexOf('@');
        if (at < 0) {
            return new DatasetSpec(spec, null, null);
        }
        String[] range = spec.substring(at + 1).split(":", -1);
        try {
            if (range.length != 2) {
                throw new NumberFormatException();
            }
            return new DatasetSpec(spec.substring(0, at), range[0].isEmpty() ? null : Integer.valueOf(range[0]),
                    range[1].isEmpty() ? null : Integer.valueOf(range[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(spec + ": a slice is written @FROM:TO with integers (TO may be negative)");
        }
    }

    /** {@code gta5}, {@code synthia} or {@code cityscapes}. */
    public String kind() {
        return base.substring(0, Math.max(0, base.indexOf(':'))).toLowerCase(Locale.ROOT);
    }

    /**
     * Opens the dataset (every file's header is read) and its slice.
     *
     * @param split  Cityscapes split folder (train, val, ...); GTA5 and SYNTHIA have none
     * @param resize {@code none} (or null), {@code protocol} (the papers' size for the kind) or {@code HxW}
     */
    public SegmentationDataset open(String split, String resize) throws IOException {
        SegmentationDataset all = Datasets.open(base, split, resizeHW(resize));
        if (from == null && to == null) {
            return all;
        }
        int a = from == null ? 0 : from, b = to == null ? all.size() : to < 0 ? all.size() + to : to;
        return new Subset(all, a, b);
    }

    /** {@code --resize} as {height, width}, or null for the stored size. */
    public int[] resizeHW(String resize) {
        if (resize == null || resize.equals("none")) {
            return null;
        }
        if (resize.equals("protocol")) {
            Datasets.Size s = Datasets.PROTOCOL_SIZES.get(kind());
            if (s == null) {
                throw new IllegalArgumentException("--resize protocol: no protocol size for '" + this + "'");
            }
            return s.hw();
        }
        return hw(resize, "--resize");
    }

    /** "128x256" as {128, 256} (height, width); the error names {@code option}. */
    public static int[] hw(String hxw, String option) {
        String[] p = hxw.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int h = Integer.parseInt(p[0].trim()), w = Integer.parseInt(p[1].trim());
                if (h > 0 && w > 0) {
                    return new int[] {h, w};
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be HxW with positive integers, got '" + hxw + "'");
    }

    @Override
    public String toString() {
        return from == null && to == null ? base : base + "@" + (from == null ? "" : from) + ":" + (to == null ? "" : to);
    }
}

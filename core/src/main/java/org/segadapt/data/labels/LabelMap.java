package org.segadapt.data.labels;

/** Raw dataset label id to Cityscapes trainId (255 = ignore), as tabulated in DESIGN.md. */
public final class LabelMap {
    /** Cityscapes labelIds (also GTA5's palette indices). */
    public static final LabelMap CITYSCAPES = new LabelMap("cityscapes", new int[][] {
        {7, 0}, {8, 1}, {11, 2}, {12, 3}, {13, 4}, {17, 5}, {19, 6}, {20, 7}, {21, 8}, {22, 9},
        {23, 10}, {24, 11}, {25, 12}, {26, 13}, {27, 14}, {28, 15}, {31, 16}, {32, 17}, {33, 18}});
    /** SYNTHIA RAND-CITYSCAPES class ids (first channel of the 16-bit label PNG). */
    public static final LabelMap SYNTHIA = new LabelMap("synthia", new int[][] {
        {3, 0}, {4, 1}, {2, 2}, {21, 3}, {5, 4}, {7, 5}, {15, 6}, {9, 7}, {6, 8}, {1, 10},
        {10, 11}, {17, 12}, {8, 13}, {19, 15}, {12, 17}, {11, 18}});

    private final String name;
    private final int[] toTrain = new int[65536];
    private final int[] toRaw = new int[ClassSet.NUM_CLASSES];

    private LabelMap(String name, int[][] pairs) {
        this.name = name;
        java.util.Arrays.fill(toTrain, ClassSet.IGNORE);
        java.util.Arrays.fill(toRaw, -1);
        for (int[] p : pairs) {
            toTrain[p[0]] = p[1];
            toRaw[p[1]] = p[0];
        }
    }

    public String name() {
        return name;
    }

    /** trainId for a raw id; 255 for ids outside the mapping. */
    public int trainId(int rawId) {
        return rawId >= 0 && rawId < toTrain.length ? toTrain[rawId] : ClassSet.IGNORE;
    }

    /** Whether a raw id is part of the mapping (ids that map to ignore are still "known" if listed as void). */
    public boolean mapped(int rawId) {
        return trainId(rawId) != ClassSet.IGNORE;
    }

    /** The raw id that writes this trainId back (for label-id prediction PNGs); -1 if none. */
    public int rawId(int trainId) {
        return trainId >= 0 && trainId < toRaw.length ? toRaw[trainId] : -1;
    }
}

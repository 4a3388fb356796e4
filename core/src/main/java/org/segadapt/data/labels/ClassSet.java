package org.segadapt.data.labels;

import java.util.List;

/**
 * The evaluation protocols. Every prediction and label is in the 19 Cityscapes trainIds; a smaller
 * set only says which trainIds are evaluated (the others are ignored, not counted as errors).
 */
public enum ClassSet {
    CITYSCAPES_19(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}),
    /** 19 minus terrain, truck, train (SYNTHIA protocol, "mIoU"). */
    SYNTHIA_16(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 15, 17, 18}),
    /** 16 minus wall, fence, pole (SYNTHIA protocol, "mIoU*"). */
    SYNTHIA_13(new int[] {0, 1, 2, 6, 7, 8, 10, 11, 12, 13, 15, 17, 18});

    /** Number of trainIds a model predicts. */
    public static final int NUM_CLASSES = 19;
    public static final int IGNORE = 255;
    public static final List<String> NAMES = List.of(
            "road", "sidewalk", "building", "wall", "fence", "pole", "light", "sign", "vegetation",
            "terrain", "sky", "person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle");

    private final int[] trainIds;

    ClassSet(int[] trainIds) {
        this.trainIds = trainIds;
    }

    /** The evaluated trainIds, ascending. */
    public int[] trainIds() {
        return trainIds.clone();
    }

    public int size() {
        return trainIds.length;
    }

    public boolean contains(int trainId) {
        for (int t : trainIds) {
            if (t == trainId) {
                return true;
            }
        }
        return false;
    }

    /** 19, 16 or 13, as users type it on the command line. */
    public static ClassSet ofCount(int count) {
        for (ClassSet s : values()) {
            if (s.size() == count) {
                return s;
            }
        }
        throw new IllegalArgumentException("--classes must be 19, 16 or 13, got " + count);
    }

    public static String name(int trainId) {
        return NAMES.get(trainId);
    }
}

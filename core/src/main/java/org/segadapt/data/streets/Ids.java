package org.segadapt.data.streets;

/** Cityscapes labelIds the scenes are drawn with (void: 0 unlabelled, 1 ego vehicle). */
final class Ids {
    static final int UNLABELED = 0, EGO = 1, ROAD = 7, SIDEWALK = 8, BUILDING = 11, WALL = 12, FENCE = 13, POLE = 17,
            LIGHT = 19, SIGN = 20, VEGETATION = 21, TERRAIN = 22, SKY = 23, PERSON = 24, RIDER = 25, CAR = 26,
            TRUCK = 27, BUS = 28, TRAIN = 31, MOTORCYCLE = 32, BICYCLE = 33;

    /** The 19 evaluated classes in trainId order. */
    static final int[] CLASSES = {ROAD, SIDEWALK, BUILDING, WALL, FENCE, POLE, LIGHT, SIGN, VEGETATION, TERRAIN, SKY,
        PERSON, RIDER, CAR, TRUCK, BUS, TRAIN, MOTORCYCLE, BICYCLE};

    private Ids() {}
}

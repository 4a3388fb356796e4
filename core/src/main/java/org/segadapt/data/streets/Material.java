package org.segadapt.data.streets;

/**
 * Surface colours, one palette per domain. The source palette is a game-like set of clean, saturated base
 * colours; the target palette holds different, duller real-world colours (several per material), so the
 * same class has a different colour distribution in the two domains while staying plausible.
 */
enum Material {
    ROAD(new int[] {0x5f5f6a}, new int[] {0x77736e, 0x5c5a58, 0x6d6c70, 0x847d74}),
    LANE_PAINT(new int[] {0xf0f0f0}, new int[] {0xc8c6bc, 0xd8d2a8}),
    SIDEWALK(new int[] {0xb4a0b4}, new int[] {0x9b948c, 0xaaa39a, 0x8c8780}),
    CURB(new int[] {0xd0d0d0}, new int[] {0xa6a29c}),
    BUILDING(new int[] {0xc8b48c, 0x9a9aa6, 0xb07a5a}, new int[] {0x8a7e72, 0x6e6a66, 0x9c8a78, 0x7a5a4a, 0xb0aaa0}),
    WINDOW(new int[] {0x3c5a8c}, new int[] {0x3a3c40, 0x505860, 0x2c2e30}),
    WALL(new int[] {0xa0a08c}, new int[] {0x8e887c, 0x7c766e, 0xa09484}),
    FENCE(new int[] {0xa08c78}, new int[] {0x6e7270, 0x8a8070}),
    POLE(new int[] {0x707078}, new int[] {0x5a5c5e, 0x767470}),
    LIGHT_BOX(new int[] {0x202020}, new int[] {0x303228, 0x3c3a30}),
    LAMP(new int[] {0xff3020, 0xffd020, 0x30ff60}, new int[] {0xd06040, 0xd0b060, 0x70c090}),
    SIGN(new int[] {0xe01c1c, 0x1c50e0, 0xf0d000}, new int[] {0xb04438, 0x3e5e98, 0xc0a840}),
    SIGN_FACE(new int[] {0xffffff}, new int[] {0xd8d8d0}),
    VEGETATION(new int[] {0x3c9632, 0x2e7a28}, new int[] {0x4e6430, 0x5a7038, 0x3e5228, 0x6a7a40}),
    TRUNK(new int[] {0x6a4a2a}, new int[] {0x4a4036}),
    TERRAIN(new int[] {0x8cd264}, new int[] {0x88905a, 0x9a9468, 0x74804e}),
    SKY(new int[] {0x78aaf0}, new int[] {0xa8bcd0, 0xc4ccd4, 0x8eaed0, 0xd2d0c8}),
    SKIN(new int[] {0xf0c8a0, 0x8c5a3c}, new int[] {0xc89a80, 0x7a5444, 0xa87c64}),
    CLOTHES(new int[] {0xe03030, 0x3030e0, 0x30b030, 0xe0e030, 0xe07820},
            new int[] {0x2a2c32, 0x3c3a46, 0x5a4a3c, 0x6a6e78, 0x202020, 0x8a3a3a}),
    HAIR(new int[] {0x3a2410}, new int[] {0x2a221c, 0x5a4a38}),
    CAR(new int[] {0xd02020, 0x2040d0, 0xf0f0f0, 0x20a040, 0xf0c020, 0x303030},
            new int[] {0x2a2a2e, 0xb0b2b4, 0xd0d0cc, 0x3a4a5e, 0x5c1e1e, 0x6a6c6e}),
    GLASS(new int[] {0x6496c8}, new int[] {0x3a4048, 0x4c5258}),
    TYRE(new int[] {0x141414}, new int[] {0x222222}),
    TAIL_LIGHT(new int[] {0xff2020}, new int[] {0x9a2a26}),
    TRUCK(new int[] {0xf0f0f0, 0x3070c0, 0xe08020}, new int[] {0xc4c2ba, 0x5a6a7a, 0x8a8e86}),
    BUS(new int[] {0xe0c020, 0xd03030}, new int[] {0xd8d8d0, 0x3c64a0, 0xb8b070}),
    TRAIN(new int[] {0x20a0d0}, new int[] {0xc8c2b0, 0xb03a3a}),
    RAIL(new int[] {0x404040}, new int[] {0x52504c}),
    MOTORCYCLE(new int[] {0x202020, 0xd02020}, new int[] {0x2c2c30, 0x4a4a50}),
    BICYCLE(new int[] {0x20a0a0, 0xe02080}, new int[] {0x303236, 0x5a3030, 0x404a5a}),
    EGO_HOOD(new int[] {0x101010}, new int[] {0x1c1e22});

    private final int[] source;
    private final int[] target;

    Material(int[] source, int[] target) {
        this.source = source;
        this.target = target;
    }

    int[] colours(boolean photographic) {
        return photographic ? target : source;
    }
}

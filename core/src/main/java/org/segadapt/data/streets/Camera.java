package org.segadapt.data.streets;

/**
 * Pinhole camera looking along the road (+z), optical axis level: a world point (X lateral, Y height above
 * ground, z depth) in metres projects to {@code x = cx + f·X/z}, {@code y = horizon + f·(camHeight − Y)/z}.
 */
record Camera(int width, int height, double horizon, double camHeight, double focal) {

    double x(double lateral, double z) {
        return width / 2.0 + focal * lateral / z;
    }

    double y(double up, double z) {
        return horizon + focal * (camHeight - up) / z;
    }

    /** Pixels per metre at depth z. */
    double scale(double z) {
        return focal / z;
    }

    /** Depth of the ground at the bottom image row: nothing nearer is visible on the ground. */
    double nearestGroundDepth() {
        return focal * camHeight / Math.max(1.0, height - horizon);
    }
}

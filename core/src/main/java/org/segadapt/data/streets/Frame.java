package org.segadapt.data.streets;

/** One rendered scene: packed 0xRRGGBB pixels and Cityscapes labelIds, row-major, height × width. */
public record Frame(int height, int width, int[] rgb, byte[] labelIds) {

    public int labelAt(int row, int col) {
        return labelIds[row * width + col] & 0xFF;
    }
}

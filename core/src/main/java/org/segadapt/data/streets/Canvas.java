package org.segadapt.data.streets;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Two layers drawn with the same shapes: a colour layer and a label layer. Neither is antialiased: every
 * label pixel gets exactly one labelId (stored in the low byte), and colour edges are the renderer's crisp
 * aliased edges; the target softens them later with optical blur ({@link PhotoEffects}), which costs a
 * fraction of Java2D's antialiased rasteriser.
 */
final class Canvas {
    private final int width;
    private final int height;
    private final BufferedImage colour;
    private final BufferedImage label;
    private final Graphics2D gc;
    private final Graphics2D gl;

    Canvas(int width, int height) {
        this.width = width;
        this.height = height;
        colour = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        label = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        gc = colour.createGraphics();
        gl = label.createGraphics();
        gl.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        gc.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        // Same pixel coverage rule on both layers so crisp colour edges coincide with label edges.
        gc.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        gl.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    /** Rolls the camera: both layers rotate about the image centre. */
    void roll(double radians) {
        gc.rotate(radians, width / 2.0, height / 2.0);
        gl.rotate(radians, width / 2.0, height / 2.0);
    }

    /** Fills a shape with a class and a colour. */
    void fill(Shape s, int labelId, int rgb) {
        gl.setColor(new Color(labelId));
        gl.fill(s);
        gc.setColor(new Color(rgb));
        gc.fill(s);
    }

    /** Strokes a shape outline with a class; the width is at least one pixel so thin parts stay visible. */
    void stroke(Shape s, double widthPx, int labelId, int rgb) {
        BasicStroke st = new BasicStroke((float) Math.max(1.0, widthPx), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);
        gl.setStroke(st);
        gc.setStroke(st);
        gl.setColor(new Color(labelId));
        gl.draw(s);
        gc.setColor(new Color(rgb));
        gc.draw(s);
    }

    /** Paints detail inside an already labelled region (windows, lane markings): colour only. */
    void paint(Shape s, int rgb) {
        gc.setColor(new Color(rgb));
        gc.fill(s);
    }

    /** Paints a line of detail (colour only). */
    void paintLine(Shape s, double widthPx, int rgb) {
        gc.setStroke(new BasicStroke((float) Math.max(1.0, widthPx)));
        gc.setColor(new Color(rgb));
        gc.draw(s);
    }

    Frame finish() {
        gc.dispose();
        gl.dispose();
        int[] rgb = ((DataBufferInt) colour.getRaster().getDataBuffer()).getData().clone();
        int[] lab = ((DataBufferInt) label.getRaster().getDataBuffer()).getData();
        byte[] ids = new byte[lab.length];
        for (int i = 0; i < lab.length; i++) {
            ids[i] = (byte) lab[i];
        }
        return new Frame(height, width, rgb, ids);
    }
}

/**
 * Inference for a trained run, as a library: {@link org.segadapt.infer.Segmenter} loads a run or checkpoint folder and
 * segments images ({@link java.awt.image.BufferedImage}, files, or tensors) into trainIds with confidence and entropy;
 * {@link org.segadapt.infer.SegmentationTranslator} and {@link org.segadapt.infer.SegmenterBlockFactory} let DJL's
 * {@code Criteria}/{@code ZooModel}/{@code Predictor} (and so DJL Serving) load the same folder.
 */
package org.segadapt.infer;

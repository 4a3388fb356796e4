/**
 * Segmentation networks as DJL blocks: BiSeNet-R18 (TUFL), DeepLabV2-R101 (both papers' second network) and a small CPU network; {@link org.segadapt.model.SegmentationModel} is their common face (logits, auxiliary heads, encoder/decoder split for the learning-rate rule).
 */
package org.segadapt.model;

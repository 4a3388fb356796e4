/**
 * The perturbations of TUFL stage 1 (weak/strong views): photometric changes and the geometric maps shared by image and prediction.
 */
package org.segadapt.augment;

/**
 * The papers' losses: cross-entropy, the unsupervised focal loss (TUFL eq. 4–7) and its baselines (Shannon entropy, max-square, neutral cross-entropy, confidence-aware entropy), CaDA's adversarial and style-gap terms.
 */
package org.segadapt.loss;

/**
 * Which pixels an unsupervised loss sees: fixed thresholds, TUFL's class-adaptive thresholds (eq. 8–9), CaDA's category entropy thresholds (eq. 1–3).
 */
package org.segadapt.loss.mask;

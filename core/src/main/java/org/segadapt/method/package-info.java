/**
 * Adaptation methods as training steps: source-only, the entropy family and TUFL stage 1 (eq. 1), cross-domain mixing (eq. 12), CaDA's adversarial style bridging (eq. 5) and self-training rounds (eq. 6).
 */
package org.segadapt.method;

/**
 * Evaluation and pictures: confusion matrices, per-class IoU in the 19/16/13-class protocols, reports, charts and panels.
 */
package org.segadapt.eval;

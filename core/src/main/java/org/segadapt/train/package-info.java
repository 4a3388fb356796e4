/**
 * The training loop and what it needs: SGD and Adam, the poly schedule, metrics.csv, atomic checkpoints and exact resume.
 */
package org.segadapt.train;

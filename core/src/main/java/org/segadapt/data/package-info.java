/**
 * Datasets, samples and batches: {@code KIND:DIR[@FROM:TO]} specs, PNG decoding, resizing, training crops and the background loader.
 */
package org.segadapt.data;

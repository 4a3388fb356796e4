/**
 * Importing and exporting weights by PyTorch state-dict names (safetensors), with a clear error for weights that do not fit.
 */
package org.segadapt.model.weights;

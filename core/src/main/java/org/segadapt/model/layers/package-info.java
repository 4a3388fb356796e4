/**
 * Building blocks shared by the networks (convolution, BatchNorm, ReLU; chaining blocks and releasing intermediates).
 */
package org.segadapt.model.layers;

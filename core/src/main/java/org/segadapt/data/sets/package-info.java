/**
 * Readers of the real datasets' folder layouts: GTA5, SYNTHIA-RAND-CITYSCAPES, Cityscapes.
 */
package org.segadapt.data.sets;

/**
 * TUFL stage 2's image mixing (Sec. III-C): the class bank, long-tail pasting, ClassMix masks and the boundary weights W_m of eq. (11).
 */
package org.segadapt.mix;

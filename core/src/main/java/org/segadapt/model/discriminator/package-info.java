/**
 * CaDA's discriminators: the output-level discriminator of AdaptSegNet/BDL and the style discriminator of eq. (4).
 */
package org.segadapt.model.discriminator;

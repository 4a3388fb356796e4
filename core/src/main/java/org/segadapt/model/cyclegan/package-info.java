/**
 * CycleGAN's networks (Zhu et al. 2017, as in junyanz/pytorch-CycleGAN-and-pix2pix): the ResNet generator
 * ({@link org.segadapt.model.cyclegan.ResnetGenerator}) and the 70×70 PatchGAN discriminator
 * ({@link org.segadapt.model.cyclegan.PatchDiscriminator}), with instance normalisation and reflection padding
 * ({@link org.segadapt.model.cyclegan.Ops}) and the official state-dict names, so released generators import.
 */
package org.segadapt.model.cyclegan;

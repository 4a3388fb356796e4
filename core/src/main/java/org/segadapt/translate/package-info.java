/**
 * Image style translation of the labelled source before adaptation (TUFL Sec. III "IST", CaDA Sec. 3.2): FDA
 * ({@link org.segadapt.translate.Fda}, Yang and Soatto 2020) and CycleGAN ({@link org.segadapt.translate.CycleGan}, Zhu et
 * al. 2017), and the job that writes a translated copy of a source dataset in its own layout
 * ({@link org.segadapt.translate.Translation}).
 */
package org.segadapt.translate;

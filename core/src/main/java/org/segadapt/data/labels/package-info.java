/**
 * Label tables: Cityscapes trainIds and the 19/16/13-class protocols, GTA5/SYNTHIA/Cityscapes id maps, the colour palette.
 */
package org.segadapt.data.labels;

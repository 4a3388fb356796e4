/**
 * The built-in procedural benchmark: street scenes rendered in a synthetic source look and a camera-like target look, written in the GTA5 and Cityscapes layouts.
 */
package org.segadapt.data.streets;

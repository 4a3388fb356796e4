/**
 * ResNet-18/101 encoders with torchvision's layout, so ImageNet weights import by name.
 */
package org.segadapt.model.backbone;

/**
 * Reading golden reference cases (PyTorch/torchvision outputs) that tests check every module
 * against.
 */
package dev.sphereclr.augment.golden;

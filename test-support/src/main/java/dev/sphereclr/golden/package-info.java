/**
 * Golden reference cases from PyTorch and torchvision, and their reader, for the tests of every
 * module. Not a product module: nothing outside the tests depends on it.
 */
package dev.sphereclr.golden;

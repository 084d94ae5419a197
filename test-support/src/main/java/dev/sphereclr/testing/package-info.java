/** Inputs the tests make themselves: small image folders with a known answer. */
package dev.sphereclr.testing;

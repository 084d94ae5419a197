/** What the settings of every module share: their legal ranges, stated once each. */
package dev.sphereclr.encoder.settings;

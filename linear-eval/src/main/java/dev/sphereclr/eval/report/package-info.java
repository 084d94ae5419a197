/** The evaluation's files for people and programs: report.json, report.md, report.html. */
package dev.sphereclr.eval.report;

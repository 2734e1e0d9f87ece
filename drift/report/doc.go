// Package report turns drift findings into a report and writes it for a
// terminal (text), a pull-request comment (markdown), machines (json) or
// GitHub Actions annotations (github). A report is plain data; writing it
// never changes it, and the same report always writes the same bytes.
package report

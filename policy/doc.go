// Package policy reads the drift policy file and applies it: which
// findings were declared as expected (by a pull request, until a date),
// which are never reported, which severities to raise or lower, which
// variables are volatile, which parameter and variable values every
// matching cluster must have (baseline findings), and how to run the
// guardrails. Like the configuration, the file is read strictly: every
// problem is reported at once as file:line:column: key.path: message.
package policy

// Package config loads and validates auroradoc.yaml: which servers to
// crawl (listed by hand, or discovered in AWS), how hard to crawl them, and
// which schemas to keep. It reports every problem in a file at once, each
// with file, line, column and key path, so a user fixes the file in one go.
// Passwords never live in the file: a target names the environment
// variable that holds its password, and discovered clusters log in with a
// Secrets Manager secret or an IAM authentication token.
package config

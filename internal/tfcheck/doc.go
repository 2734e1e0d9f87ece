// Package tfcheck runs the Terraform toolchain offline over the repository's
// terraform/ tree for tests: it finds terraform, the local provider mirror
// and tflint (from the environment scripts/test.sh exports, or well-known
// places), copies the tree so no .terraform directory or lock file lands in
// the repository, and runs the commands with no CLI configuration and no AWS
// credentials from the environment.
package tfcheck

// Package awsperms keeps auroradoc's AWS permissions honest: it reads the one
// list of IAM actions (terraform/iam-actions.json), finds the AWS operations
// the Go code calls, and reads the IAM policy statements of the terraform
// modules, so tests can hold the three against each other.
package awsperms

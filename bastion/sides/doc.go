// Package sides builds the access engine's production sides from
// bastion.yaml: the database side (a dbuser.Manager per cluster, built on
// first use), shared by the CLI (cmd/bastion) and the Lambda
// (cmd/bastion-lambda).
package sides

// Package hosts is the access engine's connectivity side (bastion.Network):
// the SSM-managed bastion host in a cluster's VPC through which a requester
// forwards a local port to the cluster with Session Manager. Hosts have no
// inbound ports, no key pair and IMDSv2 only; who may start a session is
// IAM's decision, the grant's database user the second gate.
//
// Two modes: per-request (a host launched for one grant on approval and
// terminated at its revocation) and warm (one host per VPC, started when
// the first grant of the VPC begins and stopped after the last ends; the
// active grants are counted from the engine's store).
package hosts

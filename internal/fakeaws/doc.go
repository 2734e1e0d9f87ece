// Package fakeaws is one local HTTP server that answers the AWS calls
// auroradoc makes — RDS DescribeDBClusters, DescribeDBInstances,
// DescribeDBClusterParameters and DescribeDBParameters, EC2 DescribeRegions,
// STS AssumeRole, Secrets Manager GetSecretValue, and the access engine's
// CreateSecret, PutSecretValue, TagResource, DeleteSecret and
// DescribeSecret, and for its bastion hosts and timers EC2 RunInstances,
// StartInstances, StopInstances, TerminateInstances and DescribeInstances
// (instances move through pending, running, stopping, stopped,
// shutting-down and terminated with configurable delays, SetInstanceTiming,
// on a settable clock, SetClock), SSM DescribeInstanceInformation and
// EventBridge Scheduler CreateSchedule, GetSchedule and DeleteSchedule
// (FireDue plays the service's clock) — for any number of regions and accounts at once, in the
// services' real wire formats, so that the real aws-sdk-go-v2 clients can
// be pointed at it (AWS_ENDPOINT_URL, or config.WithBaseEndpoint).
//
// The region and the service of each request are read from the credential
// scope of its SigV4 Authorization header
// (Credential=AKID/DATE/REGION/SERVICE/aws4_request); signatures themselves
// are not verified. RDS and STS speak the AWS Query protocol, EC2 the EC2
// Query protocol, Secrets Manager and SSM AWS JSON 1.1, and EventBridge
// Scheduler REST-JSON.
//
// Accounts: AssumeRole hands out credentials for the roles a test added
// (AddRole, with the external id their trust policy asks for); a request
// signed with those credentials (its access key id) sees the resources of
// the role's account (AddClusterIn, PutSecretIn, ...), any other request
// those of the default account (AddCluster, PutSecret, ...). So two
// accounts can hold clusters with the same IDs.
//
// Tests and demos fill the server's inventory (AddCluster,
// AddClusterParameterGroup, PutSecret, ...), inject faults (Throttle,
// FailRegion) and observe what the SDK sent (Calls, Count). Wrap the SDK's
// HTTP client with WrapHTTPClient where call counts must be exact.
package fakeaws

// Package fakeaws is one local HTTP server that answers the AWS calls
// auroradoc makes — RDS DescribeDBClusters, DescribeDBInstances,
// DescribeDBClusterParameters and DescribeDBParameters, EC2 DescribeRegions,
// Secrets Manager GetSecretValue, and the access engine's CreateSecret,
// PutSecretValue, TagResource, DeleteSecret and DescribeSecret — for any
// number of regions at once, in the services' real wire formats, so that
// the real aws-sdk-go-v2 clients can be pointed at it (AWS_ENDPOINT_URL,
// or config.WithBaseEndpoint).
//
// The region and the service of each request are read from the credential
// scope of its SigV4 Authorization header
// (Credential=AKID/DATE/REGION/SERVICE/aws4_request); signatures themselves
// are not verified. RDS speaks the AWS Query protocol, EC2 the EC2 Query
// protocol and Secrets Manager AWS JSON 1.1.
//
// Tests and demos fill the server's inventory (AddCluster,
// AddClusterParameterGroup, PutSecret, ...), inject faults (Throttle,
// FailRegion) and observe what the SDK sent (Calls, Count). Wrap the SDK's
// HTTP client with WrapHTTPClient where call counts must be exact.
package fakeaws

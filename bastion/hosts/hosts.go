package hosts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/auroradoc/auroradoc/bastion"
)

// Mode is how hosts are kept.
type Mode string

// The modes.
const (
	ModeWarm       Mode = "warm"        // one host per VPC, stopped while no grant needs it
	ModePerRequest Mode = "per-request" // one host per grant, terminated at its revocation
)

// Cluster is where a cluster lives, as far as its hosts are concerned.
type Cluster struct {
	Region string
	VPC    string
	// Subnet is the subnet hosts are launched into (in VPC); it must
	// reach the cluster on its port and the SSM endpoints.
	Subnet string
	// SecurityGroup is the hosts' security group: no ingress rule.
	SecurityGroup string
	// Endpoint is the cluster's writer endpoint (host name) and Port its
	// port (3306 when zero): where the session forwards to.
	Endpoint string
	Port     int
}

// EC2 is the part of the EC2 API hosts use (*ec2.Client).
type EC2 interface {
	RunInstances(context.Context, *ec2.RunInstancesInput, ...func(*ec2.Options)) (*ec2.RunInstancesOutput, error)
	StartInstances(context.Context, *ec2.StartInstancesInput, ...func(*ec2.Options)) (*ec2.StartInstancesOutput, error)
	StopInstances(context.Context, *ec2.StopInstancesInput, ...func(*ec2.Options)) (*ec2.StopInstancesOutput, error)
	TerminateInstances(context.Context, *ec2.TerminateInstancesInput, ...func(*ec2.Options)) (*ec2.TerminateInstancesOutput, error)
	DescribeInstances(context.Context, *ec2.DescribeInstancesInput, ...func(*ec2.Options)) (*ec2.DescribeInstancesOutput, error)
}

// SSM is the part of the SSM API hosts use (*ssm.Client).
type SSM interface {
	DescribeInstanceInformation(context.Context, *ssm.DescribeInstanceInformationInput, ...func(*ssm.Options)) (*ssm.DescribeInstanceInformationOutput, error)
}

var (
	_ EC2 = (*ec2.Client)(nil)
	_ SSM = (*ssm.Client)(nil)
)

// Grants lists the engine's requests (the engine's store): the warm mode
// counts the grants of a VPC that still need its host.
type Grants interface {
	List(ctx context.Context, states ...bastion.State) ([]bastion.Request, error)
}

// Options configure Hosts.
type Options struct {
	Mode Mode
	// Clusters says where each cluster of the configuration lives; false
	// for a cluster without a host (Open fails for it).
	Clusters func(cluster string) (Cluster, bool)
	// Grants is the engine's store; required in the warm mode.
	Grants Grants
	// AWS is the SDK configuration; clients are made per region from it.
	AWS aws.Config
	// ImageID, InstanceType and InstanceProfile (a name or an ARN) of
	// the hosts, or LaunchTemplate (an id, lt-…) holding them; a
	// launch template's settings are overridden by those given here.
	ImageID, InstanceType, InstanceProfile, LaunchTemplate string
	// ReadyTimeout bounds how long Open waits for a host to run with its
	// SSM agent online; 3 minutes when zero. Poll is the wait between
	// checks; 1 s when zero.
	ReadyTimeout, Poll time.Duration
	// LocalPort is the port the requester's end listens on; the cluster's
	// port when zero.
	LocalPort int
	Logger    *slog.Logger
}

// Hosts implements bastion.Network on EC2 and SSM.
type Hosts struct {
	o Options

	mu   sync.Mutex
	vpcs map[string]*sync.Mutex // "<region>/<vpc>" → serialises a warm host's start and stop in this process
	ec2s map[string]EC2
	ssms map[string]SSM
	// newEC2 and newSSM make the clients of a region (tests swap them).
	newEC2 func(region string) EC2
	newSSM func(region string) SSM
}

var _ bastion.Network = (*Hosts)(nil)

// New checks opts and returns Hosts.
func New(opts Options) (*Hosts, error) {
	switch {
	case opts.Mode != ModeWarm && opts.Mode != ModePerRequest:
		return nil, fmt.Errorf("bastion hosts: mode %q is not %s or %s", opts.Mode, ModeWarm, ModePerRequest)
	case opts.Clusters == nil:
		return nil, errors.New("bastion hosts: Clusters is required")
	case opts.Mode == ModeWarm && opts.Grants == nil:
		return nil, errors.New("bastion hosts: the warm mode needs Grants (the engine's store) to count a VPC's grants")
	case opts.ImageID == "" && opts.LaunchTemplate == "":
		return nil, errors.New("bastion hosts: an image id or a launch template is required")
	}
	if opts.ReadyTimeout <= 0 {
		opts.ReadyTimeout = 3 * time.Minute
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	h := &Hosts{o: opts, vpcs: map[string]*sync.Mutex{}, ec2s: map[string]EC2{}, ssms: map[string]SSM{}}
	h.newEC2 = func(region string) EC2 {
		return ec2.NewFromConfig(opts.AWS, func(o *ec2.Options) { o.Region = region })
	}
	h.newSSM = func(region string) SSM {
		return ssm.NewFromConfig(opts.AWS, func(o *ssm.Options) { o.Region = region })
	}
	return h, nil
}

// clients returns the EC2 and SSM clients of region.
func (h *Hosts) clients(region string) (EC2, SSM) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.ec2s[region] == nil {
		h.ec2s[region], h.ssms[region] = h.newEC2(region), h.newSSM(region)
	}
	return h.ec2s[region], h.ssms[region]
}

// vpcLock returns the lock of a warm host's VPC.
func (h *Hosts) vpcLock(c Cluster) *sync.Mutex {
	h.mu.Lock()
	defer h.mu.Unlock()
	k := c.Region + "/" + c.VPC
	if h.vpcs[k] == nil {
		h.vpcs[k] = &sync.Mutex{}
	}
	return h.vpcs[k]
}

func (h *Hosts) cluster(name string) (Cluster, error) {
	c, ok := h.o.Clusters(name)
	if !ok {
		return c, fmt.Errorf("cluster %s has no bastion host configuration (region, VPC, subnet, security group)", name)
	}
	if c.Port == 0 {
		c.Port = 3306
	}
	return c, nil
}

// Open makes the path to r's cluster ready and says how to use it.
func (h *Hosts) Open(ctx context.Context, r bastion.Request) (bastion.Connection, error) {
	c, err := h.cluster(r.Cluster)
	if err != nil {
		return bastion.Connection{}, err
	}
	var id string
	if h.o.Mode == ModeWarm {
		id, err = h.openWarm(ctx, c, r)
	} else {
		id, err = h.openOwn(ctx, c, r)
	}
	if err != nil {
		return bastion.Connection{}, err
	}
	return h.connection(c, id), nil
}

// Close releases r's path.
func (h *Hosts) Close(ctx context.Context, r bastion.Request) error {
	c, err := h.cluster(r.Cluster)
	if err != nil {
		return err
	}
	if h.o.Mode == ModeWarm {
		return h.closeWarm(ctx, c, r)
	}
	return h.closeOwn(ctx, c, r)
}

// PortForwardingDocument is the SSM document the sessions use.
const PortForwardingDocument = "AWS-StartPortForwardingSessionToRemoteHost"

// connection is how to reach c through host id.
func (h *Hosts) connection(c Cluster, id string) bastion.Connection {
	local := h.o.LocalPort
	if local == 0 {
		local = c.Port
	}
	return bastion.Connection{
		Host: id, Region: c.Region,
		Command: "aws ssm start-session --region " + c.Region + " --target " + id +
			" --document-name " + PortForwardingDocument +
			" --parameters host=" + c.Endpoint + ",portNumber=" + strconv.Itoa(c.Port) + ",localPortNumber=" + strconv.Itoa(local),
	}
}

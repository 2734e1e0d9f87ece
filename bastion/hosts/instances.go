package hosts

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// The tags of the hosts. The terraform module's IAM policies are scoped by
// TagRole (only instances tagged bastion:role may be started, stopped,
// terminated or reached by SSM).
const (
	TagRole      = "bastion:role" // "warm" or "per-request"
	TagVPC       = "bastion:vpc"
	TagGrant     = "bastion:grant-id"
	TagRequester = "bastion:requester"
	TagCluster   = "bastion:cluster"
	TagExpires   = "bastion:expires"
)

// live are the states of an instance that exists and can run again.
var live = []string{"pending", "running", "stopping", "stopped"}

// host is an instance as found.
type host struct {
	id    string
	state types.InstanceStateName
}

// find returns the live instance tagged with tags (the oldest launched
// when several are), or ok false.
func find(ctx context.Context, e EC2, tags map[string]string) (host, bool, error) {
	filters := []types.Filter{{Name: aws.String("instance-state-name"), Values: live}}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		filters = append(filters, types.Filter{Name: aws.String("tag:" + k), Values: []string{tags[k]}})
	}
	var found []types.Instance
	p := ec2.NewDescribeInstancesPaginator(e, &ec2.DescribeInstancesInput{Filters: filters})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return host{}, false, fmt.Errorf("describing instances tagged %v: %w", tags, err)
		}
		for _, r := range out.Reservations {
			found = append(found, r.Instances...)
		}
	}
	if len(found) == 0 {
		return host{}, false, nil
	}
	slices.SortFunc(found, func(a, b types.Instance) int { return aws.ToTime(a.LaunchTime).Compare(aws.ToTime(b.LaunchTime)) })
	return host{aws.ToString(found[0].InstanceId), found[0].State.Name}, true, nil
}

// launch starts a host in c's subnet tagged with tags; token makes the
// launch idempotent (EC2 returns the instance of an earlier call with the
// same token). No key pair, IMDSv2 required, no public address.
func (h *Hosts) launch(ctx context.Context, e EC2, c Cluster, token string, tags map[string]string) (host, error) {
	in := &ec2.RunInstancesInput{
		MinCount: aws.Int32(1), MaxCount: aws.Int32(1), ClientToken: aws.String(token),
		SubnetId: aws.String(c.Subnet), SecurityGroupIds: []string{c.SecurityGroup},
		MetadataOptions: &types.InstanceMetadataOptionsRequest{
			HttpTokens: types.HttpTokensStateRequired, HttpEndpoint: types.InstanceMetadataEndpointStateEnabled,
			HttpPutResponseHopLimit: aws.Int32(1),
		},
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeInstance, Tags: ec2Tags(tags)}},
	}
	if h.o.ImageID != "" {
		in.ImageId = aws.String(h.o.ImageID)
	}
	if h.o.InstanceType != "" {
		in.InstanceType = types.InstanceType(h.o.InstanceType)
	}
	if h.o.LaunchTemplate != "" {
		in.LaunchTemplate = &types.LaunchTemplateSpecification{LaunchTemplateId: aws.String(h.o.LaunchTemplate), Version: aws.String("$Latest")}
	}
	switch p := h.o.InstanceProfile; {
	case len(p) > 4 && p[:4] == "arn:":
		in.IamInstanceProfile = &types.IamInstanceProfileSpecification{Arn: aws.String(p)}
	case p != "":
		in.IamInstanceProfile = &types.IamInstanceProfileSpecification{Name: aws.String(p)}
	}
	out, err := e.RunInstances(ctx, in)
	if err != nil {
		return host{}, fmt.Errorf("launching a bastion host in %s/%s: %w", c.VPC, c.Subnet, err)
	}
	if len(out.Instances) != 1 {
		return host{}, fmt.Errorf("launching a bastion host in %s/%s: EC2 answered %d instances", c.VPC, c.Subnet, len(out.Instances))
	}
	i := out.Instances[0]
	if i.State != nil && (i.State.Name == types.InstanceStateNameTerminated || i.State.Name == types.InstanceStateNameShuttingDown) {
		return host{}, fmt.Errorf("launching a bastion host in %s: the launch token %s names instance %s, which is %s", c.VPC, token, aws.ToString(i.InstanceId), i.State.Name)
	}
	h.o.Logger.Info("bastion host launched", "instance", aws.ToString(i.InstanceId), "vpc", c.VPC, "tags", tags)
	return host{aws.ToString(i.InstanceId), types.InstanceStateNamePending}, nil
}

func ec2Tags(tags map[string]string) []types.Tag {
	var out []types.Tag
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(tags[k])})
	}
	return out
}

// state returns instance id's state.
func state(ctx context.Context, e EC2, id string) (types.InstanceStateName, error) {
	out, err := e.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{id}})
	if err != nil {
		return "", fmt.Errorf("describing instance %s: %w", id, err)
	}
	for _, r := range out.Reservations {
		for _, i := range r.Instances {
			if aws.ToString(i.InstanceId) == id && i.State != nil {
				return i.State.Name, nil
			}
		}
	}
	return "", fmt.Errorf("describing instance %s: not found", id)
}

// online reports whether instance id's SSM agent is online.
func online(ctx context.Context, s SSM, id string) (bool, error) {
	out, err := s.DescribeInstanceInformation(ctx, &ssm.DescribeInstanceInformationInput{
		Filters: []ssmtypes.InstanceInformationStringFilter{{Key: aws.String("InstanceIds"), Values: []string{id}}},
	})
	if err != nil {
		return false, fmt.Errorf("asking SSM whether %s is online: %w", id, err)
	}
	for _, i := range out.InstanceInformationList {
		if aws.ToString(i.InstanceId) == id && i.PingStatus == ssmtypes.PingStatusOnline {
			return true, nil
		}
	}
	return false, nil
}

// ready waits, at most ReadyTimeout, until instance id runs with its SSM
// agent online. A stopped host (stopped by another engine meanwhile) is
// started again; a stopping one is started once it has stopped.
func (h *Hosts) ready(ctx context.Context, c Cluster, id string) error {
	e, s := h.clients(c.Region)
	ctx, cancel := context.WithTimeout(ctx, h.o.ReadyTimeout)
	defer cancel()
	for {
		st, err := state(ctx, e, id)
		if err != nil {
			return h.timedOut(ctx, id, err)
		}
		switch st {
		case types.InstanceStateNameStopped:
			if err := start(ctx, e, id); err != nil {
				return h.timedOut(ctx, id, err)
			}
		case types.InstanceStateNameRunning:
			ok, err := online(ctx, s, id)
			if err != nil {
				return h.timedOut(ctx, id, err)
			}
			if ok {
				return nil
			}
		case types.InstanceStateNameTerminated, types.InstanceStateNameShuttingDown:
			return fmt.Errorf("bastion host %s is %s", id, st)
		}
		select {
		case <-ctx.Done():
			return h.timedOut(ctx, id, fmt.Errorf("host %s is %s", id, st))
		case <-time.After(h.o.Poll):
		}
	}
}

func (h *Hosts) timedOut(ctx context.Context, id string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("waiting %s for bastion host %s to run with SSM online: %w", h.o.ReadyTimeout, id, errors.Join(err, ctx.Err()))
	}
	return err
}

// start starts instance id; one that is starting or running already is
// fine.
func start(ctx context.Context, e EC2, id string) error {
	_, err := e.StartInstances(ctx, &ec2.StartInstancesInput{InstanceIds: []string{id}})
	if err != nil {
		return fmt.Errorf("starting bastion host %s: %w", id, err)
	}
	return nil
}

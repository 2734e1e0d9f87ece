package fakeaws_test

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	schedtypes "github.com/aws/aws-sdk-go-v2/service/scheduler/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

// TestInstanceLifecycle drives one instance through launch, boot, SSM
// registration, stop, start and termination with the real EC2 and SSM
// clients, with a boot delay.
func TestInstanceLifecycle(t *testing.T) {
	s := start(t)
	ctx := testContext(t)
	s.AddSubnet("us-east-1", "subnet-1", "vpc-1")
	s.SetInstanceTiming(fakeaws.InstanceTiming{Boot: 40 * time.Second, Agent: 5 * time.Second, Stop: 10 * time.Second})
	clock := newFakeClock(time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC))
	s.SetClock(clock.now)
	e := ec2Client(t, s, "us-east-1")
	sm := ssm.NewFromConfig(sdkConfig(t, s, "us-east-1"))

	in := &ec2.RunInstancesInput{
		ImageId: aws.String("ami-1"), InstanceType: ec2types.InstanceTypeT4gNano, MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		SubnetId: aws.String("subnet-1"), SecurityGroupIds: []string{"sg-1"}, ClientToken: aws.String("grant-a"),
		IamInstanceProfile: &ec2types.IamInstanceProfileSpecification{Name: aws.String("bastion-host")},
		MetadataOptions:    &ec2types.InstanceMetadataOptionsRequest{HttpTokens: ec2types.HttpTokensStateRequired},
		TagSpecifications: []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeInstance,
			Tags: []ec2types.Tag{{Key: aws.String("bastion:grant-id"), Value: aws.String("a")}}}},
	}
	out, err := e.RunInstances(ctx, in)
	if err != nil {
		t.Fatalf("RunInstances: %v", err)
	}
	id := aws.ToString(out.Instances[0].InstanceId)
	if out.Instances[0].State.Name != ec2types.InstanceStateNamePending {
		t.Errorf("state after launch = %s, want pending", out.Instances[0].State.Name)
	}
	again, err := e.RunInstances(ctx, in)
	if err != nil || aws.ToString(again.Instances[0].InstanceId) != id {
		t.Fatalf("RunInstances with the same ClientToken = %v, %v; want %s again", again, err, id)
	}
	if _, err := e.StopInstances(ctx, &ec2.StopInstancesInput{InstanceIds: []string{id}}); errorCode(err) != "IncorrectInstanceState" {
		t.Errorf("StopInstances while pending: err = %v, want IncorrectInstanceState", err)
	}
	online := func() string {
		t.Helper()
		o, err := sm.DescribeInstanceInformation(ctx, &ssm.DescribeInstanceInformationInput{
			Filters: []ssmtypes.InstanceInformationStringFilter{{Key: aws.String("InstanceIds"), Values: []string{id}}}})
		if err != nil {
			t.Fatalf("DescribeInstanceInformation: %v", err)
		}
		if len(o.InstanceInformationList) == 0 {
			return "unregistered"
		}
		return string(o.InstanceInformationList[0].PingStatus)
	}
	if got := online(); got != "unregistered" {
		t.Errorf("SSM before boot = %s, want unregistered", got)
	}
	clock.add(44 * time.Second)
	if got := online(); got != "unregistered" {
		t.Errorf("SSM 4 s after boot = %s, want unregistered (the agent takes 5 s)", got)
	}
	clock.add(time.Second)
	d, err := e.DescribeInstances(ctx, &ec2.DescribeInstancesInput{Filters: []ec2types.Filter{
		{Name: aws.String("tag:bastion:grant-id"), Values: []string{"a"}},
		{Name: aws.String("instance-state-name"), Values: []string{"running"}}}})
	if err != nil || len(d.Reservations) != 1 {
		t.Fatalf("DescribeInstances by tag, running = %+v, %v; want the instance", d, err)
	}
	got := d.Reservations[0].Instances[0]
	if got.MetadataOptions.HttpTokens != ec2types.HttpTokensStateRequired || aws.ToString(got.VpcId) != "vpc-1" || got.KeyName != nil {
		t.Errorf("instance = tokens %s vpc %s key %v; want required, vpc-1, no key", got.MetadataOptions.HttpTokens, aws.ToString(got.VpcId), got.KeyName)
	}
	if got := online(); got != "Online" {
		t.Errorf("SSM after boot = %s, want Online", got)
	}
	if _, err := e.StopInstances(ctx, &ec2.StopInstancesInput{InstanceIds: []string{id}}); err != nil {
		t.Fatalf("StopInstances: %v", err)
	}
	if got := online(); got != "ConnectionLost" {
		t.Errorf("SSM after stop = %s, want ConnectionLost", got)
	}
	if _, err := e.StartInstances(ctx, &ec2.StartInstancesInput{InstanceIds: []string{id}}); errorCode(err) != "IncorrectInstanceState" {
		t.Errorf("StartInstances while stopping: err = %v, want IncorrectInstanceState", err)
	}
	clock.add(10 * time.Second)
	if _, err := e.StartInstances(ctx, &ec2.StartInstancesInput{InstanceIds: []string{id}}); err != nil {
		t.Fatalf("StartInstances: %v", err)
	}
	if i, _ := s.InstanceByID(id); i.State != fakeaws.StatePending || i.Starts != 1 || i.Stops != 1 {
		t.Errorf("after start: %s, %d starts, %d stops; want pending, 1, 1", i.State, i.Starts, i.Stops)
	}
	if _, err := e.TerminateInstances(ctx, &ec2.TerminateInstancesInput{InstanceIds: []string{id}}); err != nil {
		t.Fatalf("TerminateInstances: %v", err)
	}
	if _, err := e.StartInstances(ctx, &ec2.StartInstancesInput{InstanceIds: []string{id}}); errorCode(err) != "IncorrectInstanceState" {
		t.Errorf("StartInstances after terminate: err = %v, want IncorrectInstanceState", err)
	}
	if _, err := e.StopInstances(ctx, &ec2.StopInstancesInput{InstanceIds: []string{"i-404"}}); errorCode(err) != "InvalidInstanceID.NotFound" {
		t.Errorf("StopInstances of an unknown id: err = %v, want InvalidInstanceID.NotFound", err)
	}
}

// TestSchedules creates, reads, fires and deletes one-time schedules with
// the real EventBridge Scheduler client.
func TestSchedules(t *testing.T) {
	s := start(t)
	ctx := testContext(t)
	c := scheduler.NewFromConfig(sdkConfig(t, s, "us-east-1"))
	at := time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)
	input, _ := json.Marshal(map[string]string{"grant": "abc", "step": "expire"})
	create := func(name string, at time.Time) error {
		_, err := c.CreateSchedule(ctx, &scheduler.CreateScheduleInput{
			Name: aws.String(name), GroupName: aws.String("bastion"),
			ScheduleExpression:         aws.String("at(" + at.Format("2006-01-02T15:04:05") + ")"),
			ScheduleExpressionTimezone: aws.String("UTC"),
			ActionAfterCompletion:      schedtypes.ActionAfterCompletionDelete,
			FlexibleTimeWindow:         &schedtypes.FlexibleTimeWindow{Mode: schedtypes.FlexibleTimeWindowModeOff},
			Target: &schedtypes.Target{Arn: aws.String("arn:aws:lambda:us-east-1:123456789012:function:bastion"),
				RoleArn: aws.String("arn:aws:iam::123456789012:role/scheduler"), Input: aws.String(string(input))},
		})
		return err
	}
	if err := create("abc-expire", at); err != nil {
		t.Fatalf("CreateSchedule: %v", err)
	}
	if err := create("abc-expire", at); errorCode(err) != "ConflictException" {
		t.Errorf("CreateSchedule again: err = %v, want ConflictException", err)
	}
	if err := create("abc-warn", at.Add(-10*time.Minute)); err != nil {
		t.Fatalf("CreateSchedule: %v", err)
	}
	g, err := c.GetSchedule(ctx, &scheduler.GetScheduleInput{Name: aws.String("abc-expire"), GroupName: aws.String("bastion")})
	if err != nil || aws.ToString(g.Target.Input) != string(input) || g.ActionAfterCompletion != schedtypes.ActionAfterCompletionDelete {
		t.Fatalf("GetSchedule = %+v, %v", g, err)
	}
	due := s.FireDue("us-east-1", at.Add(-time.Minute))
	if len(due) != 1 || due[0].Name != "abc-warn" {
		t.Fatalf("FireDue before expiry = %+v, want abc-warn", due)
	}
	if _, err := c.GetSchedule(ctx, &scheduler.GetScheduleInput{Name: aws.String("abc-warn"), GroupName: aws.String("bastion")}); errorCode(err) != "ResourceNotFoundException" {
		t.Errorf("a fired DELETE schedule: GetSchedule err = %v, want ResourceNotFoundException", err)
	}
	if _, err := c.DeleteSchedule(ctx, &scheduler.DeleteScheduleInput{Name: aws.String("abc-expire"), GroupName: aws.String("bastion")}); err != nil {
		t.Fatalf("DeleteSchedule: %v", err)
	}
	if n := len(s.Schedules("us-east-1")); n != 0 {
		t.Errorf("%d schedules left, want 0", n)
	}
}

// fakeClock is a settable clock for the fake's instance states.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock(t time.Time) *fakeClock { return &fakeClock{t: t} }

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

package fakeaws

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// InstanceTiming is how long the fake's EC2 instances take to change
// state; zero durations change at once. The seed's bastion hosts took
// about 40 s from RunInstances to an online SSM agent.
type InstanceTiming struct {
	Boot      time.Duration // pending → running (RunInstances, StartInstances)
	Stop      time.Duration // stopping → stopped
	Terminate time.Duration // shutting-down → terminated
	// Agent is how long after running the SSM agent reports Online
	// (DescribeInstanceInformation).
	Agent time.Duration
}

// SetInstanceTiming sets how long instance state changes take, for the
// transitions that start from now on.
func (s *Server) SetInstanceTiming(t InstanceTiming) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.timing = t
}

// SetClock sets the clock instance states and schedules are judged by
// (time.Now until called), so tests can step through boot delays.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.clock = now
}

// now is the fake's time. s.mu is held.
func (s *Server) now() time.Time {
	if s.st.clock != nil {
		return s.st.clock()
	}
	return time.Now()
}

// AddSubnet makes subnet (in vpc) known to region, so RunInstances can
// launch into it.
func (s *Server) AddSubnet(region, subnet, vpc string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.subnets[realm("", region)+"/"+subnet] = vpc
}

// The EC2 instance states and their codes.
const (
	StatePending      = "pending"
	StateRunning      = "running"
	StateShuttingDown = "shutting-down"
	StateTerminated   = "terminated"
	StateStopping     = "stopping"
	StateStopped      = "stopped"
)

func stateCode(name string) int {
	return map[string]int{StatePending: 0, StateRunning: 16, StateShuttingDown: 32,
		StateTerminated: 48, StateStopping: 64, StateStopped: 80}[name]
}

// EC2Instance is an EC2 instance as the fake knows it (a copy).
type EC2Instance struct {
	ID, Region, ImageID, Type, Subnet, VPC string
	SecurityGroups                         []string
	InstanceProfile                        string // the ARN or name given
	HTTPTokens                             string // MetadataOptions.HttpTokens: "required" = IMDSv2 only
	KeyName                                string
	LaunchTemplate                         string
	ClientToken                            string
	Tags                                   map[string]string
	State                                  string
	Launched                               time.Time
	// Starts and Stops count StartInstances and StopInstances calls
	// that changed the state.
	Starts, Stops int
}

// instance is one instance's record; its state is advanced lazily.
type instance struct {
	EC2Instance
	since  time.Time     // when State began
	after  time.Duration // how long State lasts before it moves on (pending, stopping, shutting-down)
	online bool          // the agent has been Online at least once
}

// advance moves in through the state changes due by now.
func (in *instance) advance(now time.Time, agent time.Duration) {
	for {
		next := map[string]string{StatePending: StateRunning, StateStopping: StateStopped, StateShuttingDown: StateTerminated}[in.State]
		if next == "" || now.Before(in.since.Add(in.after)) {
			break
		}
		in.since, in.State, in.after = in.since.Add(in.after), next, 0
	}
	if in.State == StateRunning && !now.Before(in.since.Add(agent)) {
		in.online = true
	}
}

// set moves in to state at now, lasting d.
func (in *instance) set(state string, now time.Time, d time.Duration) {
	in.State, in.since, in.after = state, now, d
}

// EC2Instances returns the instances of region, in launch order, their
// states as of now.
func (s *Server) EC2Instances(region string) []EC2Instance {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var out []EC2Instance
	for _, in := range s.st.instances {
		if in.Region != region {
			continue
		}
		in.advance(now, s.st.timing.Agent)
		c := in.EC2Instance
		c.Tags = maps.Clone(in.Tags)
		c.SecurityGroups = slices.Clone(in.SecurityGroups)
		out = append(out, c)
	}
	return out
}

// InstanceByID returns the instance id as of now.
func (s *Server) InstanceByID(id string) (EC2Instance, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, in := range s.st.instances {
		if in.ID == id {
			in.advance(s.now(), s.st.timing.Agent)
			c := in.EC2Instance
			c.Tags = maps.Clone(in.Tags)
			return c, true
		}
	}
	return EC2Instance{}, false
}

// findInstance returns the instance id in req's realm. s.mu is held.
func (s *Server) findInstance(req *request, id string) *instance {
	for _, in := range s.st.instances {
		if in.ID == id && in.Region == req.realm() {
			return in
		}
	}
	return nil
}

// runInstances launches one instance (MinCount = MaxCount = 1 only),
// idempotent by ClientToken as in EC2.
func (s *Server) runInstances(req *request) response {
	p := req.params
	if p.Get("MinCount") != "1" || p.Get("MaxCount") != "1" {
		return req.invalidParameter("fakeaws launches one instance per call (MinCount=MaxCount=1), got %s..%s", p.Get("MinCount"), p.Get("MaxCount"))
	}
	now := s.now()
	if tok := p.Get("ClientToken"); tok != "" {
		for _, in := range s.st.instances {
			if in.ClientToken == tok && in.Region == req.realm() {
				in.advance(now, s.st.timing.Agent)
				return req.xmlOK(instancesResponse("RunInstancesResponse", req.id, []*instance{in}))
			}
		}
	}
	lt := or(p.Get("LaunchTemplate.LaunchTemplateId"), p.Get("LaunchTemplate.LaunchTemplateName"))
	if p.Get("ImageId") == "" && lt == "" {
		return req.missingParameter("ImageId")
	}
	subnet := p.Get("SubnetId")
	vpc, ok := s.st.subnets[req.realm()+"/"+subnet]
	if !ok {
		return req.fail(400, "InvalidSubnetID.NotFound", fmt.Sprintf("The subnet ID '%s' does not exist", subnet))
	}
	tags := map[string]string{}
	for n := 1; ; n++ {
		prefix := fmt.Sprintf("TagSpecification.%d.", n)
		rt := p.Get(prefix + "ResourceType")
		if rt == "" {
			break
		}
		if rt != "instance" {
			continue
		}
		for m := 1; ; m++ {
			k := p.Get(fmt.Sprintf("%sTag.%d.Key", prefix, m))
			if k == "" {
				break
			}
			tags[k] = p.Get(fmt.Sprintf("%sTag.%d.Value", prefix, m))
		}
	}
	s.st.instanceSeq++
	in := &instance{EC2Instance: EC2Instance{
		ID: fmt.Sprintf("i-0fa4e%012x", s.st.instanceSeq), Region: req.realm(), ImageID: p.Get("ImageId"),
		Type: or(p.Get("InstanceType"), "t4g.nano"), Subnet: subnet, VPC: vpc,
		SecurityGroups:  listParam(p, "SecurityGroupId"),
		InstanceProfile: or(p.Get("IamInstanceProfile.Arn"), p.Get("IamInstanceProfile.Name")),
		HTTPTokens:      or(p.Get("MetadataOptions.HttpTokens"), "optional"),
		KeyName:         p.Get("KeyName"), LaunchTemplate: lt, ClientToken: p.Get("ClientToken"),
		Tags: tags, Launched: now,
	}}
	in.set(StatePending, now, s.st.timing.Boot)
	s.st.instances = append(s.st.instances, in)
	return req.xmlOK(instancesResponse("RunInstancesResponse", req.id, []*instance{in}))
}

// changeInstances answers StartInstances, StopInstances and
// TerminateInstances with EC2's rules for which states allow what.
func (s *Server) changeInstances(req *request) response {
	ids := listParam(req.params, "InstanceId")
	if len(ids) == 0 {
		return req.missingParameter("InstanceId")
	}
	now := s.now()
	var found []*instance
	for _, id := range ids {
		in := s.findInstance(req, id)
		if in == nil {
			return req.fail(400, "InvalidInstanceID.NotFound", fmt.Sprintf("The instance ID '%s' does not exist", id))
		}
		in.advance(now, s.st.timing.Agent)
		found = append(found, in)
	}
	// Check every instance first: EC2 changes none when one cannot change.
	for _, in := range found {
		bad := false
		switch req.action {
		case "StartInstances":
			bad = in.State == StateStopping || in.State == StateShuttingDown || in.State == StateTerminated
		case "StopInstances":
			bad = in.State == StatePending || in.State == StateShuttingDown || in.State == StateTerminated
		}
		if bad {
			return req.fail(400, "IncorrectInstanceState",
				fmt.Sprintf("The instance '%s' is not in a state from which it can be %s.", in.ID,
					map[string]string{"StartInstances": "started", "StopInstances": "stopped"}[req.action]))
		}
	}
	items := make([]stateChange, 0, len(found))
	for _, in := range found {
		prev := in.State
		switch req.action {
		case "StartInstances":
			if in.State == StateStopped {
				in.set(StatePending, now, s.st.timing.Boot)
				in.online = false
				in.Starts++
			}
		case "StopInstances":
			if in.State == StateRunning {
				in.set(StateStopping, now, s.st.timing.Stop)
				in.Stops++
			}
		case "TerminateInstances":
			if in.State != StateTerminated && in.State != StateShuttingDown {
				in.set(StateShuttingDown, now, s.st.timing.Terminate)
			}
		}
		in.advance(now, s.st.timing.Agent)
		items = append(items, stateChange{ID: in.ID, Current: xmlState{stateCode(in.State), in.State}, Previous: xmlState{stateCode(prev), prev}})
	}
	res := stateChangeResponse{Xmlns: ec2Namespace, RequestID: req.id}
	res.XMLName.Local = req.action + "Response"
	res.Items = items
	return req.xmlOK(res)
}

// describeInstances answers DescribeInstances: InstanceId.N and the
// filters tag:<key>, instance-state-name, vpc-id, subnet-id, instance-id.
func (s *Server) describeInstances(req *request) response {
	ids := listParam(req.params, "InstanceId")
	var filters []filter
	for n := 1; ; n++ {
		name := req.params.Get(fmt.Sprintf("Filter.%d.Name", n))
		if name == "" {
			break
		}
		switch {
		case strings.HasPrefix(name, "tag:"), name == "instance-state-name", name == "vpc-id", name == "subnet-id", name == "instance-id":
		default:
			return req.invalidParameter("fakeaws does not implement the filter %q for DescribeInstances", name)
		}
		filters = append(filters, filter{name: name, values: listParam(req.params, fmt.Sprintf("Filter.%d.Value", n))})
	}
	now := s.now()
	var out []*instance
	for _, in := range s.st.instances {
		if in.Region != req.realm() || (len(ids) > 0 && !slices.Contains(ids, in.ID)) {
			continue
		}
		in.advance(now, s.st.timing.Agent)
		values := map[string][]string{"instance-state-name": {in.State}, "vpc-id": {in.VPC}, "subnet-id": {in.Subnet}, "instance-id": {in.ID}}
		for k, v := range in.Tags {
			values["tag:"+k] = []string{v}
		}
		if matchAll(filters, values) {
			out = append(out, in)
		}
	}
	for _, id := range ids {
		if s.findInstance(req, id) == nil {
			return req.fail(400, "InvalidInstanceID.NotFound", fmt.Sprintf("The instance ID '%s' does not exist", id))
		}
	}
	res := describeInstancesResponse{Xmlns: ec2Namespace, RequestID: req.id}
	for _, in := range out { // one reservation per instance
		res.Reservations = append(res.Reservations, xmlReservation{
			ID: "r-" + strings.TrimPrefix(in.ID, "i-"), Owner: accountID, Instances: []xmlInstance{toXMLInstance(in)}})
	}
	return req.xmlOK(res)
}

package fakeaws

import (
	"maps"
	"slices"
	"strings"
)

// The account every ARN is in, and the made-up part of the generated
// endpoint host names.
const (
	accountID    = "123456789012"
	endpointHash = "c0ffee123456"
)

// Defaults for a Cluster's empty fields.
const (
	DefaultEngine        = "aurora-mysql"
	DefaultEngineVersion = "8.0.mysql_aurora.3.05.2"
	DefaultPort          = 3306
	DefaultInstanceClass = "db.r6g.large"
)

// Cluster is one Aurora DB cluster as DescribeDBClusters reports it. Empty
// fields take the defaults documented on them.
type Cluster struct {
	ID            string
	Engine        string // "" = DefaultEngine
	EngineVersion string // "" = DefaultEngineVersion
	Status        string // available, stopped, ...; "" = "available"
	// Endpoint and ReaderEndpoint are host names; tests put 127.0.0.1 here.
	// "" = "<ID>.cluster-c0ffee123456.<region>.rds.amazonaws.com" and
	// "<ID>.cluster-ro-c0ffee123456.<region>.rds.amazonaws.com".
	Endpoint, ReaderEndpoint string
	Port                     int // 0 = DefaultPort
	// ParameterGroup is the DB cluster parameter group's name;
	// "" = "default.aurora-mysql8.0" (the engine's default for the version).
	ParameterGroup    string
	Tags              map[string]string
	VpcSecurityGroups []string // security group IDs, all "active"
	// Members are the cluster's DB instances; none is a headless cluster
	// (e.g. a global database's secondary without readers).
	Members                 []Instance
	GlobalClusterIdentifier string        // "" = not in a global database
	ServerlessV2            *ServerlessV2 // nil = no Serverless v2 scaling configuration
}

// Instance is one DB instance of a Cluster, as DescribeDBInstances and the
// cluster's DBClusterMembers report it.
type Instance struct {
	ID     string
	Class  string // db.r6g.large, db.serverless, ...; "" = DefaultInstanceClass
	Status string // "" = "available"
	Writer bool
	// PromotionTier is reported as is (AWS's own default is 1).
	PromotionTier int
	// ParameterGroup is the DB (instance) parameter group's name;
	// "" = the engine's default, like the cluster's.
	ParameterGroup string
	// ParameterApplyStatus is ParameterGroup's status on the instance:
	// in-sync, pending-reboot, applying, ...; "" = "in-sync".
	ParameterApplyStatus string
	// ClusterParameterGroupStatus is the cluster parameter group's status on
	// this member (DBClusterMembers' DBClusterParameterGroupStatus);
	// "" = "in-sync".
	ClusterParameterGroupStatus string
	AvailabilityZone            string // "" = the region's "a" zone
	// Endpoint is the instance's host name;
	// "" = "<ID>.c0ffee123456.<region>.rds.amazonaws.com".
	Endpoint string
	Port     int // 0 = the cluster's port
}

// ServerlessV2 is a cluster's Aurora Serverless v2 scaling configuration.
type ServerlessV2 struct {
	MinCapacity, MaxCapacity float64 // in ACUs
	SecondsUntilAutoPause    int     // 0 = not reported
}

// AddCluster adds c to region, replacing the region's cluster with the same
// ID (IDs compare case-insensitively, as in RDS). c is copied. The cluster
// is in the default account: callers signing with any credentials but
// those AssumeRole handed out see it.
func (s *Server) AddCluster(region string, c Cluster) { s.AddClusterIn("", region, c) }

// AddClusterIn adds c to region of account (a 12-digit id; "" = the
// default account), like AddCluster. Only callers signing with credentials
// AssumeRole handed out for a role of account see it, so two accounts can
// hold clusters with the same ID.
func (s *Server) AddClusterIn(account, region string, c Cluster) {
	c = normalizeCluster(region, c)
	s.mu.Lock()
	defer s.mu.Unlock()
	r := realm(account, region)
	if s.st.clusters[r] == nil {
		s.st.clusters[r] = map[string]Cluster{}
	}
	s.st.clusters[r][strings.ToLower(c.ID)] = c
}

// realm is where a resource lives: region in the default account, or
// "<account>/<region>".
func realm(account, region string) string {
	if account == "" {
		return region
	}
	return account + "/" + region
}

// normalizeCluster returns a deep copy of c with the defaults filled in.
func normalizeCluster(region string, c Cluster) Cluster {
	c.Tags = maps.Clone(c.Tags)
	c.VpcSecurityGroups = slices.Clone(c.VpcSecurityGroups)
	c.Members = slices.Clone(c.Members)
	if c.ServerlessV2 != nil {
		sv2 := *c.ServerlessV2
		c.ServerlessV2 = &sv2
	}
	c.Engine = or(c.Engine, DefaultEngine)
	c.EngineVersion = or(c.EngineVersion, DefaultEngineVersion)
	c.Status = or(c.Status, "available")
	c.Endpoint = or(c.Endpoint, c.ID+".cluster-"+endpointHash+"."+region+".rds.amazonaws.com")
	c.ReaderEndpoint = or(c.ReaderEndpoint, c.ID+".cluster-ro-"+endpointHash+"."+region+".rds.amazonaws.com")
	if c.Port == 0 {
		c.Port = DefaultPort
	}
	defaultGroup := defaultParameterGroup(c.Engine, c.EngineVersion)
	c.ParameterGroup = or(c.ParameterGroup, defaultGroup)
	for i := range c.Members {
		m := &c.Members[i]
		m.Class = or(m.Class, DefaultInstanceClass)
		m.Status = or(m.Status, "available")
		m.ParameterGroup = or(m.ParameterGroup, defaultGroup)
		m.ParameterApplyStatus = or(m.ParameterApplyStatus, "in-sync")
		m.ClusterParameterGroupStatus = or(m.ClusterParameterGroupStatus, "in-sync")
		m.AvailabilityZone = or(m.AvailabilityZone, region+"a")
		m.Endpoint = or(m.Endpoint, m.ID+"."+endpointHash+"."+region+".rds.amazonaws.com")
		if m.Port == 0 {
			m.Port = c.Port
		}
	}
	return c
}

// defaultParameterGroup is the name of the default parameter groups RDS
// gives a cluster of engine and version: default.aurora-mysql8.0 for
// 8.0.mysql_aurora.3.05.2, default.aurora-mysql5.7 for 5.7.*; other
// engines get "default.<engine>".
func defaultParameterGroup(engine, version string) string {
	if engine == "aurora-mysql" {
		if parts := strings.SplitN(version, ".", 3); len(parts) >= 2 {
			return "default.aurora-mysql" + parts[0] + "." + parts[1]
		}
	}
	return "default." + engine
}

// partition is the ARN partition region is in.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// arn builds the ARN of an RDS-style resource in account ("" = the
// default account): arn:aws:rds:<region>:<account>:<resource>.
func arn(service, account, region, resource string) string {
	return "arn:" + partition(region) + ":" + service + ":" + region + ":" + or(account, accountID) + ":" + resource
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

package snapshot

// Cluster is an Aurora (or RDS) cluster as the RDS API describes it, with
// its parameter groups. It is set on snapshots of discovered clusters and
// nil for static targets.
type Cluster struct {
	ID             string            `json:"id"`
	ARN            string            `json:"arn"`
	Region         string            `json:"region"`
	Engine         string            `json:"engine"`
	EngineVersion  string            `json:"engine_version"`
	EngineMode     string            `json:"engine_mode,omitempty"`
	Status         string            `json:"status"`
	Endpoint       string            `json:"endpoint,omitempty"`
	ReaderEndpoint string            `json:"reader_endpoint,omitempty"`
	Port           int               `json:"port"`
	Tags           map[string]string `json:"tags,omitempty"`
	// GlobalClusterID is set for members of an Aurora global database.
	GlobalClusterID string        `json:"global_cluster_id,omitempty"`
	ServerlessV2    *ServerlessV2 `json:"serverless_v2,omitempty"`
	// Members are the cluster's instances, sorted by id.
	Members []*Member `json:"members"`
	// ParameterGroup is the cluster parameter group with all its
	// parameters.
	ParameterGroup *ParameterGroup `json:"parameter_group,omitempty"`
	// InstanceParameterGroups are the members' DB parameter groups (each
	// once, sorted by name).
	InstanceParameterGroups []*ParameterGroup `json:"instance_parameter_groups,omitempty"`
	// CrawledEndpoint says which endpoint the crawl used: "reader" or
	// "writer".
	CrawledEndpoint string `json:"crawled_endpoint,omitempty"`
}

// ServerlessV2 is the cluster's Aurora Serverless v2 capacity range.
type ServerlessV2 struct {
	MinCapacity           float64 `json:"min_capacity"`
	MaxCapacity           float64 `json:"max_capacity"`
	SecondsUntilAutoPause int     `json:"seconds_until_auto_pause,omitempty"`
}

// Member is one instance of a cluster.
type Member struct {
	ID               string `json:"id"`
	Role             string `json:"role"` // "writer" or "reader"
	Class            string `json:"class"`
	Status           string `json:"status"`
	AvailabilityZone string `json:"availability_zone,omitempty"`
	PromotionTier    int    `json:"promotion_tier"`
	// ParameterGroup names the instance's DB parameter group.
	ParameterGroup string `json:"parameter_group,omitempty"`
	// ParameterApplyStatus is the instance parameter group's status
	// ("in-sync", "pending-reboot", "applying").
	ParameterApplyStatus string `json:"parameter_apply_status,omitempty"`
	// ClusterParameterGroupStatus is the cluster parameter group's status
	// on this member.
	ClusterParameterGroupStatus string `json:"cluster_parameter_group_status,omitempty"`
	// PendingReboot is true when either parameter group waits for a reboot
	// of this member.
	PendingReboot bool `json:"pending_reboot"`
}

// ParameterGroup is a cluster or instance parameter group and every
// parameter the API returns for it, sorted by name.
type ParameterGroup struct {
	Name       string       `json:"name"`
	Parameters []*Parameter `json:"parameters"`
}

// Parameter is one parameter as the RDS API returns it. Value is kept as
// written, formulas such as {DBInstanceClassMemory*3/4} included; it is
// empty when the parameter has no value set.
type Parameter struct {
	Name          string `json:"name"`
	Value         string `json:"value,omitempty"`
	HasValue      bool   `json:"has_value"`
	Source        string `json:"source,omitempty"`
	ApplyType     string `json:"apply_type,omitempty"`
	ApplyMethod   string `json:"apply_method,omitempty"`
	DataType      string `json:"data_type,omitempty"`
	AllowedValues string `json:"allowed_values,omitempty"`
	IsModifiable  bool   `json:"is_modifiable"`
}

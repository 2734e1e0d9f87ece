package hosts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Config is the hosts' settings as the Lambda receives them (the
// BASTION_HOSTS environment variable the terraform module writes).
type Config struct {
	Mode            Mode   `json:"mode"`
	ImageID         string `json:"image_id,omitempty"`
	InstanceType    string `json:"instance_type,omitempty"`
	InstanceProfile string `json:"instance_profile,omitempty"`
	LaunchTemplate  string `json:"launch_template,omitempty"`
	LocalPort       int    `json:"local_port,omitempty"`
	// ReadyTimeout is a Go duration ("3m"); the default when empty.
	ReadyTimeout string                   `json:"ready_timeout,omitempty"`
	Clusters     map[string]ClusterConfig `json:"clusters"`
}

// ClusterConfig is one cluster's place (see Cluster).
type ClusterConfig struct {
	Region        string `json:"region"`
	VPC           string `json:"vpc"`
	Subnet        string `json:"subnet"`
	SecurityGroup string `json:"security_group"`
	Endpoint      string `json:"endpoint"`
	Port          int    `json:"port,omitempty"`
}

// ParseConfig reads a Config strictly (unknown keys are errors) and
// returns the Options it gives; the caller adds Grants, AWS and Logger.
func ParseConfig(data []byte) (Options, error) {
	var c Config
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Options{}, fmt.Errorf("reading the bastion hosts configuration: %w", err)
	}
	o := Options{Mode: c.Mode, ImageID: c.ImageID, InstanceType: c.InstanceType, InstanceProfile: c.InstanceProfile,
		LaunchTemplate: c.LaunchTemplate, LocalPort: c.LocalPort}
	if c.ReadyTimeout != "" {
		d, err := time.ParseDuration(c.ReadyTimeout)
		if err != nil {
			return Options{}, fmt.Errorf("reading the bastion hosts configuration: ready_timeout: %w", err)
		}
		o.ReadyTimeout = d
	}
	clusters := map[string]Cluster{}
	for name, cc := range c.Clusters {
		if cc.Region == "" || cc.VPC == "" || cc.Subnet == "" || cc.SecurityGroup == "" || cc.Endpoint == "" {
			return Options{}, fmt.Errorf("reading the bastion hosts configuration: cluster %s needs region, vpc, subnet, security_group and endpoint", name)
		}
		clusters[name] = Cluster(cc)
	}
	o.Clusters = func(name string) (Cluster, bool) {
		cl, ok := clusters[name]
		return cl, ok
	}
	return o, nil
}

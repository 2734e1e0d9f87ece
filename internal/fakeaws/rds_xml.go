package fakeaws

import (
	"encoding/xml"
	"slices"
	"strings"
)

// The RDS answers, element for element as the SDK's awsAwsquery
// deserializers (service/rds/deserializers.go) read them: a
// <Action>Response root holding <Action>Result and ResponseMetadata; lists
// as a wrapper element with one named element per item (DBCluster,
// DBClusterMember, Tag, VpcSecurityGroupMembership, DBInstance,
// DBParameterGroup, Parameter), except SupportedEngineModes, whose items
// are <member>. List wrappers are always written, empty or not, as AWS
// does.

type rdsResponse struct {
	XMLName   xml.Name // <Action>Response
	Xmlns     string   `xml:"xmlns,attr"`
	Result    any      // names itself <Action>Result
	RequestID string   `xml:"ResponseMetadata>RequestId"`
}

// rdsOK answers an RDS call with result.
func (req *request) rdsOK(result any) response {
	return req.xmlOK(rdsResponse{
		XMLName:   xml.Name{Local: req.action + "Response"},
		Xmlns:     rdsNamespace,
		Result:    result,
		RequestID: req.id,
	})
}

type describeDBClustersResult struct {
	XMLName    xml.Name `xml:"DescribeDBClustersResult"`
	DBClusters struct {
		Items []xmlDBCluster `xml:"DBCluster"`
	}
	Marker string `xml:",omitempty"`
}

type describeDBInstancesResult struct {
	XMLName     xml.Name `xml:"DescribeDBInstancesResult"`
	DBInstances struct {
		Items []xmlDBInstance `xml:"DBInstance"`
	}
	Marker string `xml:",omitempty"`
}

// describeParametersResult is both DescribeDBClusterParametersResult and
// DescribeDBParametersResult.
type describeParametersResult struct {
	XMLName    xml.Name
	Parameters struct {
		Items []xmlParameter `xml:"Parameter"`
	}
	Marker string `xml:",omitempty"`
}

type xmlDBCluster struct {
	DBClusterIdentifier     string
	DBClusterArn            string
	Engine                  string
	EngineVersion           string
	EngineMode              string
	Status                  string
	Endpoint                string
	ReaderEndpoint          string
	Port                    int
	DBClusterParameterGroup string
	DBClusterMembers        struct {
		Items []xmlDBClusterMember `xml:"DBClusterMember"`
	}
	VpcSecurityGroups struct {
		Items []xmlVpcSecurityGroupMembership `xml:"VpcSecurityGroupMembership"`
	}
	TagList                          xmlTagList
	GlobalClusterIdentifier          string                               `xml:",omitempty"`
	ServerlessV2ScalingConfiguration *xmlServerlessV2ScalingConfiguration `xml:",omitempty"`
}

type xmlDBClusterMember struct {
	DBInstanceIdentifier          string
	IsClusterWriter               bool
	DBClusterParameterGroupStatus string
	PromotionTier                 int
}

type xmlVpcSecurityGroupMembership struct {
	VpcSecurityGroupId string
	Status             string
}

type xmlTagList struct {
	Items []xmlTag `xml:"Tag"`
}

type xmlTag struct {
	Key, Value string
}

type xmlServerlessV2ScalingConfiguration struct {
	MinCapacity           float64
	MaxCapacity           float64
	SecondsUntilAutoPause int `xml:",omitempty"`
}

type xmlDBInstance struct {
	DBInstanceIdentifier string
	DBInstanceArn        string
	DBInstanceClass      string
	Engine               string
	EngineVersion        string
	DBInstanceStatus     string
	DBClusterIdentifier  string
	AvailabilityZone     string
	PromotionTier        int
	Endpoint             xmlEndpoint
	DBParameterGroups    struct {
		Items []xmlDBParameterGroupStatus `xml:"DBParameterGroup"`
	}
}

type xmlEndpoint struct {
	Address string
	Port    int
}

type xmlDBParameterGroupStatus struct {
	DBParameterGroupName string
	ParameterApplyStatus string
}

type xmlParameter struct {
	ParameterName        string
	ParameterValue       string `xml:",omitempty"`
	Description          string `xml:",omitempty"`
	Source               string
	ApplyType            string
	DataType             string
	AllowedValues        string `xml:",omitempty"`
	IsModifiable         bool
	MinimumEngineVersion string `xml:",omitempty"`
	ApplyMethod          string
	SupportedEngineModes *struct {
		Items []string `xml:"member"`
	} `xml:",omitempty"`
}

func clusterXML(account, region string, c Cluster) xmlDBCluster {
	x := xmlDBCluster{
		DBClusterIdentifier:     c.ID,
		DBClusterArn:            arn("rds", account, region, "cluster:"+c.ID),
		Engine:                  c.Engine,
		EngineVersion:           c.EngineVersion,
		EngineMode:              "provisioned",
		Status:                  c.Status,
		Endpoint:                c.Endpoint,
		ReaderEndpoint:          c.ReaderEndpoint,
		Port:                    c.Port,
		DBClusterParameterGroup: c.ParameterGroup,
		TagList:                 tagsXML(c.Tags),
		GlobalClusterIdentifier: c.GlobalClusterIdentifier,
	}
	for _, m := range c.Members {
		x.DBClusterMembers.Items = append(x.DBClusterMembers.Items, xmlDBClusterMember{
			DBInstanceIdentifier:          m.ID,
			IsClusterWriter:               m.Writer,
			DBClusterParameterGroupStatus: m.ClusterParameterGroupStatus,
			PromotionTier:                 m.PromotionTier,
		})
	}
	for _, sg := range c.VpcSecurityGroups {
		x.VpcSecurityGroups.Items = append(x.VpcSecurityGroups.Items,
			xmlVpcSecurityGroupMembership{VpcSecurityGroupId: sg, Status: "active"})
	}
	if v := c.ServerlessV2; v != nil {
		x.ServerlessV2ScalingConfiguration = &xmlServerlessV2ScalingConfiguration{
			MinCapacity:           v.MinCapacity,
			MaxCapacity:           v.MaxCapacity,
			SecondsUntilAutoPause: v.SecondsUntilAutoPause,
		}
	}
	return x
}

// tagsXML lists tags sorted by key.
func tagsXML(tags map[string]string) xmlTagList {
	var l xmlTagList
	for k, v := range tags {
		l.Items = append(l.Items, xmlTag{Key: k, Value: v})
	}
	slices.SortFunc(l.Items, func(a, b xmlTag) int { return strings.Compare(a.Key, b.Key) })
	return l
}

func instanceXML(account, region string, c Cluster, m Instance) xmlDBInstance {
	x := xmlDBInstance{
		DBInstanceIdentifier: m.ID,
		DBInstanceArn:        arn("rds", account, region, "db:"+m.ID),
		DBInstanceClass:      m.Class,
		Engine:               c.Engine,
		EngineVersion:        c.EngineVersion,
		DBInstanceStatus:     m.Status,
		DBClusterIdentifier:  c.ID,
		AvailabilityZone:     m.AvailabilityZone,
		PromotionTier:        m.PromotionTier,
		Endpoint:             xmlEndpoint{Address: m.Endpoint, Port: m.Port},
	}
	x.DBParameterGroups.Items = []xmlDBParameterGroupStatus{{
		DBParameterGroupName: m.ParameterGroup,
		ParameterApplyStatus: m.ParameterApplyStatus,
	}}
	return x
}

func parameterXML(p Parameter) xmlParameter {
	x := xmlParameter{
		ParameterName:        p.Name,
		ParameterValue:       p.Value,
		Description:          p.Description,
		Source:               p.Source,
		ApplyType:            p.ApplyType,
		DataType:             p.DataType,
		AllowedValues:        p.AllowedValues,
		IsModifiable:         p.IsModifiable,
		MinimumEngineVersion: p.MinimumEngineVersion,
		ApplyMethod:          p.ApplyMethod,
	}
	if len(p.SupportedEngineModes) > 0 {
		x.SupportedEngineModes = &struct {
			Items []string `xml:"member"`
		}{Items: p.SupportedEngineModes}
	}
	return x
}

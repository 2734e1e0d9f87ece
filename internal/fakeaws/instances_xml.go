package fakeaws

import (
	"encoding/xml"
	"slices"
	"strings"
	"time"
)

// The EC2 Query documents of the instance actions, as the SDK's awsEc2query
// deserializer reads them: camel-case names, list items as <item>.

type xmlState struct {
	Code int    `xml:"code"`
	Name string `xml:"name"`
}

type xmlEC2Tag struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

type xmlGroup struct {
	GroupID string `xml:"groupId"`
}

type xmlInstance struct {
	InstanceID   string      `xml:"instanceId"`
	ImageID      string      `xml:"imageId"`
	State        xmlState    `xml:"instanceState"`
	InstanceType string      `xml:"instanceType"`
	KeyName      string      `xml:"keyName,omitempty"`
	LaunchTime   string      `xml:"launchTime"`
	SubnetID     string      `xml:"subnetId"`
	VpcID        string      `xml:"vpcId"`
	ClientToken  string      `xml:"clientToken,omitempty"`
	Groups       []xmlGroup  `xml:"groupSet>item"`
	Tags         []xmlEC2Tag `xml:"tagSet>item"`
	Profile      *struct {
		Arn string `xml:"arn"`
	} `xml:"iamInstanceProfile,omitempty"`
	Metadata struct {
		State        string `xml:"state"`
		HTTPTokens   string `xml:"httpTokens"`
		HTTPEndpoint string `xml:"httpEndpoint"`
	} `xml:"metadataOptions"`
}

type xmlReservation struct {
	ID        string        `xml:"reservationId"`
	Owner     string        `xml:"ownerId"`
	Instances []xmlInstance `xml:"instancesSet>item"`
}

type describeInstancesResponse struct {
	XMLName      xml.Name         `xml:"DescribeInstancesResponse"`
	Xmlns        string           `xml:"xmlns,attr"`
	RequestID    string           `xml:"requestId"`
	Reservations []xmlReservation `xml:"reservationSet>item"`
}

type runInstancesResponse struct {
	XMLName   xml.Name
	Xmlns     string `xml:"xmlns,attr"`
	RequestID string `xml:"requestId"`
	xmlReservation
}

type stateChange struct {
	ID       string   `xml:"instanceId"`
	Current  xmlState `xml:"currentState"`
	Previous xmlState `xml:"previousState"`
}

type stateChangeResponse struct {
	XMLName   xml.Name
	Xmlns     string        `xml:"xmlns,attr"`
	RequestID string        `xml:"requestId"`
	Items     []stateChange `xml:"instancesSet>item"`
}

func instancesResponse(root, requestID string, ins []*instance) runInstancesResponse {
	res := runInstancesResponse{Xmlns: ec2Namespace, RequestID: requestID}
	res.XMLName.Local = root
	res.Owner = accountID
	for _, in := range ins {
		res.ID = "r-" + strings.TrimPrefix(in.ID, "i-")
		res.Instances = append(res.Instances, toXMLInstance(in))
	}
	return res
}

func toXMLInstance(in *instance) xmlInstance {
	x := xmlInstance{
		InstanceID: in.ID, ImageID: in.ImageID, State: xmlState{stateCode(in.State), in.State},
		InstanceType: in.Type, KeyName: in.KeyName, LaunchTime: in.Launched.UTC().Format(time.RFC3339),
		SubnetID: in.Subnet, VpcID: in.VPC, ClientToken: in.ClientToken,
	}
	for _, g := range in.SecurityGroups {
		x.Groups = append(x.Groups, xmlGroup{g})
	}
	keys := make([]string, 0, len(in.Tags))
	for k := range in.Tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		x.Tags = append(x.Tags, xmlEC2Tag{k, in.Tags[k]})
	}
	if in.InstanceProfile != "" {
		x.Profile = &struct {
			Arn string `xml:"arn"`
		}{in.InstanceProfile}
	}
	x.Metadata.State, x.Metadata.HTTPTokens, x.Metadata.HTTPEndpoint = "applied", in.HTTPTokens, "enabled"
	return x
}

package fakeaws

import (
	"encoding/xml"
	"slices"
)

// SetRegions sets the regions DescribeRegions returns, in that order
// (DefaultRegions until called). Calls signed for other regions are still
// answered.
func (s *Server) SetRegions(regions ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.regions = slices.Clone(regions)
}

// describeRegionsResponse is the EC2 Query answer, as the SDK's
// awsEc2query deserializer (service/ec2/deserializers.go) reads it: no
// Result element, camel-case names, list items as <item>.
type describeRegionsResponse struct {
	XMLName    xml.Name `xml:"DescribeRegionsResponse"`
	Xmlns      string   `xml:"xmlns,attr"`
	RequestID  string   `xml:"requestId"`
	RegionInfo struct {
		Items []xmlRegion `xml:"item"`
	} `xml:"regionInfo"`
}

type xmlRegion struct {
	RegionName     string `xml:"regionName"`
	RegionEndpoint string `xml:"regionEndpoint"`
	OptInStatus    string `xml:"optInStatus"`
}

// ec2 answers DescribeRegions (the crawler) and the instance actions of
// the access engine's bastion hosts. s.mu is held.
func (s *Server) ec2(req *request) response {
	if bad := req.checkVersion(ec2Version); bad != nil {
		return *bad
	}
	switch req.action {
	case "DescribeRegions":
		return s.describeRegions(req)
	case "RunInstances":
		return s.runInstances(req)
	case "StartInstances", "StopInstances", "TerminateInstances":
		return s.changeInstances(req)
	case "DescribeInstances":
		return s.describeInstances(req)
	}
	return req.invalidAction()
}

// describeRegions answers DescribeRegions. s.mu is held.
func (s *Server) describeRegions(req *request) response {
	names := listParam(req.params, "RegionName")
	for _, n := range names {
		if !slices.Contains(s.st.regions, n) {
			return req.invalidParameter("Invalid region: %s", n)
		}
	}
	filters, err := readEC2Filters(req.params, "region-name", "opt-in-status")
	if err != nil {
		return req.invalidParameter("%v", err)
	}

	res := describeRegionsResponse{Xmlns: ec2Namespace, RequestID: req.id}
	for _, r := range s.st.regions {
		const optIn = "opt-in-not-required"
		if len(names) > 0 && !slices.Contains(names, r) {
			continue
		}
		if !matchAll(filters, map[string][]string{"region-name": {r}, "opt-in-status": {optIn}}) {
			continue
		}
		res.RegionInfo.Items = append(res.RegionInfo.Items, xmlRegion{
			RegionName:     r,
			RegionEndpoint: "ec2." + r + ".amazonaws.com",
			OptInStatus:    optIn,
		})
	}
	return req.xmlOK(res)
}

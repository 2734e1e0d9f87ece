package fakeaws

import (
	"fmt"
	"slices"
	"strings"
)

// ssm answers SSM DescribeInstanceInformation: an instance is listed once
// its agent has come online (InstanceTiming.Agent after running), Online
// while it runs and ConnectionLost after. s.mu is held.
func (s *Server) ssm(req *request) response {
	if req.action != "DescribeInstanceInformation" {
		return req.invalidAction()
	}
	var ids, pings []string
	for n := 1; ; n++ {
		prefix := fmt.Sprintf("Filters.%d.", n)
		key := req.params.Get(prefix + "Key")
		if key == "" {
			break
		}
		values := req.params[prefix+"Values.1"]
		for m := 2; req.params.Has(fmt.Sprintf("%sValues.%d", prefix, m)); m++ {
			values = append(values, req.params.Get(fmt.Sprintf("%sValues.%d", prefix, m)))
		}
		switch key {
		case "InstanceIds":
			ids = append(ids, values...)
		case "PingStatus":
			pings = append(pings, values...)
		default:
			return req.invalidParameter("fakeaws does not implement the filter key %q (only InstanceIds, PingStatus)", key)
		}
	}
	type info struct {
		InstanceID       string  `json:"InstanceId"`
		PingStatus       string  `json:"PingStatus"`
		LastPingDateTime float64 `json:"LastPingDateTime"`
		ResourceType     string  `json:"ResourceType"`
		PlatformType     string  `json:"PlatformType"`
		AgentVersion     string  `json:"AgentVersion"`
	}
	now := s.now()
	var list []info
	for _, in := range s.st.instances {
		if in.Region != req.realm() || (len(ids) > 0 && !slices.Contains(ids, in.ID)) {
			continue
		}
		in.advance(now, s.st.timing.Agent)
		if !in.online {
			continue // never registered
		}
		ping := "ConnectionLost"
		if in.State == StateRunning {
			ping = "Online"
		}
		if len(pings) > 0 && !slices.ContainsFunc(pings, func(p string) bool { return strings.EqualFold(p, ping) }) {
			continue
		}
		list = append(list, info{in.ID, ping, float64(now.Unix()), "EC2Instance", "Linux", "3.3.1142.0"})
	}
	return req.jsonOK(map[string]any{"InstanceInformationList": list})
}

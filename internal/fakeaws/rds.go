package fakeaws

import (
	"encoding/xml"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// rds answers the RDS actions auroradoc calls. s.mu is held.
func (s *Server) rds(req *request) response {
	switch req.action {
	case "DescribeDBClusters", "DescribeDBInstances", "DescribeDBClusterParameters", "DescribeDBParameters":
	default:
		return req.invalidAction()
	}
	if bad := req.checkVersion(rdsVersion); bad != nil {
		return *bad
	}
	switch req.action {
	case "DescribeDBClusters":
		return s.describeDBClusters(req)
	case "DescribeDBInstances":
		return s.describeDBInstances(req)
	case "DescribeDBClusterParameters":
		return s.describeParameters(req, clusterGroup)
	default:
		return s.describeParameters(req, instanceGroup)
	}
}

// sortedClusters lists the clusters of a realm (an account's region) by ID.
func (s *Server) sortedClusters(realm string) []Cluster {
	byID := s.st.clusters[realm]
	keys := slices.Sorted(maps.Keys(byID))
	out := make([]Cluster, len(keys))
	for i, k := range keys {
		out[i] = byID[k]
	}
	return out
}

// DescribeDBClusters: DBClusterIdentifier (ID or ARN), Filters db-cluster-id
// and engine, MaxRecords and Marker.
func (s *Server) describeDBClusters(req *request) response {
	pg, err := readPaging(req.params, "clusters")
	if err != nil {
		return req.invalidParameter("%v", err)
	}
	filters, err := readFilters(req.params, "db-cluster-id", "engine")
	if err != nil {
		return req.invalidParameter("%v", err)
	}
	id := req.params.Get("DBClusterIdentifier")

	var list []Cluster
	found := false
	for _, c := range s.sortedClusters(req.realm()) {
		clusterARN := arn("rds", req.account, req.region, "cluster:"+c.ID)
		if id != "" && !strings.EqualFold(id, c.ID) && !strings.EqualFold(id, clusterARN) {
			continue
		}
		found = true
		if matchAll(filters, map[string][]string{
			"db-cluster-id": {c.ID, clusterARN},
			"engine":        {c.Engine},
		}) {
			list = append(list, c)
		}
	}
	if id != "" && !found {
		return req.fail(http.StatusNotFound, "DBClusterNotFoundFault", fmt.Sprintf("DBCluster %s not found.", id))
	}

	items, marker := page(list, func(c Cluster) string { return strings.ToLower(c.ID) }, pg, "clusters")
	var res describeDBClustersResult
	res.Marker = marker
	for _, c := range items {
		res.DBClusters.Items = append(res.DBClusters.Items, clusterXML(req.account, req.region, c))
	}
	return req.rdsOK(res)
}

// clusterInstance is a DB instance with the cluster it belongs to.
type clusterInstance struct {
	cluster  Cluster
	instance Instance
}

// DescribeDBInstances: DBInstanceIdentifier (ID or ARN), Filters
// db-cluster-id, db-instance-id and engine, MaxRecords and Marker. Only the
// instances of added clusters exist.
func (s *Server) describeDBInstances(req *request) response {
	pg, err := readPaging(req.params, "instances")
	if err != nil {
		return req.invalidParameter("%v", err)
	}
	filters, err := readFilters(req.params, "db-cluster-id", "db-instance-id", "engine")
	if err != nil {
		return req.invalidParameter("%v", err)
	}
	id := req.params.Get("DBInstanceIdentifier")

	var all []clusterInstance
	for _, c := range s.sortedClusters(req.realm()) {
		for _, m := range c.Members {
			all = append(all, clusterInstance{c, m})
		}
	}
	key := func(ci clusterInstance) string { return strings.ToLower(ci.instance.ID) }
	slices.SortFunc(all, func(a, b clusterInstance) int { return strings.Compare(key(a), key(b)) })

	var list []clusterInstance
	found := false
	for _, ci := range all {
		instanceARN := arn("rds", req.account, req.region, "db:"+ci.instance.ID)
		if id != "" && !strings.EqualFold(id, ci.instance.ID) && !strings.EqualFold(id, instanceARN) {
			continue
		}
		found = true
		if matchAll(filters, map[string][]string{
			"db-cluster-id":  {ci.cluster.ID, arn("rds", req.account, req.region, "cluster:"+ci.cluster.ID)},
			"db-instance-id": {ci.instance.ID, instanceARN},
			"engine":         {ci.cluster.Engine},
		}) {
			list = append(list, ci)
		}
	}
	if id != "" && !found {
		return req.fail(http.StatusNotFound, "DBInstanceNotFound", fmt.Sprintf("DBInstance %s not found.", id))
	}

	items, marker := page(list, key, pg, "instances")
	var res describeDBInstancesResult
	res.Marker = marker
	for _, ci := range items {
		res.DBInstances.Items = append(res.DBInstances.Items, instanceXML(req.account, req.region, ci.cluster, ci.instance))
	}
	return req.rdsOK(res)
}

// DescribeDBClusterParameters (DBClusterParameterGroupName) and
// DescribeDBParameters (DBParameterGroupName): Source, MaxRecords and
// Marker. Filters are not supported by RDS here either.
func (s *Server) describeParameters(req *request, kind groupKind) response {
	nameParam := "DBParameterGroupName"
	if kind == clusterGroup {
		nameParam = "DBClusterParameterGroupName"
	}
	name := req.params.Get(nameParam)
	if name == "" {
		return req.missingParameter(nameParam)
	}
	pg, err := readPaging(req.params, "parameters")
	if err != nil {
		return req.invalidParameter("%v", err)
	}
	if _, err := readFilters(req.params); err != nil {
		return req.invalidParameter("%v", err)
	}
	source := req.params.Get("Source")
	switch source {
	case "", "engine-default", "system", "user":
	default:
		return req.invalidParameter("Invalid value %s for Source. Must be one of engine-default, system, user", source)
	}
	g := s.st.paramGroups[groupKey{req.realm(), kind, strings.ToLower(name)}]
	if g == nil {
		what := "DBParameterGroup"
		if kind == clusterGroup {
			what = "DBClusterParameterGroup"
		}
		return req.fail(http.StatusNotFound, "DBParameterGroupNotFound", fmt.Sprintf("%s not found: %s", what, name))
	}

	var list []Parameter
	for _, p := range g.params {
		if source == "" || p.Source == source {
			list = append(list, p)
		}
	}
	items, marker := page(list, func(p Parameter) string { return p.Name }, pg, "parameters")
	res := describeParametersResult{XMLName: xml.Name{Local: req.action + "Result"}, Marker: marker}
	for _, p := range items {
		res.Parameters.Items = append(res.Parameters.Items, parameterXML(p))
	}
	return req.rdsOK(res)
}

package fakeaws

import (
	"fmt"
	"slices"
	"strings"
)

// Parameter is one engine parameter of a parameter group, as
// DescribeDBClusterParameters and DescribeDBParameters report it. Empty
// fields take the defaults documented on them.
type Parameter struct {
	Name  string
	Value string // "" = no value (the element is left out, as AWS does)
	// Source is engine-default, system or user; "" = "engine-default".
	Source string
	// ApplyType is static or dynamic; "" = "dynamic".
	ApplyType string
	// ApplyMethod is immediate or pending-reboot; "" = "pending-reboot" for
	// a static parameter, "immediate" for a dynamic one.
	ApplyMethod          string
	DataType             string // string, integer, boolean, ...; "" = "string"
	AllowedValues        string // e.g. "0-1", "ON,OFF"
	Description          string
	IsModifiable         bool
	MinimumEngineVersion string
	SupportedEngineModes []string // e.g. provisioned
}

// groupKind tells DB cluster parameter groups from DB (instance) parameter
// groups: their names are separate namespaces in RDS.
type groupKind int

const (
	clusterGroup groupKind = iota
	instanceGroup
)

func (k groupKind) String() string {
	if k == clusterGroup {
		return "DB cluster parameter group"
	}
	return "DB parameter group"
}

type groupKey struct {
	realm string // region, or "<account>/<region>"
	kind  groupKind
	name  string // lower-cased
}

// paramGroup is a parameter group, its parameters sorted by name.
type paramGroup struct {
	name, family string
	params       []Parameter
}

// AddClusterParameterGroup adds a DB cluster parameter group named name
// (family e.g. "aurora-mysql8.0") with params to region, replacing one of
// the same name. params are copied; of two with the same name, the later
// wins.
func (s *Server) AddClusterParameterGroup(region, name, family string, params []Parameter) {
	s.addParameterGroup(region, clusterGroup, name, family, params)
}

// AddClusterParameterGroupIn is AddClusterParameterGroup in account ("" =
// the default account; see AddClusterIn).
func (s *Server) AddClusterParameterGroupIn(account, region, name, family string, params []Parameter) {
	s.addParameterGroup(realm(account, region), clusterGroup, name, family, params)
}

// AddInstanceParameterGroup adds a DB (instance) parameter group, like
// AddClusterParameterGroup does a cluster one.
func (s *Server) AddInstanceParameterGroup(region, name, family string, params []Parameter) {
	s.addParameterGroup(region, instanceGroup, name, family, params)
}

// AddInstanceParameterGroupIn is AddInstanceParameterGroup in account.
func (s *Server) AddInstanceParameterGroupIn(account, region, name, family string, params []Parameter) {
	s.addParameterGroup(realm(account, region), instanceGroup, name, family, params)
}

func (s *Server) addParameterGroup(realm string, kind groupKind, name, family string, params []Parameter) {
	byName := map[string]Parameter{}
	for _, p := range params {
		p.SupportedEngineModes = slices.Clone(p.SupportedEngineModes)
		byName[p.Name] = normalizeParameter(p)
	}
	g := &paramGroup{name: name, family: family}
	for _, p := range byName {
		g.params = append(g.params, p)
	}
	slices.SortFunc(g.params, func(a, b Parameter) int { return strings.Compare(a.Name, b.Name) })

	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.paramGroups[groupKey{realm, kind, strings.ToLower(name)}] = g
}

func normalizeParameter(p Parameter) Parameter {
	p.Source = or(p.Source, "engine-default")
	p.ApplyType = or(p.ApplyType, "dynamic")
	if p.ApplyType == "static" {
		p.ApplyMethod = or(p.ApplyMethod, "pending-reboot")
	} else {
		p.ApplyMethod = or(p.ApplyMethod, "immediate")
	}
	p.DataType = or(p.DataType, "string")
	return p
}

// SetClusterParameter sets parameter name of the DB cluster parameter group
// group in region to value and its Source to "user", as a
// ModifyDBClusterParameterGroup would. Instance statuses are left alone:
// mark members pending-reboot with AddCluster if the test needs that.
func (s *Server) SetClusterParameter(region, group, name, value string) error {
	return s.setParameter(region, clusterGroup, group, name, value)
}

// SetInstanceParameter sets a parameter of a DB (instance) parameter group,
// like SetClusterParameter does of a cluster one.
func (s *Server) SetInstanceParameter(region, group, name, value string) error {
	return s.setParameter(region, instanceGroup, group, name, value)
}

func (s *Server) setParameter(region string, kind groupKind, group, name, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.st.paramGroups[groupKey{region, kind, strings.ToLower(group)}]
	if g == nil {
		return fmt.Errorf("fakeaws: set %s: region %s has no %s %q", name, region, kind, group)
	}
	i, found := slices.BinarySearchFunc(g.params, name, func(p Parameter, n string) int { return strings.Compare(p.Name, n) })
	if !found {
		return fmt.Errorf("fakeaws: set %s: %s %q in %s has no such parameter", name, kind, group, region)
	}
	g.params[i].Value = value
	g.params[i].Source = "user"
	return nil
}

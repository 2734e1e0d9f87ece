package fakeaws

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// schedule is one EventBridge Scheduler schedule.
type schedule struct {
	Schedule
	realm string
}

// Schedule is an EventBridge Scheduler schedule as the fake keeps it.
type Schedule struct {
	Name, Group, ARN                        string
	Expression, Timezone, State             string
	ActionAfterCompletion                   string
	TargetARN, RoleARN, Input, FlexibleMode string
	Created                                 time.Time
}

// At is the time of a one-time schedule (at(yyyy-mm-ddThh:mm:ss) in its
// timezone, UTC when none); false for other expressions.
func (s Schedule) At() (time.Time, bool) {
	v, ok := strings.CutPrefix(s.Expression, "at(")
	if !ok || !strings.HasSuffix(v, ")") {
		return time.Time{}, false
	}
	loc := time.UTC
	if s.Timezone != "" {
		l, err := time.LoadLocation(s.Timezone)
		if err != nil {
			return time.Time{}, false
		}
		loc = l
	}
	t, err := time.ParseInLocation("2006-01-02T15:04:05", strings.TrimSuffix(v, ")"), loc)
	return t, err == nil
}

// Schedules returns the schedules of region, sorted by group and name.
func (s *Server) Schedules(region string) []Schedule {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Schedule
	for _, sc := range s.st.schedules {
		if sc.realm == realm("", region) {
			out = append(out, sc.Schedule)
		}
	}
	slices.SortFunc(out, func(a, b Schedule) int { return strings.Compare(a.Group+"/"+a.Name, b.Group+"/"+b.Name) })
	return out
}

// FireDue is EventBridge Scheduler's clock: it returns the one-time
// schedules of region whose time is at or before now, in time order, and
// deletes those with ActionAfterCompletion DELETE, as the service does
// after invoking their target. The caller delivers each Input to the
// target.
func (s *Server) FireDue(region string, now time.Time) []Schedule {
	s.mu.Lock()
	defer s.mu.Unlock()
	var due []Schedule
	for _, k := range slices.Sorted(maps.Keys(s.st.schedules)) {
		sc := s.st.schedules[k]
		at, ok := sc.At()
		if sc.realm != realm("", region) || !ok || at.After(now) || sc.State == "DISABLED" {
			continue
		}
		due = append(due, sc.Schedule)
		if sc.ActionAfterCompletion == "DELETE" {
			delete(s.st.schedules, k)
		}
	}
	slices.SortStableFunc(due, func(a, b Schedule) int {
		x, _ := a.At()
		y, _ := b.At()
		return x.Compare(y)
	})
	return due
}

// scheduler answers EventBridge Scheduler's CreateSchedule, GetSchedule
// and DeleteSchedule (REST-JSON). s.mu is held.
func (s *Server) scheduler(req *request) response {
	p := req.params
	group := or(p.Get("GroupName"), or(p.Get("groupName"), "default"))
	key := req.realm() + "/" + group + "/" + p.Get("Name")
	switch req.action {
	case "CreateSchedule":
		if s.st.schedules[key] != nil {
			return req.fail(http.StatusConflict, "ConflictException", fmt.Sprintf("Schedule %s already exists.", p.Get("Name")))
		}
		for _, f := range []string{"ScheduleExpression", "Target.Arn", "Target.RoleArn", "FlexibleTimeWindow.Mode"} {
			if p.Get(f) == "" {
				return req.fail(http.StatusBadRequest, "ValidationException", "fakeaws: CreateSchedule needs "+f)
			}
		}
		sc := &schedule{realm: req.realm(), Schedule: Schedule{
			Name: p.Get("Name"), Group: group,
			ARN:        arn("scheduler", req.account, req.region, "schedule/"+group+"/"+p.Get("Name")),
			Expression: p.Get("ScheduleExpression"), Timezone: p.Get("ScheduleExpressionTimezone"),
			State: or(p.Get("State"), "ENABLED"), ActionAfterCompletion: or(p.Get("ActionAfterCompletion"), "NONE"),
			TargetARN: p.Get("Target.Arn"), RoleARN: p.Get("Target.RoleArn"), Input: p.Get("Target.Input"),
			FlexibleMode: p.Get("FlexibleTimeWindow.Mode"), Created: s.now(),
		}}
		if !strings.HasPrefix(sc.Expression, "rate(") && !strings.HasPrefix(sc.Expression, "cron(") {
			if _, ok := sc.At(); !ok {
				return req.fail(http.StatusBadRequest, "ValidationException", "Invalid Schedule Expression "+sc.Expression)
			}
		}
		s.st.schedules[key] = sc
		return req.jsonOK(map[string]string{"ScheduleArn": sc.ARN})
	case "GetSchedule":
		sc := s.st.schedules[key]
		if sc == nil {
			return req.fail(http.StatusNotFound, "ResourceNotFoundException", "Schedule "+p.Get("Name")+" does not exist.")
		}
		return req.jsonOK(map[string]any{
			"Arn": sc.ARN, "Name": sc.Name, "GroupName": sc.Group, "ScheduleExpression": sc.Expression,
			"ScheduleExpressionTimezone": sc.Timezone, "State": sc.State, "ActionAfterCompletion": sc.ActionAfterCompletion,
			"FlexibleTimeWindow": map[string]string{"Mode": sc.FlexibleMode},
			"Target":             map[string]string{"Arn": sc.TargetARN, "RoleArn": sc.RoleARN, "Input": sc.Input},
			"CreationDate":       float64(sc.Created.Unix()),
		})
	case "DeleteSchedule":
		if s.st.schedules[key] == nil {
			return req.fail(http.StatusNotFound, "ResourceNotFoundException", "Schedule "+p.Get("Name")+" does not exist.")
		}
		delete(s.st.schedules, key)
		return req.jsonOK(map[string]any{})
	}
	return req.invalidAction()
}

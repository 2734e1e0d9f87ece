// Package timers is the access engine's timers (bastion.Timers) on
// EventBridge Scheduler: one one-time schedule (at(…), deleted by the
// service after it fires) per grant for its start, its expiry warning and
// its expiry, each invoking the bastion Lambda with an Event naming the
// grant and the step; the handler runs the engine's sweep for that grant.
// The periodic sweep schedule (terraform) is the safety net.
package timers

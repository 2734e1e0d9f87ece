package bastion

import "context"

// setTimers sets r's timers when the engine has Timers; a failure is
// audited (the periodic sweep still moves the grant).
func (e *Engine) setTimers(ctx context.Context, r Request) {
	if e.o.Timers == nil {
		return
	}
	if err := e.o.Timers.Set(ctx, r, e.o.WarnBefore); err != nil {
		e.step(ctx, r, StepTimersSet, "not set, the periodic sweep will move the grant: "+err.Error())
		return
	}
	e.step(ctx, r, StepTimersSet, "start, warning and expiry")
}

// clearTimers clears r's timers when the engine has Timers; a failure is
// audited (a timer that fires for an ended grant does nothing).
func (e *Engine) clearTimers(ctx context.Context, r Request) {
	if e.o.Timers == nil {
		return
	}
	if err := e.o.Timers.Clear(ctx, r); err != nil {
		e.step(ctx, r, StepTimersClear, "not cleared (harmless when it fires): "+err.Error())
		return
	}
	e.step(ctx, r, StepTimersClear, "timers cleared")
}

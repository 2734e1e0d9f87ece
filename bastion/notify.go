package bastion

import "context"

// notify tells the Notifier about r, whose transition to kind's state is
// stored, and audits the outcome as a notify step. A failed notice is
// recorded, not retried: the transition stands, and a crash before this
// point means no message rather than two.
func (e *Engine) notify(ctx context.Context, kind NoticeKind, r Request) {
	if e.o.Notifier == nil {
		return
	}
	if err := e.o.Notifier.Notify(ctx, kind, r); err != nil {
		e.o.Logger.Warn("access notice not given", "id", r.ID, "notice", kind, "err", err)
		e.step(ctx, r, StepNotify, string(kind)+": failed: "+err.Error())
		return
	}
	e.step(ctx, r, StepNotify, string(kind)+": given")
}

// Package nightly holds the steps of a night that follow the crawl: bring
// the drift history up to date and render the site with its drift pages
// (Render), and assess drift since the last reported set (Drift,
// MarkReported). Crawling is
// collector's, publishing site/publish's, printing the CLI's; `auroradoc
// run` and `auroradoc render` go through here, so both render the same
// site.
package nightly

import (
	"context"
	"log/slog"
	"time"

	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/history"
	"github.com/auroradoc/auroradoc/policy"
	"github.com/auroradoc/auroradoc/site"
	"github.com/auroradoc/auroradoc/site/driftpages"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Options say what to do with a night's set.
type Options struct {
	// Policy decides volatile variables for the history and everything
	// the drift assessment applies; nil: no policy.
	Policy *policy.Policy
	// GroupBy is the fleet comparison's tag (assess.Options.GroupBy).
	GroupBy string
	// Out is the site directory, rendered incrementally.
	Out string
	// NoHistory leaves the drift history and pages alone (render only).
	NoHistory bool
	// Logger receives progress; nil discards it.
	Logger *slog.Logger
	// Now decides which policy declarations have expired; zero: now.
	Now time.Time
}

func (o Options) logger() *slog.Logger {
	if o.Logger != nil {
		return o.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// StepError says which step of a night failed; what earlier steps
// produced is kept.
type StepError struct {
	Step string
	Err  error
}

func (e *StepError) Error() string { return e.Step + ": " + e.Err.Error() }
func (e *StepError) Unwrap() error { return e.Err }

func step(name string, err error) error {
	if err == nil {
		return nil
	}
	return &StepError{Step: name, Err: err}
}

// Drift assesses set m against the last set whose report was delivered
// (see MarkReported; the set just before m when none is marked), so the
// changes of a night whose run died before reporting are reported the
// night after. nil when m is the store's first set.
func Drift(ctx context.Context, st *snapshot.Store, m *snapshot.Manifest, o Options) (*report.Report, error) {
	prev, err := since(ctx, st, m.Set)
	if err != nil || prev == nil {
		return nil, step("computing drift", err)
	}
	r, err := assess.Run(ctx, assess.Input{Store: st, From: prev, To: m}, assess.Options{Policy: o.Policy, GroupBy: o.GroupBy, Now: o.Now})
	return r, step("computing drift", err)
}

// Render brings the drift history up to date (unless NoHistory) and
// renders the site of set m into o.Out with, when there is a history, the
// drift pages under drift/ (linked from every page's header).
func Render(ctx context.Context, st *snapshot.Store, m *snapshot.Manifest, o Options) error {
	log := o.logger()
	var h *history.History
	if !o.NoHistory {
		var n int
		var err error
		h, n, err = history.Refresh(ctx, st, history.Options{Drift: assess.DriftOptions(o.Policy), Logger: o.Logger})
		if err != nil {
			return step("drift history", err)
		}
		log.Info("drift history updated", "records_computed", n, "nights", len(h.Nights))
	}
	n := 0
	for _, e := range m.Targets {
		if e.HasSnapshot() {
			n++
		}
	}
	log.Info("rendering", "set", m.Set, "snapshots", n, "out", o.Out)
	// The ER renderer keeps its diagram cache next to the output.
	opts, closeRenderers, err := site.WithRenderersLog(ctx, site.DefaultCacheDir(o.Out), log)
	if err != nil {
		return step("rendering the site", err)
	}
	defer closeRenderers()
	opts.DriftLink = h != nil && len(h.Nights) > 0
	opts.Logger = o.Logger
	if err := site.Build(ctx, site.FromStore(st, m), o.Out, opts); err != nil {
		return step("rendering the site", err)
	}
	if opts.DriftLink {
		if err := driftpages.Build(ctx, h, o.Out, driftpages.Options{}); err != nil {
			return step("rendering the drift pages", err)
		}
	}
	return nil
}

package history

import (
	"log/slog"
	"runtime"

	"github.com/auroradoc/auroradoc/drift"
)

// Defaults applied where an Options field is zero.
const (
	// DefaultDailyPoints is how many of the newest nights keep a daily
	// size point once the series is downsampled.
	DefaultDailyPoints = 90
	// DefaultMaxPoints is the number of nights above which size series
	// are downsampled (daily for the newest DailyPoints nights, every
	// seventh night before).
	DefaultMaxPoints = 120
)

// Options tune Update and Load. The zero value gives the defaults.
type Options struct {
	// Concurrency is how many targets Update computes at once (each holds
	// at most two snapshots) and how many records Load decodes ahead;
	// 0 means GOMAXPROCS, at least minConcurrency (on S3 every snapshot
	// read is a round trip of tens of milliseconds).
	Concurrency int
	// Drift is passed to drift.Compare. Its Volatile and
	// NoDefaultVolatile also decide which variables the digests keep.
	Drift drift.Options
	// Logger receives warnings (unreadable snapshots or records); nil
	// discards them.
	Logger *slog.Logger
	// DailyPoints and MaxPoints shape the downsampled size series; see
	// DefaultDailyPoints and DefaultMaxPoints.
	DailyPoints, MaxPoints int
}

func (o Options) concurrency() int {
	if o.Concurrency > 0 {
		return o.Concurrency
	}
	return max(runtime.GOMAXPROCS(0), minConcurrency)
}

// minConcurrency is the default Concurrency's floor.
const minConcurrency = 8

func (o Options) logger() *slog.Logger {
	if o.Logger != nil {
		return o.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (o Options) points() (daily, maxPoints int) {
	daily, maxPoints = o.DailyPoints, o.MaxPoints
	if daily <= 0 {
		daily = DefaultDailyPoints
	}
	if maxPoints <= 0 {
		maxPoints = DefaultMaxPoints
	}
	return daily, max(daily, maxPoints)
}

// volatile reports the variable names the digests leave out: drift's own
// matcher, so a digest keeps exactly what Compare looks at.
type volatile func(name string) bool

func (o Options) volatile() volatile { return o.Drift.VolatileMatcher() }

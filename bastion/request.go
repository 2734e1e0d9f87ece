package bastion

import (
	"fmt"
	"strings"
	"time"
)

// Request is one request for access and, once approved, the grant it
// becomes. The store keeps it; Version increases with every transition and
// is what the store's conditional writes compare.
type Request struct {
	ID        string        `json:"id"`
	Requester string        `json:"requester"`
	Cluster   string        `json:"cluster"`
	Level     Level         `json:"level"`
	Duration  time.Duration `json:"duration"`
	Start     time.Time     `json:"start"`
	Reason    string        `json:"reason"`
	Created   time.Time     `json:"created"`

	State   State `json:"state"`
	Version int   `json:"version"`
	// ChangedBy and Changed are the actor and time of the last transition.
	ChangedBy string    `json:"changed_by"`
	Changed   time.Time `json:"changed"`
	// ApprovedBy is the approver (or the denier, for a denied request).
	ApprovedBy string `json:"approved_by,omitempty"`
	// User is the grant's database user and SecretName its secret; both
	// are fixed when the request is created, so every retry of a step
	// names the same ones.
	User       string `json:"db_user"`
	SecretName string `json:"secret_name"`
	// Failure says why provisioning failed; set with the fail action.
	Failure string `json:"failure,omitempty"`
	// KeptLocked, on a revoked grant, says why its database account was
	// kept locked instead of dropped (it is the DEFINER of stored
	// objects): a DBA must reassign them and drop it.
	KeptLocked string `json:"kept_locked,omitempty"`
	// Provisioning is when the engine last claimed the grant to create
	// its user and secret (ActionProvision); a claim older than the
	// engine's lease is taken to be a crashed one and claimed again.
	Provisioning time.Time `json:"provisioning,omitzero"`
	// Warned is when the expiry warning was given.
	Warned time.Time `json:"warned,omitzero"`
	// Connection is how to reach the cluster, set when the grant becomes
	// active through a Network.
	Connection Connection `json:"connection,omitzero"`
}

// End is when the grant expires.
func (r Request) End() time.Time { return r.Start.Add(r.Duration) }

// ApprovalDeadline is when an unapproved request expires: its start plus
// the approval window, and never later than its end.
func (r Request) ApprovalDeadline(window time.Duration) time.Time {
	d := r.Start.Add(window)
	if d.After(r.End()) {
		return r.End()
	}
	return d
}

// Ask is what a requester asks for; NewRequest checks it and makes the
// Request.
type Ask struct {
	Requester string
	Cluster   string
	Level     Level
	Duration  time.Duration
	Start     time.Time // zero: now
	Reason    string
}

// Limits are the configured bounds a request must keep.
type Limits struct {
	MaxDuration    time.Duration // longest grant; 8h when zero
	MaxStartAhead  time.Duration // how far ahead a start may be; 7 days when zero
	ApprovalWindow time.Duration // how long after its start a request may be approved; 1h when zero
}

// DefaultMaxDuration is the longest grant when the configuration sets none.
const DefaultMaxDuration = 8 * time.Hour

func (l Limits) withDefaults() Limits {
	if l.MaxDuration <= 0 {
		l.MaxDuration = DefaultMaxDuration
	}
	if l.MaxStartAhead <= 0 {
		l.MaxStartAhead = 7 * 24 * time.Hour
	}
	if l.ApprovalWindow <= 0 {
		l.ApprovalWindow = time.Hour
	}
	return l
}

// ValidLevel reports whether l is one of the levels.
func ValidLevel(l Level) bool {
	return l == LevelRead || l == LevelDML || l == LevelDDL
}

// maxReason bounds the reason's length (it is stored and shown).
const maxReason = 1000

// NewRequest checks ask against limits at now and returns the request in
// state requested, with id as its id and its database user and secret
// names derived from it. Errors are ErrInvalid.
func NewRequest(ask Ask, id, secretPrefix string, limits Limits, now time.Time) (Request, error) {
	limits = limits.withDefaults()
	bad := func(format string, args ...any) (Request, error) {
		return Request{}, fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
	}
	switch {
	case strings.TrimSpace(ask.Requester) == "":
		return bad("no requester")
	case strings.TrimSpace(ask.Cluster) == "":
		return bad("no cluster")
	case !ValidLevel(ask.Level):
		return bad("level %q is not one of read, dml, ddl", ask.Level)
	case ask.Duration <= 0:
		return bad("duration must be positive, got %s", ask.Duration)
	case ask.Duration > limits.MaxDuration:
		return bad("duration %s is longer than the maximum %s", ask.Duration, limits.MaxDuration)
	case strings.TrimSpace(ask.Reason) == "":
		return bad("a reason is required")
	case len(ask.Reason) > maxReason:
		return bad("reason is %d bytes, at most %d", len(ask.Reason), maxReason)
	}
	start := ask.Start
	if start.IsZero() || start.Before(now) {
		if !start.IsZero() && now.Sub(start) > time.Minute {
			return bad("start %s is in the past", start.UTC().Format(time.RFC3339))
		}
		start = now
	}
	if start.Sub(now) > limits.MaxStartAhead {
		return bad("start %s is more than %s ahead", start.UTC().Format(time.RFC3339), limits.MaxStartAhead)
	}
	user, err := DBUser(ask.Requester, id)
	if err != nil {
		return bad("%v", err)
	}
	return Request{
		ID: id, Requester: ask.Requester, Cluster: ask.Cluster, Level: ask.Level,
		Duration: ask.Duration, Start: start.UTC(), Reason: ask.Reason, Created: now.UTC(),
		State: StateRequested, Version: 1, ChangedBy: ask.Requester, Changed: now.UTC(),
		User: user, SecretName: secretPrefix + id,
	}, nil
}

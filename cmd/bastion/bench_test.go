package main

import (
	"context"
	"testing"
	"time"
)

// BenchmarkAccess measures, on the test bed (DynamoDB Local, a MariaDB
// writer and replicating reader, Secrets Manager on fakeaws, the CLI
// in-process with the production sides), how long an approved grant takes
// to become usable and a revoked or expired one to lose its sessions,
// against same-run baselines: a plain login on the reader, and one CLI
// call that only reads DynamoDB. The set-up of each round (request,
// approve, open sessions) is outside the timer; ms/op is the measured
// interval.
//
//	go test -run '^$' -bench BenchmarkAccess -benchtime 10x ./cmd/bastion
func BenchmarkAccess(b *testing.B) {
	bed := newRealBed(b)
	ctx := context.Background()
	ms := func(b *testing.B, d time.Duration) {
		b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), "ms/op")
	}

	b.Run("baseline-login-reader", func(b *testing.B) {
		bed.t = b
		var total time.Duration
		for b.Loop() {
			start := time.Now()
			db, _, err := login(ctx, bed.reader, realAdminUser, realAdminPassword)
			total += time.Since(start)
			if err != nil {
				b.Fatal(err)
			}
			db.Close()
		}
		ms(b, total)
	})
	b.Run("baseline-cli-list", func(b *testing.B) {
		bed.t = b
		var total time.Duration
		for b.Loop() {
			start := time.Now()
			bed.expect(exitOK, "", "list", "--state", "active")
			total += time.Since(start)
		}
		ms(b, total)
	})
	// approve (CLI: DynamoDB, secret, CREATE USER on the writer) → read
	// the secret → first successful login on the reader (replication).
	b.Run("approve-to-login-on-reader", func(b *testing.B) {
		bed.t = b
		var total time.Duration
		for b.Loop() {
			b.StopTimer()
			id := bed.requestFor("alice", "1h")
			b.StartTimer()
			start := time.Now()
			bed.expect(exitOK, id+": active", "approve", "--as", "bob", id)
			password, err := bed.password(ctx, id)
			if err != nil {
				b.Fatal(err)
			}
			db, _, err := loginEventually(ctx, bed.reader, "jit_alice_"+id, password)
			total += time.Since(start)
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			db.Close()
			bed.expect(exitOK, id+": revoked", "revoke", "--as", "alice", id)
			b.StartTimer()
		}
		ms(b, total)
	})
	// revoke (CLI: lock, kill on both instances, drop, verify, secret
	// delete) → both held sessions dead.
	b.Run("revoke-to-sessions-gone", func(b *testing.B) {
		bed.timeSessionsGone(ctx, b, func(id string) {
			bed.expect(exitOK, id+": revoked", "revoke", "--as", "alice", id)
		})
	})
	// expiry: the sweep after the end revokes the grant → both held
	// sessions dead.
	b.Run("expiry-sweep-to-sessions-gone", func(b *testing.B) {
		bed.timeSessionsGone(ctx, b, func(string) {
			bed.expect(exitOK, "1 revoked, 0 failed", "sweep")
		})
	})
}

// timeSessionsGone runs b's loop: each round makes an active grant with a
// session on each instance and moves the clock past its end (untimed),
// then times end(id) until both sessions are dead, and reports ms/op.
func (bed *realBed) timeSessionsGone(ctx context.Context, b *testing.B, end func(id string)) {
	bed.t = b
	var total time.Duration
	for b.Loop() {
		b.StopTimer()
		id, sessions := bed.activeGrant(ctx)
		bed.clock.Set(bed.clock.Now().Add(time.Hour))
		b.StartTimer()
		start := time.Now()
		end(id)
		bed.waitDead(ctx, sessions)
		total += time.Since(start)
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/op")
}

// activeGrant requests and approves a one-hour grant and opens a session
// of its user on the writer and on the reader.
func (b *realBed) activeGrant(ctx context.Context) (string, []session) {
	b.t.Helper()
	id := b.requestFor("alice", "1h")
	b.expect(exitOK, id+": active", "approve", "--as", "bob", id)
	_, sessions := b.openSessions(ctx, id, "jit_alice_"+id)
	return id, sessions
}

// waitDead waits until every session has stopped answering (10 s at most).
func (b *realBed) waitDead(ctx context.Context, sessions []session) {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for _, s := range sessions {
		for s.alive(ctx) {
			if time.Now().After(deadline) {
				b.t.Fatalf("the session on the %s still works", s.name)
			}
			time.Sleep(time.Millisecond)
		}
		s.close()
	}
}

package main

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

// seedBoot is the seed's bastion: about 40 s from launch to an online SSM
// agent. BASTION_BENCH_BOOT overrides it (a Go duration).
func seedBoot(b *testing.B) time.Duration {
	if v := os.Getenv("BASTION_BENCH_BOOT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatal(err)
		}
		return d
	}
	return 40 * time.Second
}

// BenchmarkRequestToUsable measures approve → credentials usable (the
// grant active with its host running and SSM-online, the password read
// from its secret, a login on MariaDB that reads a row) through the
// Lambda as built from its environment, against the same-run baseline of
// a plain login. Hosts: the VPC's warm host already running (another
// grant of the VPC holds it), the warm host stopped (started by this
// grant; EC2 takes the seed's boot delay), and a per-request host
// (launched for the grant; the seed's boot delay). The fake's agent comes
// online 1 s after running.
//
//	go test -run '^$' -bench BenchmarkRequestToUsable -benchtime 3x ./cmd/bastion-lambda
func BenchmarkRequestToUsable(b *testing.B) {
	boot := seedBoot(b)
	ctx := context.Background()
	ms := func(b *testing.B, d time.Duration) {
		b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), "ms/op")
		b.ReportMetric(0, "ns/op")
	}
	warm := newBed(b, "warm", fakeaws.InstanceTiming{Boot: boot, Agent: time.Second}, nil)
	b.Run("baseline-login", func(b *testing.B) {
		var total time.Duration
		for b.Loop() {
			start := time.Now()
			conn, err := login(ctx, warm.db, adminUser, adminPassword)
			total += time.Since(start)
			if err != nil {
				b.Fatal(err)
			}
			conn.Close()
		}
		ms(b, total)
	})
	b.Run("warm-host-running", func(b *testing.B) {
		holder := warm.request(ctx) // keeps the VPC's host running
		warm.usable(ctx, holder)
		ms(b, timeUsable(b, warm, func() {}))
		revoke(b, warm, holder)
	})
	b.Run("warm-host-stopped", func(b *testing.B) {
		ms(b, timeUsable(b, warm, func() { waitStopped(b, warm) }))
	})
	own := newBed(b, "per-request", fakeaws.InstanceTiming{Boot: boot, Agent: time.Second}, nil)
	b.Run("per-request-host", func(b *testing.B) {
		ms(b, timeUsable(b, own, func() {}))
	})
}

// timeUsable runs b's loop: each round prepares (untimed), requests a
// grant, times approve → usable, and revokes it (untimed); it returns the
// total time.
func timeUsable(b *testing.B, bd *bed, prepare func()) time.Duration {
	ctx := context.Background()
	var total time.Duration
	for b.Loop() {
		b.StopTimer()
		prepare()
		id := bd.request(ctx)
		b.StartTimer()
		start := time.Now()
		_, conn := bd.usable(ctx, id)
		total += time.Since(start)
		b.StopTimer()
		conn.Close()
		revoke(b, bd, id)
		b.StartTimer()
	}
	return total
}

func revoke(b *testing.B, bd *bed, id string) {
	b.Helper()
	if r, err := bd.engine.Revoke(context.Background(), "bob", id, "bench"); err != nil || r.State != bastion.StateRevoked {
		b.Fatalf("revoke: %s, %v", r.State, err)
	}
}

// waitStopped waits until every instance of the bed is stopped.
func waitStopped(b *testing.B, bd *bed) {
	b.Helper()
	deadline := time.Now().Add(time.Minute)
	for _, in := range bd.aws.EC2Instances(region) {
		for in.State != fakeaws.StateStopped {
			if time.Now().After(deadline) {
				b.Fatalf("instance %s is %s", in.ID, in.State)
			}
			time.Sleep(10 * time.Millisecond)
			in, _ = bd.aws.InstanceByID(in.ID)
		}
	}
}

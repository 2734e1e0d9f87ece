package review_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/gmsserver"
	"github.com/auroradoc/auroradoc/review"
	"github.com/auroradoc/auroradoc/snapshot"
)

// BenchmarkReview: a 10-statement migration against a 300-table schema on
// go-mysql-server, against a baseline measured in the same run: one crawl
// of that schema (a review recreates it, crawls it twice and applies the
// migration between).
//
//	go test -run '^$' -bench BenchmarkReview -benchtime 5x -count 3 ./review
func BenchmarkReview(b *testing.B) {
	ctx := context.Background()
	srv, err := gmsserver.Start(ctx, gmsserver.Options{RootPassword: "root"})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	db, err := sql.Open("mysql", srv.DSN("root", "root", ""))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	script := fixtures.Synthetic("app", 300, 7)
	if _, err := db.Exec(script.SQL); err != nil {
		b.Fatal(err)
	}
	crawl := func() *snapshot.Snapshot {
		s, err := collector.Introspect(ctx, db, collector.Options{IncludeSchema: func(n string) bool { return n == "app" }})
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	prod := crawl()
	prod.Target = snapshot.Target{Name: "eu-west-1/app-prd", Kind: "aurora", Region: "eu-west-1", ClusterID: "app-prd"}
	prod.Server = snapshot.Server{Flavor: "mysql", Version: "8.0.32", AuroraVersion: "3.05.2"}
	sc := prod.Schemas[0]
	var stmts []string
	for i, t := range sc.Tables[:10] {
		sc.Tables[i].DataLength, sc.Tables[i].Rows = int64(i+1)<<30, int64(i+1)*10_000_000
		if i%2 == 0 {
			stmts = append(stmts, fmt.Sprintf("ALTER TABLE `%s` ADD COLUMN review_col_%d VARCHAR(20) NULL", t.Name, i))
		} else {
			stmts = append(stmts, fmt.Sprintf("ALTER TABLE `%s` ADD INDEX ix_review_%d (id)", t.Name, i))
		}
	}
	st := fleetStoreB(b, prod)
	mig, err := review.Split("bench.sql", strings.Join(stmts, ";\n")+";")
	if err != nil || len(mig) != 10 {
		b.Fatalf("%d statements, %v", len(mig), err)
	}
	b.Run("baseline=one-crawl", func(b *testing.B) {
		for b.Loop() {
			crawl()
		}
	})
	b.Run("review", func(b *testing.B) {
		for b.Loop() {
			res, err := review.Run(ctx, review.Options{Store: st, Targets: "*", Schema: "app", Migration: mig})
			if err != nil || res.Failed != 0 || len(res.Report.Changes) == 0 {
				b.Fatalf("review: %v, failed %d, %q", err, res.Failed, res.Report.Warnings)
			}
		}
	})
}

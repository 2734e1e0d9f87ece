// Package testsnap gives tests the frozen snapshot of the MariaDB fixtures
// (testdata/snapshots/fixture-mariadb.json.gz), read afresh on every call
// so a test may change what it gets.
package testsnap

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/snapshot"
)

// Fixture reads the frozen fixture snapshot (schemas shop, billing and
// "hostile db"), wherever the calling test's package lives.
func Fixture(t testing.TB) *snapshot.Snapshot {
	t.Helper()
	_, here, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("testsnap: cannot locate the repository")
	}
	p := filepath.Join(filepath.Dir(here), "..", "..", "testdata", "snapshots", "fixture-mariadb.json.gz")
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := snapshot.Read(f)
	if err != nil {
		t.Fatalf("reading %s: %v", p, err)
	}
	return s
}

// Schema returns one schema of the fixture snapshot.
func Schema(t testing.TB, name string) *snapshot.Schema {
	t.Helper()
	sc := Fixture(t).FindSchema(name)
	if sc == nil {
		t.Fatalf("fixture snapshot has no schema %q", name)
	}
	return sc
}

// Table returns the tbls table name of schema schemaName of s.
func Table(t testing.TB, s *snapshot.Snapshot, schemaName, name string) *schema.Table {
	t.Helper()
	sc := s.FindSchema(schemaName)
	if sc == nil {
		t.Fatalf("no schema %q", schemaName)
	}
	for _, tb := range sc.Tbls.Tables {
		if tb.Name == name {
			return tb
		}
	}
	t.Fatalf("no table %q in %q", name, schemaName)
	return nil
}

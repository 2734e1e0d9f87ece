package site

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/auroradoc/auroradoc/internal/golden"
)

// TestMarkdownFleetReadme: md/README.md lists every database with a link
// to each schema's README (golden file), and every link resolves.
func TestMarkdownFleetReadme(t *testing.T) {
	ctx := context.Background()
	o, closeFn, err := WithRenderers(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	out := t.TempDir()
	if err := Build(ctx, fixtureInput(t), out, o); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(out, "md", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, filepath.Join("testdata", "golden", "md__README.md"), got)
	for _, sc := range []string{"shop", "billing"} {
		if _, err := os.Stat(filepath.Join(out, "md", "fixture-mariadb", sc, "README.md")); err != nil {
			t.Errorf("the fleet README links %s/README.md, which is missing: %v", sc, err)
		}
	}
}

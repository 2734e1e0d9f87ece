package dbtls

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/auroradoc/auroradoc/internal/testbed"
)

// TestApply: each mode sets the driver's TLS as documented; with roots
// the server name is the address's host.
func TestApply(t *testing.T) {
	roots := x509.NewCertPool()
	for _, c := range []struct {
		mode      string
		roots     *x509.CertPool
		wantParam string
		wantTLS   bool
	}{
		{"", nil, "", false},
		{"false", roots, "", false},
		{"true", nil, "true", false},
		{"true", roots, "", true},
		{"skip-verify", roots, "skip-verify", false},
		{"preferred", nil, "preferred", false},
	} {
		cfg := mysql.NewConfig()
		cfg.Addr = "orders-1.abc.us-east-1.rds.amazonaws.com:3306"
		if err := Apply(cfg, c.mode, c.roots); err != nil {
			t.Fatalf("%q: %v", c.mode, err)
		}
		if cfg.TLSConfig != c.wantParam || (cfg.TLS != nil) != c.wantTLS {
			t.Errorf("%q: TLSConfig %q, TLS %v", c.mode, cfg.TLSConfig, cfg.TLS)
		}
		if c.wantTLS && (cfg.TLS.ServerName != "orders-1.abc.us-east-1.rds.amazonaws.com" || cfg.TLS.RootCAs != roots) {
			t.Errorf("%q: server name %q", c.mode, cfg.TLS.ServerName)
		}
	}
	if err := Apply(mysql.NewConfig(), "yes", nil); err == nil || !strings.Contains(err.Error(), `unknown tls mode "yes"`) {
		t.Errorf("unknown mode: %v", err)
	}
}

func TestLoadCABundle(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "x.pem")
	if err := os.WriteFile(notPEM, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCABundle(notPEM); err == nil || !strings.Contains(err.Error(), "holds no PEM certificate") {
		t.Errorf("not PEM: %v", err)
	}
	if _, err := LoadCABundle(filepath.Join(dir, "missing.pem")); err == nil {
		t.Error("a missing file loaded")
	}
	_, ca := testbed.WithTLS(t) // only writes the files
	if roots, err := LoadCABundle(ca); err != nil || roots == nil {
		t.Errorf("a CA: %v", err)
	}
}

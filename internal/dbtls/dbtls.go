// Package dbtls applies a TLS mode and CA bundle to a MySQL driver
// configuration: the one rule by which auroradoc's crawler and the access
// engine reach a server over TLS.
package dbtls

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"os"

	"github.com/go-sql-driver/mysql"
)

// Apply sets cfg's TLS for mode: "" or "false" none; "true" verified
// (against roots when not nil, else the system trust store), with the
// server name the host of cfg.Addr; "skip-verify" encrypted, not
// verified; "preferred" TLS when the server offers it.
func Apply(cfg *mysql.Config, mode string, roots *x509.CertPool) error {
	switch mode {
	case "", "false":
	case "true":
		if roots == nil {
			cfg.TLSConfig = mode
			return nil
		}
		host, _, err := net.SplitHostPort(cfg.Addr)
		if err != nil {
			host = cfg.Addr
		}
		cfg.TLS = &tls.Config{RootCAs: roots, ServerName: host, MinVersion: tls.VersionTLS12}
	case "skip-verify", "preferred":
		cfg.TLSConfig = mode
	default:
		return fmt.Errorf("unknown tls mode %q", mode)
	}
	return nil
}

// LoadCABundle reads a PEM file of CA certificates (the RDS global
// bundle, global-bundle.pem).
func LoadCABundle(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s holds no PEM certificate", path)
	}
	return roots, nil
}

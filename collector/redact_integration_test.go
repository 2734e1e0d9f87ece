package collector

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/internal/testbed"
	"github.com/auroradoc/auroradoc/snapshot"
)

// TestFederatedPasswordNotPublished crawls a real MariaDB holding a
// FederatedX table whose CONNECTION URL carries a password (with a quote
// and other special characters in it) and a table whose comment (and a
// column's) holds the old COMMENT='mysql://…' connection form: no byte of the password reaches
// the snapshot file, while user, host and port stay in the DDL.
//
// Debian's MariaDB 10.11 ships FederatedX as a plugin that is not loaded
// by default; the test loads it. The CONNECT engine (OPTION_LIST
// password=, ODBC PWD=) is not shipped there and a CREATE SERVER password
// lives in mysql.servers, which is never crawled: those forms are covered
// by TestRedactSecrets.
func TestFederatedPasswordNotPublished(t *testing.T) {
	m := testbed.StartMariaDB(t)
	const marker = "Fx9s3cret" // in the password; must appear nowhere
	password := marker + `'&#%^*()_+{}[]|~:`
	sqlPassword := strings.ReplaceAll(password, "'", "''")
	federated := true
	if _, err := m.RootDB(t).Exec("INSTALL SONAME 'ha_federatedx'"); err != nil {
		// Not a skip: the comment form below is still crawled, and every
		// form is covered by TestRedactSecrets.
		t.Logf("FederatedX cannot be loaded here (%v): only the COMMENT form is crawled", err)
		federated = false
	}
	url := fmt.Sprintf("mysql://fed:%s@127.0.0.1:%d/src/t", sqlPassword, m.Port)
	m.Exec(t, "CREATE DATABASE src; CREATE TABLE src.t (id INT PRIMARY KEY, v VARCHAR(10))")
	m.Exec(t, "CREATE USER 'fed'@'%' IDENTIFIED BY '"+sqlPassword+"'; GRANT SELECT ON src.* TO 'fed'@'%'")
	m.Exec(t, "CREATE DATABASE app")
	m.Exec(t, "CREATE TABLE app.legacy (id INT PRIMARY KEY COMMENT 'copy of "+url+"') COMMENT='"+url+"'")
	if federated {
		m.Exec(t, "CREATE TABLE app.remote (id INT PRIMARY KEY, v VARCHAR(10)) ENGINE=FEDERATED CONNECTION='"+url+"'")
	}

	snap := introspectDSN(t, m.DSN("root", m.RootPassword, ""), Options{})
	var buf bytes.Buffer
	if err := snapshot.Write(&buf, snap); err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(marker)) {
		t.Errorf("the snapshot file holds the password:\n%s", excerpt(raw, marker))
	}
	// JSON escapes some characters; look at the decoded strings too.
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	walkStrings(doc, func(s string) {
		if strings.Contains(s, marker) || strings.Contains(s, "_+{}[]|~") {
			t.Errorf("a snapshot string holds the password: %q", s)
		}
	})

	sc := snap.FindSchema("app")
	if sc == nil {
		t.Fatal("schema app not read")
	}
	redacted := fmt.Sprintf("mysql://fed:***@127.0.0.1:%d/src/t", m.Port)
	tables := []string{"legacy"}
	if federated {
		tables = append(tables, "remote")
	}
	for _, name := range tables {
		tb, err := sc.Tbls.FindTableByName(name)
		if err != nil {
			t.Errorf("table %s missing", name)
			continue
		}
		if !strings.Contains(tb.Def, redacted) {
			t.Errorf("%s: DDL does not keep user, host and port with the password redacted (%s):\n%s", name, redacted, tb.Def)
		}
	}
	if tb, err := sc.Tbls.FindTableByName("legacy"); err == nil && tb.Comment != redacted {
		t.Errorf("legacy: comment %q, want %q", tb.Comment, redacted)
	}
}

func excerpt(b []byte, s string) string {
	i := bytes.Index(b, []byte(s))
	return string(b[max(0, i-80):min(len(b), i+80)])
}

func walkStrings(v any, fn func(string)) {
	switch v := v.(type) {
	case string:
		fn(v)
	case []any:
		for _, e := range v {
			walkStrings(e, fn)
		}
	case map[string]any:
		for k, e := range v {
			fn(k)
			walkStrings(e, fn)
		}
	}
}

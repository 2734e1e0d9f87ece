package devpage_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	_ "github.com/go-sql-driver/mysql"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/config"
	"github.com/auroradoc/auroradoc/bastion/dbuser"
	"github.com/auroradoc/auroradoc/bastion/devpage"
	"github.com/auroradoc/auroradoc/bastion/store"
	"github.com/auroradoc/auroradoc/internal/testbed"
)

const hostile = `INC-3 <img src=x onerror="document.title='pwned'"> <script>document.title='pwned'</script> & "quotes"`

// TestDevPageInChromium walks the dev flow in headless Chromium on a real
// MariaDB: request as alice (a hostile reason, shown inert), approve as
// bob, the password from the secret's file logs in, revoke, the login
// fails; screenshots (desktop, phone, dark) go to test-artifacts/devpage/.
func TestDevPageInChromium(t *testing.T) {
	bin := os.Getenv("AURORADOC_CHROMIUM")
	if bin == "" {
		bin, _ = exec.LookPath("chromium")
	}
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true needs Chromium (apt-get install -y chromium, or AURORADOC_CHROMIUM)")
		}
		t.Skip("chromium not found (apt-get install -y chromium, or set AURORADOC_CHROMIUM); skipping the dev page browser test")
	}
	db := testbed.StartMariaDB(t)
	db.Exec(t, "CREATE DATABASE shop; CREATE TABLE shop.t (id INT PRIMARY KEY); INSERT INTO shop.t VALUES (1);")
	cfg, err := config.Parse([]byte(fmt.Sprintf(`
dynamodb: {table: dev}
clusters:
  orders:
    instances: [%s]
    admin: {user: root, password_env: X}
    approvers: {users: [bob@example.com]}
`, db.Addr())), "dev.yaml")
	if err != nil {
		t.Fatal(err)
	}
	mgr, err := dbuser.New([]dbuser.Cluster{{Name: "orders", Instances: []string{db.Addr()}, User: "root", Password: db.RootPassword}}, dbuser.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mgr.Close() })
	secrets := devpage.FileSecrets{Dir: t.TempDir()}
	notices := &devpage.Notices{}
	e, err := bastion.New(bastion.Options{Store: store.NewMemory(), Database: mgr, Secrets: secrets, Policy: cfg, Notifier: notices, SecretPrefix: cfg.SecretPrefix})
	if err != nil {
		t.Fatal(err)
	}
	page, err := devpage.New(devpage.Options{Engine: e, Notices: notices, Secrets: secrets, Clusters: cfg.ClusterNames()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(page)
	defer srv.Close()

	artifacts := filepath.Join("..", "..", "test-artifacts", "devpage")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1400, 900))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	defer cancelTab()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll(`+"`"+sel+"`"+`)).map(e => e.textContent).join("\n")`))
		must("reading "+sel, err)
		return s
	}
	count := func(sel string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+"`"+sel+"`"+`).length`))
		must("counting "+sel, err)
		return n
	}
	shot := func(name string) {
		t.Helper()
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		must("screenshot "+name, err)
		must("saving "+name, os.WriteFile(filepath.Join(artifacts, name+".png"), buf, 0o644))
	}

	must("opening the page", chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/?as=alice@example.com")))
	must("filling the request", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`form.grid input[name=reason]`), hostile),
		chromedp.Click(chromedp.CSS(`form.grid button`)),
		chromedp.WaitVisible(chromedp.CSS(`.card .reason`))))
	if got := text(".card .reason"); got != "Reason: "+hostile {
		t.Errorf("reason shown as %q", got)
	}
	if n := count("script, img, .card [onerror]"); n != 0 {
		t.Errorf("the reason made %d elements", n)
	}
	shot("desktop-pending")

	must("acting as bob", chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/?as=bob@example.com")))
	must("approving", chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button.ok`)), chromedp.WaitVisible(chromedp.CSS(`.card code`))))
	if msg := text(".msg"); !strings.Contains(msg, "it is active") {
		t.Fatalf("after approve: %q", msg)
	}
	grants, _ := e.List(t.Context(), bastion.StateActive)
	if len(grants) != 1 {
		t.Fatalf("%d active grants", len(grants))
	}
	g := grants[0]
	pw, err := os.ReadFile(secrets.Path(g.SecretName))
	if err != nil {
		t.Fatal(err)
	}
	if body := text("body"); strings.Contains(body, string(pw)) {
		t.Fatal("the password is on the page")
	}
	if err := login(db, g.User, string(pw)); err != nil {
		t.Fatalf("login with the grant's password: %v", err)
	}
	if audit := text("table"); !strings.Contains(audit, "approve") || !strings.Contains(audit, "secret-put") {
		t.Errorf("audit table: %q", audit)
	}
	if n := text(".notices"); !strings.Contains(n, "approved") || !strings.Contains(n, "requested") {
		t.Errorf("notices: %q", n)
	}
	shot("desktop-active")
	must("phone", chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)))
	if wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); err != nil || wide {
		t.Errorf("the phone view scrolls sideways (%v)", err)
	}
	shot("phone-active")
	_, err = chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}})
	must("dark mode", err)
	bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
	if err != nil || bg != "rgb(13, 17, 23)" {
		t.Errorf("dark background %q (%v): the stylesheet did not apply", bg, err)
	}
	shot("phone-dark")
	must("desktop", chromedp.Do(ctx, chromedp.EmulateViewport(1400, 900)))
	shot("desktop-dark")

	// Wait for the page after the click: the page before it has a .msg
	// too (the approval's).
	must("revoking", chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[value=revoke] ~ button`))))
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		// Errors while the page navigates are expected: ask again.
		if done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector('.msg') || {textContent: ''}).textContent.includes('revoked')`)); err == nil && done {
			break
		}
	}
	if msg := text(".msg"); !strings.Contains(msg, "it is revoked") {
		t.Errorf("after revoke: %q", msg)
	}
	if err := login(db, g.User, string(pw)); err == nil {
		t.Error("login after revocation worked")
	}
	if _, err := os.Stat(secrets.Path(g.SecretName)); !os.IsNotExist(err) {
		t.Errorf("the secret file is left: %v", err)
	}
	if title, _ := chromedp.Run(ctx, chromedp.Title()); title == "pwned" {
		t.Error("the reason ran script")
	}
}

func login(m *testbed.MariaDB, user, password string) error {
	db, err := sql.Open("mysql", m.DSN(user, password, "shop"))
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var n int
	return db.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n)
}

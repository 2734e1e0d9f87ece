package imagetest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/internal/drifttest"
	"github.com/auroradoc/auroradoc/internal/testbed"
)

// dockerDefaultPath is the PATH a container engine gives a container
// whose image sets none.
const dockerDefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// image is the final stage's filesystem assembled in root.
type image struct {
	root       string
	env        []string
	uid, gid   int
	workdir    string
	entrypoint []string
}

// needRoot skips (or fails under CI=true) where the image cannot be run:
// a new root and mount/pid namespaces need root on Linux and unshare.
func needRoot(t *testing.T) string {
	t.Helper()
	why := ""
	unshare, err := exec.LookPath("unshare")
	switch {
	case runtime.GOOS != "linux":
		why = "the image test runs the binary under Linux namespaces"
	case os.Geteuid() != 0:
		why = "the image test needs root (unshare --mount --pid --root)"
	case err != nil:
		why = "the image test needs unshare (util-linux): " + err.Error()
	}
	if why != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true: %s", why)
		}
		t.Skip(why)
	}
	return unshare
}

func repoRoot(t *testing.T) string {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func TestImage(t *testing.T) {
	unshare := needRoot(t)
	repo := repoRoot(t)
	stages, err := ParseFile(filepath.Join(repo, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	img := assemble(t, repo, stages)
	storeInImage(t, img)

	// The example configuration's credentials.ca_bundle names the RDS
	// bundle the image carries.
	copyInto(t, filepath.Join(repo, "config", "example.yaml"), filepath.Join(img.root, "work", "auroradoc.yaml"), "", "")

	t.Run("version", func(t *testing.T) {
		out, errOut, code := img.run(t, unshare, true, "version", "--check", "--config", "auroradoc.yaml")
		if code != 0 || !strings.HasPrefix(out, "auroradoc imagetest\n") || strings.Contains(out, "FAIL") {
			t.Fatalf("version --check: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
		}
		t.Logf("in the image:\n%s", out)
	})

	t.Run("render", func(t *testing.T) {
		out, errOut, code := img.run(t, unshare, true,
			"render", "--store", "/work/store", "--out", "/work/site", "--log-level", "debug")
		if code != 0 {
			t.Fatalf("render: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
		}
		if !strings.Contains(errOut, "graphviz worker started") {
			t.Errorf("no Graphviz worker was re-executed in the image; stderr:\n%s", errOut)
		}
		drawn := graphvizSVGs(t, filepath.Join(img.root, "work", "site"))
		if drawn == 0 {
			t.Errorf("the site in the image has no diagram drawn by Graphviz")
		}
		cached, _ := os.ReadDir(filepath.Join(img.root, "work", ".auroradoc-cache", "er"))
		if len(cached) == 0 {
			t.Errorf("the diagram cache next to the site output (/work/.auroradoc-cache/er) is empty")
		}
		t.Logf("%d Graphviz diagrams, %d cache entries", drawn, len(cached))
	})

	// A whole night in the image, sharded: the static shard crawls a real
	// MariaDB (host network) into the set, the finishing step completes
	// it, renders the site and reports (no publish: no S3 here).
	t.Run("sharded night", func(t *testing.T) {
		db := testbed.StartMariaDB(t)
		db.Exec(t, "CREATE DATABASE shop")
		db.Exec(t, "CREATE TABLE shop.orders (id INT PRIMARY KEY, note VARCHAR(20))")
		cfg := filepath.Join(img.root, "work", "night.yaml")
		if err := os.WriteFile(cfg, []byte(fmt.Sprintf("targets:\n  - {name: shop, host: 127.0.0.1, port: %d, user: root, password_env: SHOP_PW}\n", db.Port)), 0o644); err != nil {
			t.Fatal(err)
		}
		night := *img
		night.env = append(slices.Clone(img.env), "SHOP_PW="+db.RootPassword)
		common := []string{"run", "--config", "night.yaml", "--store", "/work/night-store", "--out", "/work/night-site", "--no-publish", "--set", "2026-12-05T02:00:00Z"}
		out, errOut, code := night.run(t, unshare, true, append(common, "--shard", "static")...)
		if code != 0 {
			t.Fatalf("run --shard static: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
		}
		out, errOut, code = night.run(t, unshare, true, append(common, "--finish")...)
		if code != 0 || !strings.Contains(out, "site rendered") || !strings.Contains(out, "first snapshot set") {
			t.Fatalf("run --finish: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
		}
		for _, f := range []string{"night-store/2026-12-05T020000Z/manifest.json", "night-store/2026-12-05T020000Z/targets/shop.json.gz", "night-site/t/shop/index.html"} {
			if _, err := os.Stat(filepath.Join(img.root, "work", f)); err != nil {
				t.Errorf("after the night in the image: %v", err)
			}
		}
		if strings.Contains(out+errOut, db.RootPassword) {
			t.Error("the database password appears in the night's output")
		}
	})

	// Each runtime file the image carries is needed: without it the
	// check (and the binary's work) fails.
	for _, c := range []struct{ name, file, want string }{
		{"without CA certificates", "/etc/ssl/certs/ca-certificates.crt", "FAIL trust store"},
		{"without zoneinfo", "/usr/local/go/lib/time/zoneinfo.zip", "FAIL time zones"},
		{"without the RDS CA bundle", "/etc/auroradoc/rds-global-bundle.pem", "FAIL rds ca bundle"},
	} {
		t.Run(c.name, func(t *testing.T) {
			// Out of the image: Go also reads every file of /etc/ssl/certs.
			p, hidden := filepath.Join(img.root, c.file), filepath.Join(t.TempDir(), "hidden")
			if err := os.Rename(p, hidden); err != nil {
				t.Fatal(err)
			}
			defer func() {
				if err := os.Rename(hidden, p); err != nil {
					t.Fatal(err)
				}
			}()
			out, _, code := img.run(t, unshare, true, "version", "--check", "--config", "auroradoc.yaml")
			if code != 3 || !strings.Contains(out, c.want) {
				t.Fatalf("without %s: exit %d (want 3), stdout:\n%s", c.file, code, out)
			}
		})
	}

	t.Run("without /proc", func(t *testing.T) {
		out, _, code := img.run(t, unshare, false, "version", "--check")
		if code != 3 || !strings.Contains(out, "FAIL graphviz workers") {
			t.Errorf("version --check without /proc: exit %d (want 3), stdout:\n%s", code, out)
		}
		_, errOut, code := img.run(t, unshare, false, "render", "--store", "/work/store", "--out", "/work/site-noproc")
		if code != 3 || !strings.Contains(errOut, "/proc/self/exe") {
			t.Errorf("render without /proc: exit %d (want 3), stderr:\n%s", code, errOut)
		}
		t.Logf("without /proc, render says: %s", strings.TrimSpace(errOut))
		// The documented way out: lay out in the main process (its own
		// output and so its own diagram cache: nothing comes from the cache).
		inProcess := *img
		inProcess.env = append(slices.Clone(img.env), "AURORADOC_GRAPHVIZ=inprocess")
		_, errOut, code = inProcess.run(t, unshare, false, "render", "--store", "/work/store", "--out", "/work/inprocess/site")
		if code != 0 {
			t.Errorf("render without /proc, AURORADOC_GRAPHVIZ=inprocess: exit %d, stderr:\n%s", code, errOut)
		}
		if n := graphvizSVGs(t, filepath.Join(img.root, "work", "inprocess", "site")); n == 0 {
			t.Errorf("render without /proc, AURORADOC_GRAPHVIZ=inprocess: no diagram drawn by Graphviz")
		}
	})
}

// run runs the image's entrypoint with args in new mount and pid
// namespaces (the host network is kept), with root as its root directory,
// the image's user, working directory and environment only, and /proc
// mounted when withProc (a container engine always mounts it).
func (img *image) run(t *testing.T, unshare string, withProc bool, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	argv := []string{"--mount", "--pid", "--fork", "--kill-child"}
	if withProc {
		// unshare mounts it after entering the new root.
		argv = append(argv, "--mount-proc=/proc")
	}
	argv = append(argv, "--root="+img.root, "--wd="+img.workdir,
		"--setgid", strconv.Itoa(img.gid), "--setuid", strconv.Itoa(img.uid), "--")
	argv = append(argv, img.entrypoint...)
	argv = append(argv, args...)
	cmd := exec.CommandContext(ctx, unshare, argv...)
	cmd.Env = img.env
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return o.String(), e.String(), ee.ExitCode()
	}
	if err != nil {
		t.Fatalf("running %s %v: %v", unshare, argv, err)
	}
	return o.String(), e.String(), 0
}

// assemble builds the binary as the build stage does and lays out root as
// the final stage describes.
func assemble(t *testing.T, repo string, stages []*Stage) *image {
	t.Helper()
	final := stages[len(stages)-1]
	if final.From != "scratch" {
		t.Fatalf("the final stage is FROM %s: the test can assemble only FROM scratch (every file named in the Dockerfile)", final.From)
	}
	builds := map[string]*Stage{}
	for _, s := range stages[:len(stages)-1] {
		builds[s.Name] = s
	}
	img := &image{root: filepath.Join(t.TempDir(), "root"), workdir: "/"}
	if err := os.MkdirAll(img.root, 0o755); err != nil {
		t.Fatal(err)
	}
	// Runtime-provided: the engine mounts /proc on this mount point.
	if err := os.Mkdir(filepath.Join(img.root, "proc"), 0o555); err != nil {
		t.Fatal(err)
	}
	sources := map[string]map[string]string{} // stage → path in it → host path
	env := map[string]string{}
	var envOrder []string
	user := ""
	for _, in := range final.Instrs {
		switch in.Cmd {
		case "COPY":
			from := in.Flags["from"]
			var src map[string]string
			if from != "" {
				if sources[from] == nil {
					b, ok := builds[from]
					if !ok {
						t.Fatalf("line %d: COPY --from=%s: no such stage", in.Line, from)
					}
					sources[from] = buildSources(t, repo, b)
				}
				src = sources[from]
			}
			if len(in.Args) != 2 {
				t.Fatalf("line %d: COPY: the test handles one source and one destination", in.Line)
			}
			host := filepath.Join(repo, in.Args[0])
			if src != nil {
				var ok bool
				if host, ok = src[in.Args[0]]; !ok {
					t.Fatalf("line %d: COPY --from=%s %s: the image test does not know how the build stage makes it; teach buildSources", in.Line, from, in.Args[0])
				}
			}
			copyInto(t, host, filepath.Join(img.root, in.Args[1]), in.Flags["chown"], in.Flags["chmod"])
		case "ENV":
			for _, kv := range in.Args {
				k, v, ok := strings.Cut(kv, "=")
				if !ok {
					t.Fatalf("line %d: ENV: write key=value", in.Line)
				}
				if _, seen := env[k]; !seen {
					envOrder = append(envOrder, k)
				}
				env[k] = v
			}
		case "USER":
			user = in.Args[0]
		case "WORKDIR":
			img.workdir = in.Args[0]
			if err := os.MkdirAll(filepath.Join(img.root, img.workdir), 0o755); err != nil {
				t.Fatal(err)
			}
		case "ENTRYPOINT":
			img.entrypoint = in.Args
		case "VOLUME", "LABEL", "EXPOSE", "STOPSIGNAL":
		default:
			t.Fatalf("line %d: %s in the final stage: the image test does not model it", in.Line, in.Cmd)
		}
	}
	if _, ok := env["PATH"]; !ok {
		img.env = append(img.env, dockerDefaultPath)
	}
	for _, k := range envOrder {
		img.env = append(img.env, k+"="+env[k])
	}
	img.uid, img.gid = userIDs(t, img.root, user)
	if img.uid == 0 {
		t.Errorf("the image runs as root (USER %q)", user)
	}
	if len(img.entrypoint) == 0 {
		t.Fatal("the final stage has no ENTRYPOINT")
	}
	return img
}

// userIDs resolves USER against the image's /etc/passwd: the user must be
// in it (libraries look up the home directory and name).
func userIDs(t *testing.T, root, user string) (int, int) {
	t.Helper()
	if user == "" {
		t.Fatal("the final stage has no USER: it would run as root")
	}
	u, g, ok := strings.Cut(user, ":")
	passwd, err := os.ReadFile(filepath.Join(root, "etc", "passwd"))
	if err != nil {
		t.Fatalf("the image has no /etc/passwd: %v", err)
	}
	for _, line := range strings.Split(string(passwd), "\n") {
		f := strings.Split(line, ":")
		if len(f) < 7 || (f[0] != u && f[2] != u) {
			continue
		}
		uid, _ := strconv.Atoi(f[2])
		gid, _ := strconv.Atoi(f[3])
		if ok {
			if gid, err = strconv.Atoi(g); err != nil {
				t.Fatalf("USER %s: the test wants a numeric group", user)
			}
		}
		return uid, gid
	}
	t.Fatalf("USER %s is not in the image's /etc/passwd", user)
	return 0, 0
}

// buildSources runs what the build stage does that the final stage copies
// from, on this machine: the go build line with its flags and ENV, and
// the directories and files it makes. It maps each path in the stage to a
// host path.
func buildSources(t *testing.T, repo string, st *Stage) map[string]string {
	t.Helper()
	out := t.TempDir()
	m := map[string]string{
		// From the builder's base image (golang:<version>, Debian):
		// the same files on this machine.
		"/etc/ssl/certs/ca-certificates.crt":  "/etc/ssl/certs/ca-certificates.crt",
		"/usr/local/go/lib/time/zoneinfo.zip": filepath.Join(runtime.GOROOT(), "lib", "time", "zoneinfo.zip"),
	}
	args := map[string]string{"VERSION": "imagetest"}
	env := os.Environ()
	for _, in := range st.Instrs {
		switch in.Cmd {
		case "ENV":
			env = append(env, in.Args...)
		case "ADD":
			// A URL fetched at build time (the RDS CA bundle): a stand-in
			// certificate, since the test runs offline.
			m[in.Args[1]] = standInCA(t, out)
		case "RUN":
			for _, part := range strings.Split(in.Raw, "&&") {
				w, err := ShellWords(strings.TrimSpace(part))
				if err != nil {
					t.Fatalf("line %d: %v", in.Line, err)
				}
				runBuildStep(t, repo, out, in.Line, w, args, env, m)
			}
		}
	}
	return m
}

// runBuildStep does one command of a RUN line of the build stage.
func runBuildStep(t *testing.T, repo, out string, line int, w []string, args map[string]string, env []string, m map[string]string) {
	t.Helper()
	host := func(p string) string { return filepath.Join(out, filepath.FromSlash(p)) }
	switch {
	case len(w) >= 2 && w[0] == "go" && w[1] == "build":
		build := []string{"build"}
		for i := 2; i < len(w); i++ {
			a := os.Expand(w[i], func(k string) string { return args[k] })
			if a == "-o" && i+1 < len(w) {
				i++
				m[w[i]] = host(w[i])
				a, build = host(w[i]), append(build, "-o")
			}
			build = append(build, a)
		}
		cmd := exec.Command("go", build...)
		cmd.Dir, cmd.Env = repo, env
		start := time.Now()
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("line %d: go %v: %v\n%s", line, build, err, b)
		}
		t.Logf("go %s: %s", strings.Join(build, " "), time.Since(start).Round(time.Millisecond))
	case len(w) >= 1 && w[0] == "go":
		// go mod download: the module cache is already here.
	case len(w) >= 3 && w[0] == "mkdir" && w[1] == "-p":
		for _, d := range w[2:] {
			if err := os.MkdirAll(host(d), 0o755); err != nil {
				t.Fatal(err)
			}
			m[d] = host(d)
		}
	case len(w) == 3 && w[0] == "chmod":
		mode, err := strconv.ParseUint(w[1], 8, 32)
		if err != nil {
			t.Fatalf("line %d: chmod %s: %v", line, w[1], err)
		}
		if err := os.Chmod(host(w[2]), fileMode(uint32(mode))); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("line %d: the image test does not know how to run %q of the build stage", line, strings.Join(w, " "))
	}
}

// fileMode turns octal permission bits (with setuid/setgid/sticky) into
// an fs.FileMode.
func fileMode(m uint32) fs.FileMode {
	fm := fs.FileMode(m & 0o777)
	if m&0o1000 != 0 {
		fm |= fs.ModeSticky
	}
	if m&0o2000 != 0 {
		fm |= fs.ModeSetgid
	}
	if m&0o4000 != 0 {
		fm |= fs.ModeSetuid
	}
	return fm
}

// copyInto copies the file or directory tree src to dst as COPY does: a
// directory's contents (and its mode) go into dst; chown is uid:gid,
// chmod octal bits for every copied file.
func copyInto(t *testing.T, src, dst, chown, chmod string) {
	t.Helper()
	uid, gid := 0, 0
	if chown != "" {
		u, g, _ := strings.Cut(chown, ":")
		var err1, err2 error
		uid, err1 = strconv.Atoi(u)
		gid, err2 = strconv.Atoi(g)
		if err1 != nil || err2 != nil {
			t.Fatalf("COPY --chown=%s: the test wants numeric uid:gid", chown)
		}
	}
	var mode fs.FileMode
	if chmod != "" {
		m, err := strconv.ParseUint(chmod, 8, 32)
		if err != nil {
			t.Fatalf("COPY --chmod=%s: %v", chmod, err)
		}
		mode = fileMode(uint32(m))
	}
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		m := fi.Mode().Perm() | fi.Mode()&(fs.ModeSticky|fs.ModeSetgid|fs.ModeSetuid)
		if mode != 0 {
			m = mode
		}
		if d.IsDir() {
			if err := os.MkdirAll(to, 0o755); err != nil {
				return err
			}
		} else {
			if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if err := os.WriteFile(to, b, 0o600); err != nil {
				return err
			}
		}
		if err := os.Chmod(to, m); err != nil {
			return err
		}
		return os.Lchown(to, uid, gid)
	})
	if err != nil {
		t.Fatalf("copying %s to %s: %v", src, dst, err)
	}
}

// standInCA writes a self-signed CA certificate in PEM, in place of the
// RDS bundle the build downloads.
func standInCA(t *testing.T, dir string) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "imagetest stand-in RDS CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "stand-in-rds-ca.pem")
	// 0600, as ADD writes a downloaded file.
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// storeInImage writes a snapshot store of one Aurora cluster (the MariaDB
// fixture's schemas) into the image's /work/store, owned by the image's
// user as a mounted volume would be.
func storeInImage(t *testing.T, img *image) {
	t.Helper()
	b := drifttest.NewStore(t)
	b.Set(21, drifttest.Target{Snap: drifttest.Aurora(t, drifttest.Orders)})
	dst := filepath.Join(img.root, "work", "store")
	if err := os.CopyFS(dst, os.DirFS(b.Dir)); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(dst, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, img.uid, img.gid)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// graphvizSVGs counts the SVG files under dir that Graphviz drew.
func graphvizSVGs(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".svg") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte("Generated by graphviz")) {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

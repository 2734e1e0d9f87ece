// Package dynamolocal starts DynamoDB Local (the Java emulator from the
// npm package amplify-dynamodb-simulator) for tests and hands back a real
// aws-sdk-go-v2 DynamoDB client pointed at it. scripts/test.sh installs
// the package and exports AURORADOC_DYNAMODB_LOCAL_JAR.
package dynamolocal

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/auroradoc/auroradoc/internal/testbed"
)

// EnvJar names the environment variable holding DynamoDBLocal.jar's path.
const EnvJar = "AURORADOC_DYNAMODB_LOCAL_JAR"

// cacheJar is where scripts/test.sh installs the npm package for a
// non-root user, relative to the home directory.
const cacheJar = ".cache/auroradoc/dynamodb-local/node_modules/amplify-dynamodb-simulator/emulator/DynamoDBLocal.jar"

// Server is one running DynamoDB Local.
type Server struct {
	// Endpoint is its URL (http://127.0.0.1:port).
	Endpoint string
	// Client is a DynamoDB client for it (fake credentials, us-east-1).
	Client *dynamodb.Client
}

// Jar returns the path of DynamoDBLocal.jar: $AURORADOC_DYNAMODB_LOCAL_JAR,
// else the test script's cache under the home directory; "" when neither
// exists.
func Jar() string {
	if p := os.Getenv(EnvJar); p != "" {
		return p
	}
	if home, err := os.UserHomeDir(); err == nil {
		if p := filepath.Join(home, cacheJar); fileExists(p) {
			return p
		}
	}
	return ""
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// Start starts DynamoDB Local in memory on a free port, waits until it
// answers, and stops it when the test ends. Without java or the jar it
// skips the test saying why — or fails it under CI=true.
func Start(t testing.TB) *Server {
	t.Helper()
	missing := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...) + " (bash scripts/test.sh installs npm amplify-dynamodb-simulator@2.9.30 and sets " + EnvJar + ")"
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true: " + msg)
		}
		t.Skip(msg)
	}
	jar := Jar()
	if jar == "" {
		missing("DynamoDB Local not found: %s is unset", EnvJar)
	}
	if !fileExists(jar) {
		missing("DynamoDB Local not found: %s=%s is not a file", EnvJar, jar)
	}
	java, err := exec.LookPath("java")
	if err != nil {
		missing("java not found on PATH: DynamoDB Local needs Java 17")
	}
	port, err := testbed.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	cmd := exec.Command(java, "-Djava.library.path="+filepath.Join(filepath.Dir(jar), "DynamoDBLocal_lib"),
		"-jar", jar, "-inMemory", "-port", strconv.Itoa(port))
	cmd.Dir = filepath.Dir(jar)
	w := &lockedWriter{w: &logs}
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting DynamoDB Local: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	srv := &Server{Endpoint: "http://127.0.0.1:" + strconv.Itoa(port)}
	srv.Client = dynamodb.New(dynamodb.Options{
		BaseEndpoint: aws.String(srv.Endpoint),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("fake", "fake", ""),
	})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for {
		if _, err := srv.Client.ListTables(ctx, &dynamodb.ListTablesInput{}); err == nil {
			return srv
		}
		select {
		case <-exited:
			t.Fatalf("DynamoDB Local exited before it was ready: %s", w.String())
		case <-ctx.Done():
			t.Fatalf("DynamoDB Local not ready after 60 s: %s", w.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// lockedWriter collects the emulator's output from two pipes at once.
type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.String()
}

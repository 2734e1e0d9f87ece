package imagetest

import (
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	src := `# syntax=docker/dockerfile:1
ARG GO_VERSION=1.26
FROM golang:${GO_VERSION} AS build
RUN go build \
    # a comment inside a continued line
    -o /out/x ./cmd/x
FROM scratch
COPY --from=build --chown=1:2 /out/x /x
ENTRYPOINT ["/x", "serve"]
`
	stages, err := Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(stages) != 2 || stages[0].Name != "build" || stages[1].From != "scratch" {
		t.Fatalf("stages: %+v", stages)
	}
	run := stages[0].Find("RUN")
	if len(run) != 1 || run[0].Line != 4 || run[0].Raw != "go build  -o /out/x ./cmd/x" {
		t.Errorf("RUN: %+v", run)
	}
	cp := stages[1].Find("COPY")[0]
	if cp.Flags["from"] != "build" || cp.Flags["chown"] != "1:2" || !slices.Equal(cp.Args, []string{"/out/x", "/x"}) {
		t.Errorf("COPY: %+v", cp)
	}
	if ep := stages[1].Find("ENTRYPOINT")[0]; !slices.Equal(ep.Args, []string{"/x", "serve"}) {
		t.Errorf("ENTRYPOINT: %q", ep.Args)
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"", "no FROM"},
		{"COPY a b\nFROM scratch\n", "line 1: COPY before the first FROM"},
		{"FROM scratch\nCOPY --chown a b\n", "line 2: COPY: flag --chown has no =value"},
		{"FROM scratch\nENTRYPOINT [\"/x\"\n", "line 2: ENTRYPOINT: exec form"},
		{"FROM scratch\nRUN a \\\n", "line 2: the file ends inside a continued line"},
		{"FROM a b\n", "line 1: FROM: want an image and optionally AS name"},
		{"FROM scratch\nUSER\n", "line 2: USER without arguments"},
	} {
		_, err := Parse(strings.NewReader(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v, want an error with %q", c.src, err, c.want)
		}
	}
}

func TestShellWords(t *testing.T) {
	got, err := ShellWords(`go build -ldflags "-s -w -X main.version=${VERSION}" -o '/out/a b'`)
	want := []string{"go", "build", "-ldflags", "-s -w -X main.version=${VERSION}", "-o", "/out/a b"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("ShellWords = %q, %v; want %q", got, err, want)
	}
	if _, err := ShellWords(`echo "open`); err == nil {
		t.Error("an unterminated quote is not an error")
	}
}

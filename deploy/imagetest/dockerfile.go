package imagetest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// Instruction is one Dockerfile instruction: its keyword (upper case),
// its --flags and its arguments.
type Instruction struct {
	Line  int
	Cmd   string
	Flags map[string]string
	// Args are the whitespace-separated words after the flags (the JSON
	// array of an exec form is decoded), Raw the text after the keyword.
	Args []string
	Raw  string
}

// Stage is a FROM and the instructions after it.
type Stage struct {
	From, Name string
	Instrs     []Instruction
}

// Find returns the stage's instructions with keyword cmd.
func (s *Stage) Find(cmd string) []Instruction {
	var out []Instruction
	for _, in := range s.Instrs {
		if in.Cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// ParseFile parses the Dockerfile at path.
func ParseFile(path string) ([]*Stage, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the Dockerfile: %w", err)
	}
	defer f.Close()
	stages, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	return stages, nil
}

// Parse reads a Dockerfile: comments, line continuations, ARG before the
// first FROM (ignored), FROM … [AS name], flags of the form --key=value
// and the exec (JSON) form of ENTRYPOINT and CMD. It does not expand
// variables.
func Parse(r io.Reader) ([]*Stage, error) {
	var stages []*Stage
	sc := bufio.NewScanner(r)
	var buf strings.Builder
	n, start := 0, 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if buf.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if buf.Len() == 0 {
			start = n
		}
		if strings.HasPrefix(line, "#") {
			continue // a comment inside a continued instruction
		}
		if cont, ok := strings.CutSuffix(line, "\\"); ok {
			buf.WriteString(cont + " ")
			continue
		}
		buf.WriteString(line)
		in, err := parseInstruction(start, buf.String())
		buf.Reset()
		if err != nil {
			return nil, err
		}
		if in.Cmd == "FROM" {
			st := &Stage{From: in.Args[0]}
			if len(in.Args) == 3 && strings.EqualFold(in.Args[1], "AS") {
				st.Name = in.Args[2]
			} else if len(in.Args) != 1 {
				return nil, fmt.Errorf("line %d: FROM: want an image and optionally AS name", start)
			}
			stages = append(stages, st)
			continue
		}
		if len(stages) == 0 {
			if in.Cmd != "ARG" {
				return nil, fmt.Errorf("line %d: %s before the first FROM", start, in.Cmd)
			}
			continue
		}
		st := stages[len(stages)-1]
		st.Instrs = append(st.Instrs, in)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if buf.Len() > 0 {
		return nil, fmt.Errorf("line %d: the file ends inside a continued line", start)
	}
	if len(stages) == 0 {
		return nil, fmt.Errorf("no FROM")
	}
	return stages, nil
}

func parseInstruction(line int, text string) (Instruction, error) {
	cmd, rest, _ := strings.Cut(text, " ")
	in := Instruction{Line: line, Cmd: strings.ToUpper(cmd), Flags: map[string]string{}, Raw: strings.TrimSpace(rest)}
	words := strings.Fields(rest)
	for len(words) > 0 && strings.HasPrefix(words[0], "--") && in.Cmd != "RUN" {
		k, v, ok := strings.Cut(strings.TrimPrefix(words[0], "--"), "=")
		if !ok {
			return in, fmt.Errorf("line %d: %s: flag %s has no =value", line, in.Cmd, words[0])
		}
		in.Flags[k] = v
		words = words[1:]
	}
	in.Args = words
	if (in.Cmd == "ENTRYPOINT" || in.Cmd == "CMD") && strings.HasPrefix(in.Raw, "[") {
		in.Args = nil
		if err := json.Unmarshal([]byte(in.Raw), &in.Args); err != nil {
			return in, fmt.Errorf("line %d: %s: exec form: %w", line, in.Cmd, err)
		}
	}
	if len(in.Args) == 0 {
		return in, fmt.Errorf("line %d: %s without arguments", line, in.Cmd)
	}
	return in, nil
}

// ShellWords splits a simple shell command line into words: single and
// double quotes group, nothing else is interpreted.
func ShellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	in, quote := false, rune(0)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated %c quote in %q", quote, s)
	}
	if in {
		words = append(words, cur.String())
	}
	return words, nil
}

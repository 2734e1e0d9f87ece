package history

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// members iterates the members of a JSON object without decoding it: f
// gets each member's raw key and value tokens (a string key keeps its
// quotes). Load uses it to compare a night's parameters, variables and
// table sizes with the previous values without allocating a map per
// digest.
func members(b []byte, f func(key, val []byte) error) error {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return errors.New("not a JSON object")
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return nil
	}
	for {
		k0 := i
		k1, err := skipValue(b, i)
		if err != nil {
			return err
		}
		if b[k0] != '"' {
			return errors.New("object key is not a string")
		}
		i = skipSpace(b, k1)
		if i >= len(b) || b[i] != ':' {
			return errors.New("missing ':' in object")
		}
		v0 := skipSpace(b, i+1)
		v1, err := skipValue(b, v0)
		if err != nil {
			return err
		}
		if err := f(b[k0:k1], b[v0:v1]); err != nil {
			return err
		}
		i = skipSpace(b, v1)
		if i >= len(b) {
			return errors.New("unterminated object")
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return nil
		default:
			return errors.New("unexpected character in object")
		}
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the end of the JSON value starting at b[i].
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errors.New("unexpected end of JSON")
	}
	switch b[i] {
	case '"':
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j + 1, nil
			}
		}
		return 0, errors.New("unterminated string")
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, err := skipValue(b, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errors.New("unterminated object or array")
	default:
		j := i
		for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' {
			j++
		}
		return j, nil
	}
}

// unquote returns the text of a JSON string token; plain tokens (no
// escapes) are sliced, not decoded.
func unquote(tok []byte) (string, error) {
	if len(tok) < 2 || tok[0] != '"' {
		return "", errors.New("not a JSON string")
	}
	plain := true
	for _, c := range tok[1 : len(tok)-1] {
		if c == '\\' {
			plain = false
			break
		}
	}
	if plain {
		return string(tok[1 : len(tok)-1]), nil
	}
	var s string
	err := json.Unmarshal(tok, &s)
	return s, err
}

// plain reports whether a string token has no escapes: its text is then
// the bytes between the quotes.
func plain(tok []byte) bool {
	for _, c := range tok {
		if c == '\\' {
			return false
		}
	}
	return len(tok) >= 2
}

// sameString reports whether the JSON string token tok holds s, without
// allocating for plain tokens.
func sameString(tok []byte, s string) bool {
	if len(tok) >= 2 && len(tok)-2 == len(s) && string(tok[1:len(tok)-1]) == s {
		return true
	}
	for _, c := range tok {
		if c == '\\' {
			u, err := unquote(tok)
			return err == nil && u == s
		}
	}
	return false
}

// parseSize reads a [bytes, rows] token.
func parseSize(tok []byte) (TableSize, error) {
	var s TableSize
	i := skipSpace(tok, 0)
	if i >= len(tok) || tok[i] != '[' {
		return s, errors.New("table size is not an array")
	}
	j := i + 1
	for j < len(tok) && tok[j] != ',' {
		j++
	}
	k := j + 1
	for k < len(tok) && tok[k] != ']' {
		k++
	}
	if k >= len(tok) {
		return s, errors.New("malformed table size")
	}
	var err error
	if s.Bytes, err = strconv.ParseInt(string(trimSpace(tok[i+1:j])), 10, 64); err != nil {
		return s, err
	}
	s.Rows, err = strconv.ParseInt(string(trimSpace(tok[j+1:k])), 10, 64)
	return s, err
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\n') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\n') {
		b = b[:len(b)-1]
	}
	return b
}

// elements iterates the values of a JSON array without decoding them.
func elements(b []byte, f func(val []byte) error) error {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return errors.New("not a JSON array")
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return nil
	}
	for {
		v1, err := skipValue(b, i)
		if err != nil {
			return err
		}
		if v1 == i {
			return errors.New("missing value in array")
		}
		if err := f(b[i:v1]); err != nil {
			return err
		}
		i = skipSpace(b, v1)
		if i >= len(b) {
			return errors.New("unterminated array")
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case ']':
			return nil
		default:
			return errors.New("unexpected character in array")
		}
	}
}

// decodeRaw decodes a record for Load with the scanner above: encoding/json
// reads only the small parts (times, findings), the bulky sections are
// copied as they are. It is several times faster than json.Unmarshal into
// json.RawMessage fields, which scans every byte twice.
func decodeRaw(b []byte) (*rawRecord, error) {
	r := &rawRecord{}
	err := members(b, func(k, v []byte) error {
		var err error
		switch string(k) {
		case `"format_version"`:
			r.FormatVersion, err = strconv.Atoi(string(v))
		case `"set"`:
			r.Set, err = unquote(v)
		case `"prev"`:
			r.Prev, err = unquote(v)
		case `"taken_at"`:
			err = json.Unmarshal(v, &r.TakenAt)
		case `"targets"`:
			err = elements(v, func(dv []byte) error {
				d, err := decodeRawDigest(dv)
				if err != nil {
					return err
				}
				r.Targets = append(r.Targets, d)
				return nil
			})
		}
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		return nil
	})
	return r, err
}

func decodeRawDigest(b []byte) (*rawDigest, error) {
	d := &rawDigest{}
	err := members(b, func(k, v []byte) error {
		var err error
		switch string(k) {
		case `"name"`:
			d.Name, err = unquote(v)
		case `"status"`:
			d.Status, err = unquote(v)
		case `"note"`:
			d.Note, err = unquote(v)
		case `"stale_from"`:
			d.StaleFrom, err = unquote(v)
		case `"problem"`:
			d.Problem, err = unquote(v)
		case `"engine"`:
			d.Engine, err = unquote(v)
		case `"engine_version"`:
			d.EngineVersion, err = unquote(v)
		case `"server_version"`:
			d.ServerVersion, err = unquote(v)
		case `"taken_at"`:
			if string(v) != "null" {
				d.TakenAt = new(time.Time)
				err = json.Unmarshal(v, d.TakenAt)
			}
		case `"parameters"`:
			d.Parameters = bytes.Clone(v)
		case `"variables"`:
			d.Variables = bytes.Clone(v)
		case `"tables"`:
			d.Tables = bytes.Clone(v)
		case `"findings"`:
			err = json.Unmarshal(v, &d.Findings)
		}
		if err != nil {
			return fmt.Errorf("digest %s: %s: %w", d.Name, k, err)
		}
		return nil
	})
	return d, err
}

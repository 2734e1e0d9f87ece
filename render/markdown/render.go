package markdown

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/k1LoW/tbls/config"
	"github.com/k1LoW/tbls/output"
	"github.com/k1LoW/tbls/output/md"
	"github.com/k1LoW/tbls/schema"
)

// marker is the base URL tbls is given: every link tbls writes to a table
// page or ER image starts with it, and NUL occurs nowhere else (the copy
// has none), so those links can be found and rewritten exactly.
const marker = "\x00"

// erFormat is the image format tbls is told about; its links are rewritten.
const erFormat = "svg"

// file is one rendered Markdown file.
type file struct {
	name string
	data []byte
}

// renderSchema renders README.md and the table pages of s, in that order.
func renderSchema(ctx context.Context, s *schema.Schema, o Options) ([]file, error) {
	cfg, err := config.New()
	if err != nil {
		return nil, fmt.Errorf("creating tbls config: %w", err)
	}
	cfg.BaseURL = marker
	cfg.ER.Format = erFormat
	p, err := prepare(s, cfg)
	if err != nil {
		return nil, err
	}
	fm := output.Funcs(&cfg.MergedDict)
	encode, ok := fm["escape"].(func(string) string)
	if !ok {
		return nil, errors.New("tbls' template functions have no URL encoder (escape)")
	}
	links := linkReplacer(p, encode)
	m := md.New(cfg)
	erLink := func(table string) string {
		if o.ERLink == nil {
			return ""
		}
		return o.ERLink(p.name, table)
	}

	var out []file
	var buf bytes.Buffer
	er := erLink("")
	cfg.ER.Skip = er == ""
	if err := m.OutputSchema(&buf, p.schema); err != nil {
		return nil, fmt.Errorf("rendering README.md: %w", err)
	}
	text := buf.String()
	if er != "" {
		if text, err = replaceOnce(text, "![er]("+marker+"schema."+erFormat+")", "![er]("+linkDest(er)+")"); err != nil {
			return nil, fmt.Errorf("rendering README.md: %w", err)
		}
	}
	if text, err = finish(text, links); err != nil {
		return nil, fmt.Errorf("rendering README.md: %w", err)
	}
	out = append(out, file{"README.md", []byte(text)})

	for _, pg := range p.tables {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if o.Pages != nil && !o.Pages(pg.name) {
			continue
		}
		er := erLink(pg.name)
		cfg.ER.Skip = er == ""
		buf.Reset()
		if err := m.OutputTable(&buf, pg.t); err != nil {
			return nil, fmt.Errorf("rendering %s (table %q): %w", pg.file, pg.name, err)
		}
		text, err := fixTable(buf.String(), pg, cfg, encode, er)
		if err == nil {
			text, err = finish(text, links)
		}
		if err != nil {
			return nil, fmt.Errorf("rendering %s (table %q): %w", pg.file, pg.name, err)
		}
		out = append(out, file{pg.file, []byte(text)})
	}
	return out, nil
}

// fixTable rewrites the parts of a table page that tbls' templates cannot
// get right from escaped fields: the Description paragraph, the fence of
// the DDL block and the ER image.
func fixTable(text string, pg *page, cfg *config.Config, encode func(string) string, er string) (string, error) {
	var err error
	if pg.comment != "" {
		head := "# " + pg.t.Name + "\n\n## " + cfg.MergedDict.Lookup("Description") + "\n\n"
		if !strings.HasPrefix(text, head+nl2mdnl(pg.t.Comment)) {
			return "", errors.New("unexpected tbls output: no Description paragraph")
		}
		text = head + nl2mdnl(description(pg.comment)) + text[len(head)+len(nl2mdnl(pg.t.Comment)):]
	}
	if f := fence(pg.t.Def); pg.t.Def != "" && f != "```" {
		if text, err = replaceOnce(text, "```sql\n"+pg.t.Def+"\n```\n", f+"sql\n"+pg.t.Def+"\n"+f+"\n"); err != nil {
			return "", err
		}
	}
	if er != "" {
		if text, err = replaceOnce(text, "![er]("+marker+encode(pg.t.Name)+"."+erFormat+")", "![er]("+linkDest(er)+")"); err != nil {
			return "", err
		}
	}
	return text, nil
}

// linkReplacer rewrites tbls' links to table pages: to the TableFile of
// the schema's tables, and to plain text for tables of other schemas (tbls
// links them to pages it never writes).
func linkReplacer(p *prepared, encode func(string) string) *strings.Replacer {
	type pair struct{ old, new string }
	var pairs []pair
	for _, pg := range p.tables {
		pairs = append(pairs, pair{"](" + marker + encode(pg.t.Name) + ".md)", "](" + linkDest(pg.file) + ")"})
	}
	for _, name := range p.externals {
		pairs = append(pairs, pair{"[" + name + "](" + marker + encode(name) + ".md)", name})
	}
	// At one position the first matching pair in argument order wins: the
	// longest must come first ("a.md)" must not match as "a").
	sort.SliceStable(pairs, func(i, j int) bool { return len(pairs[i].old) > len(pairs[j].old) })
	args := make([]string, 0, 2*len(pairs))
	for _, pr := range pairs {
		args = append(args, pr.old, pr.new)
	}
	return strings.NewReplacer(args...)
}

// finish applies the link rewriting and checks that no marker is left.
func finish(text string, links *strings.Replacer) (string, error) {
	text = links.Replace(text)
	// The credit line: the page is auroradoc's, in tbls' format (the
	// last line tbls writes; a table or comment cannot fake it, since
	// cells and descriptions are escaped before).
	if i := strings.LastIndex(text, TblsFooter); i >= 0 {
		text = text[:i] + Footer + text[i+len(TblsFooter):]
	}
	if i := strings.Index(text, marker); i >= 0 {
		return "", fmt.Errorf("unexpected tbls output: unrewritten link near %q", text[max(0, i-40):i])
	}
	return text, nil
}

// TblsFooter is the credit line tbls ends its pages with; Footer is what
// auroradoc writes instead.
const (
	TblsFooter = "> Generated by [tbls](https://github.com/k1LoW/tbls)"
	Footer     = "> Generated by [auroradoc](https://github.com/auroradoc/auroradoc), in the format of [tbls](https://github.com/k1LoW/tbls)"
)

// replaceOnce replaces the first occurrence of old, which must exist.
func replaceOnce(text, old, new string) (string, error) {
	i := strings.Index(text, old)
	if i < 0 {
		return "", fmt.Errorf("unexpected tbls output: %q not found", strings.ReplaceAll(old, marker, ""))
	}
	return text[:i] + new + text[i+len(old):], nil
}

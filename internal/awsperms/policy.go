package awsperms

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Statement is one IAM policy statement found in the terraform code, either
// a statement block of an aws_iam_policy_document data source (also inside
// dynamic "statement") or an element of a jsonencode({Statement = […]}).
type Statement struct {
	Pos    string // file:line
	Effect string // Allow or Deny
	// Actions are the statement's actions; they must be literal strings.
	Actions []string
	// StarResource is true when a resource is the literal "*".
	StarResource bool
	// NotActions is true when the statement uses not_actions/NotAction.
	NotActions bool
}

// TerraformStatements parses every .tf file under dir (skipping .terraform)
// and returns its IAM policy statements. Actions that are not literal
// strings are an error: a policy's actions must be readable without
// evaluating the configuration.
func TerraformStatements(dir string) ([]Statement, error) {
	var out []Statement
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && p != dir {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".tf") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("reading terraform policies: %w", err)
		}
		rel, _ := filepath.Rel(dir, p)
		f, diags := hclsyntax.ParseConfig(src, filepath.ToSlash(rel), hcl.InitialPos)
		if diags.HasErrors() {
			return fmt.Errorf("parsing %s: %s", rel, diags.Error())
		}
		body := f.Body.(*hclsyntax.Body)
		found, err := fileStatements(body)
		if err != nil {
			return err
		}
		out = append(out, found...)
		return nil
	})
	return out, err
}

func fileStatements(body *hclsyntax.Body) ([]Statement, error) {
	var out []Statement
	for _, b := range body.Blocks {
		if b.Type == "data" && len(b.Labels) == 2 && b.Labels[0] == "aws_iam_policy_document" {
			for _, s := range b.Body.Blocks {
				sb := s.Body
				switch {
				case s.Type == "statement":
				case s.Type == "dynamic" && len(s.Labels) == 1 && s.Labels[0] == "statement":
					sb = nil
					for _, c := range s.Body.Blocks {
						if c.Type == "content" {
							sb = c.Body
						}
					}
					if sb == nil {
						continue
					}
				default:
					continue
				}
				st, err := documentStatement(sb)
				if err != nil {
					return nil, err
				}
				out = append(out, st)
			}
		}
	}
	// jsonencode({ Statement = [ {…}, … ] }) anywhere in the file.
	var err error
	diags := hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
		obj, ok := n.(*hclsyntax.ObjectConsExpr)
		if !ok || err != nil {
			return nil
		}
		for _, item := range obj.Items {
			if objectKey(item.KeyExpr) != "Statement" {
				continue
			}
			tuple, ok := item.ValueExpr.(*hclsyntax.TupleConsExpr)
			if !ok {
				err = fmt.Errorf("%s: Statement must be a literal list of statements", pos(item.ValueExpr.Range()))
				return nil
			}
			for _, e := range tuple.Exprs {
				so, ok := e.(*hclsyntax.ObjectConsExpr)
				if !ok {
					err = fmt.Errorf("%s: each statement must be a literal object", pos(e.Range()))
					return nil
				}
				var st Statement
				st, err = jsonStatement(so)
				if err != nil {
					return nil
				}
				out = append(out, st)
			}
		}
		return nil
	})
	if diags.HasErrors() {
		return nil, fmt.Errorf("reading policies: %s", diags.Error())
	}
	return out, err
}

func documentStatement(b *hclsyntax.Body) (Statement, error) {
	st := Statement{Pos: pos(b.SrcRange), Effect: "Allow"}
	if a, ok := b.Attributes["effect"]; ok {
		v, err := literalStrings(a.Expr)
		if err != nil || len(v) != 1 {
			return st, fmt.Errorf("%s: effect must be a literal string", pos(a.Expr.Range()))
		}
		st.Effect = v[0]
	}
	if _, ok := b.Attributes["not_actions"]; ok {
		st.NotActions = true
	}
	if _, ok := b.Attributes["not_resources"]; ok {
		st.StarResource = true // everything but …: as broad as *
	}
	if a, ok := b.Attributes["actions"]; ok {
		v, err := literalStrings(a.Expr)
		if err != nil {
			return st, fmt.Errorf("%s: actions must be literal strings: %w", pos(a.Expr.Range()), err)
		}
		st.Actions = v
	}
	if a, ok := b.Attributes["resources"]; ok {
		st.StarResource = st.StarResource || hasStar(a.Expr)
	}
	return st, nil
}

func jsonStatement(o *hclsyntax.ObjectConsExpr) (Statement, error) {
	st := Statement{Pos: pos(o.Range()), Effect: "Allow"}
	for _, item := range o.Items {
		switch objectKey(item.KeyExpr) {
		case "Effect":
			v, err := literalStrings(item.ValueExpr)
			if err != nil || len(v) != 1 {
				return st, fmt.Errorf("%s: Effect must be a literal string", pos(item.ValueExpr.Range()))
			}
			st.Effect = v[0]
		case "Action":
			v, err := literalStrings(item.ValueExpr)
			if err != nil {
				return st, fmt.Errorf("%s: Action must be literal strings: %w", pos(item.ValueExpr.Range()), err)
			}
			st.Actions = v
		case "NotAction":
			st.NotActions = true
		case "Resource":
			st.StarResource = st.StarResource || hasStar(item.ValueExpr)
		case "NotResource":
			st.StarResource = true
		}
	}
	return st, nil
}

// literalStrings evaluates a string or a list of strings without variables.
func literalStrings(e hclsyntax.Expression) ([]string, error) {
	v, diags := e.Value(nil)
	if diags.HasErrors() {
		return nil, fmt.Errorf("not a literal: %s", diags.Error())
	}
	if v.Type() == cty.String {
		return []string{v.AsString()}, nil
	}
	if !v.Type().IsTupleType() && !v.Type().IsListType() {
		return nil, fmt.Errorf("not a string or a list of strings")
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, ev := it.Element()
		if ev.Type() != cty.String || !ev.IsKnown() || ev.IsNull() {
			return nil, fmt.Errorf("not a list of strings")
		}
		out = append(out, ev.AsString())
	}
	sort.Strings(out)
	return out, nil
}

// hasStar reports whether the expression contains the literal string "*"
// (a whole resource, not a pattern such as arn:…:cluster:*).
func hasStar(e hclsyntax.Expression) bool {
	star := false
	hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		switch x := n.(type) {
		case *hclsyntax.TemplateExpr:
			if v, diags := x.Value(nil); !diags.HasErrors() && v.Type() == cty.String && v.AsString() == "*" {
				star = true
			}
		case *hclsyntax.LiteralValueExpr:
			if x.Val.Type() == cty.String && x.Val.AsString() == "*" {
				star = true
			}
		}
		return nil
	})
	return star
}

func objectKey(e hclsyntax.Expression) string {
	if k, ok := e.(*hclsyntax.ObjectConsKeyExpr); ok {
		if kw := hcl.ExprAsKeyword(k.Wrapped); kw != "" {
			return kw
		}
		e = k.Wrapped
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

func pos(r hcl.Range) string { return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line) }

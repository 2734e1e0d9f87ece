package er

import (
	"context"
	"errors"
	"fmt"

	"github.com/k1LoW/tbls/schema"
)

// Schema returns the SVG of the whole schema: every table, the external
// tables it references and all relations. For schemas of more than a few
// dozen tables, Overview is more readable.
func (r *Renderer) Schema(ctx context.Context, s *schema.Schema) ([]byte, error) {
	if s == nil {
		return nil, errors.New("rendering diagram of schema: no schema given")
	}
	dot, err := r.schemaDOT(s)
	if err != nil {
		return nil, err
	}
	svg, err := r.render(ctx, dot)
	if err != nil {
		return nil, fmt.Errorf("rendering diagram of schema %q: %w", s.Name, err)
	}
	return svg, nil
}

// schemaDOT returns the DOT source of Schema's diagram.
func (r *Renderer) schemaDOT(s *schema.Schema) ([]byte, error) {
	m, err := newModel(s)
	if err != nil {
		return nil, fmt.Errorf("rendering diagram of schema %q: %w", s.Name, err)
	}
	all := make([]int, m.nodes())
	for i := range all {
		all[i] = i
	}
	return dotSource(m, view{nodes: all}, r.opts.Link), nil
}

package er

import (
	"context"
	"errors"
	"fmt"

	"github.com/k1LoW/tbls/schema"
)

// ErrUnknownTable is returned when a diagram is asked for a table that is
// not in the schema.
var ErrUnknownTable = errors.New("er: no such table")

// Table returns the SVG of table and its neighbourhood: every table within
// distance relation hops, following relations in both directions, with
// the relations among them. The table itself is highlighted. Distance 0
// draws the table alone. External tables (other schemas) are drawn when
// reached but not walked through.
func (r *Renderer) Table(ctx context.Context, s *schema.Schema, table string, distance int) ([]byte, error) {
	dot, err := r.tableDOT(s, table, distance)
	if err != nil {
		return nil, err
	}
	svg, err := r.render(ctx, dot)
	if err != nil {
		return nil, fmt.Errorf("rendering diagram of table %q: %w", table, err)
	}
	return svg, nil
}

// tableDOT returns the DOT source of Table's diagram.
func (r *Renderer) tableDOT(s *schema.Schema, table string, distance int) ([]byte, error) {
	if s == nil {
		return nil, fmt.Errorf("rendering diagram of table %q: no schema given", table)
	}
	if distance < 0 {
		return nil, fmt.Errorf("rendering diagram of table %q: negative distance %d", table, distance)
	}
	m, err := newModel(s)
	if err != nil {
		return nil, fmt.Errorf("rendering diagram of table %q: reading schema %q: %w", table, s.Name, err)
	}
	focus, ok := m.byName[table]
	if !ok {
		return nil, fmt.Errorf("rendering diagram of table %q: %w in schema %q", table, ErrUnknownTable, s.Name)
	}
	v := view{nodes: m.neighbourhood(focus, distance), focus: focus}
	return dotSource(m, v, r.opts.Link), nil
}

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
	return dotSource(m, view{nodes: all, focus: -1}, r.opts.Link), nil
}

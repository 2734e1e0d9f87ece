package site

import (
	"strconv"

	"github.com/auroradoc/auroradoc/anomaly"
	"github.com/auroradoc/auroradoc/site/sitepath"
	"github.com/auroradoc/auroradoc/snapshot"
)

// anomaliesPage is t/<target>/anomalies.html: the anomaly package's list
// for one database, one section per kind, each entry linking its table
// page (at the column's row for a column).
type anomaliesPage struct {
	Name     string
	Total    int
	Sections []*anomalySection
}

type anomalySection struct {
	ID, Title, Why string
	Rows           []anomalyRow
}

type anomalyRow struct {
	Text, Href, Detail string
}

// anomaliesOf builds the page of s and counts the anomalies by kind id
// into the target's summary.
func anomaliesOf(s *snapshot.Snapshot, page string, counts map[string]int) *anomaliesPage {
	p := &anomaliesPage{Name: s.Target.Name}
	byKind := map[string]*anomalySection{}
	for _, k := range anomaly.Kinds() {
		sec := &anomalySection{ID: k.ID, Title: k.Title, Why: k.Why}
		byKind[k.ID] = sec
		p.Sections = append(p.Sections, sec)
	}
	for _, a := range anomaly.Find(s) {
		text := a.Schema + "." + a.Table
		href := sitepath.Rel(page, sitepath.TablePage(s.Target.Name, a.Schema, a.Table))
		if a.Column != "" {
			text += "." + a.Column
			href += "#" + sitepath.ColumnAnchor(a.Column)
		}
		sec := byKind[a.Kind.ID]
		sec.Rows = append(sec.Rows, anomalyRow{Text: text, Href: href, Detail: a.Detail})
		counts[a.Kind.ID]++
		p.Total++
	}
	return p
}

// anomaliesFleet is anomalies.html: per database, how many anomalies of
// each kind, linking the database's page.
type anomaliesFleet struct {
	Kinds []anomaly.Kind
	Rows  []*anomaliesFleetRow
	Total int
}

type anomaliesFleetRow struct {
	Name, Href string
	Counts     []anomalyCount
	Total      int
}

type anomalyCount struct {
	N, Href string
}

func (b *builder) anomaliesFleet(w *fileWriter, rendered map[string]*targetState) error {
	p := &anomaliesFleet{Kinds: anomaly.Kinds()}
	for _, name := range sortedNames(rendered) {
		s := rendered[name].Summary
		if s == nil || s.Anomalies == nil {
			continue
		}
		page := targetDir(name) + "anomalies.html"
		row := &anomaliesFleetRow{Name: name, Href: page}
		for _, k := range p.Kinds {
			n := s.Anomalies[k.ID]
			c := anomalyCount{}
			if n > 0 {
				c = anomalyCount{N: strconv.Itoa(n), Href: page + "#" + k.ID}
			}
			row.Counts = append(row.Counts, c)
			row.Total += n
		}
		p.Total += row.Total
		p.Rows = append(p.Rows, row)
	}
	return w.render("anomalies.html", "anomalies_fleet", "Anomalies", []link{{Text: "anomalies", Href: "anomalies.html"}}, p)
}

package mutation

import (
	"strings"

	"github.com/auroradoc/auroradoc/drift"
)

// column is a plain column of the realistic fixture (in no index, view,
// CHECK or generated column), with its definition in parts so that a
// change of one part restates the others.
type column struct {
	table, name             string // table is "schema.table"
	typ, null, def, comment string
	wider                   string // a type its data fits
	str                     bool   // a character column
	defaultValue            string // a literal for SET DEFAULT
}

func (c column) obj() string { return c.table + "." + c.name }

// spec writes the column definition with the given parts replaced.
func (c column) spec(typ, charset, null, def, comment, extra string) string {
	parts := []string{typ}
	if charset != "" {
		parts = append(parts, charset)
	}
	parts = append(parts, null)
	if def != "" {
		parts = append(parts, def)
	}
	if extra != "" {
		parts = append(parts, extra)
	}
	if comment != "" {
		parts = append(parts, "COMMENT '"+comment+"'")
	}
	return strings.Join(parts, " ")
}

func (c column) same() string { return c.spec(c.typ, "", c.null, c.def, c.comment, "") }

var plainColumns = []column{
	{table: "shop.purchase_order", name: "note", typ: "TEXT", null: "NULL", wider: "MEDIUMTEXT", str: true, defaultValue: "'-'"},
	{table: "shop.ride", name: "route_note", typ: "VARCHAR(255)", null: "NULL", wider: "VARCHAR(300)", str: true, defaultValue: "'-'"},
	{table: "shop.shipment", name: "tracking_no", typ: "VARCHAR(40)", null: "NULL", wider: "VARCHAR(80)", str: true, defaultValue: "'n/a'"},
	{table: "shop.customer_audit", name: "old_status", typ: "VARCHAR(20)", null: "NULL", wider: "VARCHAR(40)", str: true, defaultValue: "'?'"},
	{table: "shop.vehicle", name: "model", typ: "VARCHAR(50)", null: "NOT NULL", wider: "VARCHAR(80)", str: true, defaultValue: "'unknown'"},
	{table: "billing.invoice_line", name: "description", typ: "VARCHAR(255)", null: "NOT NULL", comment: "摘要", wider: "VARCHAR(400)", str: true, defaultValue: "''"},
	{table: "shop.category", name: "sort_order", typ: "SMALLINT", null: "NOT NULL", def: "DEFAULT 0", wider: "INT", defaultValue: "5"},
	{table: "billing.exchange_rate", name: "rate_to_jpy", typ: "DECIMAL(12,6)", null: "NOT NULL", comment: "円換算レート", wider: "DECIMAL(14,6)", defaultValue: "1"},
	{table: "shop.store", name: "opened_on", typ: "DATE", null: "NULL", wider: "DATETIME", defaultValue: "'2020-01-01'"},
}

// timestampColumns can take ON UPDATE CURRENT_TIMESTAMP.
var timestampColumns = []column{
	{table: "shop.shipment", name: "shipped_at", typ: "DATETIME", null: "NULL"},
	{table: "billing.payment", name: "paid_at", typ: "DATETIME(3)", null: "NULL", comment: "入金日時"},
}

// generatedColumns are the fixture's generated columns and another
// expression for each.
var generatedColumns = []struct{ table, name, typ, expr, kind, comment string }{
	{"shop.product", "price_with_tax", "DECIMAL(12,2)", "ROUND(price * (1 + tax_rate), 0)", "VIRTUAL", "税込価格 (生成列)"},
	{"shop.order_item", "line_total", "DECIMAL(12,2)", "quantity * unit_price + 0", "STORED", "小計 (生成列)"},
	{"shop.ride", "distance_m", "INT", "ROUND(distance_km * 100)", "STORED", "走行距離 (m, 生成列)"},
}

// tablesWithID have an integer id column and take new columns freely.
var tablesWithID = []string{"shop.purchase_order", "shop.ride", "shop.shipment", "shop.customer_audit", "shop.vehicle", "shop.category", "billing.payment", "shop.store"}

func columnKinds() []Kind {
	const both = MariaDB | MySQL8
	each := func(name string, d Dialect, cols []column, ok func(column) bool, f func(column) Instance) Kind {
		k := Kind{Name: name, Dialects: d}
		for _, c := range cols {
			if ok == nil || ok(c) {
				in := f(c)
				in.Claims = append(in.Claims, c.table)
				if c.table == "shop.customer_audit" && (name == "column_drop" || name == "column_rename") {
					// go-mysql-server then fails every read of
					// information_schema.TRIGGERS (shop.customer's trigger
					// writes the column); MySQL and MariaDB do not.
					in.Only = MariaDB
				}
				k.Instances = append(k.Instances, in)
			}
		}
		return k
	}
	alter := func(c column, rest string) []string { return []string{"ALTER TABLE " + c.table + " " + rest} }
	str := func(c column) bool { return c.str }
	notNull := func(c column) bool { return c.null == "NOT NULL" }
	kinds := []Kind{
		{Name: "column_add", Dialects: MariaDB | MySQL8},
		each("column_drop", both, plainColumns, nil, func(c column) Instance {
			return Instance{SQL: alter(c, "DROP COLUMN "+c.name), Want: []Want{w("column", c.obj(), drift.Removed, "")}}
		}),
		each("column_type", both, plainColumns, nil, func(c column) Instance {
			return Instance{SQL: alter(c, "MODIFY "+c.name+" "+c.spec(c.wider, "", c.null, c.def, c.comment, "")), Want: []Want{changed("column", c.obj(), "type")}}
		}),
		each("column_nullable", both, plainColumns, notNull, func(c column) Instance {
			return Instance{SQL: alter(c, "MODIFY "+c.name+" "+c.spec(c.typ, "", "NULL", c.def, c.comment, "")), Want: []Want{changed("column", c.obj(), "nullable")}}
		}),
		each("column_default", both, plainColumns, nil, func(c column) Instance {
			return Instance{SQL: alter(c, "ALTER COLUMN "+c.name+" SET DEFAULT "+c.defaultValue), Want: []Want{changed("column", c.obj(), "default")}}
		}),
		each("column_comment", both, plainColumns, nil, func(c column) Instance {
			return Instance{SQL: alter(c, "MODIFY "+c.name+" "+c.spec(c.typ, "", c.null, c.def, "mutated: "+c.name, "")), Want: []Want{changed("column", c.obj(), "comment")}}
		}),
		each("column_rename", both, plainColumns, nil, func(c column) Instance {
			return Instance{SQL: alter(c, "RENAME COLUMN "+c.name+" TO "+c.name+"_renamed"), Want: []Want{changed("column", c.obj()+"_renamed", "name")}}
		}),
		each("column_move", both, plainColumns, nil, func(c column) Instance {
			return Instance{SQL: alter(c, "MODIFY "+c.name+" "+c.same()+" FIRST"), Want: []Want{changed("column", c.obj(), "position")}}
		}),
		each("column_collation", both, plainColumns, str, func(c column) Instance {
			return Instance{SQL: alter(c, "MODIFY "+c.name+" "+c.spec(c.typ, "COLLATE utf8mb4_bin", c.null, c.def, c.comment, "")), Want: []Want{changed("column", c.obj(), "collation")}}
		}),
		each("column_charset", both, plainColumns, str, func(c column) Instance {
			return Instance{SQL: alter(c, "MODIFY "+c.name+" "+c.spec(c.typ, "CHARACTER SET utf8mb3", c.null, c.def, c.comment, "")), Want: []Want{changed("column", c.obj(), "collation")}}
		}),
		each("column_on_update", MariaDB, timestampColumns, nil, func(c column) Instance {
			prec := strings.TrimPrefix(c.typ, "DATETIME")
			return Instance{SQL: alter(c, "MODIFY "+c.name+" "+c.spec(c.typ, "", c.null, c.def, c.comment, "ON UPDATE CURRENT_TIMESTAMP"+prec)), Want: []Want{changed("column", c.obj(), "extra_def")}}
		}),
		{Name: "generated_column_add", Dialects: both},
		{Name: "generated_column_expression", Dialects: MariaDB},
	}
	for _, t := range tablesWithID {
		kinds[0].Instances = append(kinds[0].Instances, Instance{Claims: []string{t},
			SQL: []string{"ALTER TABLE " + t + " ADD COLUMN mut_added INT NULL"}, Want: []Want{w("column", t+".mut_added", drift.Added, "")}})
		kinds[11].Instances = append(kinds[11].Instances, Instance{Claims: []string{t},
			SQL: []string{"ALTER TABLE " + t + " ADD COLUMN mut_gen BIGINT AS (id + 1) VIRTUAL"}, Want: []Want{w("column", t+".mut_gen", drift.Added, "")}})
	}
	for _, g := range generatedColumns {
		kinds[12].Instances = append(kinds[12].Instances, Instance{Claims: []string{g.table},
			SQL:  []string{"ALTER TABLE " + g.table + " MODIFY " + g.name + " " + g.typ + " AS (" + g.expr + ") " + g.kind + " COMMENT '" + g.comment + "'"},
			Want: []Want{changed("column", g.table+"."+g.name, "extra_def")}})
	}
	return kinds
}

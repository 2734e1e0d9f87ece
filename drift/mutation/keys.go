package mutation

import (
	"strings"

	"github.com/auroradoc/auroradoc/drift"
)

func one(claims []string, sql []string, want ...Want) Instance {
	return Instance{Claims: claims, SQL: sql, Want: want}
}

func indexKinds() []Kind {
	type ix struct{ table, name, other string }
	// Indexes no foreign key needs, with another column list for each.
	plain := []ix{
		{"shop.customer", "idx_customer_status_created", "(status)"},
		{"billing.invoice_line", "idx_line_order", "(order_id, line_no)"},
		{"shop.customer_audit", "idx_audit_customer", "(customer_id, changed_at)"},
	}
	uniques := []ix{{"shop.purchase_order", "uq_order_no", ""}, {"shop.vehicle", "uq_vehicle_plate", ""}, {"shop.product", "uq_product_sku", ""}}
	// Columns whose values are distinct (NULLs aside).
	distinct := []ix{{"shop.vehicle", "model", ""}, {"shop.shipment", "tracking_no", ""}, {"billing.invoice_line", "description", ""}}
	indexable := []ix{{"shop.ride", "route_note", ""}, {"shop.store", "opened_on", ""}, {"shop.category", "sort_order", ""}, {"billing.exchange_rate", "rate_to_jpy", ""}, {"shop.vehicle", "model", ""}}

	var add, drop, change, rename, uqAdd, uqDrop, ft Kind
	add = Kind{Name: "index_add", Dialects: MariaDB | MySQL8}
	for _, c := range indexable {
		add.Instances = append(add.Instances, one([]string{c.table}, []string{"ALTER TABLE " + c.table + " ADD INDEX mut_ix (" + c.name + ")"},
			w("index", c.table+".mut_ix", drift.Added, "")))
	}
	drop = Kind{Name: "index_drop", Dialects: MariaDB | MySQL8}
	change = Kind{Name: "index_columns", Dialects: MariaDB | MySQL8}
	rename = Kind{Name: "index_rename", Dialects: MariaDB | MySQL8}
	for _, x := range plain {
		drop.Instances = append(drop.Instances, one([]string{x.table}, []string{"ALTER TABLE " + x.table + " DROP INDEX " + x.name},
			w("index", x.table+"."+x.name, drift.Removed, "")))
		change.Instances = append(change.Instances, one([]string{x.table}, []string{"ALTER TABLE " + x.table + " DROP INDEX " + x.name + ", ADD INDEX " + x.name + " " + x.other},
			changed("index", x.table+"."+x.name, "definition")))
		rename.Instances = append(rename.Instances, one([]string{x.table}, []string{"ALTER TABLE " + x.table + " RENAME INDEX " + x.name + " TO " + x.name + "_renamed"},
			changed("index", x.table+"."+x.name+"_renamed", "name")))
	}
	ftDrop := one([]string{"shop.product"}, []string{"ALTER TABLE shop.product DROP INDEX ft_product_text"},
		w("index", "shop.product.ft_product_text", drift.Removed, ""))
	ftDrop.Only = MariaDB // the MySQL 8 fixture has no FULLTEXT index
	drop.Instances = append(drop.Instances, ftDrop)
	uqAdd = Kind{Name: "unique_add", Dialects: MariaDB | MySQL8}
	for _, c := range distinct {
		uqAdd.Instances = append(uqAdd.Instances, one([]string{c.table}, []string{"ALTER TABLE " + c.table + " ADD UNIQUE KEY mut_uq (" + c.name + ")"},
			w("index", c.table+".mut_uq", drift.Added, ""), w("constraint", c.table+".mut_uq", drift.Added, "")))
	}
	uqDrop = Kind{Name: "unique_drop", Dialects: MariaDB | MySQL8}
	for _, x := range uniques {
		uqDrop.Instances = append(uqDrop.Instances, one([]string{x.table}, []string{"ALTER TABLE " + x.table + " DROP INDEX " + x.name},
			w("index", x.table+"."+x.name, drift.Removed, ""), w("constraint", x.table+"."+x.name, drift.Removed, "")))
	}
	ft = Kind{Name: "fulltext_add", Dialects: MariaDB}
	for _, c := range []ix{{"shop.purchase_order", "note", ""}, {"shop.ride", "route_note", ""}} {
		ft.Instances = append(ft.Instances, one([]string{c.table}, []string{"ALTER TABLE " + c.table + " ADD FULLTEXT KEY mut_ft (" + c.name + ")"},
			w("index", c.table+".mut_ft", drift.Added, "")))
	}
	pk := Kind{Name: "primary_key_change", Dialects: MariaDB | MySQL8, Instances: []Instance{
		one([]string{"billing.exchange_rate"}, []string{"ALTER TABLE billing.exchange_rate DROP PRIMARY KEY, ADD PRIMARY KEY (rate_date, currency)"},
			changed("index", "billing.exchange_rate.PRIMARY", "definition"), changed("constraint", "billing.exchange_rate.PRIMARY", "definition")),
		one([]string{"shop.order_item", "shop.shipment"}, []string{"ALTER TABLE shop.shipment DROP FOREIGN KEY fk_shipment_item",
			"ALTER TABLE shop.order_item DROP PRIMARY KEY, ADD PRIMARY KEY (order_id, line_no, product_id), ADD UNIQUE KEY uq_item_line (order_id, line_no)",
			"ALTER TABLE shop.shipment ADD CONSTRAINT fk_shipment_item FOREIGN KEY (order_id, line_no) REFERENCES shop.order_item (order_id, line_no)"},
			changed("index", "shop.order_item.PRIMARY", "definition"), changed("constraint", "shop.order_item.PRIMARY", "definition"),
			w("index", "shop.order_item.uq_item_line", drift.Added, ""), w("constraint", "shop.order_item.uq_item_line", drift.Added, "")),
	}}
	return []Kind{add, drop, change, rename, uqAdd, uqDrop, ft, pk}
}

// foreignKey is a foreign key of the realistic fixture.
type foreignKey struct {
	table, name, cols, ref string
	onDelete               string // "" is the default (RESTRICT)
}

func (f foreignKey) add(onDelete, onUpdate string) string {
	s := "ALTER TABLE " + f.table + " ADD CONSTRAINT " + f.name + " FOREIGN KEY (" + f.cols + ") REFERENCES " + f.ref
	if onDelete != "" {
		s += " ON DELETE " + onDelete
	}
	if onUpdate != "" {
		s += " ON UPDATE " + onUpdate
	}
	return s
}

var foreignKeys = []foreignKey{
	{"shop.purchase_order", "fk_order_customer", "customer_id", "shop.customer (id)", ""},
	{"shop.vehicle", "fk_vehicle_store", "store_id", "shop.store (id)", "SET NULL"},
	{"shop.ride", "fk_ride_vehicle", "vehicle_id", "shop.vehicle (id)", ""},
	{"billing.payment", "fk_payment_invoice", "invoice_id", "billing.invoice (id)", ""},
	{"shop.order_item", "fk_item_product", "product_id", "shop.product (id)", ""},
	{"billing.invoice_line", "fk_line_invoice", "invoice_id", "billing.invoice (id)", "CASCADE"},
}

func constraintKinds() []Kind {
	fkDrop := Kind{Name: "fk_drop", Dialects: MariaDB | MySQL8}
	onDelete := Kind{Name: "fk_on_delete", Dialects: MariaDB | MySQL8}
	onUpdate := Kind{Name: "fk_on_update", Dialects: MariaDB | MySQL8}
	for _, f := range foreignKeys {
		obj := f.table + "." + f.name
		claims := []string{f.table}
		drop := "ALTER TABLE " + f.table + " DROP FOREIGN KEY " + f.name
		fkDrop.Instances = append(fkDrop.Instances, one(claims, []string{drop}, w("constraint", obj, drift.Removed, "")))
		other := "CASCADE"
		if f.onDelete == "CASCADE" {
			other = "RESTRICT"
		}
		onDelete.Instances = append(onDelete.Instances, one(claims, []string{drop, f.add(other, "")}, changed("constraint", obj, "on_delete")))
		onUpdate.Instances = append(onUpdate.Instances, one(claims, []string{drop, f.add(f.onDelete, "CASCADE")}, changed("constraint", obj, "on_update")))
	}
	fkAdd := Kind{Name: "fk_add", Dialects: MariaDB | MySQL8, Instances: []Instance{
		one([]string{"billing.invoice_line"}, []string{"ALTER TABLE billing.invoice_line ADD CONSTRAINT mut_fk FOREIGN KEY (order_id) REFERENCES shop.purchase_order (id)"},
			w("constraint", "billing.invoice_line.mut_fk", drift.Added, "")),
		one([]string{"shop.customer_audit"}, []string{"ALTER TABLE shop.customer_audit ADD CONSTRAINT mut_fk FOREIGN KEY (customer_id) REFERENCES shop.customer (id)"},
			w("constraint", "shop.customer_audit.mut_fk", drift.Added, "")),
	}}
	type check struct{ table, name, clause, other string }
	checks := []check{
		{"shop.customer", "chk_customer_email", "", "email LIKE '%@%.%'"},
		{"shop.vehicle", "chk_vehicle_battery", "", "battery_pct IS NULL OR battery_pct <= 101"},
		{"shop.order_item", "chk_item_quantity", "", "quantity > 0 AND quantity < 1000"},
		{"billing.invoice", "chk_invoice_due", "", "due_on IS NULL OR due_on >= issued_on - INTERVAL 1 DAY"},
	}
	newChecks := []check{
		{"shop.category", "mut_chk", "sort_order >= -100", ""},
		{"shop.vehicle", "mut_chk", "CHAR_LENGTH(model) > 0", ""},
		{"billing.exchange_rate", "mut_chk", "rate_to_jpy > 0", ""},
	}
	ckAdd := Kind{Name: "check_add", Dialects: MariaDB | MySQL8}
	for _, c := range newChecks {
		ckAdd.Instances = append(ckAdd.Instances, one([]string{c.table}, []string{"ALTER TABLE " + c.table + " ADD CONSTRAINT " + c.name + " CHECK (" + c.clause + ")"},
			w("constraint", c.table+"."+c.name, drift.Added, "")))
	}
	ckDrop := Kind{Name: "check_drop", Dialects: MariaDB | MySQL8}
	ckChange := Kind{Name: "check_change", Dialects: MariaDB | MySQL8}
	for _, c := range checks {
		drop := "ALTER TABLE " + c.table + " DROP CONSTRAINT " + c.name
		ckDrop.Instances = append(ckDrop.Instances, one([]string{c.table}, []string{drop}, w("constraint", c.table+"."+c.name, drift.Removed, "")))
		ckChange.Instances = append(ckChange.Instances, one([]string{c.table}, []string{drop, "ALTER TABLE " + c.table + " ADD CONSTRAINT " + c.name + " CHECK (" + c.other + ")"},
			changed("constraint", c.table+"."+c.name, "definition")))
	}
	return []Kind{fkAdd, fkDrop, onDelete, onUpdate, ckAdd, ckDrop, ckChange}
}

func triggerKinds() []Kind {
	type trg struct{ table, name, create string }
	existing := []trg{
		{"shop.purchase_order", "trg_order_before_insert", "CREATE TRIGGER shop.trg_order_before_insert BEFORE INSERT ON shop.purchase_order FOR EACH ROW SET NEW.order_no = COALESCE(NULLIF(NEW.order_no, ''), 'PO-X')"},
		{"billing.invoice", "trg_invoice_before_insert", "CREATE TRIGGER billing.trg_invoice_before_insert BEFORE INSERT ON billing.invoice FOR EACH ROW SET NEW.due_on = COALESCE(NEW.due_on, DATE_ADD(NEW.issued_on, INTERVAL 45 DAY))"},
		{"billing.payment", "trg_payment_after_update", "CREATE TRIGGER billing.trg_payment_after_update AFTER UPDATE ON billing.payment FOR EACH ROW UPDATE billing.invoice SET status = 'paid' WHERE id = NEW.invoice_id AND NEW.status = 'settled'"},
	}
	add := Kind{Name: "trigger_add", Dialects: MariaDB | MySQL8}
	for _, t := range []string{"shop.vehicle", "shop.store", "billing.exchange_rate"} {
		schema, table, _ := strings.Cut(t, ".")
		add.Instances = append(add.Instances, one([]string{t},
			[]string{"CREATE TRIGGER " + schema + ".mut_trg_" + table + " BEFORE UPDATE ON " + t + " FOR EACH ROW SET NEW.id = NEW.id"},
			w("trigger", t+".mut_trg_"+table, drift.Added, "")))
	}
	// exchange_rate has no id column.
	add.Instances[2].SQL = []string{"CREATE TRIGGER billing.mut_trg_exchange_rate BEFORE UPDATE ON billing.exchange_rate FOR EACH ROW SET NEW.rate_to_jpy = NEW.rate_to_jpy"}
	drop := Kind{Name: "trigger_drop", Dialects: MariaDB | MySQL8}
	body := Kind{Name: "trigger_body", Dialects: MariaDB | MySQL8}
	for _, t := range existing {
		schema, _, _ := strings.Cut(t.table, ".")
		dropSQL := "DROP TRIGGER " + schema + "." + t.name
		drop.Instances = append(drop.Instances, one([]string{t.table}, []string{dropSQL}, w("trigger", t.table+"."+t.name, drift.Removed, "")))
		body.Instances = append(body.Instances, one([]string{t.table}, []string{dropSQL, t.create}, changed("trigger", t.table+"."+t.name, "definition")))
	}
	return []Kind{add, drop, body}
}

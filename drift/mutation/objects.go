package mutation

import (
	"fmt"

	"github.com/auroradoc/auroradoc/drift"
)

func viewKinds() []Kind {
	base := func(n string) []string {
		return []string{"CREATE TABLE shop." + n + " (id INT NOT NULL PRIMARY KEY, v INT NULL)",
			"CREATE VIEW shop." + n + "_view AS SELECT id, v FROM shop." + n}
	}
	broken := func(view string) Want { return changed("view", view, "valid") }
	return []Kind{
		{Name: "view_add", Dialects: MariaDB | MySQL8, Instances: []Instance{
			one([]string{"shop.vehicle"}, []string{"CREATE VIEW shop.mut_view AS SELECT id, model FROM shop.vehicle"}, w("view", "shop.mut_view", drift.Added, "")),
			one([]string{"billing.payment"}, []string{"CREATE VIEW billing.mut_view AS SELECT id, amount FROM billing.payment WHERE status = 'settled'"}, w("view", "billing.mut_view", drift.Added, "")),
		}},
		{Name: "view_drop", Dialects: MariaDB | MySQL8, Instances: []Instance{
			one([]string{"shop.v_order_summary"}, []string{"DROP VIEW shop.v_order_summary"}, w("view", "shop.v_order_summary", drift.Removed, "")),
			one([]string{"billing.v_customer_balance"}, []string{"DROP VIEW billing.v_customer_balance"}, w("view", "billing.v_customer_balance", drift.Removed, "")),
		}},
		{Name: "view_definition", Dialects: MariaDB | MySQL8, Instances: []Instance{
			one([]string{"shop.v_order_summary"}, []string{"CREATE OR REPLACE VIEW shop.v_order_summary AS SELECT o.id AS order_id, o.order_no, c.email, o.status, o.total FROM shop.purchase_order o JOIN shop.customer c ON c.id = o.customer_id"},
				changed("view", "shop.v_order_summary", "definition")),
			one([]string{"billing.v_customer_balance"}, []string{"CREATE OR REPLACE VIEW billing.v_customer_balance AS SELECT c.id AS customer_id, c.email, COALESCE(SUM(i.amount), 0) AS invoiced FROM shop.customer c LEFT JOIN billing.invoice i ON i.customer_id = c.id GROUP BY c.id, c.email"},
				changed("view", "billing.v_customer_balance", "definition")),
		}},
		{Name: "view_broken_by_dropped_column", Dialects: MariaDB, Instances: []Instance{
			one([]string{"shop.purchase_order", "shop.v_order_summary"}, []string{"ALTER TABLE shop.purchase_order DROP COLUMN total"},
				w("column", "shop.purchase_order.total", drift.Removed, ""), broken("shop.v_order_summary")),
			one([]string{"billing.invoice", "billing.v_customer_balance"}, []string{"ALTER TABLE billing.invoice DROP COLUMN amount"},
				w("column", "billing.invoice.amount", drift.Removed, ""), broken("billing.v_customer_balance")),
		}},
		{Name: "view_broken_by_dropped_table", Dialects: MariaDB, Instances: []Instance{
			{Claims: []string{"shop.mut_base1"}, Setup: base("mut_base1"), SQL: []string{"DROP TABLE shop.mut_base1"},
				Want: []Want{w("table", "shop.mut_base1", drift.Removed, ""), broken("shop.mut_base1_view")}},
		}},
		{Name: "view_broken_by_renamed_column", Dialects: MariaDB, Instances: []Instance{
			{Claims: []string{"shop.mut_base2"}, Setup: base("mut_base2"), SQL: []string{"ALTER TABLE shop.mut_base2 RENAME COLUMN v TO w"},
				Want: []Want{changed("column", "shop.mut_base2.w", "name"), broken("shop.mut_base2_view")}},
		}},
		{Name: "view_repaired", Dialects: MariaDB, Instances: []Instance{
			{Claims: []string{"shop.mut_base3"}, Setup: append(base("mut_base3"), "ALTER TABLE shop.mut_base3 DROP COLUMN v"), SQL: []string{"ALTER TABLE shop.mut_base3 ADD COLUMN v INT NULL"},
				Want: []Want{w("column", "shop.mut_base3.v", drift.Added, ""), broken("shop.mut_base3_view")}},
		}},
	}
}

func routineKinds() []Kind {
	const priceWithTax = "CREATE OR REPLACE FUNCTION shop.price_with_tax(p_price %s, p_rate DECIMAL(4,3)) RETURNS DECIMAL(12,2) DETERMINISTIC COMMENT '税込価格を計算する' RETURN %s"
	const invoiceBalance = "CREATE OR REPLACE FUNCTION billing.invoice_balance(p_invoice_id BIGINT UNSIGNED) RETURNS DECIMAL(12,2) READS SQL DATA COMMENT '請求残高' RETURN (SELECT i.amount FROM billing.invoice i WHERE i.id = p_invoice_id)"
	const issueInvoice = "CREATE OR REPLACE PROCEDURE billing.issue_invoice(IN p_invoice_id BIGINT UNSIGNED, IN p_issued_on DATE) COMMENT '請求書を発行済みにする' MODIFIES SQL DATA BEGIN UPDATE billing.invoice SET status = 'issued', issued_on = p_issued_on WHERE id = p_invoice_id; END"
	const addProduct = "CREATE OR REPLACE PROCEDURE shop.add_product(IN p_category_id INT UNSIGNED, IN p_sku VARCHAR(32), IN p_name VARCHAR(200), IN p_price DECIMAL(10,2), OUT p_id BIGINT UNSIGNED) COMMENT '商品を登録する' MODIFIES SQL DATA BEGIN INSERT INTO shop.product (category_id, sku, name, price) VALUES (p_category_id, p_sku, p_name, p_price); SET p_id = 0; END"
	pwt := []string{"shop.price_with_tax()"}
	return []Kind{
		{Name: "function_body", Dialects: MariaDB, Instances: []Instance{
			one(pwt, []string{fmt.Sprintf(priceWithTax, "DECIMAL(10,2)", "ROUND(p_price * (1 + p_rate), 0)")}, changed("routine", "shop.price_with_tax", "body")),
			one([]string{"billing.invoice_balance()"}, []string{invoiceBalance}, changed("routine", "billing.invoice_balance", "body")),
		}},
		{Name: "procedure_body", Dialects: MariaDB, Instances: []Instance{
			one([]string{"billing.issue_invoice()"}, []string{issueInvoice}, changed("routine", "billing.issue_invoice", "body")),
			one([]string{"shop.add_product()"}, []string{addProduct}, changed("routine", "shop.add_product", "body")),
		}},
		{Name: "routine_arguments", Dialects: MariaDB, Instances: []Instance{
			one(pwt, []string{fmt.Sprintf(priceWithTax, "DOUBLE", "ROUND(p_price * (1 + p_rate), 2)")}, changed("routine", "shop.price_with_tax", "arguments")),
		}},
		{Name: "routine_add", Dialects: MariaDB | MySQL8, Instances: []Instance{
			{Claims: []string{"shop.mut_fn()"}, SQL: []string{"CREATE FUNCTION shop.mut_fn(x INT) RETURNS INT DETERMINISTIC RETURN x + 1"},
				Want: []Want{w("routine", "shop.mut_fn", drift.Added, "")}, Only: MariaDB}, // go-mysql-server has no CREATE FUNCTION
			one([]string{"billing.mut_proc()"}, []string{"CREATE PROCEDURE billing.mut_proc() SELECT 1"}, w("routine", "billing.mut_proc", drift.Added, "")),
		}},
		{Name: "routine_drop", Dialects: MariaDB | MySQL8, Instances: []Instance{
			one([]string{"shop.add_product()"}, []string{"DROP PROCEDURE shop.add_product"}, w("routine", "shop.add_product", drift.Removed, "")),
			{Claims: []string{"billing.invoice_balance()"}, SQL: []string{"DROP FUNCTION billing.invoice_balance"},
				Want: []Want{w("routine", "billing.invoice_balance", drift.Removed, "")}, Only: MariaDB}, // not in the MySQL 8 fixture
		}},
		{Name: "routine_security", Dialects: MariaDB, Instances: []Instance{
			one(pwt, []string{"ALTER FUNCTION shop.price_with_tax SQL SECURITY INVOKER"}, changed("routine", "shop.price_with_tax", "characteristics")),
			one([]string{"billing.issue_invoice()"}, []string{"ALTER PROCEDURE billing.issue_invoice SQL SECURITY INVOKER"}, changed("routine", "billing.issue_invoice", "characteristics")),
		}},
		{Name: "routine_data_access", Dialects: MariaDB, Instances: []Instance{
			one([]string{"shop.add_product()"}, []string{"ALTER PROCEDURE shop.add_product CONTAINS SQL"}, changed("routine", "shop.add_product", "characteristics")),
			one([]string{"billing.invoice_balance()"}, []string{"ALTER FUNCTION billing.invoice_balance NO SQL"}, changed("routine", "billing.invoice_balance", "characteristics")),
		}},
		{Name: "routine_comment", Dialects: MariaDB, Instances: []Instance{
			one([]string{"shop.add_product()"}, []string{"ALTER PROCEDURE shop.add_product COMMENT 'mutated'"}, changed("routine", "shop.add_product", "comment")),
			one(pwt, []string{"ALTER FUNCTION shop.price_with_tax COMMENT 'mutated'"}, changed("routine", "shop.price_with_tax", "comment")),
		}},
	}
}

func tableKinds() []Kind {
	alter := func(t, rest string) []string { return []string{"ALTER TABLE " + t + " " + rest} }
	each := func(name string, d Dialect, tables []string, rest, field string) Kind {
		k := Kind{Name: name, Dialects: d}
		for _, t := range tables {
			k.Instances = append(k.Instances, one([]string{t}, alter(t, rest), changed("table", t, field)))
		}
		return k
	}
	some := []string{"shop.store", "shop.vehicle", "billing.payment", "shop.category"}
	return []Kind{
		{Name: "table_engine", Dialects: MariaDB, Instances: []Instance{
			one([]string{"billing.exchange_rate"}, alter("billing.exchange_rate", "ENGINE=Aria"), changed("table", "billing.exchange_rate", "engine")),
			one([]string{"shop.customer_audit"}, alter("shop.customer_audit", "ENGINE=MyISAM"), changed("table", "shop.customer_audit", "engine")),
		}},
		each("table_default_charset", MariaDB|MySQL8, some, "DEFAULT CHARACTER SET utf8mb3", "collation"),
		{Name: "table_convert_charset", Dialects: MariaDB, Instances: []Instance{
			one([]string{"billing.exchange_rate"}, alter("billing.exchange_rate", "CONVERT TO CHARACTER SET utf8mb3"),
				changed("table", "billing.exchange_rate", "collation"), changed("column", "billing.exchange_rate.currency", "collation")),
			one([]string{"shop.customer_audit"}, alter("shop.customer_audit", "CONVERT TO CHARACTER SET utf8mb3"),
				changed("table", "shop.customer_audit", "collation"), changed("column", "shop.customer_audit.old_status", "collation"),
				changed("column", "shop.customer_audit.new_status", "collation")),
		}},
		each("table_row_format", MariaDB, some, "ROW_FORMAT=COMPACT", "row_format"),
		each("table_comment", MariaDB, some, "COMMENT='mutated'", "comment"),
		each("table_options", MariaDB, some, "STATS_PERSISTENT=0", "options"),
		{Name: "table_partition", Dialects: MariaDB, Instances: []Instance{
			one([]string{"billing.exchange_rate"}, alter("billing.exchange_rate", "PARTITION BY KEY (currency) PARTITIONS 2"), changed("table", "billing.exchange_rate", "partitioning")),
			one([]string{"shop.customer_audit"}, alter("shop.customer_audit", "PARTITION BY HASH (id) PARTITIONS 3"), changed("table", "shop.customer_audit", "partitioning")),
		}},
		{Name: "partition_reorganize", Dialects: MariaDB, Instances: []Instance{
			one([]string{"shop.ride_event"}, alter("shop.ride_event", "REORGANIZE PARTITION pmax INTO (PARTITION p2026 VALUES LESS THAN (2027), PARTITION pmax VALUES LESS THAN MAXVALUE)"),
				changed("table", "shop.ride_event", "partitioning")),
		}},
		{Name: "partition_remove", Dialects: MariaDB, Instances: []Instance{
			one([]string{"shop.ride_event"}, alter("shop.ride_event", "REMOVE PARTITIONING"), changed("table", "shop.ride_event", "partitioning")),
		}},
		{Name: "table_add", Dialects: MariaDB | MySQL8, Instances: []Instance{
			one([]string{"shop.mut_table"}, []string{"CREATE TABLE shop.mut_table (id INT NOT NULL PRIMARY KEY, note VARCHAR(20) NULL)"}, w("table", "shop.mut_table", drift.Added, "")),
			one([]string{"billing.mut_table"}, []string{"CREATE TABLE billing.mut_table (id INT NOT NULL PRIMARY KEY)"}, w("table", "billing.mut_table", drift.Added, "")),
		}},
		{Name: "table_drop", Dialects: MariaDB | MySQL8, Instances: []Instance{
			one([]string{"shop.customer_audit"}, []string{"DROP TABLE shop.customer_audit"}, w("table", "shop.customer_audit", drift.Removed, "")),
			one([]string{"billing.exchange_rate"}, []string{"DROP TABLE billing.exchange_rate"}, w("table", "billing.exchange_rate", drift.Removed, "")),
			one([]string{"shop.ride_event"}, []string{"DROP TABLE shop.ride_event"}, w("table", "shop.ride_event", drift.Removed, "")),
		}},
		{Name: "table_rename", Dialects: MariaDB, Instances: []Instance{
			one([]string{"billing.exchange_rate", "billing.fx_rate"}, []string{"RENAME TABLE billing.exchange_rate TO billing.fx_rate"}, changed("table", "billing.fx_rate", "name")),
			one([]string{"shop.customer_audit", "shop.customer_history"}, []string{"RENAME TABLE shop.customer_audit TO shop.customer_history"}, changed("table", "shop.customer_history", "name")),
		}},
		{Name: "schema_collation", Dialects: MariaDB | MySQL8, Instances: []Instance{
			one([]string{"schema billing"}, []string{"ALTER DATABASE billing COLLATE utf8mb4_general_ci"}, changed("schema", "billing", "collation")),
			one([]string{"schema shop"}, []string{"ALTER DATABASE shop COLLATE utf8mb4_general_ci"}, changed("schema", "shop", "collation")),
		}},
	}
}

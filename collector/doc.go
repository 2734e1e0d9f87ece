// Package collector reads MySQL-compatible servers (Aurora MySQL, MySQL,
// MariaDB) into snapshots: it connects read-only, introspects every user
// schema of a server with a fixed number of bulk information_schema queries
// plus batched SHOW CREATE TABLE statements, reads server facts (variables,
// versions, table sizes), and crawls many targets concurrently with
// per-target fault isolation. It knows nothing of rendering.
package collector

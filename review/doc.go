// Package review checks a proposed schema change against the fleet's real
// schemas before it lands: it recreates a target's latest snapshot schema on
// a scratch server (go-mysql-server in process, or a given MySQL/MariaDB),
// applies the migration, crawls the result with the normal collector and
// reports the change set with drift's engine and wording, the guardrails the
// change newly breaks, and the risk the snapshot's production facts (sizes,
// rows, server version, parameters, views, triggers, foreign keys) attach to
// each statement.
package review

// Package inventory discovers the clusters auroradoc crawls: every Aurora
// MySQL (or RDS MySQL/MariaDB) cluster in every configured AWS region,
// with members, tags and parameter groups, through the standard AWS SDK
// credential and endpoint chain. It decides which clusters can answer and
// which must be skipped (stopped, headless, auto-paused) without touching
// any database.
package inventory

// Package dbuser is the access engine's database side (bastion.Database):
// it creates, locks, disconnects, drops and checks the per-grant MySQL
// users on Aurora MySQL 3 (MySQL 8), Aurora MySQL 2 (MySQL 5.7) and
// MariaDB.
//
// A Manager knows every instance endpoint of each cluster (the writer and
// every reader), because the process list is per instance: a session on a
// reader survives anything done on the writer. Account statements run on
// the writer (the instance that is not read-only); sessions are listed and
// killed on every instance. Revocation is Lock (ACCOUNT LOCK, waited for
// on every instance) → Kill (KILL CONNECTION, or mysql.rds_kill where KILL
// is not permitted) → Drop (DROP USER, or — when MySQL refuses because the
// user is a DEFINER, error 4006 — a locked account without privileges and
// with an unknown password, reported as a *DefinerError) → Verify.
//
// Names and passwords reach SQL only as quoted literals or identifiers;
// privileges only from a fixed list (ValidatePrivileges). AdminGrants lists
// what the engine's own admin login needs.
package dbuser

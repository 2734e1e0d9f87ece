// Package testbed starts private, throw-away MariaDB servers for tests.
//
// Each call to StartMariaDB runs its own mariadbd (own datadir, TCP port on
// 127.0.0.1, unix socket, pid file and error log, all under one temporary
// directory) with normal password authentication for root, and registers a
// test cleanup that stops the server and removes its files. Tests never share
// a server and never need a system MariaDB service. StartReplicated starts a
// writer and a read-only reader replicating from it, shaped like an Aurora
// cluster's instances.
//
// The server binary is found on PATH or in /usr/sbin; AURORADOC_MARIADBD
// overrides it. When MariaDB is not installed the calling test is skipped,
// or failed when CI=true.
package testbed

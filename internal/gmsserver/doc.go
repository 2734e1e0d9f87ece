// Package gmsserver runs an in-process, in-memory MySQL-8-dialect server
// (go-mysql-server) on a loopback TCP port, for tests and demos that need a
// MySQL 8 to talk to without installing one.
package gmsserver

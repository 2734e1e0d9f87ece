package gmsserver

// DefaultVersion is the server version reported when Options.Version is
// empty; it is go-mysql-server's own default for @@version.
const DefaultVersion = "8.0.31"

// Options configure Start.
type Options struct {
	// RootPassword is the password of the "root" superuser (hosts '%' and
	// 'localhost'). Empty means no password.
	RootPassword string
	// Addr is the TCP address to listen on; "" means 127.0.0.1 on a free
	// port.
	Addr string
	// Version is the server version reported in the handshake and in
	// @@version and SHOW GLOBAL VARIABLES; "" means DefaultVersion.
	//
	// go-mysql-server keeps system variables process-wide, so @@version is
	// shared by every server in the process: the last Start wins.
	Version string
}

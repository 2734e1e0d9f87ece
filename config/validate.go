package config

import (
	"fmt"
	"net"
	"path"
	"regexp"
	"strings"
)

// Value rules. Each check returns what is wrong with a value, or "".

var (
	targetNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)
	envNameRE    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// checkTargetName enforces the target name rule: names become file names.
func checkTargetName(name string) string {
	if targetNameRE.MatchString(name) {
		return ""
	}
	msg := fmt.Sprintf("invalid target name %q: names are used in file names, so they must be 1 to 63 "+
		"lowercase letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	if try := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), " ", "-"); targetNameRE.MatchString(try) {
		msg += fmt.Sprintf(" (try %q)", try)
	}
	return msg
}

// checkHost accepts a host name or IP address, not an address with a port
// or a URL. IPv6 addresses are written without brackets.
func checkHost(host string) string {
	switch {
	case strings.ContainsAny(host, " \t\r\n"):
		return fmt.Sprintf("host %q must not contain spaces", host)
	case strings.Contains(host, "/"):
		return fmt.Sprintf("host %q must be a host name or IP address, not a URL", host)
	case strings.HasPrefix(host, "["):
		return fmt.Sprintf("host %q: write IPv6 addresses without brackets", host)
	}
	if _, port, err := net.SplitHostPort(host); err == nil {
		return fmt.Sprintf("host %q includes a port: put %s in port: instead", host, port)
	}
	return ""
}

// checkEnvName accepts an environment variable name. It never echoes the
// value: someone may have put the password itself there.
func checkEnvName(name string) string {
	if envNameRE.MatchString(name) {
		return ""
	}
	if rest, ok := strings.CutPrefix(name, "$"); ok && envNameRE.MatchString(rest) {
		return fmt.Sprintf("write the variable's name without $: %s", rest)
	}
	return "must be the name of an environment variable (letters, digits and '_', not starting with a digit), " +
		"not the password itself"
}

// checkPattern accepts a path.Match glob pattern.
func checkPattern(p string) string {
	if p == "" {
		return "empty pattern"
	}
	if _, err := path.Match(p, ""); err != nil {
		return fmt.Sprintf("bad glob pattern %q: use path.Match syntax (*, ?, [a-z], \\ to escape)", p)
	}
	return ""
}

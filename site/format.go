package site

import (
	"fmt"
	"strings"
)

// humanBytes formats a size with binary units.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// sameSetting compares a configured parameter value with the running
// variable: booleans written as 1/0, ON/OFF or true/false are equal, case
// is ignored. Formulas ({DBInstanceClassMemory*3/4}) cannot be compared
// and are reported as not differing.
func sameSetting(configured, running string) bool {
	if strings.HasPrefix(configured, "{") {
		return true
	}
	norm := func(s string) string {
		s = strings.ToLower(strings.TrimSpace(s))
		switch s {
		case "1", "on", "true":
			return "on"
		case "0", "off", "false":
			return "off"
		}
		return s
	}
	return norm(configured) == norm(running)
}

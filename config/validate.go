package config

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/auroradoc/auroradoc/internal/glob"
	"github.com/auroradoc/auroradoc/internal/names"
	"github.com/auroradoc/auroradoc/internal/yamlstrict"
)

// Value rules. Each check returns what is wrong with a value, or "".

var envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// checkTargetName enforces the target name rule (names.ValidTarget): names
// become file names.
func checkTargetName(name string) string {
	if names.ValidTarget(name) {
		return ""
	}
	msg := fmt.Sprintf("invalid target name %q: names are used in file names, so they must be 1 to 63 "+
		"lowercase letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	if try := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), " ", "-"); names.ValidTarget(try) {
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

// checkPattern accepts a glob pattern (internal/glob).
func checkPattern(p string) string {
	if p == "" {
		return "empty pattern"
	}
	if _, err := glob.Compile(p); err != nil {
		return fmt.Sprintf("bad glob pattern %q: %v (globs: * any text, ? one character, [a-z], \\ to escape)", p, err)
	}
	return ""
}

var (
	engines = []string{"aurora-mysql", "mysql", "mariadb"}
	// placeholders are the names SecretIDFor replaces in secret_id.
	placeholders = []string{"cluster", "region"}
	// secretChars are the characters of Secrets Manager secret names, plus
	// ':' for ARNs.
	secretChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_+=.@-:"
)

// checkRegion accepts an AWS region name by its shape (names.ValidRegion:
// us-east-1, ap-northeast-1, us-gov-west-1); whether the account has the
// region enabled is only known at run time.
func checkRegion(r string) string {
	if names.ValidRegion(r) {
		return ""
	}
	lower := strings.ToLower(strings.TrimSpace(r))
	switch {
	case lower == "all":
		return fmt.Sprintf(`invalid region %q (did you mean "all"?)`, r)
	case names.ValidRegion(lower):
		return fmt.Sprintf("invalid region %q: region names are lowercase (try %q)", r, lower)
	case len(lower) > 1 && lower[len(lower)-1] >= 'a' && lower[len(lower)-1] <= 'z' && names.ValidRegion(lower[:len(lower)-1]):
		return fmt.Sprintf("%q is an availability zone, not a region (try %q)", r, lower[:len(lower)-1])
	}
	return fmt.Sprintf("invalid region %q: write a region name such as us-east-1 or ap-northeast-1, "+
		"or [all] for every enabled region", r)
}

// checkEngine accepts the RDS engine names of MySQL-compatible databases.
func checkEngine(e string) string {
	if slices.Contains(engines, e) {
		return ""
	}
	if s := yamlstrict.Suggest(e, engines); s != "" {
		return fmt.Sprintf("unknown engine %q (did you mean %q?)", e, s)
	}
	return fmt.Sprintf("unknown engine %q: must be %s", e, yamlstrict.OrList(engines))
}

// compileExclude compiles an aws.exclude pattern, a Go regular expression
// matched against cluster identifiers. It returns the expression, or nil
// and what is wrong.
func compileExclude(p string) (*regexp.Regexp, string) {
	if p == "" {
		return nil, "empty pattern: it would exclude every cluster"
	}
	re, err := regexp.Compile(p)
	if err == nil {
		return re, ""
	}
	why := err.Error()
	var se *syntax.Error
	if errors.As(err, &se) {
		why = se.Code.String()
	}
	msg := fmt.Sprintf("bad regular expression %q: %s", p, why)
	if strings.HasPrefix(p, "*") || strings.HasPrefix(p, "?") {
		msg += " (these are Go regular expressions, not globs: write ^tmp- for names starting with tmp-, .* for any text)"
	}
	return nil, msg
}

// checkSecretID accepts a Secrets Manager secret name or ARN whose only
// placeholders are {cluster} and {region}.
func checkSecretID(id string) string {
	rest := id
	for {
		lb, rb := strings.IndexByte(rest, '{'), strings.IndexByte(rest, '}')
		if lb < 0 && rb < 0 {
			break
		}
		if rb < 0 {
			return fmt.Sprintf(`unclosed "{" in %q: the placeholders are {cluster} and {region}`, id)
		}
		if lb < 0 || rb < lb {
			return fmt.Sprintf(`unmatched "}" in %q: the placeholders are {cluster} and {region}`, id)
		}
		if name := rest[lb+1 : rb]; !slices.Contains(placeholders, name) {
			msg := fmt.Sprintf("unknown placeholder {%s} in %q: only {cluster} and {region} are replaced", name, id)
			if s := yamlstrict.Suggest(name, placeholders); s != "" {
				msg += fmt.Sprintf(" (did you mean {%s}?)", s)
			}
			return msg
		}
		rest = rest[rb+1:]
	}
	plain := strings.NewReplacer("{cluster}", "", "{region}", "").Replace(id)
	if i := strings.IndexFunc(plain, func(r rune) bool { return !strings.ContainsRune(secretChars, r) }); i >= 0 {
		r, _ := utf8.DecodeRuneInString(plain[i:])
		return fmt.Sprintf("%q contains %q: secret names and ARNs use only letters, digits and /_+=.@-:", id, r)
	}
	return ""
}

package collector

import (
	"regexp"
	"strings"
)

// secretForms find credentials that servers keep in table definitions and
// options; each has a group named "secret" that is replaced by "***":
//
//   - a URL's password: mysql://user:PASSWORD@host:port/db/table
//     (FEDERATED/FederatedX and CONNECT CONNECTION=, the old
//     COMMENT='mysql://…' form). As the server does, the password ends at
//     the first '@'; it may hold quotes and other punctuation, not
//     whitespace.
//   - key=value options whose key ends in password, passwd or pwd
//     (CONNECT OPTION_LIST='user=u,password=p', ODBC PWD=p): the value ends
//     at ',', ';', whitespace or the closing quote.
//   - PASSWORD 'p' or PASSWORD "p" (CREATE SERVER … OPTIONS).
//   - IDENTIFIED [WITH plugin] BY 'p' (CREATE/ALTER USER in a migration
//     that auroradoc review reads).
//
// Keys and schemes match case-insensitively. Quoted SQL text may escape a
// quote by doubling it or with a backslash; both stay inside the secret.
var secretForms = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]*://[^\s:/@'"]*:(?P<secret>[^\s@]*)@`),
	regexp.MustCompile(`(?i)\b\w*(?:password|passwd|pwd)\s*=\s*(?P<secret>(?:[^,;\s'"\\]|''|\\.|['"][^,;\s'"\\])+)`),
	regexp.MustCompile(`(?i)\bpassword\s+'(?P<secret>(?:[^'\\]|''|\\.)*)'`),
	regexp.MustCompile(`(?i)\bpassword\s+"(?P<secret>(?:[^"\\]|""|\\.)*)"`),
	regexp.MustCompile(`(?i)\bidentified\s+(?:with\s+\S+\s+)?by\s+'(?P<secret>(?:[^'\\]|''|\\.)*)'`),
}

// RedactSecrets replaces every credential of a secretForms form in s by
// "***", keeping the rest (user, host, port, other options) so the
// documentation stays useful. Text without such a form is returned as is.
func RedactSecrets(s string) string {
	for _, re := range secretForms {
		s = redactGroup(re, s)
	}
	return s
}

// redactGroup replaces the "secret" group of every match of re in s.
func redactGroup(re *regexp.Regexp, s string) string {
	matches := re.FindAllStringSubmatchIndex(s, -1)
	if matches == nil {
		return s
	}
	g := re.SubexpIndex("secret")
	var b strings.Builder
	last := 0
	for _, m := range matches {
		start, end := m[2*g], m[2*g+1]
		if start < 0 || start == end {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString("***")
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

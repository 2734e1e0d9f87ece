package dbuser

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxUserLen is MySQL's user-name limit (5.7.8 and newer; MariaDB allows
// 80): the engine's names must fit the strictest server.
const maxUserLen = 32

// accountHost is the host part of every account this package manages:
// logins come through the bastion host, whose address is not fixed.
const accountHost = "%"

// quoteString returns s as a single-quoted SQL string literal. Only the
// quote is doubled: that reads the same with and without
// NO_BACKSLASH_ESCAPES, which is why checkText refuses backslashes.
func quoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// quoteIdent returns s as a backtick-quoted identifier.
func quoteIdent(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}

// account is the quoted 'user'@'%' of user.
func account(user string) string {
	return quoteString(user) + "@" + quoteString(accountHost)
}

// checkText refuses what no quoting makes safe on every server and
// sql_mode: NUL, backslashes, control characters and invalid UTF-8.
func checkText(what, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8", what)
	}
	for _, r := range s {
		if r == '\\' || unicode.IsControl(r) {
			return fmt.Errorf("%s contains %q, which is not allowed", what, r)
		}
	}
	return nil
}

// checkUser validates a user name: 1 to 32 characters, no backslash or
// control character. Any other character (quotes, backticks, spaces,
// semicolons) is quoted, not refused.
func checkUser(user string) error {
	if user == "" {
		return fmt.Errorf("empty user name")
	}
	if n := utf8.RuneCountInString(user); n > maxUserLen {
		return fmt.Errorf("user name of %d characters, at most %d allowed", n, maxUserLen)
	}
	return checkText("user name", user)
}

// checkPassword validates a password without ever putting it in the error.
func checkPassword(password string) error {
	if password == "" {
		return fmt.Errorf("empty password")
	}
	return checkText("password", password)
}

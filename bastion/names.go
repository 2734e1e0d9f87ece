package bastion

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
)

// idAlphabet is lower-case base32: ids are safe in user names, secret
// names and URLs.
const idAlphabet = "abcdefghijklmnopqrstuvwxyz234567"

// IDLength is the length of request ids (60 random bits).
const IDLength = 12

// NewID returns a random request id.
func NewID() (string, error) { return randomString(idAlphabet, IDLength) }

// ValidID reports whether id has the form NewID makes.
func ValidID(id string) bool {
	if len(id) != IDLength {
		return false
	}
	for _, c := range id {
		if !strings.ContainsRune(idAlphabet, c) {
			return false
		}
	}
	return true
}

// MaxUserLength is MySQL's limit on user names (5.7.8 and later).
const MaxUserLength = 32

// userLocalMax is how much of the requester's name a user name keeps:
// "jit_" + 15 + "_" + 12-character id = 32.
const userLocalMax = MaxUserLength - len("jit_") - 1 - IDLength

// DBUser returns the database user of the grant id for requester:
// jit_<local part of the requester, sanitised and cut>_<id>. It is unique
// per grant (the whole id is in it), traceable to the person, and at most
// 32 characters of [a-z0-9_].
func DBUser(requester, id string) (string, error) {
	if !ValidID(id) {
		return "", fmt.Errorf("request id %q is not %d characters of %s", id, IDLength, idAlphabet)
	}
	local := strings.ToLower(requester)
	if i := strings.IndexByte(local, '@'); i >= 0 {
		local = local[:i]
	}
	var b strings.Builder
	underscore := true // no leading underscore
	for _, c := range local {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b.WriteRune(c)
			underscore = false
		case !underscore:
			b.WriteByte('_')
			underscore = true
		}
	}
	name := strings.TrimRight(b.String(), "_")
	if len(name) > userLocalMax {
		name = strings.TrimRight(name[:userLocalMax], "_")
	}
	if name == "" {
		name = "user"
	}
	return "jit_" + name + "_" + id, nil
}

// passwordAlphabet has letters and digits only: nothing that needs quoting
// in a DSN, a URL, a shell or a SQL string.
const passwordAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// PasswordLength is the length of grant passwords (about 238 random bits).
const PasswordLength = 40

// NewPassword returns a random password from crypto/rand.
func NewPassword() (string, error) { return randomString(passwordAlphabet, PasswordLength) }

// randomString returns n characters drawn uniformly from alphabet.
func randomString(alphabet string, n int) (string, error) {
	max := big.NewInt(int64(len(alphabet)))
	b := make([]byte, n)
	for i := range b {
		k, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", fmt.Errorf("reading random bytes: %w", err)
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b), nil
}

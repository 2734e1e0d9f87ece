package markdown

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxStem bounds a file name's stem in bytes, well below the usual 255-byte
// limit of a file name.
const maxStem = 180

// TableFile returns the name of a table's Markdown file.
//
// tbls names it "<table>.md" with the table name as is. That is kept for
// every name made only of letters (any script), digits, combining marks,
// "_", "-", "." and "$" that does not start with "." or "-", is not
// "README" (it would overwrite the index) or a Windows device name (CON,
// NUL, COM1, ...) in any case and with or without an extension, and is at
// most 180 bytes long: for those the file name, and the link to it, are
// exactly what tbls writes.
//
// tbls' naming is unsafe for anything else: "/" and ".." in a name escape
// the output directory, and spaces, quotes, backticks, "|" or emoji make
// names that shells, URLs and some file systems mishandle. Such names map
// to "<stem>~<hash>.md": the stem is the name with every run of other
// characters replaced by "_" (cut to 180 bytes), the hash the first 16 hex
// digits of the SHA-256 of the exact name. "~" never occurs in a kept name,
// so distinct tables never share a file. The result is always a single
// path element.
//
// Names differing only in case ("Orders", "orders") keep distinct file
// names, as in tbls; on a case-insensitive file system they would be the
// same file, which WriteSchema detects and reports as an error.
func TableFile(table string) string {
	stem, ok := plainStem(table)
	if ok {
		return stem + ".md"
	}
	h := sha256.Sum256([]byte(table))
	return stem + "~" + hex.EncodeToString(h[:8]) + ".md"
}

// plainStem returns the stem for table and whether table is kept as is.
func plainStem(table string) (string, bool) {
	var b strings.Builder
	ok := table != "" && utf8.ValidString(table)
	under := false
	for _, r := range table {
		if fileRune(r) {
			if b.Len()+utf8.RuneLen(r) > maxStem {
				ok = false
				break
			}
			b.WriteRune(r)
			under = false
			continue
		}
		ok = false
		if !under && b.Len() < maxStem {
			b.WriteByte('_')
			under = true
		}
	}
	stem := b.String()
	if strings.HasPrefix(stem, ".") || strings.HasPrefix(stem, "-") || reservedStem(stem) {
		ok = false
	}
	if !ok {
		// Keep the stem itself away from the special forms as well.
		stem = strings.TrimLeft(stem, ".-")
		if reservedStem(stem) {
			stem = "_" + stem
		}
	}
	return stem, ok
}

// fileRune reports whether r may appear in a file name unchanged.
func fileRune(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	case r == '_' || r == '-' || r == '.' || r == '$':
		return true
	case r < utf8.RuneSelf || r == utf8.RuneError:
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// reservedStem reports whether a stem names the index page or a Windows
// device (which Windows reserves whatever the extension).
func reservedStem(stem string) bool {
	base, _, _ := strings.Cut(strings.ToUpper(stem), ".")
	switch base {
	case "README", "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) && base[3] >= '0' && base[3] <= '9' {
		return true
	}
	return false
}

// linkDest encodes a relative path for use as a Markdown link destination:
// every byte outside ASCII letters, digits and "-._~/$" is percent-encoded.
// For TableFile names this is what tbls' own link encoding (mdurl.Encode)
// produces; for other paths it also guarantees that the destination is
// relative (":" is encoded, so there is no scheme) and cannot end the link
// early (parentheses, spaces and "<" are encoded).
func linkDest(p string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9',
			c == '-', c == '.', c == '_', c == '~', c == '/', c == '$':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}

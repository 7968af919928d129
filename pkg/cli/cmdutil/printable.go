package cmdutil

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Printable makes text safe to print on a terminal: a control character (an escape sequence in
// a name or a note can recolour, retitle or rewrite the practitioner's terminal) is shown in
// caret notation, ESC as ^[ and the one-byte CSI as ^[[, never sent raw. Tabs, line breaks, a CR
// before a line break and bytes that are not UTF-8 pass unchanged.
func Printable(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\t' || r == '\n' || (r == '\r' && (i+1 == len(s) || s[i+1] == '\n')):
			b.WriteRune(r)
		case r < 0x20:
			b.WriteByte('^')
			b.WriteRune(r + 0x40)
		case r == 0x7f:
			b.WriteString("^?")
		case r >= 0x80 && r <= 0x9f: // C1: the one-byte form of ESC followed by r-0x40
			b.WriteString("^[")
			b.WriteRune(r - 0x40)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// printableWriter passes what is written through Printable.
type printableWriter struct{ w io.Writer }

func (p printableWriter) Write(b []byte) (int, error) {
	if s := Printable(string(b)); s != string(b) {
		if _, err := io.WriteString(p.w, s); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	return p.w.Write(b)
}

// Package rot13 registers the rot13 codec when imported.
package rot13

import (
	"strings"

	"example.com/plugin-init-registration/internal/codec"
)

func init() {
	codec.Register("rot13", encode)
}

func rotate(r rune) rune {
	switch {
	case r >= 'a' && r <= 'z':
		return 'a' + (r-'a'+13)%26
	case r >= 'A' && r <= 'Z':
		return 'A' + (r-'A'+13)%26
	}
	return r
}

func encode(s string) string {
	return strings.Map(rotate, s)
}

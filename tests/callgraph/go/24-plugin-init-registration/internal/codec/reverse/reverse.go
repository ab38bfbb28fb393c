// Package reverse registers the reverse codec when imported.
package reverse

import "example.com/plugin-init-registration/internal/codec"

func init() {
	codec.Register("reverse", encode)
}

func reverseRunes(r []rune) []rune {
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return r
}

func encode(s string) string {
	return string(reverseRunes([]rune(s)))
}

package transform

import (
	"errors"
	"strings"
)

// ErrEmpty reports a blank line.
var ErrEmpty = errors.New("empty line")

func collapseSpaces(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Normalize trims, collapses spaces and lowercases a line.
func Normalize(s string) (string, error) {
	s = collapseSpaces(strings.TrimSpace(s))
	if s == "" {
		return "", ErrEmpty
	}
	return strings.ToLower(s), nil
}

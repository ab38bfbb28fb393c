package render

import "strings"

// Title capitalises each word.
func Title(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// Lines renders each item with format.
func Lines(items []string, format func(string) string) string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = format(it)
	}
	return strings.Join(out, "\n")
}

func format(s string) string {
	return "- " + s
}

// Bullets renders items with the package's own format.
func Bullets(items []string) string {
	return Lines(items, format)
}

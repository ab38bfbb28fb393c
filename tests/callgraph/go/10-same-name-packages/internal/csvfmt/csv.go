package csvfmt

import "strings"

// Parse splits CSV text into rows.
func Parse(text string) [][]string {
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		rows = append(rows, strings.Split(line, ","))
	}
	return rows
}

// Dump joins rows back into CSV text.
func Dump(rows [][]string) string {
	lines := make([]string, len(rows))
	for i, row := range rows {
		lines[i] = strings.Join(row, ",")
	}
	return strings.Join(lines, "\n")
}

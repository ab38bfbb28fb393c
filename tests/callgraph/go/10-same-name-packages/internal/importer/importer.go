package importer

import (
	"example.com/same-name-packages/internal/csvfmt"
	"example.com/same-name-packages/internal/jsonfmt"
)

// LoadCSV drops the header row.
func LoadCSV(text string) [][]string {
	return csvfmt.Parse(text)[1:]
}

// LoadJSON reads the rows document.
func LoadJSON(text string) [][]string {
	return jsonfmt.Parse(text)
}

package jsonfmt

import "encoding/json"

// Parse decodes {"rows": [...]}.
func Parse(text string) [][]string {
	var doc struct {
		Rows [][]string `json:"rows"`
	}
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		return nil
	}
	return doc.Rows
}

// Dump encodes rows as JSON.
func Dump(rows [][]string) string {
	out, _ := json.Marshal(map[string][][]string{"rows": rows})
	return string(out)
}

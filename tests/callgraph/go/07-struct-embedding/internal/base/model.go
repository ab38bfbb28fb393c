package base

import "fmt"

// Model carries the fields every stored record has.
type Model struct {
	ID      int
	Version int
}

// Touch bumps the version.
func (m *Model) Touch() {
	m.Version++
}

// Label identifies the record.
func (m *Model) Label() string {
	return fmt.Sprintf("#%d v%d", m.ID, m.Version)
}

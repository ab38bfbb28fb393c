package store

// Memory keeps values in a map.
type Memory struct {
	data map[string]string
}

// NewMemory returns an empty Memory store.
func NewMemory() *Memory {
	return &Memory{data: map[string]string{}}
}

func (m *Memory) Save(key, value string) error {
	m.data[key] = value
	return nil
}

func (m *Memory) Load(key string) (string, bool) {
	v, ok := m.data[key]
	return v, ok
}

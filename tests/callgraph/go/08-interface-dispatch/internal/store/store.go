package store

// Store saves and loads values by key.
type Store interface {
	Save(key, value string) error
	Load(key string) (string, bool)
}

// Open picks an implementation by name.
func Open(kind string) Store {
	if kind == "memory" {
		return NewMemory()
	}
	return NewLogged(NewMemory())
}

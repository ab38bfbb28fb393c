package store

import "log"

// Logged wraps another Store and logs every write.
type Logged struct {
	inner Store
}

// NewLogged wraps inner.
func NewLogged(inner Store) *Logged {
	return &Logged{inner: inner}
}

func (l *Logged) Save(key, value string) error {
	log.Printf("save %s", key)
	return l.inner.Save(key, value)
}

func (l *Logged) Load(key string) (string, bool) {
	return l.inner.Load(key)
}

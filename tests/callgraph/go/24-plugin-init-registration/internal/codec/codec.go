package codec

import (
	"fmt"
	"sort"
)

// Codec transforms text.
type Codec func(string) string

var codecs = map[string]Codec{}

// Register makes a codec available by name.
func Register(name string, c Codec) {
	if _, dup := codecs[name]; dup {
		panic("codec registered twice: " + name)
	}
	codecs[name] = c
}

// Encode runs the named codec.
func Encode(name, text string) (string, error) {
	c, ok := codecs[name]
	if !ok {
		return "", fmt.Errorf("unknown codec %q", name)
	}
	return c(text), nil
}

// Names lists the registered codecs.
func Names() []string {
	names := make([]string, 0, len(codecs))
	for n := range codecs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

package commands

import (
	"fmt"
	"strings"
)

// Handler runs one command.
type Handler func(args []string) string

func echo(args []string) string {
	return strings.Join(args, " ")
}

func upper(args []string) string {
	return strings.ToUpper(echo(args))
}

var registry = map[string]Handler{
	"echo":  echo,
	"upper": upper,
}

// Run looks the command up and runs it.
func Run(name string, args []string) string {
	h, ok := registry[name]
	if !ok {
		return fmt.Sprintf("unknown command %q", name)
	}
	return h(args)
}

// Lookup returns the handler for name.
func Lookup(name string) Handler {
	return registry[name]
}

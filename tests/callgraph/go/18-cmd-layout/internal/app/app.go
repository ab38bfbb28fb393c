package app

import (
	"fmt"
	"strings"
)

// Options configure a run.
type Options struct {
	Name    string
	Verbose bool
}

// ParseArgs reads --verbose and a name.
func ParseArgs(args []string) Options {
	var o Options
	for _, a := range args {
		if a == "--verbose" {
			o.Verbose = true
		} else {
			o.Name = a
		}
	}
	return o
}

// Run does the work shared by both binaries.
func Run(o Options) string {
	msg := "hello " + strings.TrimSpace(o.Name)
	if o.Verbose {
		msg = debug(msg)
	}
	return msg
}

func debug(msg string) string {
	return fmt.Sprintf("[debug] %s (%d bytes)", msg, len(msg))
}

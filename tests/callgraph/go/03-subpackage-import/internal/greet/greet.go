package greet

import (
	"fmt"
	"strings"

	"example.com/subpackage-import/internal/clock"
)

func title(name string) string {
	if name == "" {
		return "stranger"
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// Hello greets name according to the time of day.
func Hello(name string) string {
	return fmt.Sprintf("Good %s, %s!", clock.PartOfDay(clock.Now()), title(name))
}

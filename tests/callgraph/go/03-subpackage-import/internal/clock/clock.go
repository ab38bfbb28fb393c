// Package clock hides the time source so it can be fixed in tests.
package clock

import "time"

var fixed = time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)

// Now returns the current time of the application.
func Now() time.Time {
	return fixed
}

// PartOfDay names the part of the day of t.
func PartOfDay(t time.Time) string {
	switch h := t.Hour(); {
	case h < 12:
		return "morning"
	case h < 18:
		return "afternoon"
	default:
		return "evening"
	}
}

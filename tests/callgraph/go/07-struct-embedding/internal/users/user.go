package users

import (
	"strings"

	"example.com/struct-embedding/internal/base"
)

// User embeds base.Model and gets its methods.
type User struct {
	base.Model
	Email string
}

// Rename changes the email and bumps the version through the promoted method.
func (u *User) Rename(email string) {
	u.Email = strings.ToLower(email)
	u.Touch()
}

// Label overrides the promoted Label and calls the embedded one explicitly.
func (u *User) Label() string {
	return u.Email + " " + u.Model.Label()
}

// ProfileLine is what the profile page shows.
func (u *User) ProfileLine() string {
	return "user " + u.Label()
}

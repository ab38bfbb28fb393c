package model

import (
	"fmt"
	"strings"
)

// User is a stored user.
type User struct {
	ID    int
	Email string
}

// NewUser normalises the email.
func NewUser(id int, email string) User {
	return User{ID: id, Email: Normalize(email)}
}

// Normalize lowercases and trims an email address.
func Normalize(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// Key is the storage key of a user id.
func Key(id int) string {
	return fmt.Sprintf("user:%d", id)
}

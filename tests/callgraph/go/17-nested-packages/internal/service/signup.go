package service

import (
	"errors"

	"example.com/nested-packages/internal/store/memstore"
	"example.com/nested-packages/internal/store/model"
)

// ErrTaken is returned for a known email.
var ErrTaken = errors.New("email taken")

// SignUp registers email once.
func SignUp(users *memstore.Users, email string) (model.User, error) {
	if _, found := users.FindByEmail(email); found {
		return model.User{}, ErrTaken
	}
	return users.Insert(email), nil
}

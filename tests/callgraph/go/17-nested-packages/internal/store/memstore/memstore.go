package memstore

import "example.com/nested-packages/internal/store/model"

// Users stores users in memory.
type Users struct {
	rows map[string]model.User
	next int
}

// New returns an empty store.
func New() *Users {
	return &Users{rows: map[string]model.User{}}
}

// Insert creates and stores a user.
func (u *Users) Insert(email string) model.User {
	u.next++
	user := model.NewUser(u.next, email)
	u.rows[model.Key(user.ID)] = user
	return user
}

// FindByEmail scans for a user.
func (u *Users) FindByEmail(email string) (model.User, bool) {
	email = model.Normalize(email)
	for _, user := range u.rows {
		if user.Email == email {
			return user, true
		}
	}
	return model.User{}, false
}

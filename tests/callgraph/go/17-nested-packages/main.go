package main

import (
	"fmt"

	"example.com/nested-packages/internal/service"
	"example.com/nested-packages/internal/store/memstore"
)

func main() {
	users := memstore.New()
	for _, email := range []string{"Ada@Example.com", "ada@example.com "} {
		user, err := service.SignUp(users, email)
		fmt.Println(user.ID, err)
	}
}

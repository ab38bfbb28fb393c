package main

import (
	"fmt"

	"example.com/struct-embedding/internal/base"
	"example.com/struct-embedding/internal/users"
)

func main() {
	u := &users.User{Model: base.Model{ID: 7}, Email: "ada@example.com"}
	u.Rename("Ada@Example.COM")
	fmt.Println(u.ProfileLine(), u.Version)
}

package main

import (
	"fmt"
	"os"

	"example.com/interface-dispatch/internal/store"
)

func remember(s store.Store, key, value string) string {
	if err := s.Save(key, value); err != nil {
		return err.Error()
	}
	v, _ := s.Load(key)
	return v
}

func main() {
	kind := "logged"
	if len(os.Args) > 1 {
		kind = os.Args[1]
	}
	fmt.Println(remember(store.Open(kind), "greeting", "hello"))
}

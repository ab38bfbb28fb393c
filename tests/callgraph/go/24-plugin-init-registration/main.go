package main

import (
	"fmt"

	"example.com/plugin-init-registration/internal/codec"
	_ "example.com/plugin-init-registration/internal/codec/reverse"
	_ "example.com/plugin-init-registration/internal/codec/rot13"
)

func main() {
	for _, name := range codec.Names() {
		out, err := codec.Encode(name, "Hello, Gopher")
		fmt.Println(name, out, err)
	}
}

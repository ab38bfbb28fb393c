package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"example.com/stdlib-collisions/internal/paths"
)

// Println prints a labelled line.
func Println(label string, v any) {
	fmt.Println(label+":", v)
}

func main() {
	Println("url", paths.Join("api", "/v1/", "users"))
	Println("file", filepath.Join("srv", "data"))
	Println("joined", strings.Join([]string{"a", "b"}, ","))
	Println("contains", paths.Contains("/api", "api/v1") && strings.Contains("abc", "b"))
	fmt.Println(paths.Local("/srv/www", "/static/app.js"))
}

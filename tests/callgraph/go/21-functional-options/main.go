package main

import (
	"fmt"
	"time"

	"example.com/functional-options/internal/client"
)

func main() {
	c := client.NewClient("https://api.example.test",
		client.WithTimeout(2*time.Hour),
		client.WithRetries(3),
	)
	fmt.Println(c.Settings())
}
